/**
 * The procedure as the stepper shows it (backend/zhifa/cases/procedure.py is the law's table; this
 * only maps a case onto it): the main path in order, with legal review, deliberation and hearing
 * shown only where the case takes them, and the side exits (dropped, transferred) ending the line.
 */
import type { CaseAction, CaseDetail, CaseState } from '@/api/types'

export const MAIN_PATH: CaseState[] = [
  'lead',
  'filed',
  'investigating',
  'investigation_closed',
  'legal_review',
  'deliberation',
  'notified',
  'hearing',
  'decided',
  'served',
  'executing',
  'closed',
  'archived',
]
const OPTIONAL: CaseState[] = ['legal_review', 'deliberation', 'hearing']
const SIDE_EXITS: CaseState[] = ['dropped', 'transferred']

export type StepStatus = 'finish' | 'process' | 'wait' | 'error'

export interface ProcedureStep {
  state: CaseState
  status: StepStatus
  /** The date the case reached the step, where the record has one. */
  date: string | null
}

type CaseDates = Pick<
  CaseDetail,
  | 'state'
  | 'is_major'
  | 'received_on'
  | 'filed_on'
  | 'investigation_started_on'
  | 'investigation_closed_on'
  | 'deliberated_on'
  | 'notified_on'
  | 'hearing_requested_on'
  | 'decided_on'
  | 'served_on'
  | 'execution_started_on'
  | 'closed_on'
  | 'archived_on'
>

function dateOf(c: Partial<CaseDates>, state: CaseState): string | null {
  const map: Partial<Record<CaseState, string | null | undefined>> = {
    lead: c.received_on,
    filed: c.filed_on,
    investigating: c.investigation_started_on,
    investigation_closed: c.investigation_closed_on,
    deliberation: c.deliberated_on,
    notified: c.notified_on,
    hearing: c.hearing_requested_on,
    decided: c.decided_on,
    served: c.served_on,
    executing: c.execution_started_on,
    closed: c.closed_on,
    archived: c.archived_on,
  }
  return map[state] ?? null
}

/** Whether an optional step belongs on this case's path. */
function takesStep(c: Partial<CaseDates>, state: CaseState): boolean {
  if (!OPTIONAL.includes(state)) return true
  if (c.state === state) return true
  if (state === 'legal_review') return Boolean(c.is_major)
  if (state === 'deliberation') return Boolean(c.deliberated_on)
  return Boolean(c.hearing_requested_on)
}

export function procedureSteps(c: Partial<CaseDates> & { state: CaseState }): ProcedureStep[] {
  const path = MAIN_PATH.filter((state) => takesStep(c, state))
  if (SIDE_EXITS.includes(c.state)) {
    // Reached steps are those with a date; the exit follows the last of them.
    const reached = path.filter((state) => dateOf(c, state))
    return [
      ...reached.map((state) => ({ state, status: 'finish' as const, date: dateOf(c, state) })),
      { state: c.state, status: 'error', date: null },
    ]
  }
  const current = path.indexOf(c.state)
  return path.map((state, index) => ({
    state,
    status: index < current ? 'finish' : index === current ? (c.state === 'archived' ? 'finish' : 'process') : 'wait',
    date: index <= current ? dateOf(c, state) : null,
  }))
}

/** The index of the step in progress (for el-steps `active`). */
export function activeIndex(steps: ProcedureStep[]): number {
  const index = steps.findIndex((s) => s.status === 'process' || s.status === 'error')
  return index === -1 ? steps.length : index
}

/** Side exits are shown apart from the forward steps. */
export const EXIT_ACTIONS: CaseAction[] = ['drop', 'transfer']
/** Steps the case page's panels take rather than its action buttons (先行登记保存: the preservations tab). */
export const PANEL_ACTIONS: CaseAction[] = ['request_preservation', 'approve_preservation', 'resolve_preservation']

export type BadgeType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

/** A deadline's countdown badge: its colour and the message key with its count. */
export function deadlineBadge(d: { status?: string; days_left?: number | null; met_on?: string | null }): {
  type: BadgeType
  key: string
  n?: number
} {
  if (d.met_on) return { type: d.status === 'late' ? 'warning' : 'success', key: 'cases.metOn' }
  const left = d.days_left ?? 0
  if (left < 0) return { type: 'danger', key: 'cases.daysOverdue', n: -left }
  if (left === 0) return { type: 'danger', key: 'cases.dueToday' }
  return { type: d.status === 'due_soon' ? 'warning' : 'primary', key: 'cases.daysLeft', n: left }
}
