/**
 * 先行登记保存 on the case page: each preservation with its 7-working-day deadline as the server computed it
 * (the case's deadlines carry `reference` "preservation:<id>"), and the forms' checks before sending.
 */
import type { CaseDeadline } from '@/api/types'

export interface PreservationLike {
  id: number
  preserved_on: string
  dealt_on: string | null
}

export const preservationReference = (id: number) => `preservation:${id}`

/** The server's deadline for one preservation, if it has computed one. */
export function deadlineOf<D extends Pick<CaseDeadline, 'kind' | 'reference'>>(p: PreservationLike, deadlines: D[]): D | null {
  return deadlines.find((d) => d.kind === 'preservation' && d.reference === preservationReference(p.id)) ?? null
}

export type Problem = 'required' | 'future' | 'beforePreserved'

/** A new preservation: a list of items and a date not after today. */
export function registerProblems(form: { items: string; preserved_on: string }, today: string) {
  const out: Partial<Record<'items' | 'preserved_on', Problem>> = {}
  if (!form.items.trim()) out.items = 'required'
  if (!form.preserved_on) out.preserved_on = 'required'
  else if (form.preserved_on > today) out.preserved_on = 'future'
  return out
}

/** The decision on preserved items: an outcome and a date between the preservation and today. */
export function resolveProblems(form: { outcome: string; dealt_on: string }, preservedOn: string, today: string) {
  const out: Partial<Record<'outcome' | 'dealt_on', Problem>> = {}
  if (!form.outcome.trim()) out.outcome = 'required'
  if (!form.dealt_on) out.dealt_on = 'required'
  else if (form.dealt_on > today) out.dealt_on = 'future'
  else if (form.dealt_on < preservedOn) out.dealt_on = 'beforePreserved'
  return out
}

/** Pending preservations first (soonest deadline first), then those dealt with, newest first. */
export function sortPreservations<T extends PreservationLike>(rows: T[], dueOf: (p: T) => string | null): T[] {
  return [...rows].sort((a, b) => {
    if (!a.dealt_on !== !b.dealt_on) return a.dealt_on ? 1 : -1
    if (!a.dealt_on) return (dueOf(a) ?? '9999').localeCompare(dueOf(b) ?? '9999') || a.id - b.id
    return b.preserved_on.localeCompare(a.preserved_on) || b.id - a.id
  })
}
