/** Legal reviews of major decisions (法制审核): the queue, the review with its packages, and its outcome. */
import { api, unwrap } from './client'
import type { ChecklistItem, ReviewListQuery, ReviewOutcomeInput } from './types'

export function listReviews(query: ReviewListQuery) {
  return unwrap(api.GET('/api/reviews/', { params: { query } }))
}

export function getReview(id: number) {
  return unwrap(api.GET('/api/reviews/{id}/', { params: { path: { id } } }))
}

export function assignReviewer(id: number, reviewer: number) {
  return unwrap(api.POST('/api/reviews/{id}/assign/', { params: { path: { id } }, body: { reviewer } }))
}

export function recordOutcome(id: number, body: ReviewOutcomeInput) {
  return unwrap(api.POST('/api/reviews/{id}/outcome/', { params: { path: { id } }, body }))
}

export function resubmitReview(id: number, note: string) {
  return unwrap(api.POST('/api/reviews/{id}/resubmit/', { params: { path: { id } }, body: { note } }))
}

/** 复核: the case's handling officers ask, once and with their reasons, for a review that has not passed to be
 * reviewed again (the date lies between the opinion and today; the server defaults it to today). */
export function requestRereview(id: number, body: { reason: string; date?: string }) {
  return unwrap(api.POST('/api/reviews/{id}/rereview/', { params: { path: { id } }, body }))
}

/** The checklist in force: the newest active version's items (number and text). */
export async function activeChecklist(): Promise<ChecklistItem[]> {
  const page = await unwrap(api.GET('/api/review-checklists/', { params: { query: {} } }))
  const results = (Array.isArray(page) ? page : page.results) as { active?: boolean; items: unknown }[]
  const active = results.find((c) => c.active) ?? results[0]
  return Array.isArray(active?.items) ? (active.items as ChecklistItem[]) : []
}

export interface ChecklistDraft {
  package: number
  opinion: string
  verdicts: { item: number; verdict: '' | 'pass' | 'problem' | 'not_applicable' | 'no_transfer' | 'transfer'; note: string }[]
}

/** Keep the reviewer's unfinished checklist on the server (a reload or another computer finds it). */
export function saveChecklistDraft(id: number, body: ChecklistDraft) {
  return unwrap(api.PUT('/api/reviews/{id}/draft/', { params: { path: { id } }, body }))
}
