import { describe, expect, it } from 'vitest'
import { deadlineOf, registerProblems, resolveProblems, sortPreservations } from '@/views/cases/components/preservations'

describe('preservation deadlines', () => {
  const deadlines = [
    { kind: 'decision' as const, reference: '' },
    { kind: 'preservation' as const, reference: 'preservation:7', due_date: '2026-03-11' },
    { kind: 'preservation' as const, reference: 'preservation:17', due_date: '2026-03-20' },
  ]
  it('finds the server deadline by its reference, not by position', () => {
    expect(deadlineOf({ id: 17, preserved_on: '2026-03-10', dealt_on: null }, deadlines)).toMatchObject({ due_date: '2026-03-20' })
    expect(deadlineOf({ id: 7, preserved_on: '2026-03-02', dealt_on: null }, deadlines)).toMatchObject({ due_date: '2026-03-11' })
    expect(deadlineOf({ id: 8, preserved_on: '2026-03-02', dealt_on: null }, deadlines)).toBeNull()
  })
})

describe('preservation forms', () => {
  const today = '2026-03-10'
  it('needs items and a date not after today', () => {
    expect(registerProblems({ items: ' ', preserved_on: '' }, today)).toEqual({ items: 'required', preserved_on: 'required' })
    expect(registerProblems({ items: '收据12张', preserved_on: '2026-03-11' }, today)).toEqual({ preserved_on: 'future' })
    expect(registerProblems({ items: '收据12张', preserved_on: today }, today)).toEqual({})
  })
  it('dates the decision between the preservation and today', () => {
    expect(resolveProblems({ outcome: '', dealt_on: '' }, '2026-03-02', today)).toEqual({ outcome: 'required', dealt_on: 'required' })
    expect(resolveProblems({ outcome: '退还', dealt_on: '2026-03-01' }, '2026-03-02', today)).toEqual({ dealt_on: 'beforePreserved' })
    expect(resolveProblems({ outcome: '退还', dealt_on: '2026-03-12' }, '2026-03-02', today)).toEqual({ dealt_on: 'future' })
    expect(resolveProblems({ outcome: '退还', dealt_on: '2026-03-02' }, '2026-03-02', today)).toEqual({})
  })
})

describe('sortPreservations', () => {
  it('lists pending ones by deadline, then those dealt with, newest first', () => {
    const rows = [
      { id: 1, preserved_on: '2026-01-01', dealt_on: '2026-01-05' },
      { id: 2, preserved_on: '2026-03-01', dealt_on: null },
      { id: 3, preserved_on: '2026-02-01', dealt_on: '2026-02-03' },
      { id: 4, preserved_on: '2026-02-20', dealt_on: null },
    ]
    const due: Record<number, string> = { 2: '2026-03-10', 4: '2026-03-02' }
    expect(sortPreservations(rows, (p) => due[p.id] ?? null).map((p) => p.id)).toEqual([4, 2, 3, 1])
  })
})
