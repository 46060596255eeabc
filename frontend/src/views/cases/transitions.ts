/**
 * A transition's dialog: the server says which fields the action takes and which of them this case needs
 * now (the case detail's `actions`, from the procedure table); this file only knows how each field is
 * entered and how the form becomes the request body. The server still decides; its refusals are shown
 * in the dialog.
 */
import type { ActionField, CaseAction, CaseDetail, CaseTransition } from '@/api/types'

export type FieldKind =
  | 'date'
  | 'text'
  | 'textarea'
  | 'money'
  | 'number'
  | 'penalties'
  | 'outcome'
  | 'service'
  | 'officers'
  | 'person'
  | 'attendees'
  | 'suspension'
  | 'check'
  | 'yesno'
  | 'applicant'
  | 'staff'
  | 'recusal'
  | 'benchmark'

export interface Attendee {
  name: string
  opinion: string
}

export interface TransitionForm {
  date: string
  officers: number[]
  proposed_outcome: '' | 'penalty' | 'no_penalty'
  proposed_penalties: string[]
  proposed_fine: number | null
  proposed_content: string
  facts: string
  discretion: string
  draft_decision: string
  minutes: string
  attendees: Attendee[]
  conclusion: string
  notice_received_on: string
  statement_days: number | null
  days: number | null
  suspension_kind: string
  suspension_start: string
  suspension_end: string
  hearing_date: string
  hearing_presider: number | null
  hearing_notice_on: string
  hearing_record: string
  outcome: '' | 'penalty' | 'no_penalty'
  penalties: string[]
  fine: number | null
  confiscation: number | null
  illegal_turnover: number | null
  illegal_gains: number | null
  discretion_benchmark: number | null
  content: string
  basis: string
  serious_finding: string
  performance_terms: string
  service_method: string
  service_published_on: string
  service_recipient: string
  service_refusal: string
  service_witnesses: string
  service_recording: string
  service_agent: string
  service_notice_reason: string
  party_whereabouts_unknown: boolean
  electronic_service_address: string
  recusal_person: number | null
  recusal_applicant: '' | 'party' | 'self'
  recusal: number | null
  granted: boolean | null
  reason: string
  transferred_to: string
}

export type FieldName = keyof TransitionForm

/** How each transition field is entered. A field the server names that is not here is a text box. */
export const FIELD_KINDS: Record<FieldName, FieldKind> = {
  date: 'date',
  officers: 'officers',
  proposed_outcome: 'outcome',
  proposed_penalties: 'penalties',
  proposed_fine: 'money',
  proposed_content: 'textarea',
  facts: 'textarea',
  discretion: 'textarea',
  draft_decision: 'textarea',
  minutes: 'textarea',
  attendees: 'attendees',
  conclusion: 'textarea',
  notice_received_on: 'date',
  statement_days: 'number',
  days: 'number',
  suspension_kind: 'suspension',
  suspension_start: 'date',
  suspension_end: 'date',
  hearing_date: 'date',
  hearing_presider: 'person',
  hearing_notice_on: 'date',
  hearing_record: 'textarea',
  outcome: 'outcome',
  penalties: 'penalties',
  fine: 'money',
  confiscation: 'money',
  illegal_turnover: 'money',
  illegal_gains: 'money',
  discretion_benchmark: 'benchmark',
  content: 'textarea',
  basis: 'textarea',
  serious_finding: 'textarea',
  performance_terms: 'textarea',
  service_method: 'service',
  service_published_on: 'date',
  service_recipient: 'text',
  service_refusal: 'textarea',
  service_witnesses: 'text',
  service_recording: 'textarea',
  service_agent: 'text',
  service_notice_reason: 'textarea',
  party_whereabouts_unknown: 'check',
  electronic_service_address: 'text',
  recusal_person: 'staff',
  recusal_applicant: 'applicant',
  recusal: 'recusal',
  granted: 'yesno',
  reason: 'textarea',
  transferred_to: 'text',
}

export interface FieldSpec {
  name: FieldName
  kind: FieldKind
  required: boolean
}

/** The server's fields for an action, as the form shows them (fields the web app can't enter are left out). */
export function fieldSpecs(fields: readonly ActionField[]): FieldSpec[] {
  return fields
    .filter((f) => f.name in FIELD_KINDS)
    .map((f) => ({ name: f.name as FieldName, kind: FIELD_KINDS[f.name as FieldName], required: f.required }))
}

/**
 * The fields each method of service needs besides the method (民事诉讼法 Art. 88–95, as the server's `serve`
 * checks them): left at the address, why receipt was refused (and witnesses or a recording); entrusted, who
 * serves and why; forwarded, through whom; public notice, when it was published and why.
 */
export const SERVICE_FIELDS: Record<string, readonly FieldName[]> = {
  in_person: ['service_recipient'],
  post: ['service_recipient'],
  electronic: ['service_recipient'],
  left_at_address: ['service_recipient', 'service_refusal', 'service_witnesses', 'service_recording'],
  entrusted: ['service_recipient', 'service_agent', 'reason'],
  forwarded: ['service_recipient', 'service_agent'],
  public_notice: ['service_published_on', 'service_notice_reason', 'party_whereabouts_unknown'],
}
/** Of those, the ones the server refuses to go without. */
export const SERVICE_REQUIRED: Record<string, readonly FieldName[]> = {
  left_at_address: ['service_refusal'],
  entrusted: ['service_agent', 'reason'],
  forwarded: ['service_agent'],
  public_notice: ['service_published_on', 'service_notice_reason'],
}
const SERVICE_DETAILS = new Set<FieldName>(Object.values(SERVICE_FIELDS).flat().filter((f) => f !== 'reason'))

/** A service detail is sent only for the method chosen (other fields are not concerned). */
function serviceDetailApplies(name: FieldName, form: TransitionForm, action: CaseAction | undefined): boolean {
  if (!SERVICE_DETAILS.has(name) && !(action === 'serve' && name === 'reason')) return true
  return (SERVICE_FIELDS[form.service_method] ?? []).includes(name)
}

/** Whether a field applies to what the form says now: no penalty fields for a decision not to penalise, only the chosen service method's details. */
export function fieldShown(name: FieldName, form: TransitionForm, action?: CaseAction): boolean {
  if (['proposed_penalties', 'proposed_fine', 'proposed_content'].includes(name)) return form.proposed_outcome !== 'no_penalty'
  if (['penalties', 'fine', 'confiscation', 'serious_finding', 'discretion_benchmark', 'illegal_turnover', 'illegal_gains'].includes(name))
    return form.outcome !== 'no_penalty'
  return serviceDetailApplies(name, form, action)
}

const isEmpty = (value: unknown) =>
  value === '' || value === null || value === undefined || (Array.isArray(value) && value.length === 0)

/** The form for an action, prefilled from what the case already holds. */
export function initialForm(c: CaseDetail, today: string): TransitionForm {
  const decisionContent = c.proposed_content ?? ''
  return {
    date: today,
    officers: (c.officers ?? []).map((o) => o.id),
    proposed_outcome: (c.proposed_outcome as TransitionForm['proposed_outcome']) || '',
    proposed_penalties: [...(c.proposed_penalties ?? [])],
    proposed_fine: c.proposed_fine != null ? Number(c.proposed_fine) : null,
    proposed_content: c.proposed_content ?? '',
    facts: c.facts ?? '',
    discretion: '',
    draft_decision: decisionContent,
    minutes: '',
    attendees: [
      { name: '', opinion: '' },
      { name: '', opinion: '' },
    ],
    conclusion: '',
    notice_received_on: '',
    statement_days: null,
    days: null,
    suspension_kind: '',
    suspension_start: '',
    suspension_end: '',
    hearing_date: '',
    hearing_presider: null,
    hearing_notice_on: '',
    hearing_record: '',
    outcome: (c.proposed_outcome as TransitionForm['outcome']) || '',
    penalties: [...(c.notified_penalties?.length ? c.notified_penalties : (c.proposed_penalties ?? []))],
    fine: c.notified_fine != null ? Number(c.notified_fine) : c.proposed_fine != null ? Number(c.proposed_fine) : null,
    confiscation: null,
    illegal_turnover: null,
    illegal_gains: null,
    discretion_benchmark: null,
    content: decisionContent,
    basis: (c.grounds ?? []).map((g) => `${g.regulation}${g.article}`).join('；'),
    serious_finding: '',
    performance_terms: '',
    service_method: '',
    service_published_on: c.service_published_on ?? '',
    service_recipient: '',
    service_refusal: '',
    service_witnesses: '',
    service_recording: '',
    service_agent: '',
    service_notice_reason: '',
    party_whereabouts_unknown: false,
    electronic_service_address: '',
    recusal_person: null,
    recusal_applicant: '',
    recusal: null,
    granted: null,
    reason: '',
    transferred_to: '',
  }
}

/** The request body: the action and only the server's fields for it, empty ones left out. */
export function transitionBody(action: CaseAction, form: TransitionForm, fields: readonly FieldSpec[]): CaseTransition {
  const body: Record<string, unknown> = { action }
  for (const spec of fields) {
    let value: unknown = form[spec.name]
    if (spec.kind === 'attendees') value = (value as Attendee[]).filter((a) => a.name.trim() || a.opinion.trim())
    if (isEmpty(value) || (spec.kind === 'check' && !value) || !serviceDetailApplies(spec.name, form, action)) continue
    body[spec.name] = spec.kind === 'money' ? String(value) : value
  }
  const outcome = action === 'decide' ? form.outcome : action === 'close_investigation' ? form.proposed_outcome : ''
  if (outcome === 'no_penalty') {
    // A decision not to penalise carries no penalty fields.
    for (const name of ['penalties', 'fine', 'confiscation', 'serious_finding', 'proposed_penalties', 'proposed_fine',
      'discretion_benchmark', 'illegal_turnover', 'illegal_gains'])
      delete body[name]
  }
  return body as CaseTransition
}

/** Problems the form has before it is sent: {field: messageKey}. Required is what the server says. */
export function formProblems(
  action: CaseAction,
  form: TransitionForm,
  fields: readonly FieldSpec[],
  today: string,
): Partial<Record<FieldName, string>> {
  const problems: Partial<Record<FieldName, string>> = {}
  for (const spec of fields) {
    // The server asks for the decision's content on a penalty; a decision not to penalise may say less.
    const waived = spec.name === 'content' && form.outcome === 'no_penalty'
    const byMethod = action === 'serve' && (SERVICE_REQUIRED[form.service_method] ?? []).includes(spec.name)
    if (!(spec.required || byMethod) || waived || !fieldShown(spec.name, form, action)) continue
    const value = spec.kind === 'attendees' ? form.attendees.filter((a) => a.name.trim() && a.opinion.trim()) : form[spec.name]
    if (isEmpty(value)) problems[spec.name] = 'required'
  }
  if (
    action === 'serve' &&
    form.service_method === 'left_at_address' &&
    !form.service_witnesses.trim() &&
    !form.service_recording.trim() &&
    fields.some((f) => f.name === 'service_witnesses')
  )
    problems.service_witnesses = 'witnessOrRecording'
  if (fields.some((f) => f.kind === 'attendees') && form.attendees.some((a) => Boolean(a.name.trim()) !== Boolean(a.opinion.trim())))
    problems.attendees = 'attendeeOpinion'
  if (form.date && form.date > today) problems.date = 'future'
  if (action === 'file' && form.officers.length > 0 && form.officers.length < 2) problems.officers = 'twoOfficers'
  return problems
}
