/**
 * 先行登记保存 on the case page (Art. 56): an officer requests it with the items and why the evidence may be
 * lost, a leader approves or refuses it (the case transition `approve_preservation`), and an approved one is
 * dealt with within 7 working days of its approval as the server computed them (the case's deadlines carry
 * `reference` "preservation:<id>"). The forms' checks before sending.
 */
import type { CaseDeadline } from '@/api/types'

export type PreservationStatus = 'requested' | 'approved' | 'refused' | 'dealt'
export const PRESERVATION_OUTCOMES = ['examination', 'confiscation', 'transfer', 'release'] as const
export type PreservationOutcomeKind = (typeof PRESERVATION_OUTCOMES)[number]

export interface PreservationLike {
  id: number
  status: PreservationStatus
  requested_on: string | null
  preserved_on: string | null
  dealt_on: string | null
}

export const preservationReference = (id: number) => `preservation:${id}`

/** The server's deadline for one preservation, if it has computed one (only approved ones have any). */
export function deadlineOf<D extends Pick<CaseDeadline, 'kind' | 'reference'>>(p: Pick<PreservationLike, 'id'>, deadlines: D[]): D | null {
  return deadlines.find((d) => d.kind === 'preservation' && d.reference === preservationReference(p.id)) ?? null
}

export type Problem = 'required' | 'future' | 'beforePreserved' | 'beforeRequested'

/** A request: the items, why the evidence may be lost or hard to obtain later, and a date not after today. */
export function registerProblems(form: { items: string; reason: string; date: string }, today: string) {
  const out: Partial<Record<'items' | 'reason' | 'date', Problem>> = {}
  if (!form.items.trim()) out.items = 'required'
  if (!form.reason.trim()) out.reason = 'required'
  if (!form.date) out.date = 'required'
  else if (form.date > today) out.date = 'future'
  return out
}

/** The leader's decision: dated between the request and today; a refusal gives its reason. */
export function approvalProblems(form: { approved: boolean; reason: string; date: string }, requestedOn: string | null, today: string) {
  const out: Partial<Record<'reason' | 'date', Problem>> = {}
  if (!form.approved && !form.reason.trim()) out.reason = 'required'
  if (!form.date) out.date = 'required'
  else if (form.date > today) out.date = 'future'
  else if (requestedOn && form.date < requestedOn) out.date = 'beforeRequested'
  return out
}

/** The leader's decision on one request as `approve_preservation` takes it: the reason only when one is given. */
export function approvalBody(preservation: number, form: { approved: boolean; reason: string; date: string }) {
  const body: { preservation: number; approved: boolean; date: string; reason?: string } = {
    preservation,
    approved: form.approved,
    date: form.date,
  }
  if (form.reason.trim()) body.reason = form.reason.trim()
  return body
}

/** The decision on preserved items: how they are dealt with, what is decided, dated between the preservation and today. */
export function resolveProblems(form: { outcome_kind: string; outcome: string; dealt_on: string }, preservedOn: string | null, today: string) {
  const out: Partial<Record<'outcome_kind' | 'outcome' | 'dealt_on', Problem>> = {}
  if (!form.outcome_kind) out.outcome_kind = 'required'
  if (!form.outcome.trim()) out.outcome = 'required'
  if (!form.dealt_on) out.dealt_on = 'required'
  else if (form.dealt_on > today) out.dealt_on = 'future'
  else if (preservedOn && form.dealt_on < preservedOn) out.dealt_on = 'beforePreserved'
  return out
}

const STATUS_ORDER: Record<PreservationStatus, number> = { requested: 0, approved: 1, dealt: 2, refused: 2 }

/**
 * Requests awaiting the leader first (oldest first), then approved ones by deadline (soonest first), then those
 * dealt with or refused, newest first.
 */
export function sortPreservations<T extends PreservationLike>(rows: T[], dueOf: (p: T) => string | null): T[] {
  const latest = (p: T) => p.dealt_on ?? p.preserved_on ?? p.requested_on ?? ''
  return [...rows].sort((a, b) => {
    const byStatus = STATUS_ORDER[a.status] - STATUS_ORDER[b.status]
    if (byStatus) return byStatus
    if (a.status === 'requested') return (a.requested_on ?? '').localeCompare(b.requested_on ?? '') || a.id - b.id
    if (a.status === 'approved') return (dueOf(a) ?? '9999').localeCompare(dueOf(b) ?? '9999') || a.id - b.id
    return latest(b).localeCompare(latest(a)) || b.id - a.id
  })
}

/** The tag colour of a row's status. */
export function statusTagType(status: PreservationStatus): 'warning' | 'primary' | 'danger' | 'success' {
  return ({ requested: 'warning', approved: 'primary', refused: 'danger', dealt: 'success' } as const)[status]
}
