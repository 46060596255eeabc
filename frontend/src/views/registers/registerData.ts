/** The registers' Excel sheets, URL filters and the annual report's chart data (pure, unit-tested). */
import type { LocationQuery } from 'vue-router'
import {
  DOCUMENT_STATUSES,
  type CertificationMatter,
  type DocumentListQuery,
  type DocumentStatus,
  type NormativeDocument,
  type PowerItem,
} from '@/api/registers'
import zhCN from '@/locales/zh-CN'
import { parseQuery, type QuerySpec, type QueryValues } from '@/utils/listQuery'
import type { Column } from '@/views/dashboard/sheet'

const R = zhCN.registers

export const DOCUMENT_SPEC = {
  q: { kind: 'string' },
  status: { kind: 'strings', allowed: DOCUMENT_STATUSES },
  year: { kind: 'string', pattern: /^\d{4}$/ },
  page: { kind: 'number', default: 1 },
  page_size: { kind: 'number', default: 20, allowed: [20, 50, 100] },
} as const satisfies QuerySpec
export type DocumentFilters = QueryValues<typeof DOCUMENT_SPEC>

export const parseDocumentQuery = (query: LocationQuery): DocumentFilters => parseQuery(DOCUMENT_SPEC, query)

export function documentApiQuery(f: DocumentFilters, paging = true): DocumentListQuery {
  const q: DocumentListQuery = { ordering: '-issued_on' }
  if (paging) {
    q.page = f.page
    q.page_size = f.page_size
  }
  if (f.q) q.q = f.q
  if (f.status.length) q.status = f.status as DocumentStatus[]
  if (f.year) q.year = Number(f.year)
  return q
}

export const DOCUMENT_COLUMNS: Column<NormativeDocument>[] = [
  ['文号', (d) => d.number],
  ['标题', (d) => d.title],
  ['制发单位', (d) => d.issuing_unit],
  ['印发日期', (d) => d.issued_on],
  ['施行日期', (d) => d.effective_on ?? ''],
  ['有效期至', (d) => d.expires_on ?? ''],
  ['状态', (d) => R.docStatus[d.status]],
  ['状态变更日期', (d) => d.status_changed_on ?? ''],
]

export const CERTIFICATION_COLUMNS: Column<CertificationMatter>[] = [
  ['事项名称', (c) => c.name],
  ['用途', (c) => c.purpose],
  ['开具单位', (c) => c.issuing_body],
  ['设定依据', (c) => c.legal_basis],
  ['告知承诺制', (c) => (c.notification_commitment ? '是' : '否')],
  ['状态', (c) => R.certStatus[c.status]],
  ['取消日期', (c) => c.cancelled_on ?? ''],
  ['取消依据', (c) => c.cancellation_basis],
]

export const POWER_COLUMNS: Column<PowerItem>[] = [
  ['序号', (p) => p.position],
  ['编码', (p) => p.code ?? ''],
  ['职权名称', (p) => p.name],
  ['职权类别', (p) => R.powerKindName[p.kind]],
  ['设定依据', (p) => p.legal_basis],
  ['实施机构', (p) => p.responsible_unit],
  ['责任事项', (p) => p.responsibilities],
  ['追责情形', (p) => p.accountability],
]

// ---- the annual report ------------------------------------------------------------------------

export interface ReportChart {
  title: string
  rows: [string, number][]
}

type Rec = Record<string, unknown>
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {})
const list = (v: unknown): Rec[] => (Array.isArray(v) ? v.map(rec) : [])
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0)
const str = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''))

/** The report's bar charts, the same groups as the server's SVG chart (registers/statistics.py chart_groups). */
export function reportCharts(figures: unknown): ReportChart[] {
  const f = rec(figures)
  const cases = rec(f.cases)
  const totals = rec(cases.totals)
  const penalties = rec(f.penalties)
  const hearings = rec(f.hearings)
  const reviews = rec(f.legal_reviews)
  const lit = rec(f.litigation)
  const disclosure = rec(f.disclosure)
  return [
    { title: '立案（按当事人类别）', rows: list(cases.by_type).map((r) => [str(r.label), num(r.filed)]) },
    {
      title: '办理结果',
      rows: [
        ['作出处罚决定', num(totals.penalty)],
        ['不予处罚', num(totals.no_penalty)],
        ['撤案', num(totals.dropped)],
        ['移送', num(totals.transferred)],
      ],
    },
    { title: '行政处罚种类', rows: list(penalties.by_kind).map((r) => [str(r.label), num(r.count)]) },
    {
      title: '听证和法制审核',
      rows: [
        ['申请听证', num(hearings.requested)],
        ['举行听证', num(hearings.held)],
        ['提交法制审核', num(reviews.submitted)],
        ['审核办结', num(reviews.concluded)],
        ['重大执法决定', num(reviews.major_decisions)],
      ],
    },
    {
      title: '行政复议和行政诉讼',
      rows: [
        ['行政复议收案', num(lit.reconsiderations)],
        ['行政诉讼收案', num(lit.lawsuits)],
        ['已有结果', num(lit.concluded)],
      ],
    },
    {
      title: '行政执法公示及时性',
      rows: [
        ['按期公示', num(disclosure.on_time)],
        ['逾期公示', num(disclosure.late)],
        ['逾期未公示', num(disclosure.pending_overdue)],
      ],
    },
  ]
}

/** Headline figures: fines, penalised cases, on-time disclosure. */
export function reportHeadlines(figures: unknown) {
  const f = rec(figures)
  const penalties = rec(f.penalties)
  const disclosure = rec(f.disclosure)
  const rate = disclosure.on_time_rate_percent
  return {
    penalisedCases: num(penalties.cases),
    finesYuan: str(penalties.fines_yuan || '0.00'),
    onTimeRate: rate === null || rate === undefined ? null : num(rate),
  }
}
