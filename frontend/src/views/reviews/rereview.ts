/**
 * 复核 (DOMAIN.md §5; backend reviews/services.py review_request_rereview, review_assign): the handling officers of
 * a case may ask once, with their reasons, for a review that has not passed to be reviewed again; a leader then
 * assigns a reviewer other than the one who gave the failed opinion. These helpers mirror the server's refusals so
 * the screen offers only what it would accept; the server still decides.
 */
import type { Review, ReviewPackage, ReviewState } from '@/api/types'

/** The opinions that have not passed (FAILED_STATES): 纠正意见 and 建议移送. */
export const FAILED_STATES: ReviewState[] = ['correction_requested', 'transfer_recommended']

type ReviewLike = Pick<Review, 'state' | 'rereview_requested_on'> & { packages?: Pick<ReviewPackage, 'rereview' | 'outcome' | 'decided_by' | 'decided_on'>[] }

/** Whether the signed-in user handles the case: an officer holding a valid credential, among its officers. */
export function handlesCase(
  user: { id: number; role?: string | null; permissions?: string[] } | null | undefined,
  officers: { id: number }[] | null | undefined,
): boolean {
  if (!user || user.role !== 'officer' || !(user.permissions ?? []).includes('enforce')) return false
  return (officers ?? []).some((o) => o.id === user.id)
}

/** A re-review has been asked on this review (the request date, or a package sent as a 复核). */
export function isRereview(review: ReviewLike): boolean {
  return Boolean(review.rereview_requested_on) || (review.packages ?? []).some((p) => p.rereview)
}

export type RereviewAvailability =
  | { show: false }
  | { show: true; blocked: null }
  | { show: true; blocked: { key: string; params: Record<string, string> } }

/**
 * Whether to offer 申请复核: only to the case's handling officers, only on an opinion that has not passed; once a
 * re-review has been asked the button stays, disabled, with the reason (复核以一次为限).
 */
export function rereviewAvailability(review: ReviewLike | null | undefined, handles: boolean): RereviewAvailability {
  if (!review || !handles || !FAILED_STATES.includes(review.state as ReviewState)) return { show: false }
  if (isRereview(review)) {
    return { show: true, blocked: { key: 'reviews.rereviewOnce', params: { date: review.rereview_requested_on ?? '' } } }
  }
  return { show: true, blocked: null }
}

/** The day of the latest opinion: the earliest date the request may bear. */
export function rereviewEarliest(review: ReviewLike | null | undefined): string | null {
  const packages = review?.packages ?? []
  return packages.length ? (packages[packages.length - 1].decided_on ?? null) : null
}

export interface RereviewForm {
  reason: string
  date: string
}

/** What the server would refuse in the form: the reason is required; the date lies between the opinion and today. */
export function rereviewProblems(form: RereviewForm, earliest: string | null, today: string): Record<string, string> {
  const problems: Record<string, string> = {}
  if (!form.reason.trim()) problems.reason = 'required'
  if (!form.date) problems.date = 'required'
  else if (form.date > today || (earliest && form.date < earliest)) problems.date = 'reviews.rereviewDateRange'
  return problems
}

export function rereviewBody(form: RereviewForm): { reason: string; date: string } {
  return { reason: form.reason.trim(), date: form.date }
}

/** Those who gave an opinion on this review that did not pass (rereviewer_problem): none of them re-reviews it. */
export function failedOpinionReviewers(review: ReviewLike | null | undefined): number[] {
  const ids = (review?.packages ?? [])
    .filter((p) => p.outcome && p.outcome !== 'agree' && p.decided_by != null)
    .map((p) => p.decided_by as number)
  return [...new Set(ids)]
}

/** The reviewers a leader is offered: on a re-review, not those who gave the failed opinion. */
export function offeredReviewers<U extends { id: number }>(users: U[], review: ReviewLike | null | undefined): U[] {
  if (!review || !isRereview(review)) return users
  const excluded = new Set(failedOpinionReviewers(review))
  return users.filter((u) => !excluded.has(u.id))
}
