/**
 * The litigation forms' logic, kept out of the components so it can be tested: what a new matter's payload looks like,
 * which steps a matter offers next, and the date checks the server makes (so the form says so before sending).
 */
import type { Matter, MatterKind, MatterOutcome, MatterOutcomeWrite, MatterWrite, OutcomeForm } from '@/api/litigation'
import type { PenaltyKind } from '@/views/registers/benchmarks'

export interface MatterDraft {
  kind: MatterKind | ''
  body: string
  external_number: string
  plaintiff: string
  contested_act: string
  claims: string
  received_on: string
  accepted_on: string
  court_due_date: string
  leader: number | null
  advisers: number[]
  officers: number[]
  case: number | null
}

export const emptyMatterDraft = (): MatterDraft => ({
  kind: '',
  body: '',
  external_number: '',
  plaintiff: '',
  contested_act: '',
  claims: '',
  received_on: '',
  accepted_on: '',
  court_due_date: '',
  leader: null,
  advisers: [],
  officers: [],
  case: null,
})

export const isReconsideration = (kind: MatterKind | '') => kind === 'reconsideration' || kind === 'reconsideration_simple'

/** The POST /api/litigation/ body: trimmed text, an empty court due date or case left out. */
export function matterPayload(d: MatterDraft): MatterWrite {
  const body: MatterWrite = {
    kind: d.kind as MatterKind,
    body: d.body.trim(),
    external_number: d.external_number.trim(),
    plaintiff: d.plaintiff.trim(),
    contested_act: d.contested_act.trim(),
    claims: d.claims.trim(),
    received_on: d.received_on,
    leader: d.leader as number,
    advisers: [...d.advisers],
    officers: [...d.officers],
  }
  if (d.court_due_date) body.court_due_date = d.court_due_date
  // 复议法 Art. 62: the decision's 60 (simple: 30) days run from the organ's acceptance; lawsuits have none here.
  if (d.accepted_on && isReconsideration(d.kind)) body.accepted_on = d.accepted_on
  if (d.case) body.case = d.case
  return body
}

export interface OutcomeDraft {
  outcome: MatterOutcome | ''
  outcome_form: OutcomeForm | ''
  outcome_on: string
  received_on: string
  document_number: string
  summary: string
  /** 撤销并责令重新作出 (复议法 Art. 64, 行诉法 Art. 70); only with a revocation. */
  orders_new_decision: boolean
  procedural_breach_only: boolean
  redecision_due_on: string
  /** 变更: the decision as changed (复议法 Art. 63, 行诉法 Art. 77); only with a change. */
  changed_penalties: PenaltyKind[]
  changed_fine: string
  changed_content: string
}

export const emptyOutcomeDraft = (kind: MatterKind): OutcomeDraft => ({
  outcome: '',
  outcome_form: kind.startsWith('reconsideration') ? 'reconsideration_decision' : 'judgment',
  outcome_on: '',
  received_on: '',
  document_number: '',
  summary: '',
  orders_new_decision: false,
  procedural_breach_only: false,
  redecision_due_on: '',
  changed_penalties: [],
  changed_fine: '',
  changed_content: '',
})

/** The outcome as the server takes it: the order to decide again only with a revocation, the changed decision
 * only with a change (a fine amount only where a fine is among the changed penalties). */
export function outcomePayload(d: OutcomeDraft): MatterOutcomeWrite {
  const ordered = d.outcome === 'revoked' && d.orders_new_decision
  const changed = d.outcome === 'changed'
  const body: MatterOutcomeWrite = {
    outcome: d.outcome as MatterOutcome,
    outcome_form: d.outcome_form as OutcomeForm,
    outcome_on: d.outcome_on,
    document_number: d.document_number.trim(),
    summary: d.summary.trim(),
    orders_new_decision: ordered,
    procedural_breach_only: ordered && d.procedural_breach_only,
    changed_content: changed ? d.changed_content.trim() : '',
  }
  if (d.received_on) body.received_on = d.received_on
  if (ordered && d.redecision_due_on) body.redecision_due_on = d.redecision_due_on
  if (changed) {
    body.changed_penalties = [...d.changed_penalties]
    if (d.changed_penalties.includes('fine') && d.changed_fine.trim()) body.changed_fine = d.changed_fine.trim()
  }
  return body
}

export type MatterStep = 'response' | 'extension' | 'outcome' | 'appeal' | 'close'

/** The steps the server accepts now, in the order the procedure takes them. */
export function matterSteps(
  m: Pick<Matter, 'state' | 'kind' | 'response_submitted_on' | 'outcome_form' | 'appealed_on' | 'outcome_effective_on' | 'decision_extended_days'>,
): MatterStep[] {
  if (m.state === 'closed') return []
  const steps: MatterStep[] = []
  if (m.state === 'open' && !m.response_submitted_on) steps.push('response')
  // 《行政复议法》第六十二条: the ordinary procedure's decision period may be extended once, by at most 30 days.
  if (m.state === 'open' && m.kind === 'reconsideration' && !m.decision_extended_days) steps.push('extension')
  // A concluded matter's outcome may be corrected until it is closed, or until it took effect and was acted on.
  if (!m.outcome_effective_on) steps.push('outcome')
  if (m.state === 'concluded') {
    // 《行政诉讼法》第八十五条: a first-instance judgment or ruling may be appealed.
    // Once the window has passed unappealed the judgment is effective, and no appeal lies.
    if (m.kind === 'first_instance' && !m.appealed_on && !m.outcome_effective_on && (m.outcome_form === 'judgment' || m.outcome_form === 'ruling')) {
      steps.push('appeal')
    }
    steps.push('close')
  }
  return steps
}

/** ISO dates compare as strings; '' means not given. */
export const isFuture = (iso: string, today: string) => Boolean(iso) && iso > today
export const isBefore = (iso: string, other: string) => Boolean(iso && other) && iso < other
