/**
 * 裁量基准 (Art. 34 discretion benchmark): the register's form and its rows. The server checks an entry against its
 * ground (registers/services.py discretion_benchmark_create); these helpers refuse beforehand what it would
 * refuse on the form's own terms, and say how a row stands today.
 */
import type { DiscretionBenchmark, DiscretionBenchmarkInput } from '@/api/registers'

export type PenaltyKind = NonNullable<DiscretionBenchmarkInput['penalty_kinds']>[number]

/** The penalty kinds in the law's order, lightest first. */
export const PENALTY_KINDS: PenaltyKind[] = ['warning', 'fine', 'confiscation', 'stop_activities', 'deregistration', 'ban']

export interface BenchmarkForm {
  code: string
  ground: number | null
  circumstance: string
  conditions: string
  standard: string
  effective_on: string
  penalty_kinds: PenaltyKind[]
  fine_minimum: string
  fine_maximum: string
}

export function blankBenchmark(today: string): BenchmarkForm {
  return {
    code: '',
    ground: null,
    circumstance: '',
    conditions: '',
    standard: '',
    effective_on: today,
    penalty_kinds: [],
    fine_minimum: '',
    fine_maximum: '',
  }
}

const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/

/** The kinds a ground allows, in the law's order (all of them when the ground is not known yet). */
export function groundKinds(ground: { penalty_kinds?: PenaltyKind[] } | null | undefined): PenaltyKind[] {
  if (!ground) return PENALTY_KINDS
  const allowed = new Set(ground.penalty_kinds ?? [])
  return PENALTY_KINDS.filter((k) => allowed.has(k))
}

/**
 * Problems of the form as i18n keys per field: the required texts, amounts as yuan with at most two decimals,
 * a fine range only with 罚款 among the kinds, the maximum not below the minimum, the kinds within the ground's.
 */
export function benchmarkProblems(form: BenchmarkForm, allowedKinds: PenaltyKind[] = PENALTY_KINDS): Record<string, string> {
  const problems: Record<string, string> = {}
  for (const field of ['code', 'circumstance', 'conditions', 'standard'] as const) {
    if (!form[field].trim()) problems[field] = 'required'
  }
  if (form.ground == null) problems.ground = 'required'
  if (!form.effective_on) problems.effective_on = 'required'
  if (form.penalty_kinds.some((k) => !allowedKinds.includes(k))) problems.penalty_kinds = 'registers.benchmarkKindOutside'
  const low = form.fine_minimum.trim()
  const high = form.fine_maximum.trim()
  if (low && !AMOUNT.test(low)) problems.fine_minimum = 'registers.amountFormat'
  if (high && !AMOUNT.test(high)) problems.fine_maximum = 'registers.amountFormat'
  if ((low || high) && !form.penalty_kinds.includes('fine')) problems.fine_minimum = 'registers.fineWithoutFine'
  if (!problems.fine_minimum && !problems.fine_maximum && low && high && Number(high) < Number(low)) {
    problems.fine_maximum = 'registers.fineMaxBelowMin'
  }
  return problems
}

/** The request body: trimmed texts, the fine range only with 罚款 (null where left empty). */
export function benchmarkBody(form: BenchmarkForm): DiscretionBenchmarkInput {
  const fine = form.penalty_kinds.includes('fine')
  const amount = (value: string) => (fine && value.trim() ? value.trim() : null)
  return {
    code: form.code.trim(),
    ground: form.ground as number,
    circumstance: form.circumstance.trim(),
    conditions: form.conditions.trim(),
    standard: form.standard.trim(),
    effective_on: form.effective_on,
    penalty_kinds: PENALTY_KINDS.filter((k) => form.penalty_kinds.includes(k)),
    fine_minimum: amount(form.fine_minimum),
    fine_maximum: amount(form.fine_maximum),
  }
}

export type BenchmarkStatus = 'in_force' | 'pending' | 'repealed'

/** How an entry stands on a day: in force, not yet in force, or repealed (from its repeal date on). */
export function benchmarkStatus(row: Pick<DiscretionBenchmark, 'effective_on' | 'repealed_on'>, today: string): BenchmarkStatus {
  if (row.repealed_on && row.repealed_on <= today) return 'repealed'
  if (row.effective_on > today) return 'pending'
  return 'in_force'
}

/** The fine range as shown: "1000–5000 元", "≥ 1000 元", "≤ 5000 元", or '' when none is set. */
export function fineRange(row: Pick<DiscretionBenchmark, 'fine_minimum' | 'fine_maximum'>): string {
  const show = (value: string) => String(Number(value))
  const { fine_minimum: low, fine_maximum: high } = row
  if (low != null && high != null) return `${show(low)}–${show(high)}`
  if (low != null) return `≥ ${show(low)}`
  if (high != null) return `≤ ${show(high)}`
  return ''
}

/** A repeal takes effect after the entry did (discretion_benchmark_repeal). */
export function repealProblems(form: { on: string; reason: string }, effectiveOn: string): Record<string, string> {
  const problems: Record<string, string> = {}
  if (!form.on) problems.on = 'required'
  else if (form.on <= effectiveOn) problems.on = 'registers.repealAfterEffective'
  if (!form.reason.trim()) problems.reason = 'required'
  return problems
}
