/**
 * The edit form's data: which fields are edited, what changed, what to send, and how to carry the
 * user's edits over onto a newer version after a 409 conflict.
 */
import type { Organisation, OrganisationPatch } from '@/api/types'

export const EDITABLE = [
  'name',
  'type',
  'credit_code',
  'certificate_number',
  'legal_representative',
  'address',
  'registration_date',
  'business_supervisor',
  'status',
  'status_changed_on',
] as const

export type EditableField = (typeof EDITABLE)[number]
export type OrganisationForm = Record<EditableField, string>

/** Nullable date fields: an empty input is sent as null. */
const NULLABLE = new Set<EditableField>(['status_changed_on'])

export function formFrom(org: Organisation): OrganisationForm {
  const out = {} as OrganisationForm
  for (const field of EDITABLE) {
    const value = org[field]
    out[field] = value === null || value === undefined ? '' : String(value)
  }
  return out
}

function normalise(field: EditableField, value: string): string {
  const trimmed = value.trim()
  return field === 'credit_code' ? trimmed.toUpperCase() : trimmed
}

export function changedFields(base: OrganisationForm, current: OrganisationForm): EditableField[] {
  return EDITABLE.filter((field) => normalise(field, base[field]) !== normalise(field, current[field]))
}

/** Only what changed, trimmed, with empty nullable fields as null. */
export function patchFrom(base: OrganisationForm, current: OrganisationForm): OrganisationPatch {
  const patch: Record<string, string | null> = {}
  for (const field of changedFields(base, current)) {
    const value = normalise(field, current[field])
    patch[field] = value === '' && NULLABLE.has(field) ? null : value
  }
  return patch as OrganisationPatch
}

export interface Rebased {
  /** The latest version with the user's own edits applied on top. */
  form: OrganisationForm
  /** Fields someone else changed since the user opened the form. */
  theirs: EditableField[]
  /** Fields both changed: the user's value was kept, and should be checked. */
  clashes: EditableField[]
}

export function rebase(base: OrganisationForm, mine: OrganisationForm, latest: OrganisationForm): Rebased {
  const myChanges = new Set(changedFields(base, mine))
  const theirs = changedFields(base, latest)
  const form = { ...latest }
  for (const field of myChanges) form[field] = mine[field]
  const clashes = theirs.filter(
    (field) => myChanges.has(field) && normalise(field, mine[field]) !== normalise(field, latest[field]),
  )
  return { form, theirs, clashes }
}
