/** 行政复议与应诉 (litigation): matters, their deadlines and hearings, statistics, and the court evidence package. */
import { api, unwrap } from './client'
import type { components, operations } from './schema'

type Schemas = components['schemas']

export type Matter = Schemas['Matter']
export type MatterKind = Schemas['MatterKindEnum']
export type MatterState = Schemas['MatterStateEnum']
export type MatterOutcome = Schemas['LitigationOutcomeEnum']
export type MatterDeadline = Schemas['MatterDeadline']
export type Hearing = Schemas['Hearing']
export type HearingRecord = Schemas['HearingRecordRequest']
export type MatterWrite = Schemas['MatterRequest']
export type MatterOutcomeWrite = Schemas['MatterOutcomeRequest']
export type OutcomeForm = MatterOutcomeWrite['outcome_form']
export type LitigationStatistics = Schemas['LitigationStatistics']
export type FrozenEvidence = Schemas['FrozenEvidence']
export type ExportJob = Schemas['ExportJob']
export type MatterListQuery = NonNullable<operations['litigation_list']['parameters']['query']>

export const MATTER_KINDS: MatterKind[] = [
  'reconsideration',
  'reconsideration_simple',
  'first_instance',
  'second_instance',
  'retrial',
]
export const MATTER_STATES: MatterState[] = ['open', 'concluded', 'closed']
export const MATTER_OUTCOMES: MatterOutcome[] = [
  'upheld',
  'rejected',
  'revoked',
  'changed',
  'confirmed_illegal',
  'confirmed_void',
  'withdrawn',
  'settled',
]

export const OUTCOME_FORMS: OutcomeForm[] = ['judgment', 'ruling', 'reconsideration_decision', 'mediation']

export function listMatters(query: MatterListQuery) {
  return unwrap(api.GET('/api/litigation/', { params: { query } }))
}

export function getMatter(id: number): Promise<Matter> {
  return unwrap(api.GET('/api/litigation/{id}/', { params: { path: { id } } }))
}

/** 登记复议诉讼案件: legal advisers, leaders and administrators log a new matter. */
export function createMatter(body: MatterWrite): Promise<Matter> {
  return unwrap(api.POST('/api/litigation/', { body }))
}

/** 已提交答辩状（答复）及证据、依据. */
export function recordResponse(id: number, date: string): Promise<Matter> {
  return unwrap(api.POST('/api/litigation/{id}/response/', { params: { path: { id } }, body: { date } }))
}

/** The judgment (ruling, reconsideration decision); the version read goes as If-Match, so a 409 means someone acted first. */
export function recordOutcome(id: number, version: number, body: MatterOutcomeWrite): Promise<Matter> {
  return unwrap(
    api.POST('/api/litigation/{id}/outcome/', { params: { path: { id } }, headers: { 'If-Match': `"${version}"` }, body }),
  )
}

export function recordAppeal(id: number, date: string): Promise<Matter> {
  return unwrap(api.POST('/api/litigation/{id}/appeal/', { params: { path: { id } }, body: { date } }))
}

/** 复议法 Art. 62: the organ extended its decision period (once, at most 30 days); the deadline moves. */
export function recordExtension(id: number, date: string, days: number): Promise<Matter> {
  return unwrap(api.POST('/api/litigation/{id}/extension/', { params: { path: { id } }, body: { date, days } }))
}

/** 结案: the server asks for a note when a deadline was missed. */
export function closeMatter(id: number, date: string, note: string): Promise<Matter> {
  return unwrap(api.POST('/api/litigation/{id}/close/', { params: { path: { id } }, body: { date, note } }))
}

export function scheduleHearing(id: number, body: Schemas['HearingRequest']): Promise<Matter> {
  return unwrap(api.POST('/api/litigation/{id}/hearings/', { params: { path: { id } }, body }))
}

/** 负责人出庭应诉: the head of the agency appeared, or a delegate did, with the reason. */
export function recordHearing(id: number, hearingId: number, body: HearingRecord): Promise<Matter> {
  return unwrap(
    api.POST('/api/litigation/{id}/hearings/{hearing_id}/record/', {
      params: { path: { id, hearing_id: String(hearingId) } },
      body,
    }),
  )
}

export function frozenEvidence(id: number): Promise<FrozenEvidence> {
  return unwrap(api.GET('/api/litigation/{id}/evidence/', { params: { path: { id } } }))
}

export function litigationStatistics(year: number): Promise<LitigationStatistics> {
  return unwrap(api.GET('/api/litigation/statistics/', { params: { query: { year } } }))
}

/** Ask for the court evidence package; the server builds it as a background export job. */
export function requestPackage(id: number): Promise<ExportJob> {
  return unwrap(api.POST('/api/litigation/{id}/package/', { params: { path: { id } } }))
}

export function getExportJob(id: number): Promise<ExportJob> {
  return unwrap(api.GET('/api/exports/{id}/', { params: { path: { id } } }))
}

/** A job's progress in percent (null while the size of the work is unknown). */
export function jobPercent(job: Pick<ExportJob, 'status' | 'progress' | 'total'>): number | null {
  if (job.status === 'done') return 100
  if (!job.total) return job.status === 'queued' ? 0 : null
  return Math.max(0, Math.min(99, Math.floor((job.progress / job.total) * 100)))
}

export const JOB_FINISHED = (job: Pick<ExportJob, 'status'>) => job.status === 'done' || job.status === 'failed'
