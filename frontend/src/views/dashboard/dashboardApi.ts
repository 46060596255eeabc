/** The dashboard's one read: GET /api/dashboard/ answers the requesting user's role in one request. */
import { api, unwrap } from '@/api/client'
import type { components } from '@/api/schema'

type Schemas = components['schemas']
export type Dashboard = Schemas['Dashboard']
export type DashboardRow = Schemas['DashboardRow']
export type CaseStatistics = Schemas['CaseStatistics']
export type CaseStateCode = Schemas['CaseStateEnum']

export const ALL_CASE_STATES: CaseStateCode[] = [
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
  'closed',
  'archived',
  'dropped',
  'transferred',
]

export function fetchDashboard(): Promise<Dashboard> {
  return unwrap(api.GET('/api/dashboard/'))
}
