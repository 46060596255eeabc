/**
 * The organisations sheet for export. Headings and code labels are the Chinese ones the bulk
 * import accepts, so an exported file can be corrected and imported again elsewhere.
 */
import type { Organisation } from '@/api/types'
import zhCN from '@/locales/zh-CN'
import type { Cell } from '@/utils/xlsx'

const COLUMNS: [string, (o: Organisation) => Cell][] = [
  ['名称', (o) => o.name],
  ['类型', (o) => zhCN.orgType[o.type]],
  ['统一社会信用代码', (o) => o.credit_code],
  ['登记证号', (o) => o.certificate_number],
  ['法定代表人', (o) => o.legal_representative],
  ['住所', (o) => o.address],
  ['成立登记日期', (o) => o.registration_date],
  ['业务主管单位', (o) => o.business_supervisor],
  ['登记状态', (o) => (o.status ? zhCN.orgStatus[o.status] : '')],
  ['状态变更日期', (o) => o.status_changed_on ?? ''],
  ['登记管理机关', (o) => o.registration_authority],
  ['代码校验提示', (o) => o.credit_code_warning],
]

export const EXPORT_HEADER = COLUMNS.map(([title]) => title)

export function organisationRows(organisations: Organisation[]): Cell[][] {
  return organisations.map((o) => COLUMNS.map(([, value]) => value(o) ?? ''))
}

/** The heading row of the import template (the columns the import reads). */
export const IMPORT_TEMPLATE_HEADER = EXPORT_HEADER.slice(0, 9)
