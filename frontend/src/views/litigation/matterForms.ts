/**
 * The litigation forms' logic, kept out of the components so it can be tested: what a new matter's payload looks like,
 * which steps a matter offers next, and the date checks the server makes (so the form says so before sending).
 */
import type { Matter, MatterKind, MatterOutcome, MatterOutcomeWrite, MatterWrite, OutcomeForm } from '@/api/litigation'

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
}

export const emptyOutcomeDraft = (kind: MatterKind): OutcomeDraft => ({
  outcome: '',
  outcome_form: kind.startsWith('reconsideration') ? 'reconsideration_decision' : 'judgment',
  outcome_on: '',
  received_on: '',
  document_number: '',
  summary: '',
})

export function outcomePayload(d: OutcomeDraft): MatterOutcomeWrite {
  const body: MatterOutcomeWrite = {
    outcome: d.outcome as MatterOutcome,
    outcome_form: d.outcome_form as OutcomeForm,
    outcome_on: d.outcome_on,
    document_number: d.document_number.trim(),
    summary: d.summary.trim(),
  }
  if (d.received_on) body.received_on = d.received_on
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
