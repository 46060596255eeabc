/**
 * The published fields of a penalty-decision notice (the 双公示 data standard), in the order and with the
 * headings the public site uses, and the notice list's Excel sheet.
 */
import type { Notice } from '@/api/disclosure'
import type { Column } from '@/views/dashboard/sheet'
import zhCN from '@/locales/zh-CN'

export const FIELD_LABELS: [code: string, label: string][] = [
  ['CF_XDR_MC', '行政相对人名称'],
  ['CF_XDR_LB', '行政相对人类别'],
  ['CF_XDR_SHXYM', '统一社会信用代码'],
  ['CF_XDR_SHZZ', '社会组织登记证号'],
  ['CF_FRDB', '法定代表人'],
  ['CF_WSH', '行政处罚决定书文号'],
  ['CF_WFXW', '违法行为类型'],
  ['CF_SY', '违法事实'],
  ['CF_YJ', '处罚依据'],
  ['CF_CFLB', '处罚类别'],
  ['CF_NR', '处罚内容'],
  ['CF_NR_FK', '罚款金额（万元）'],
  ['CF_NR_WFFF', '没收违法所得、没收非法财物的金额（万元）'],
  ['CF_NR_ZKDX', '暂扣或吊销证照名称及编号'],
  ['CF_JDRQ', '处罚决定日期'],
  ['CF_YXQ', '处罚有效期'],
  ['CF_GSJZQ', '公示截止期'],
  ['CF_CFJG', '处罚机关'],
  ['CF_CFJGDM', '处罚机关统一社会信用代码'],
  ['CF_SJLY', '数据来源单位'],
  ['CF_SJLYDM', '数据来源单位统一社会信用代码'],
  ['BZ', '备注'],
]

export interface FieldPair {
  code: string
  label: string
  original: string
  masked: string
  /** The masking changed the value. */
  changed: boolean
}

function text(value: unknown): string {
  if (value === null || value === undefined) return ''
  return typeof value === 'string' ? value : String(value)
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

/**
 * Original and masked values side by side: the known fields in the standard's order, then any other
 * field under its code; fields empty on both sides are left out, as on the public page.
 */
export function fieldPairs(original: unknown, masked: unknown): FieldPair[] {
  const o = asRecord(original)
  const m = asRecord(masked)
  const known = new Set(FIELD_LABELS.map(([code]) => code))
  const codes = [...FIELD_LABELS.map(([code]) => code), ...Object.keys({ ...o, ...m }).filter((c) => !known.has(c)).sort()]
  const labels = Object.fromEntries(FIELD_LABELS)
  return codes
    .map((code) => ({ code, label: labels[code] ?? code, original: text(o[code]), masked: text(m[code]) }))
    .filter((row) => row.original !== '' || row.masked !== '')
    .map((row) => ({ ...row, changed: row.original !== row.masked }))
}

/** Where a public page lives on this server: relative public URLs become absolute for the link. */
export function publicHref(url: string | null | undefined, origin: string = globalThis.location?.origin ?? ''): string | null {
  if (!url) return null
  return /^https?:\/\//.test(url) ? url : `${origin}${url.startsWith('/') ? '' : '/'}${url}`
}

export const NOTICE_COLUMNS: Column<Notice>[] = [
  ['标题', (n) => n.title],
  ['公示类别', (n) => zhCN.disclosure.kindName[n.kind]],
  ['状态', (n) => zhCN.disclosure.stateName[n.state]],
  ['决定日期', (n) => n.decided_on ?? ''],
  ['应公示日期', (n) => n.due_date ?? ''],
  ['发布时间', (n) => (n.published_at ? n.published_at.slice(0, 16).replace('T', ' ') : '')],
  ['公示截止', (n) => n.publication_end ?? ''],
  ['公示期（月）', (n) => n.period_months],
  ['公示网站页面', (n) => n.public_url ?? ''],
  ['内容摘要（SHA-256）', (n) => n.content_sha256],
]
