import { describe, expect, it } from 'vitest'
import {
  approvalBody,
  approvalProblems,
  deadlineOf,
  registerProblems,
  resolveProblems,
  sortPreservations,
  type PreservationLike,
} from '@/views/cases/components/preservations'

describe('preservation deadlines', () => {
  const deadlines = [
    { kind: 'decision' as const, reference: '' },
    { kind: 'preservation' as const, reference: 'preservation:7', due_date: '2026-03-11' },
    { kind: 'preservation' as const, reference: 'preservation:17', due_date: '2026-03-20' },
  ]
  it('finds the server deadline by its reference, not by position', () => {
    expect(deadlineOf({ id: 17 }, deadlines)).toMatchObject({ due_date: '2026-03-20' })
    expect(deadlineOf({ id: 7 }, deadlines)).toMatchObject({ due_date: '2026-03-11' })
    expect(deadlineOf({ id: 8 }, deadlines)).toBeNull()
  })
})

describe('preservation request (Art. 56)', () => {
  const today = '2026-03-10'
  it('needs the items, why the evidence may be lost, and a date not after today', () => {
    expect(registerProblems({ items: ' ', reason: '  ', date: '' }, today)).toEqual({ items: 'required', reason: 'required', date: 'required' })
    expect(registerProblems({ items: '收据12张', reason: '当事人正在销毁收据', date: '2026-03-11' }, today)).toEqual({ date: 'future' })
    expect(registerProblems({ items: '收据12张', reason: '', date: today }, today)).toEqual({ reason: 'required' })
    expect(registerProblems({ items: '收据12张', reason: '当事人正在销毁收据', date: today }, today)).toEqual({})
  })
})

describe("the leader's decision on a request", () => {
  const today = '2026-03-10'
  it('a refusal gives its reason; an approval may go without', () => {
    expect(approvalProblems({ approved: false, reason: ' ', date: today }, '2026-03-09', today)).toEqual({ reason: 'required' })
    expect(approvalProblems({ approved: true, reason: '', date: today }, '2026-03-09', today)).toEqual({})
  })
  it('is dated between the request and today', () => {
    expect(approvalProblems({ approved: true, reason: '', date: '2026-03-08' }, '2026-03-09', today)).toEqual({ date: 'beforeRequested' })
    expect(approvalProblems({ approved: true, reason: '', date: '2026-03-11' }, '2026-03-09', today)).toEqual({ date: 'future' })
    expect(approvalProblems({ approved: true, reason: '', date: '' }, '2026-03-09', today)).toEqual({ date: 'required' })
  })
  it('sends the request it decides, the decision, and the reason only when given', () => {
    expect(approvalBody(5, { approved: true, reason: ' ', date: today })).toEqual({ preservation: 5, approved: true, date: today })
    expect(approvalBody(5, { approved: false, reason: ' 证据已另行调取 ', date: today })).toEqual({
      preservation: 5,
      approved: false,
      date: today,
      reason: '证据已另行调取',
    })
  })
})

describe('the decision on preserved items', () => {
  const today = '2026-03-10'
  const form = { outcome_kind: 'release', outcome: '退还', dealt_on: '2026-03-02' }
  it('needs how they are dealt with, what is decided, and a date', () => {
    expect(resolveProblems({ outcome_kind: '', outcome: '', dealt_on: '' }, '2026-03-02', today)).toEqual({
      outcome_kind: 'required',
      outcome: 'required',
      dealt_on: 'required',
    })
    expect(resolveProblems({ ...form, outcome_kind: '' }, '2026-03-02', today)).toEqual({ outcome_kind: 'required' })
  })
  it('is dated between the preservation and today', () => {
    expect(resolveProblems({ ...form, dealt_on: '2026-03-01' }, '2026-03-02', today)).toEqual({ dealt_on: 'beforePreserved' })
    expect(resolveProblems({ ...form, dealt_on: '2026-03-12' }, '2026-03-02', today)).toEqual({ dealt_on: 'future' })
    expect(resolveProblems(form, '2026-03-02', today)).toEqual({})
  })
})

describe('sortPreservations', () => {
  it('lists requests awaiting the leader, then approved ones by deadline, then the rest newest first', () => {
    const row = (id: number, status: PreservationLike['status'], requested_on: string, preserved_on: string | null, dealt_on: string | null) => ({
      id,
      status,
      requested_on,
      preserved_on,
      dealt_on,
    })
    const rows = [
      row(1, 'dealt', '2026-01-01', '2026-01-01', '2026-01-05'),
      row(2, 'approved', '2026-03-01', '2026-03-01', null),
      row(3, 'refused', '2026-02-10', null, null),
      row(4, 'approved', '2026-02-20', '2026-02-20', null),
      row(5, 'requested', '2026-03-05', null, null),
      row(6, 'requested', '2026-03-04', null, null),
    ]
    const due: Record<number, string> = { 2: '2026-03-10', 4: '2026-03-02' }
    expect(sortPreservations(rows, (p) => due[p.id] ?? null).map((p) => p.id)).toEqual([6, 5, 4, 2, 3, 1])
  })
})
