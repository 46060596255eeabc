/** Enforcement cases: list, detail, the procedure's transitions, and what hangs off a case. */
import { api, cursorFrom, unwrap, unwrapWithResponse } from './client'
import type {
  CaseDetail,
  CaseExecution,
  CaseListQuery,
  CaseStatement,
  CaseSummary,
  CaseTransition,
  CaseWrite,
  EvidenceItem,
  InvestigativeRecord,
} from './types'
import type { CursorPage } from './registry'
import type { components } from './schema'

export async function listCases(query: CaseListQuery): Promise<CursorPage<CaseSummary>> {
  const page = await unwrap(api.GET('/api/cases/', { params: { query } }))
  return { results: page.results, next: cursorFrom(page.next), previous: cursorFrom(page.previous) }
}

/** Every case matching the query, page by page (for export). Stops after `maxRows`. */
export async function listAllCases(
  query: CaseListQuery,
  { maxRows = 20000, onProgress }: { maxRows?: number; onProgress?: (loaded: number) => void } = {},
): Promise<{ rows: CaseSummary[]; complete: boolean }> {
  const rows: CaseSummary[] = []
  let cursor: string | undefined
  for (;;) {
    const page = await listCases({ ...query, cursor, page_size: 500 })
    rows.push(...page.results)
    onProgress?.(rows.length)
    if (!page.next) return { rows, complete: true }
    if (rows.length >= maxRows) return { rows, complete: false }
    cursor = page.next
  }
}

export function getCase(id: number): Promise<CaseDetail> {
  return unwrap(api.GET('/api/cases/{id}/', { params: { path: { id } } }))
}

export function createCase(body: CaseWrite): Promise<CaseDetail> {
  return unwrap(api.POST('/api/cases/', { body }))
}

/**
 * One step of the procedure, sent with the version the user saw: a 409 ApiError with code
 * `legal_gate` carries the law's reason, `version_conflict` means someone moved the case first.
 */
export async function transitionCase(id: number, version: number, body: CaseTransition): Promise<CaseDetail> {
  const { data } = await unwrapWithResponse(
    api.POST('/api/cases/{id}/transitions/', {
      params: { path: { id }, header: { 'If-Match': `"${version}"` } },
      body: { ...body, version },
    }),
  )
  return data
}

export function recordStatement(id: number, version: number, body: CaseStatement): Promise<CaseDetail> {
  return unwrap(api.POST('/api/cases/{id}/statement/', { params: { path: { id } }, headers: { 'If-Match': `"${version}"` }, body }))
}

export function recordExecution(id: number, version: number, body: CaseExecution): Promise<CaseDetail> {
  return unwrap(api.POST('/api/cases/{id}/execution/', { params: { path: { id } }, headers: { 'If-Match': `"${version}"` }, body }))
}

export function createInvestigativeRecord(id: number, body: InvestigativeRecord) {
  return unwrap(api.POST('/api/cases/{id}/documents/', { params: { path: { id } }, body }))
}

export function caseTimeline(id: number) {
  return unwrap(api.GET('/api/cases/{id}/timeline/', { params: { path: { id } } }))
}

export function caseDeadlines(id: number) {
  return unwrap(api.GET('/api/cases/{id}/deadlines/', { params: { path: { id } } }))
}

export function caseDocuments(id: number) {
  return unwrap(api.GET('/api/cases/{id}/documents/', { params: { path: { id } } }))
}

/** The case's evidence items, newest first. */
export async function caseEvidence(id: number): Promise<EvidenceItem[]> {
  const page = await unwrap(api.GET('/api/evidence/', { params: { query: { case: id, page_size: 200 } } }))
  return page.results
}

export function getEvidenceItem(id: number) {
  return unwrap(api.GET('/api/evidence/{id}/', { params: { path: { id: String(id) } } }))
}

export function getUpload(uid: string) {
  return unwrap(api.GET('/api/evidence/uploads/{uid}/', { params: { path: { uid } } }))
}

export function documentPdfUrl(id: number, inline = false): string {
  return `/api/documents/${id}/pdf/${inline ? '?inline=1' : ''}`
}

/** What the agency's electronic seal on a document's PDF says (GET /api/documents/{id}/signature/). */
export interface DocumentSeal {
  signed: boolean
  valid: boolean
  intact: boolean
  covers_whole_file: boolean
  trusted: boolean
  signer: string
  signing_time: string | null
  reason: string
  chain: string[]
  sha256: string
  summary: string
  recorded_sha256: string
  matches_record: boolean
  document: { id: number; number: string } | null
  /** The signer's certificate is on the issuing CA's revocation list (吊销), since `revoked_at`; a seal made
   * before that (by its signing time) stays valid. */
  revoked: boolean
  revoked_at: string | null
  signed_before_revocation: boolean
}

/** Re-validate the seal of a document's stored PDF (校验): signer, signing time, certificate chain, integrity. */
export async function documentSeal(id: number): Promise<DocumentSeal> {
  const seal = await unwrap(api.GET('/api/documents/{id}/signature/', { params: { path: { id } } }))
  return seal as unknown as DocumentSeal
}

export async function listViolationGrounds() {
  const page = await unwrap(api.GET('/api/violation-grounds/', { params: { query: { active: true, page_size: 500 } } }))
  return page.results
}

export type Preservation = components['schemas']['Preservation']
export type Recusal = components['schemas']['Recusal']

/** 回避 applications of the case and the leader's decisions, oldest first (made through its transitions). */
export function caseRecusals(id: number): Promise<Recusal[]> {
  return unwrap(api.GET('/api/cases/{id}/recusals/', { params: { path: { id } } }))
}

/** 先行登记保存 of the case, oldest first; their 7-working-day deadlines are among the case's deadlines. */
export function casePreservations(id: number): Promise<Preservation[]> {
  return unwrap(api.GET('/api/cases/{id}/preservations/', { params: { path: { id } } }))
}

/**
 * Request preservation of evidence that may be lost or hard to obtain later (the case's officers, during the
 * investigation): the items and the reason; nothing is preserved until a leader approves it.
 */
export function registerPreservation(id: number, body: components['schemas']['PreservationRequest']): Promise<Preservation> {
  return unwrap(api.POST('/api/cases/{id}/preservations/', { params: { path: { id } }, body }))
}

/**
 * A leader approves or refuses (with the reason) a pending request: the case transition `approve_preservation`,
 * sent with the case version the leader saw. Approved, the items are preserved that day and their 7 working days run.
 */
export function approvePreservation(
  id: number,
  version: number,
  body: { preservation: number; approved: boolean; reason?: string; date?: string },
): Promise<CaseDetail> {
  return transitionCase(id, version, { action: 'approve_preservation', ...body })
}

/** The decision on approved, preserved items (Art. 56): how they are dealt with, dated between their preservation and today. */
export function resolvePreservation(
  id: number,
  preservationId: number,
  body: components['schemas']['PreservationResolveRequest'],
): Promise<Preservation> {
  return unwrap(
    api.POST('/api/cases/{id}/preservations/{preservation_id}/resolve/', {
      params: { path: { id, preservation_id: String(preservationId) } },
      body,
    }),
  )
}

/** 认定为重大执法决定: the case then needs legal review (法制审核) before its decision. */
export function flagMajor(id: number, version: number, reason: string, complex = false): Promise<CaseDetail> {
  return unwrap(
    api.POST('/api/cases/{id}/flag-major/', { params: { path: { id } }, headers: { 'If-Match': `"${version}"` }, body: { reason, complex } }),
  )
}
