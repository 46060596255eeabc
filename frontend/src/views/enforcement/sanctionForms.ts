/** What the non-monetary penalties panel offers and checks before sending; the server checks everything again. */

export type SanctionStep = 'seal' | 'report' | 'lift' | 'list'
export type SanctionProblem = 'required' | 'future' | 'notAfterStart'
export interface SanctionForm {
  date: string
  starts_on: string
  ends_on: string
  items: string
  summary: string
}
interface OrderLike {
  lifted_on?: string | null
  undone_on?: string | null
}

/** The buttons for a case at `state`: the case's officers and leaders act while the decision is being carried out. */
export function sanctionSteps(
  state: string,
  penalties: readonly string[],
  role: string | undefined,
  order: OrderLike | null,
  listed: boolean,
): SanctionStep[] {
  if (!['served', 'executing'].includes(state) || (role !== 'officer' && role !== 'leader')) return []
  const steps: SanctionStep[] = []
  if (penalties.includes('stop_activities')) {
    if (!order) steps.push('seal')
    else if (!order.lifted_on && !order.undone_on) steps.push('report', 'lift')
  }
  if (!listed && (penalties.includes('stop_activities') || penalties.includes('deregistration'))) steps.push('list')
  return steps
}

/** Field problems found before sending (ISO dates compare as strings). */
export function sanctionProblems(step: SanctionStep, form: SanctionForm, today: string): Record<string, SanctionProblem> {
  const problems: Record<string, SanctionProblem> = {}
  if (!form.date) problems.date = 'required'
  else if (form.date > today) problems.date = 'future'
  if (step === 'seal') {
    if (!form.items.trim()) problems.items = 'required'
    if (!form.starts_on) problems.starts_on = 'required'
    if (!form.ends_on) problems.ends_on = 'required'
    else if (form.starts_on && form.ends_on <= form.starts_on) problems.ends_on = 'notAfterStart'
  }
  if (step === 'report' && !form.summary.trim()) problems.summary = 'required'
  return problems
}
