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

export function listMatters(query: MatterListQuery) {
  return unwrap(api.GET('/api/litigation/', { params: { query } }))
}

export function getMatter(id: number): Promise<Matter> {
  return unwrap(api.GET('/api/litigation/{id}/', { params: { path: { id } } }))
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
