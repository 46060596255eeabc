/** The legal-review checklist form: one verdict and note per item, and what may be sent with which outcome. */
import type { ChecklistItem } from '@/api/types'

export type Verdict = 'pass' | 'problem' | 'not_applicable' | 'no_transfer' | 'transfer'

/** The answers of an item that names none (the server sends each item's own). */
export const STANDARD_VERDICTS: Verdict[] = ['pass', 'problem', 'not_applicable']
/** The answers that block an agreement: a problem found, or a suspected crime to transfer. */
const BLOCKING: Verdict[] = ['problem', 'transfer']
export type Outcome = 'agree' | 'correct' | 'recommend_transfer'

export interface VerdictRow {
  item: number
  text: string
  verdict: Verdict | ''
  note: string
  /** The answers this item takes. */
  options: Verdict[]
}

export function verdictRows(items: ChecklistItem[]): VerdictRow[] {
  return items.map((i) => ({
    item: i.number,
    text: i.text,
    verdict: '',
    note: '',
    options: i.options?.length ? (i.options as Verdict[]) : STANDARD_VERDICTS,
  }))
}

/** Per item: the message key of what is missing. */
export function verdictProblems(rows: VerdictRow[]): Record<number, string> {
  const out: Record<number, string> = {}
  for (const row of rows) {
    if (!row.verdict) out[row.item] = 'reviews.verdictRequired'
    else if (BLOCKING.includes(row.verdict) && !row.note.trim()) out[row.item] = 'reviews.noteRequired'
  }
  return out
}

export interface OutcomeForm {
  outcome: Outcome | ''
  opinion: string
  correction_categories: string[]
  corrections: string
}

/** Per field: the message key of what the outcome lacks, as the server would refuse it. */
export function outcomeProblems(form: OutcomeForm, rows: VerdictRow[]): Partial<Record<keyof OutcomeForm, string>> {
  const out: Partial<Record<keyof OutcomeForm, string>> = {}
  if (!form.outcome) out.outcome = 'required'
  if (form.outcome === 'agree' && rows.some((r) => r.verdict && BLOCKING.includes(r.verdict))) out.outcome = 'reviews.agreeBlocked'
  if (!form.opinion.trim()) out.opinion = 'required'
  if (form.outcome === 'correct') {
    if (!form.correction_categories.length) out.correction_categories = 'required'
    if (!form.corrections.trim()) out.corrections = 'required'
  }
  return out
}

export function outcomeBody(packageNumber: number, form: OutcomeForm, rows: VerdictRow[]) {
  return {
    package: packageNumber,
    outcome: form.outcome as Outcome,
    opinion: form.opinion,
    verdicts: rows.map((r) => ({ item: r.item, verdict: r.verdict as Verdict, note: r.note })),
    correction_categories: form.outcome === 'correct' ? (form.correction_categories as never[]) : [],
    corrections: form.outcome === 'correct' ? form.corrections : '',
  }
}

const LABELS: Record<string, string> = {
  'application.facts': 'reviews.facts',
  'application.basis': 'reviews.basis',
  'application.discretion': 'reviews.discretion',
  'application.officers': 'reviews.officers',
  'application.proposed.outcome': 'reviews.proposed',
  'application.proposed.penalties': 'reviews.proposed',
  'application.proposed.fine': 'reviews.proposed',
  'application.proposed.content': 'reviews.proposed',
  draft_decision: 'reviews.draftDecision',
  evidence: 'reviews.evidence',
  hearing_record: 'reviews.hearingRecord',
}

export interface ChangeRow {
  path: string
  labelKey: string
  before: string
  after: string
}

/** Readable text for a package value (lists of records become lines). */
export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return ''
  if (Array.isArray(value)) return value.map(showValue).filter(Boolean).join('\n')
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).map(showValue).filter(Boolean).join(' ')
  return String(value)
}

/** The package's `changes` ({path: [before, after]}) as table rows, in a stable order. */
export function changeRows(changes: Record<string, unknown> | null | undefined): ChangeRow[] {
  return Object.entries(changes ?? {})
    .filter(([, pair]) => Array.isArray(pair) && pair.length === 2)
    .map(([path, pair]) => {
      const [before, after] = pair as [unknown, unknown]
      return { path, labelKey: LABELS[path] ?? '', before: showValue(before), after: showValue(after) }
    })
    .sort((a, b) => a.path.localeCompare(b.path))
}

/** Days until a date (negative when past), counted in calendar days. */
export function daysUntil(date: string | null | undefined, today: string): number | null {
  if (!date) return null
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000)
}

/** A saved draft's answers and notes on the rows, if the draft is of the package under review. */
export function applyDraft(
  rows: VerdictRow[],
  draft: { package?: number; verdicts?: { item: number; verdict?: string; note?: string }[] } | null | undefined,
  currentPackage: number | null | undefined,
): VerdictRow[] {
  if (!draft || draft.package !== currentPackage) return rows
  const saved = new Map((draft.verdicts ?? []).map((v) => [v.item, v]))
  return rows.map((row) => {
    const v = saved.get(row.item)
    if (!v) return row
    const verdict = (row.options as string[]).includes(v.verdict ?? '') ? (v.verdict as Verdict) : ''
    return { ...row, verdict, note: v.note ?? '' }
  })
}

export function draftBody(packageNumber: number, rows: VerdictRow[], opinion: string) {
  return { package: packageNumber, opinion, verdicts: rows.map((r) => ({ item: r.item, verdict: r.verdict, note: r.note })) }
}
