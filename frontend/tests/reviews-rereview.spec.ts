import { describe, expect, it } from 'vitest'
import type { Review } from '@/api/types'
import { can } from '@/utils/permissions'
import {
  failedOpinionReviewers,
  handlesCase,
  offeredReviewers,
  rereviewAvailability,
  rereviewBody,
  rereviewEarliest,
  rereviewProblems,
} from '@/views/reviews/rereview'

const ME = { id: 7, role: 'officer', permissions: ['enforce'] }
const OFFICERS = [{ id: 7 }, { id: 8 }]

/** A review whose first package got a correction from reviewer 21 on 2026-03-02. */
function review(over: Partial<Review> = {}): Review {
  return {
    state: 'correction_requested',
    rereview_requested_on: null,
    packages: [{ number: 1, rereview: false, outcome: 'correct', decided_by: 21, decided_on: '2026-03-02' }],
    ...over,
  } as unknown as Review
}

describe('复核: who may ask and when', () => {
  it('is asked only by the case’s handling officers holding a credential', () => {
    expect(handlesCase(ME, OFFICERS)).toBe(true)
    expect(handlesCase(ME, [{ id: 8 }])).toBe(false) // not among the case's officers
    expect(handlesCase({ ...ME, permissions: [] }, OFFICERS)).toBe(false) // no valid credential
    expect(handlesCase({ ...ME, role: 'leader' }, OFFICERS)).toBe(false)
    expect(handlesCase(null, OFFICERS)).toBe(false)
  })

  it('is offered on an opinion that has not passed, once', () => {
    expect(rereviewAvailability(review(), true)).toEqual({ show: true, blocked: null })
    expect(rereviewAvailability(review({ state: 'transfer_recommended' }), true)).toEqual({ show: true, blocked: null })
    expect(rereviewAvailability(review(), false)).toEqual({ show: false })
    for (const state of ['submitted', 'under_review', 'disputed', 'rereview_requested', 'agreed'] as const) {
      expect(rereviewAvailability(review({ state }), true)).toEqual({ show: false })
    }
    // The re-review gave another correction: the button stays, disabled, with the reason (复核以一次为限).
    const again = review({
      rereview_requested_on: '2026-03-03',
      packages: [
        { number: 1, rereview: false, outcome: 'correct', decided_by: 21, decided_on: '2026-03-02' },
        { number: 2, rereview: true, outcome: 'correct', decided_by: 22, decided_on: '2026-03-06' },
      ],
    } as Partial<Review>)
    expect(rereviewAvailability(again, true)).toEqual({ show: true, blocked: { key: 'reviews.rereviewOnce', params: { date: '2026-03-03' } } })
    // A 复核 package is enough, whatever the request date says.
    const packaged = review({ packages: [{ number: 2, rereview: true, outcome: 'correct', decided_by: 22, decided_on: '2026-03-06' }] } as Partial<Review>)
    expect(rereviewAvailability(packaged, true)).toMatchObject({ show: true, blocked: { key: 'reviews.rereviewOnce' } })
  })

  it('needs the reasons, and a date between the opinion and today', () => {
    const earliest = rereviewEarliest(review())
    expect(earliest).toBe('2026-03-02')
    expect(rereviewProblems({ reason: '  ', date: '' }, earliest, '2026-03-04')).toEqual({ reason: 'required', date: 'required' })
    expect(rereviewProblems({ reason: '理由', date: '2026-03-01' }, earliest, '2026-03-04')).toEqual({ date: 'reviews.rereviewDateRange' })
    expect(rereviewProblems({ reason: '理由', date: '2026-03-05' }, earliest, '2026-03-04')).toEqual({ date: 'reviews.rereviewDateRange' })
    expect(rereviewProblems({ reason: '理由', date: '2026-03-02' }, earliest, '2026-03-04')).toEqual({})
    expect(rereviewBody({ reason: ' 证据已足以证明 ', date: '2026-03-04' })).toEqual({ reason: '证据已足以证明', date: '2026-03-04' })
  })
})

describe('复核: the re-reviewer', () => {
  const users = [{ id: 21, full_name: '原审核人' }, { id: 22, full_name: '审核人二' }, { id: 23, full_name: '审核人三' }]

  it('is not one who gave an opinion that did not pass', () => {
    const asked = review({
      state: 'rereview_requested',
      rereview_requested_on: '2026-03-03',
      packages: [
        { number: 1, rereview: false, outcome: 'correct', decided_by: 21, decided_on: '2026-03-02' },
        { number: 2, rereview: false, outcome: 'agree', decided_by: 23, decided_on: '2026-03-01' },
        { number: 3, rereview: true, outcome: '', decided_by: null, decided_on: null },
      ],
    } as Partial<Review>)
    expect(failedOpinionReviewers(asked)).toEqual([21])
    expect(offeredReviewers(users, asked).map((u) => u.id)).toEqual([22, 23])
    // A first review offers everyone (the server's other separation-of-duties rules still apply).
    expect(offeredReviewers(users, review({ state: 'submitted', packages: [] } as Partial<Review>)).map((u) => u.id)).toEqual([21, 22, 23])
  })

  it('lets officers open a review of their case, but not the reviewers’ queue', () => {
    const officer = { role: 'officer' as const, permissions: ['enforce'], is_active: true }
    expect(can(officer, 'reviews.open')).toBe(true)
    expect(can(officer, 'reviews.view')).toBe(false)
    expect(can({ ...officer, role: 'disclosure_editor' as const }, 'reviews.open')).toBe(false)
  })
})
