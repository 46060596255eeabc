/** The case ledger sheet for export (案件台账), headed in Chinese as the bureau files it. */
import type { CaseSummary } from '@/api/types'
import messages from '@/areas/cases/messages'
import type { Cell } from '@/utils/xlsx'

const zh = messages.zhCN

const COLUMNS: [string, (c: CaseSummary) => Cell][] = [
  ['案件编号', (c) => c.number ?? ''],
  ['案由', (c) => c.title],
  ['办理环节', (c) => (c.state ? zh.stateName[c.state] : '')],
  ['当事人', (c) => c.party_name ?? ''],
  ['统一社会信用代码', (c) => c.organisation_credit_code ?? ''],
  ['线索来源', (c) => (c.source ? zh.sourceName[c.source] : '')],
  ['承办科室', (c) => c.unit_name ?? ''],
  ['承办人员', (c) => (c.officers ?? []).map((o) => o.name).join('、')],
  ['重大执法决定', (c) => (c.is_major ? '是' : '否')],
  ['线索登记日期', (c) => c.received_on ?? ''],
  ['立案日期', (c) => c.filed_on ?? ''],
  ['决定日期', (c) => c.decided_on ?? ''],
  ['处罚种类', (c) => (c.decision_penalties ?? []).map((p) => zh.penaltyName[p]).join('、')],
  ['罚款金额（元）', (c) => c.decision_fine ?? ''],
  ['最近期限', (c) => c.next_due ?? ''],
  ['有逾期期限', (c) => (c.overdue ? '是' : '否')],
]

export const CASE_EXPORT_HEADER = COLUMNS.map(([title]) => title)

export function caseRows(cases: CaseSummary[]): Cell[][] {
  return cases.map((c) => COLUMNS.map(([, value]) => value(c) ?? ''))
}
