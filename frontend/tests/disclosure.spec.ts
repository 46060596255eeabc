import { describe, expect, it } from 'vitest'
import { fieldPairs, NOTICE_COLUMNS, publicHref } from '@/views/disclosure/noticeFields'
import { noticeApiQuery, parseNoticeQuery } from '@/views/disclosure/noticeQuery'
import { sheetRows } from '@/views/dashboard/sheet'
import type { Notice } from '@/api/disclosure'

describe('redaction preview', () => {
  it('pairs original and masked fields in the standard order, marking what the masking changed', () => {
    const pairs = fieldPairs(
      { CF_WSH: '潜民罚〔2024〕3号', CF_XDR_MC: '潜江市某协会', CF_FRDB: '张三', EXTRA: 'x', BZ: '' },
      { CF_WSH: '潜民罚〔2024〕3号', CF_XDR_MC: '潜江市某协会', CF_FRDB: '张*', EXTRA: 'x', BZ: '' },
    )
    expect(pairs.map((p) => p.code)).toEqual(['CF_XDR_MC', 'CF_FRDB', 'CF_WSH', 'EXTRA'])
    expect(pairs.find((p) => p.code === 'CF_FRDB')).toMatchObject({ label: '法定代表人', original: '张三', masked: '张*', changed: true })
    expect(pairs.find((p) => p.code === 'CF_WSH')?.changed).toBe(false)
    expect(fieldPairs(null, 'nonsense')).toEqual([])
  })

  it('links the public page on this server', () => {
    expect(publicHref('/disclosure/notices/20240105-3.html', 'https://mz.example.cn')).toBe(
      'https://mz.example.cn/disclosure/notices/20240105-3.html',
    )
    expect(publicHref('https://x.cn/a', 'https://mz.example.cn')).toBe('https://x.cn/a')
    expect(publicHref(null)).toBeNull()
  })
})

describe('notice list filters', () => {
  it('keeps valid filters from the URL and builds the API query', () => {
    const f = parseNoticeQuery({ state: 'draft,bogus', kind: ['penalty_decision'], due_after: '2024-01-01', due_before: 'soon', page: '2' })
    expect(f).toMatchObject({ state: ['draft'], kind: ['penalty_decision'], due_after: '2024-01-01', due_before: '', page: 2 })
    expect(noticeApiQuery(f)).toEqual({
      ordering: '-id',
      page: 2,
      page_size: 20,
      state: ['draft'],
      kind: ['penalty_decision'],
      due_date__gte: '2024-01-01',
    })
    expect(noticeApiQuery(f, false)).not.toHaveProperty('page')
  })

  it('exports notices with Chinese headings and labels', () => {
    const notice = { title: '公示', kind: 'penalty_decision', state: 'published', decided_on: '2024-01-02', due_date: '2024-01-09', published_at: '2024-01-05T09:30:00+08:00', publication_end: null, period_months: 12, public_url: '/disclosure/n.html', content_sha256: 'ab' } as unknown as Notice
    const [row] = sheetRows(NOTICE_COLUMNS, [notice])
    expect(NOTICE_COLUMNS[0][0]).toBe('标题')
    expect(row.slice(0, 6)).toEqual(['公示', '行政处罚决定公示', '已公示', '2024-01-02', '2024-01-09', '2024-01-05 09:30'])
  })
})
