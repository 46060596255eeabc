/** 证据与记录仪 (evidence & devices): evidence items, their chain-of-custody report, the body-worn recorder ledger, fixity alarms. */
import { api, cursorFrom, unwrap } from './client'
import type { components, operations } from './schema'

type Schemas = components['schemas']

export type EvidenceRow = Schemas['EvidenceItemList']
export type EvidenceKind = Schemas['EvidenceKindEnum']
export type EvidenceStatus = Schemas['EvidenceStatusEnum']
export type Device = Schemas['Device']
export type DeviceStatus = Schemas['RecorderDeviceStatusEnum']
export type DeviceCustody = Schemas['Custody']
export type CustodyAction = Schemas['CustodyActionEnum']
export type FixityAlarm = Schemas['FixityAlarm']
export type EvidenceListQuery = NonNullable<operations['evidence_list']['parameters']['query']>

export const EVIDENCE_KINDS: EvidenceKind[] = [
  'documentary',
  'physical',
  'audiovisual',
  'electronic',
  'witness',
  'party_statement',
  'expert_opinion',
  'inspection_record',
]
export const EVIDENCE_STATUSES: EvidenceStatus[] = ['active', 'disposal_requested', 'disposed']
export const DEVICE_STATUSES: DeviceStatus[] = ['in_service', 'under_repair', 'retired', 'lost']

export async function listEvidence(query: EvidenceListQuery) {
  const page = await unwrap(api.GET('/api/evidence/', { params: { query } }))
  return { results: page.results, next: cursorFrom(page.next), previous: cursorFrom(page.previous) }
}

/**
 * The chain-of-custody report of one item (JSON; reading it is itself logged). Its shape is the server's
 * report (evidence/custody.py): item, collection, upload, storage, fixity, accesses, derivatives,
 * admission, retention, disposal, history and the report's own SHA-256.
 */
export async function custodyReport(id: number): Promise<CustodyReport> {
  const report = await unwrap(api.GET('/api/evidence/{id}/custody/', { params: { path: { id: String(id) } } }))
  return report as unknown as CustodyReport
}

export const custodyReportPdfUrl = (id: number) => `/api/evidence/${id}/custody/pdf/`

export interface Person {
  id?: number
  name?: string
  role?: string
}

export interface CustodyReport {
  report: string
  generated_at: string
  report_sha256: string
  item: { id: number; kind_display: string; title: string; description: string; status_display: string; case: number | null; case_number: string; case_title: string; filename: string; content_type: string; size: number; sha256: string }
  collection: { collected_at: string | null; place: string; collectors: (Person | null)[]; device_serial: string; device_model: string; recording_officer: Person | null; recorded_from: string | null; recorded_to: string | null; interruptions: { started_at: string | null; ended_at: string | null; reason: string }[] }
  upload: null | { uploaded_by: Person | null; started_at: string | null; completed_at: string | null; ingested_at: string | null; size: number; client_declared_sha256: string | null; server_sha256: string; client_hash_matched: boolean | null }
  storage: { content_address: string; stored_at: string | null; sha256: string; size: number; detected_type: string; content_purged_at: string | null }
  fixity: { at: string | null; trigger_display: string; result: string; result_display: string; found_sha256: string; checked_by: Person | null }[]
  accesses: { id: number; at: string | null; user: Person | null; action_display: string; outcome: string; purpose: string; reason: string; ip: string | null }[]
  derivatives: { id: number; kind_display: string; filename: string; size: number; sha256: string; created_at: string | null }[]
  admission: { is_case_evidence: boolean; admitted_at: string | null; admitted_by: Person | null }
  retention: { retain_until: string | null; permanent: boolean }
}

export function listDevices(query: NonNullable<operations['evidence_devices_list']['parameters']['query']>) {
  return unwrap(api.GET('/api/evidence/devices/', { params: { query } }))
}

export function deviceCustody(id: number): Promise<DeviceCustody[]> {
  return unwrap(api.GET('/api/evidence/devices/{id}/custody/', { params: { path: { id } } }))
}

/** 领用 / 归还: a recorder issued to or returned by a holder. */
export function recordDeviceCustody(id: number, body: Schemas['CustodyCreateRequest']): Promise<DeviceCustody> {
  return unwrap(api.POST('/api/evidence/devices/{id}/custody/', { params: { path: { id } }, body }))
}

/** 登记执法记录仪 (leaders and administrators). */
export function createDevice(body: Schemas['DeviceWriteRequest']): Promise<Device> {
  return unwrap(api.POST('/api/evidence/devices/', { body }))
}

export type DisposalRequest = Schemas['DisposalRequest']

/** 申请销毁: an item past its retention, not case evidence, of a closed case; a leader decides. */
export function requestDisposal(itemId: number, reason: string): Promise<DisposalRequest> {
  return unwrap(api.POST('/api/evidence/{id}/disposal/', { params: { path: { id: String(itemId) } }, body: { reason } }))
}

export function listDisposals(query: NonNullable<operations['evidence_disposals_list']['parameters']['query']>) {
  return unwrap(api.GET('/api/evidence/disposals/', { params: { query } }))
}

/** A leader other than the requester approves (the original file is deleted, a tombstone kept) or refuses. */
export function decideDisposal(id: number, approve: boolean, note: string): Promise<DisposalRequest> {
  return approve
    ? unwrap(api.POST('/api/evidence/disposals/{id}/approve/', { params: { path: { id } }, body: { note } }))
    : unwrap(api.POST('/api/evidence/disposals/{id}/reject/', { params: { path: { id } }, body: { note } }))
}

export function listFixityAlarms(query: NonNullable<operations['evidence_alarms_list']['parameters']['query']>) {
  return unwrap(api.GET('/api/evidence/alarms/', { params: { query } }))
}

export function acknowledgeFixityAlarm(id: number, note: string): Promise<FixityAlarm> {
  return unwrap(api.POST('/api/evidence/alarms/{id}/acknowledge/', { params: { path: { id } }, body: { note } }))
}

/** 修改执法记录仪信息 (leaders and administrators), sent with the version the user saw. */
export function updateDevice(id: number, version: number, body: Schemas['PatchedDeviceWriteRequest']): Promise<Device> {
  return unwrap(
    api.PATCH('/api/evidence/devices/{id}/', {
      params: { path: { id } },
      headers: { 'If-Match': `"${version}"` },
      body: body as unknown as Schemas['PatchedDeviceWriteRequest'],
    }),
  )
}

export type AccessEvent = Schemas['AccessEvent']
export type AccessAction = Schemas['AccessActionEnum']
export type AccessLogQuery = NonNullable<operations['evidence_access_log_list']['parameters']['query']>
export const ACCESS_ACTIONS: AccessAction[] = ['view', 'stream', 'download', 'export', 'report', 'verify']

/** 本机关证据访问日志 (leaders), newest first, a cursor page at a time. */
export async function listAccessLog(query: AccessLogQuery) {
  const page = await unwrap(api.GET('/api/evidence/access-log/', { params: { query: { ordering: '-id', ...query } } }))
  return { results: page.results, next: cursorFrom(page.next), previous: cursorFrom(page.previous) }
}

/** One item's access log, oldest first (reading it is itself logged). */
export function itemAccesses(id: number): Promise<AccessEvent[]> {
  return unwrap(api.GET('/api/evidence/{id}/accesses/', { params: { path: { id: String(id) } } }))
}

export type Tombstone = Schemas['Tombstone']

/** 销毁记录: what remains of disposed evidence (its digest, a snapshot, who asked, who approved, why). */
export function listTombstones(query: NonNullable<operations['evidence_tombstones_list']['parameters']['query']>) {
  return unwrap(api.GET('/api/evidence/tombstones/', { params: { query } }))
}
