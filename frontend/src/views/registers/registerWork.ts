/**
 * The registers' day-to-day forms, kept out of the components so they can be tested: what changed in an edited
 * document or certification matter (only that is sent), the clean-up campaign's forms, the conflicts a draw's
 * published pool excludes, and which notice of a register is live on the public site.
 */
import type {
  CertificationMatter,
  CertificationPatch,
  CleanupOutcomeKind,
  DocumentPatch,
  NormativeDocument,
  RegisterPublication,
} from '@/api/registers'
import type { components } from '@/api/schema'

type Schemas = components['schemas']

/** 50 MB, the server's limit on an attachment. */
export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024

// ---- editing a normative document -------------------------------------------------------------------

export interface DocumentEdit {
  title: string
  issuing_unit: string
  effective_on: string
  expires_on: string
  full_text: string
}

export const documentEdit = (d: NormativeDocument & { full_text?: string }): DocumentEdit => ({
  title: d.title,
  issuing_unit: d.issuing_unit,
  effective_on: d.effective_on ?? '',
  expires_on: d.expires_on ?? '',
  full_text: d.full_text ?? '',
})

/** The fields that changed, as the PATCH body (empty when nothing did). */
export function documentPatch(original: DocumentEdit, edit: DocumentEdit): DocumentPatch {
  const patch: DocumentPatch = {}
  if (edit.title.trim() !== original.title) patch.title = edit.title.trim()
  if (edit.issuing_unit.trim() !== original.issuing_unit) patch.issuing_unit = edit.issuing_unit.trim()
  if (edit.effective_on !== original.effective_on) patch.effective_on = edit.effective_on || null
  if (edit.expires_on !== original.expires_on) patch.expires_on = edit.expires_on || null
  if (edit.full_text !== original.full_text) patch.full_text = edit.full_text
  return patch
}

// ---- editing a certification matter ------------------------------------------------------------------

export interface CertificationEdit {
  legal_basis: string
  issuing_body: string
  purpose: string
  notification_commitment: boolean
}

export const certificationEdit = (m: CertificationMatter): CertificationEdit => ({
  legal_basis: m.legal_basis,
  issuing_body: m.issuing_body,
  purpose: m.purpose,
  notification_commitment: m.notification_commitment,
})

export function certificationPatch(original: CertificationEdit, edit: CertificationEdit): CertificationPatch {
  const patch: CertificationPatch = {}
  for (const key of ['legal_basis', 'issuing_body', 'purpose'] as const) {
    if (edit[key].trim() !== original[key]) patch[key] = edit[key].trim()
  }
  if (edit.notification_commitment !== original.notification_commitment) patch.notification_commitment = edit.notification_commitment
  return patch
}

// ---- clean-up campaigns ----------------------------------------------------------------------------

export interface CampaignDraft {
  title: string
  basis: string
  started_on: string
}

export function campaignPayload(d: CampaignDraft): Schemas['CleanupCampaignCreateRequest'] {
  return { title: d.title.trim(), basis: d.basis.trim(), started_on: d.started_on }
}

export interface OutcomeDraft {
  document: number | null
  outcome: CleanupOutcomeKind | ''
  reason: string
}

/** The message keys of what is missing in an outcome (empty when it can be sent). */
export function outcomeProblems(d: OutcomeDraft): string[] {
  const problems: string[] = []
  if (!d.document) problems.push('registers.documentRequired')
  if (!d.outcome) problems.push('registers.cleanupOutcomeRequired')
  if (!d.reason.trim()) problems.push('registers.reasonRequired')
  return problems
}

export function outcomePayload(d: OutcomeDraft): Schemas['CleanupOutcomeWriteRequest'] {
  return { document: d.document ?? 0, outcome: d.outcome as CleanupOutcomeKind, reason: d.reason.trim() }
}

/** How many documents concluding will change (amended or invalidated; kept ones stay as they are). */
export const statusChanges = (outcomes: { outcome: CleanupOutcomeKind }[]) => outcomes.filter((o) => o.outcome !== 'keep').length

// ---- conflicts of interest in a draw's published pool --------------------------------------------------

export interface ConflictRow {
  inspector: number
  inspectorName: string
  organisation: number
  organisationName: string
  reason: string
}

type Rec = Record<string, unknown>
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {})

/** The pairs the pool marks as conflicts (pool.conflicts: [inspector, organisation][]), with names and reasons. */
export function poolConflicts(pool: unknown): ConflictRow[] {
  const p = rec(pool)
  const names = rec(p.names)
  const inspectors = rec(names.inspectors)
  const targets = rec(names.targets)
  const reasons = rec(p.conflict_reasons)
  const pairs = Array.isArray(p.conflicts) ? p.conflicts : []
  return pairs
    .filter((pair): pair is [number, number] => Array.isArray(pair) && pair.length === 2 && pair.every((n) => typeof n === 'number'))
    .map(([i, o]) => ({
      inspector: i,
      inspectorName: String(inspectors[String(i)] ?? `#${i}`),
      organisation: o,
      organisationName: String(targets[String(o)] ?? `#${o}`),
      reason: String(reasons[`${i}:${o}`] ?? ''),
    }))
}

// ---- the register on the public site ------------------------------------------------------------------

/** Of a register's publications (newest first), the newest notice and the newest published one. */
export function publicationStatus(publications: RegisterPublication[], reference?: string) {
  const mine = reference ? publications.filter((p) => p.reference === reference) : publications
  const sorted = [...mine].sort((a, b) => b.id - a.id)
  const latest = sorted[0] ?? null
  const live = sorted.find((p) => p.notice_state === 'published') ?? null
  return { latest, live, pending: latest !== null && latest !== live && !['withdrawn', 'not_published', 'expired'].includes(latest.notice_state) }
}

/** Bytes as people read them: 912 B, 14.2 KB, 3.1 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
