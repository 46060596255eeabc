/** The matter list's filters in the URL, the API query they make, and the ledger's Excel sheet. */
import type { LocationQuery } from 'vue-router'
import {
  MATTER_KINDS,
  MATTER_OUTCOMES,
  MATTER_STATES,
  type Matter,
  type MatterKind,
  type MatterListQuery,
  type MatterState,
} from '@/api/litigation'
import zhCN from '@/locales/zh-CN'
import { DATE_PATTERN, parseQuery, type QuerySpec, type QueryValues } from '@/utils/listQuery'
import type { Column } from '@/views/dashboard/sheet'
import { nextMatterDeadline } from '@/views/dashboard/tasks'

export const MATTER_SPEC = {
  kind: { kind: 'strings', allowed: MATTER_KINDS },
  state: { kind: 'string', allowed: ['', ...MATTER_STATES] },
  outcome: { kind: 'strings', allowed: MATTER_OUTCOMES },
  received_after: { kind: 'string', pattern: DATE_PATTERN },
  received_before: { kind: 'string', pattern: DATE_PATTERN },
  page: { kind: 'number', default: 1 },
  page_size: { kind: 'number', default: 20, allowed: [20, 50, 100] },
} as const satisfies QuerySpec
export type MatterFilters = QueryValues<typeof MATTER_SPEC>

export const parseMatterQuery = (query: LocationQuery): MatterFilters => parseQuery(MATTER_SPEC, query)

export function matterApiQuery(f: MatterFilters, paging = true): MatterListQuery {
  const q: MatterListQuery = { ordering: '-received_on' }
  if (paging) {
    q.page = f.page
    q.page_size = f.page_size
  }
  if (f.kind.length) q.kind__in = f.kind as MatterKind[]
  if (f.state) q.state = f.state as MatterState
  if (f.outcome.length) q.outcome__in = f.outcome
  if (f.received_after) q.received_on__gte = f.received_after
  if (f.received_before) q.received_on__lte = f.received_before
  return q
}

/** 是 when the head of the agency appeared at every hearing held, 否 when at none, the count otherwise. */
export function headAppearance(m: Pick<Matter, 'hearings'>): 'yes' | 'no' | 'partly' | 'none' {
  const held = m.hearings.filter((h) => h.held)
  if (!held.length) return 'none'
  const appeared = held.filter((h) => h.head_appeared).length
  return appeared === held.length ? 'yes' : appeared === 0 ? 'no' : 'partly'
}

const APPEARANCE_ZH = { yes: '是', no: '否', partly: '部分', none: '' }

export const MATTER_COLUMNS: Column<Matter>[] = [
  ['类型', (m) => zhCN.litigation.kindName[m.kind]],
  ['复议/案号', (m) => m.external_number],
  ['申请人/原告', (m) => m.plaintiff],
  ['被诉（申请复议）行为', (m) => m.contested_act],
  ['原案件', (m) => m.case_number],
  ['收到日期', (m) => m.received_on],
  ['状态', (m) => zhCN.litigation.stateName[m.state]],
  ['最近期限', (m) => nextMatterDeadline(m)?.due_date ?? ''],
  ['负责人出庭', (m) => APPEARANCE_ZH[headAppearance(m)]],
  ['结果', (m) => (m.outcome ? zhCN.litigation.outcomeName[m.outcome as keyof typeof zhCN.litigation.outcomeName] : '')],
  ['裁判日期', (m) => m.outcome_on ?? ''],
  ['结案日期', (m) => m.closed_on ?? ''],
]
