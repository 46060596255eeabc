/** The organisations list's URL query: what it may hold, and how it maps onto the API's filters. */
import type { LocationQuery } from 'vue-router'
import type { OrganisationListQuery, OrganisationStatus, OrganisationType } from '@/api/types'
import { ORG_STATUSES, ORG_TYPES } from '@/utils/codes'
import { DATE_PATTERN, parseQuery, toRouteQuery, type QuerySpec, type QueryValues } from '@/utils/listQuery'

export const SORTABLE = ['name', 'credit_code', 'registration_date', 'status'] as const
export const ORDERINGS = ['', ...SORTABLE, ...SORTABLE.map((f) => `-${f}`)] as const
export const PAGE_SIZES = [20, 50, 100, 200] as const

export const ORGANISATION_QUERY = {
  q: { kind: 'string' },
  type: { kind: 'strings', allowed: ORG_TYPES },
  status: { kind: 'strings', allowed: ORG_STATUSES },
  registered_after: { kind: 'string', pattern: DATE_PATTERN },
  registered_before: { kind: 'string', pattern: DATE_PATTERN },
  has_code_warning: { kind: 'string', allowed: ['', 'true', 'false'] },
  ordering: { kind: 'string', allowed: ORDERINGS },
  page_size: { kind: 'number', default: 50, allowed: PAGE_SIZES },
  cursor: { kind: 'string' },
} as const satisfies QuerySpec

export type OrganisationFilters = QueryValues<typeof ORGANISATION_QUERY>

export function parseOrganisationQuery(query: LocationQuery): OrganisationFilters {
  return parseQuery(ORGANISATION_QUERY, query)
}

export function organisationRouteQuery(filters: Partial<OrganisationFilters>) {
  return toRouteQuery(ORGANISATION_QUERY, filters)
}

/** The API query for the filters. Without the cursor and page size when `allPages` (export). */
export function organisationApiQuery(filters: OrganisationFilters, { allPages = false } = {}): OrganisationListQuery {
  const query: OrganisationListQuery = {}
  if (filters.q) query.q = filters.q
  if (filters.type.length) query.type = filters.type as OrganisationType[]
  if (filters.status.length) query.status = filters.status as OrganisationStatus[]
  if (filters.registered_after) query.registered_after = filters.registered_after
  if (filters.registered_before) query.registered_before = filters.registered_before
  if (filters.has_code_warning) query.has_code_warning = filters.has_code_warning === 'true'
  if (filters.ordering) query.ordering = filters.ordering
  if (!allPages) {
    query.page_size = filters.page_size
    if (filters.cursor) query.cursor = filters.cursor
  }
  return query
}

/** Whether any filter (not paging or ordering) is set. */
export function hasFilters(filters: OrganisationFilters): boolean {
  return Boolean(
    filters.q ||
      filters.type.length ||
      filters.status.length ||
      filters.registered_after ||
      filters.registered_before ||
      filters.has_code_warning,
  )
}
