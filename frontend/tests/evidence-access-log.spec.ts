import { describe, expect, it } from 'vitest'
import { accessApiQuery, emptyAccessFilters, shortHash } from '@/views/evidence/accessLog'

describe('access log filters', () => {
  it('sends only what is set', () => {
    expect(accessApiQuery(emptyAccessFilters())).toEqual({ page_size: 50 })
  })
  it('turns a date range into whole days in Beijing time', () => {
    const q = accessApiQuery({ action: 'download', outcome: 'refused', range: ['2026-03-01', '2026-03-31'], item: 12 }, 20, 'abc')
    expect(q).toEqual({
      page_size: 20,
      cursor: 'abc',
      action: 'download',
      outcome: 'refused',
      item: 12,
      after: '2026-03-01T00:00:00+08:00',
      before: '2026-03-31T23:59:59.999+08:00',
    })
  })
})

describe('shortHash', () => {
  it('keeps the head and tail of a digest', () => {
    expect(shortHash('a'.repeat(60) + 'beef')).toBe('aaaaaaaaaaaa…beef')
    expect(shortHash('')).toBe('—')
    expect(shortHash(null)).toBe('—')
  })
})
