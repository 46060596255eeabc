/**
 * What each transition's dialog asks for: the fields the procedure table needs for the action
 * (backend/zhifa/cases/procedure.py), which of them are required before sending, and how the form
 * becomes the request body. The server still decides; its refusals are shown in the dialog.
 */
import type { CaseAction, CaseDetail, CaseTransition } from '@/api/types'

export type FieldKind = 'date' | 'text' | 'textarea' | 'money' | 'penalties' | 'outcome' | 'service' | 'officers' | 'person'

export interface FieldSpec {
  name: keyof TransitionForm
  kind: FieldKind
  required?: boolean | ((form: TransitionForm) => boolean)
}

export interface TransitionForm {
  date: string
  officers: number[]
  limitation_override_reason: string
  proposed_outcome: '' | 'penalty' | 'no_penalty'
  proposed_penalties: string[]
  proposed_fine: number | null
  proposed_content: string
  facts: string
  discretion: string
  draft_decision: string
  minutes: string
  hearing_date: string
  hearing_presider: number | null
  hearing_notice_on: string
  hearing_record: string
  outcome: '' | 'penalty' | 'no_penalty'
  penalties: string[]
  fine: number | null
  confiscation: number | null
  content: string
  basis: string
  performance_terms: string
  service_method: string
  service_published_on: string
  reason: string
  transferred_to: string
}

const penalty = (f: TransitionForm) => f.outcome === 'penalty'
const proposedPenalty = (f: TransitionForm) => f.proposed_outcome === 'penalty'

export const ACTION_FIELDS: Record<CaseAction, FieldSpec[]> = {
  file: [
    { name: 'date', kind: 'date', required: true },
    { name: 'officers', kind: 'officers', required: true },
    { name: 'limitation_override_reason', kind: 'textarea' },
  ],
  start_investigation: [{ name: 'date', kind: 'date', required: true }],
  close_investigation: [
    { name: 'date', kind: 'date', required: true },
    { name: 'facts', kind: 'textarea', required: true },
    { name: 'proposed_outcome', kind: 'outcome', required: true },
    { name: 'proposed_penalties', kind: 'penalties', required: proposedPenalty },
    { name: 'proposed_fine', kind: 'money', required: (f) => proposedPenalty(f) && f.proposed_penalties.includes('fine') },
    { name: 'proposed_content', kind: 'textarea', required: proposedPenalty },
  ],
  submit_review: [
    { name: 'date', kind: 'date', required: true },
    { name: 'discretion', kind: 'textarea', required: true },
    { name: 'draft_decision', kind: 'textarea' },
  ],
  deliberate: [
    { name: 'date', kind: 'date', required: true },
    { name: 'minutes', kind: 'textarea', required: true },
  ],
  notify: [{ name: 'date', kind: 'date', required: true }],
  request_hearing: [
    { name: 'date', kind: 'date', required: true },
    { name: 'hearing_date', kind: 'date', required: true },
    { name: 'hearing_presider', kind: 'person', required: true },
    { name: 'hearing_notice_on', kind: 'date' },
  ],
  record_hearing: [
    { name: 'date', kind: 'date', required: true },
    { name: 'hearing_record', kind: 'textarea', required: true },
  ],
  decide: [
    { name: 'date', kind: 'date', required: true },
    { name: 'outcome', kind: 'outcome', required: true },
    { name: 'penalties', kind: 'penalties', required: penalty },
    { name: 'fine', kind: 'money', required: (f) => penalty(f) && f.penalties.includes('fine') },
    { name: 'confiscation', kind: 'money' },
    { name: 'content', kind: 'textarea', required: penalty },
    { name: 'basis', kind: 'textarea', required: penalty },
    { name: 'performance_terms', kind: 'textarea' },
  ],
  serve: [
    { name: 'date', kind: 'date', required: true },
    { name: 'service_method', kind: 'service', required: true },
    { name: 'service_published_on', kind: 'date', required: (f) => f.service_method === 'public_notice' },
  ],
  start_execution: [{ name: 'date', kind: 'date', required: true }],
  close: [{ name: 'date', kind: 'date', required: true }],
  archive: [{ name: 'date', kind: 'date', required: true }],
  drop: [
    { name: 'date', kind: 'date', required: true },
    { name: 'reason', kind: 'textarea', required: true },
  ],
  transfer: [
    { name: 'date', kind: 'date', required: true },
    { name: 'reason', kind: 'textarea', required: true },
    { name: 'transferred_to', kind: 'text', required: true },
  ],
}

export function isRequired(spec: FieldSpec, form: TransitionForm): boolean {
  return typeof spec.required === 'function' ? spec.required(form) : Boolean(spec.required)
}

/** The form for an action, prefilled from what the case already holds. */
export function initialForm(c: CaseDetail, today: string): TransitionForm {
  const decisionContent = c.proposed_content ?? ''
  return {
    date: today,
    officers: (c.officers ?? []).map((o) => o.id),
    limitation_override_reason: '',
    proposed_outcome: (c.proposed_outcome as TransitionForm['proposed_outcome']) || '',
    proposed_penalties: [...(c.proposed_penalties ?? [])],
    proposed_fine: c.proposed_fine != null ? Number(c.proposed_fine) : null,
    proposed_content: c.proposed_content ?? '',
    facts: c.facts ?? '',
    discretion: '',
    draft_decision: decisionContent,
    minutes: '',
    hearing_date: '',
    hearing_presider: null,
    hearing_notice_on: '',
    hearing_record: '',
    outcome: (c.proposed_outcome as TransitionForm['outcome']) || '',
    penalties: [...(c.notified_penalties?.length ? c.notified_penalties : (c.proposed_penalties ?? []))],
    fine: c.notified_fine != null ? Number(c.notified_fine) : c.proposed_fine != null ? Number(c.proposed_fine) : null,
    confiscation: null,
    content: decisionContent,
    basis: (c.grounds ?? []).map((g) => `${g.regulation}${g.article}`).join('；'),
    performance_terms: '',
    service_method: '',
    service_published_on: '',
    reason: '',
    transferred_to: '',
  }
}

/** The request body: the action and only its own fields, empty ones left out. */
export function transitionBody(action: CaseAction, form: TransitionForm): CaseTransition {
  const body: Record<string, unknown> = { action }
  for (const spec of ACTION_FIELDS[action]) {
    const value = form[spec.name]
    if (value === '' || value === null || (Array.isArray(value) && value.length === 0)) continue
    if (spec.kind === 'money') body[spec.name] = String(value)
    else body[spec.name] = value
  }
  const outcome = action === 'decide' ? form.outcome : action === 'close_investigation' ? form.proposed_outcome : ''
  if (outcome === 'no_penalty') {
    // A decision not to penalise carries no penalty fields.
    for (const name of ['penalties', 'fine', 'confiscation', 'proposed_penalties', 'proposed_fine']) delete body[name]
  }
  return body as CaseTransition
}

/** Problems the form has before it is sent: {field: messageKey}. */
export function formProblems(action: CaseAction, form: TransitionForm, today: string): Partial<Record<keyof TransitionForm, string>> {
  const problems: Partial<Record<keyof TransitionForm, string>> = {}
  for (const spec of ACTION_FIELDS[action]) {
    const value = form[spec.name]
    const empty = value === '' || value === null || (Array.isArray(value) && value.length === 0)
    if (empty && isRequired(spec, form)) problems[spec.name] = 'required'
  }
  if (form.date && form.date > today) problems.date = 'future'
  if (action === 'file' && form.officers.length > 0 && form.officers.length < 2) problems.officers = 'twoOfficers'
  return problems
}
