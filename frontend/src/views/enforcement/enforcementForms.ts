/**
 * The enforcement screens' logic, kept out of the components so it can be tested: money as decimal strings (never
 * floats: sums are made in whole fen), the list's filters in the URL, which court rulings may come next, and the
 * body each action sends.
 */
import type { LocationQuery } from 'vue-router'
import {
  ENFORCEMENT_STATES,
  type Enforcement,
  type EnforcementAction,
  type EnforcementActionWrite,
  type EnforcementListQuery,
  type EnforcementState,
  type RefundListQuery,
  type RefundState,
} from '@/api/enforcement'
import { parseQuery, type QuerySpec, type QueryValues } from '@/utils/listQuery'

export const AMOUNT_PATTERN = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/

/** "1234.5" → 123450n fen; null for anything that is not an amount. */
export function toFen(amount: string): bigint | null {
  const text = amount.trim()
  if (!AMOUNT_PATTERN.test(text)) return null
  const [whole, part = ''] = text.split('.')
  return BigInt(whole) * 100n + BigInt((part + '00').slice(0, 2))
}

/** 123450n → "1234.50". */
export function fromFen(fen: bigint): string {
  const sign = fen < 0n ? '-' : ''
  const abs = fen < 0n ? -fen : fen
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
}

/** The sum of decimal strings, or null if one is not an amount. */
export function sumAmounts(amounts: string[]): string | null {
  let total = 0n
  for (const a of amounts) {
    const fen = toFen(a)
    if (fen === null) return null
    total += fen
  }
  return fromFen(total)
}

/** Thousands separators on a decimal string, for reading only. */
export function formatMoney(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '—'
  const [whole, part] = amount.split('.')
  const sign = whole.startsWith('-') ? '-' : ''
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${digits}.${(part ?? '').padEnd(2, '0').slice(0, 2)}`
}

export const isPositive = (amount: string) => {
  const fen = toFen(amount)
  return fen !== null && fen > 0n
}

// ---- the list's filters ----------------------------------------------------------------------

export const ENFORCEMENT_SPEC = {
  state: { kind: 'strings', allowed: ENFORCEMENT_STATES },
  page: { kind: 'number', default: 1 },
  page_size: { kind: 'number', default: 20, allowed: [20, 50, 100] },
} as const satisfies QuerySpec
export type EnforcementFilters = QueryValues<typeof ENFORCEMENT_SPEC>
export const parseEnforcementQuery = (query: LocationQuery): EnforcementFilters => parseQuery(ENFORCEMENT_SPEC, query)

export function enforcementApiQuery(f: EnforcementFilters): EnforcementListQuery {
  const q: EnforcementListQuery = { ordering: '-served_on', page: f.page, page_size: f.page_size }
  if (f.state.length === 1) q.state = f.state[0] as EnforcementState
  else if (f.state.length) q.state__in = f.state as EnforcementState[]
  return q
}

export const REFUND_STATES: RefundState[] = ['due', 'refunded']
export const REFUND_SPEC = {
  state: { kind: 'string', allowed: ['', ...REFUND_STATES] },
  page: { kind: 'number', default: 1 },
  page_size: { kind: 'number', default: 20, allowed: [20, 50, 100] },
} as const satisfies QuerySpec
export type RefundFilters = QueryValues<typeof REFUND_SPEC>
export const parseRefundQuery = (query: LocationQuery): RefundFilters => parseQuery(REFUND_SPEC, query)
export function refundApiQuery(f: RefundFilters): RefundListQuery {
  const q: RefundListQuery = { ordering: '-due_on', page: f.page, page_size: f.page_size }
  if (f.state) q.state = f.state as RefundState
  return q
}

// ---- the steps ---------------------------------------------------------------------------------

type Ruling = NonNullable<EnforcementActionWrite['ruling']>

/** What the court may rule next at each stage (行政强制法 Art. 56, 57); the server checks it again. */
export const NEXT_RULINGS: Partial<Record<EnforcementState, Ruling[]>> = {
  applied: ['accepted'],
  accepted: ['enforce', 'terminated'],
  ordered: ['completed', 'terminated'],
}

/** Actions a leader takes: shown as the main buttons for leaders. */
export const LEADER_ACTIONS: EnforcementAction[] = ['approve_arrangement', 'apply_to_court', 'close_case']
/** Actions that say no: drawn as the quieter button. */
export const REFUSING_ACTIONS: EnforcementAction[] = ['refuse_arrangement']

export interface InstalmentDraft {
  due_on: string
  amount: string
}

export interface StepDraft {
  date: string
  amount: string
  receipt_number: string
  bank: string
  kind: 'deferral' | 'instalments' | ''
  reason: string
  items: InstalmentDraft[]
  note: string
  statement_made: boolean
  statement: string
  court: string
  ruling: Ruling | ''
  number: string
  court_case_number: string
  summary: string
}

export function emptyStep(today: string, e?: Pick<Enforcement, 'state' | 'court'>): StepDraft {
  const rulings = e ? NEXT_RULINGS[e.state] ?? [] : []
  return {
    date: today,
    amount: '',
    receipt_number: '',
    bank: '',
    kind: '',
    reason: '',
    items: [
      { due_on: '', amount: '' },
      { due_on: '', amount: '' },
    ],
    note: '',
    statement_made: false,
    statement: '',
    court: e?.court ?? '',
    ruling: rulings.length === 1 ? rulings[0] : '',
    number: '',
    court_case_number: '',
    summary: '',
  }
}

/** The body of POST /api/enforcement/{id}/actions/ for one action: only what that step takes, trimmed. */
export function stepPayload(action: EnforcementAction, d: StepDraft): EnforcementActionWrite {
  const base = { action, date: d.date } as EnforcementActionWrite
  switch (action) {
    case 'record_payment':
      return { ...base, amount: d.amount.trim(), receipt_number: d.receipt_number.trim(), bank: d.bank.trim() }
    case 'apply_arrangement': {
      const items = d.kind === 'deferral' ? d.items.slice(0, 1) : d.items
      return {
        ...base,
        kind: d.kind as 'deferral' | 'instalments',
        reason: d.reason.trim(),
        items: items.map((i) => ({ due_on: i.due_on, amount: i.amount.trim() })),
      }
    }
    case 'approve_arrangement':
    case 'refuse_arrangement':
      return { ...base, note: d.note.trim() }
    case 'record_statement':
      return { ...base, statement_made: d.statement_made, statement: d.statement_made ? d.statement.trim() : '' }
    case 'apply_to_court':
      return { ...base, court: d.court.trim() }
    case 'record_ruling': {
      const body = { ...base, ruling: d.ruling as Ruling, number: d.number.trim(), summary: d.summary.trim() }
      return d.ruling === 'accepted' ? { ...body, court_case_number: d.court_case_number.trim() } : body
    }
    default:
      return base
  }
}

/** 15 days after service, the fine falls due (行政处罚法 Art. 67): the payment deadline's date, from the server. */
export function paymentDue(e: Pick<Enforcement, 'deadlines'>): string | null {
  return e.deadlines.find((d) => d.kind === 'payment')?.due_date ?? null
}

export function courtDeadline(e: Pick<Enforcement, 'deadlines'>) {
  return e.deadlines.find((d) => d.kind === 'court_application') ?? null
}
