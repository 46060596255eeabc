/** The dashboard's reads across areas: each role's tasks, deadlines, statistics and alarms. */
import { api, unwrap } from '@/api/client'
import type { components } from '@/api/schema'

type Schemas = components['schemas']
export type DueDeadline = Schemas['DueDeadline']
export type CaseStatistics = Schemas['CaseStatistics']
export type CaseRow = Schemas['CaseList']
export type ReviewRow = Schemas['Review']
export type ReviewStatistics = Schemas['ReviewStatistics']
export type FixityAlarm = Schemas['FixityAlarm']
export type CaseStateCode = Schemas['CaseStateEnum']

/** Cases still being handled (not closed, archived, dropped or transferred). */
export const OPEN_CASE_STATES: CaseStateCode[] = [
  'lead',
  'filed',
  'investigating',
  'investigation_closed',
  'legal_review',
  'deliberation',
  'notified',
  'hearing',
  'decided',
  'served',
  'executing',
]
/** Where a leader acts: approving filing, and deciding after deliberation. */
export const LEADER_CASE_STATES: CaseStateCode[] = ['lead', 'deliberation']
export const ALL_CASE_STATES: CaseStateCode[] = [
  ...OPEN_CASE_STATES,
  'closed',
  'archived',
  'dropped',
  'transferred',
]

export function dueDeadlines(mine: boolean): Promise<DueDeadline[]> {
  return unwrap(api.GET('/api/cases/deadlines/', { params: { query: { mine } } }))
}

export function caseStatistics(year: number): Promise<CaseStatistics> {
  return unwrap(api.GET('/api/cases/statistics/', { params: { query: { year } } }))
}

export async function casesWaiting(query: { officer?: number; state: CaseStateCode[] }): Promise<CaseRow[]> {
  const page = await unwrap(
    api.GET('/api/cases/', { params: { query: { ...query, page_size: 10, ordering: 'received_on' } } }),
  )
  return page.results
}

export async function myReviewQueue(): Promise<ReviewRow[]> {
  const page = await unwrap(
    api.GET('/api/reviews/', {
      params: { query: { mine: true, state__in: ['submitted', 'under_review', 'disputed'], page_size: 10, ordering: 'due_date' } },
    }),
  )
  return page.results
}

export function reviewStatistics(start: string, end: string): Promise<ReviewStatistics> {
  return unwrap(api.GET('/api/reviews/statistics/', { params: { query: { start, end } } }))
}

export async function openFixityAlarms(): Promise<{ count: number; results: FixityAlarm[] }> {
  return unwrap(api.GET('/api/evidence/alarms/', { params: { query: { status: 'open', page_size: 10 } } }))
}
