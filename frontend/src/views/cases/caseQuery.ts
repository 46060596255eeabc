/** The case list's URL query: what it may hold, and how it maps onto the API's filters. */
import type { LocationQuery } from 'vue-router'
import type { CaseListQuery, CaseState } from '@/api/types'
import { parseQuery, toRouteQuery, type QuerySpec, type QueryValues } from '@/utils/listQuery'

export const CASE_STATES = [
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
] as const satisfies readonly CaseState[]

export const PARTY_KINDS = ['organisation', 'illegal_organisation', 'person'] as const
export const SORTABLE = ['received_on', 'filed_on', 'decided_on', 'number_sequence', 'state'] as const
export const ORDERINGS = ['', ...SORTABLE, ...SORTABLE.map((f) => `-${f}`)] as const
export const PAGE_SIZES = [20, 50, 100, 200] as const
const ID = /^\d{1,9}$/

export const CASE_QUERY = {
  q: { kind: 'string' },
  state: { kind: 'strings', allowed: CASE_STATES },
  party_kind: { kind: 'string', allowed: ['', ...PARTY_KINDS] },
  organisation: { kind: 'string', pattern: ID },
  officer: { kind: 'string', pattern: ID },
  overdue: { kind: 'string', allowed: ['', 'true', 'false'] },
  is_major: { kind: 'string', allowed: ['', 'true', 'false'] },
  ordering: { kind: 'string', allowed: ORDERINGS },
  page_size: { kind: 'number', default: 50, allowed: PAGE_SIZES },
  cursor: { kind: 'string' },
} as const satisfies QuerySpec

export type CaseFilters = QueryValues<typeof CASE_QUERY>

export function parseCaseQuery(query: LocationQuery): CaseFilters {
  return parseQuery(CASE_QUERY, query)
}

export function caseRouteQuery(filters: Partial<CaseFilters>) {
  return toRouteQuery(CASE_QUERY, filters)
}

/** The API query for the filters; without the cursor and page size when `allPages` (export). */
export function caseApiQuery(filters: CaseFilters, { allPages = false } = {}): CaseListQuery {
  const query: CaseListQuery = {}
  if (filters.q) query.q = filters.q
  if (filters.state.length) query.state = filters.state as CaseState[]
  if (filters.party_kind) query.party_kind = filters.party_kind as CaseListQuery['party_kind']
  if (filters.organisation) query.organisation = Number(filters.organisation)
  if (filters.officer) query.officer = Number(filters.officer)
  if (filters.overdue) query.overdue = filters.overdue === 'true'
  if (filters.is_major) query.is_major = filters.is_major === 'true'
  // Cases without a number sort last; the primary key keeps pages stable either way.
  query.ordering = filters.ordering || '-received_on'
  if (!allPages) {
    query.page_size = filters.page_size
    if (filters.cursor) query.cursor = filters.cursor
  }
  return query
}

export function hasFilters(filters: CaseFilters): boolean {
  return Boolean(
    filters.q || filters.state.length || filters.party_kind || filters.organisation || filters.officer || filters.overdue || filters.is_major,
  )
}
