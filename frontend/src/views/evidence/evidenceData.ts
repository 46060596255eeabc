/** The evidence list's filters in the URL, its Excel sheet, and small formatting helpers (pure, unit-tested). */
import type { LocationQuery } from 'vue-router'
import { EVIDENCE_KINDS, EVIDENCE_STATUSES, type EvidenceKind, type EvidenceListQuery, type EvidenceRow, type EvidenceStatus } from '@/api/evidence'
import zhCN from '@/locales/zh-CN'
import { DATE_PATTERN, parseQuery, type QuerySpec, type QueryValues } from '@/utils/listQuery'
import type { Column } from '@/views/dashboard/sheet'

export const PAGE_SIZES = [20, 50, 100] as const

export const EVIDENCE_SPEC = {
  kind: { kind: 'strings', allowed: EVIDENCE_KINDS },
  status: { kind: 'strings', allowed: EVIDENCE_STATUSES },
  sha256: { kind: 'string', pattern: /^[0-9a-f]{64}$/ },
  collected_after: { kind: 'string', pattern: DATE_PATTERN },
  collected_before: { kind: 'string', pattern: DATE_PATTERN },
  cursor: { kind: 'string' },
  page_size: { kind: 'number', default: 20, allowed: [...PAGE_SIZES] },
} as const satisfies QuerySpec
export type EvidenceFilters = QueryValues<typeof EVIDENCE_SPEC>

export const parseEvidenceQuery = (query: LocationQuery): EvidenceFilters => parseQuery(EVIDENCE_SPEC, query)

export function evidenceApiQuery(f: EvidenceFilters): EvidenceListQuery {
  const q: EvidenceListQuery = { page_size: f.page_size }
  if (f.cursor) q.cursor = f.cursor
  if (f.kind.length) q.kind = f.kind as EvidenceKind[]
  if (f.status.length) q.status = f.status as EvidenceStatus[]
  if (f.sha256) q.sha256 = f.sha256
  if (f.collected_after) q.collected_after = f.collected_after
  if (f.collected_before) q.collected_before = f.collected_before
  return q
}

/** Sizes as people read them: 812 B, 3.4 KB, 120.5 MB. */
export function fileSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—'
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`
}

export const EVIDENCE_COLUMNS: Column<EvidenceRow>[] = [
  ['证据名称', (e) => e.title],
  ['种类', (e) => zhCN.evidence.kindName[e.kind]],
  ['案件', (e) => e.case_number],
  ['收集时间', (e) => (e.collected_at ? e.collected_at.slice(0, 16).replace('T', ' ') : '')],
  ['收集地点', (e) => e.collected_place],
  ['收集人员', (e) => e.collectors.join('、')],
  ['记录仪', (e) => e.device_serial],
  ['文件名', (e) => e.filename],
  ['大小（字节）', (e) => e.size],
  ['SHA-256', (e) => e.sha256],
  ['状态', (e) => zhCN.evidence.statusName[e.status]],
  ['已作为定案证据', (e) => (e.is_case_evidence ? '是' : '否')],
  ['保存至', (e) => e.retain_until ?? '永久'],
]

/**
 * Whether disposal may be asked for: the server's rule (zhifa/evidence/services.py) minus the case's state, which the
 * list does not carry: an item still active, not case evidence, whose retention period has run out.
 */
export function disposalAllowed(e: Pick<EvidenceRow, 'status' | 'is_case_evidence' | 'retain_until'>, today: string): boolean {
  return e.status === 'active' && !e.is_case_evidence && e.retain_until !== null && e.retain_until <= today
}
