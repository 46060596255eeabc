import { api, cursorFrom, unwrap, unwrapWithResponse } from './client'
import type {
  AnnualInspection,
  AnnualInspectionListQuery,
  HistoryEvent,
  IllegalOrganisationListQuery,
  ImportReport,
  Organisation,
  OrganisationListQuery,
  OrganisationPatch,
} from './types'

export interface CursorPage<T> {
  results: T[]
  next: string | null
  previous: string | null
}

export async function listOrganisations(query: OrganisationListQuery): Promise<CursorPage<Organisation>> {
  const page = await unwrap(api.GET('/api/organisations/', { params: { query } }))
  return { results: page.results, next: cursorFrom(page.next), previous: cursorFrom(page.previous) }
}

/**
 * Every organisation matching the query, page by page (for export and statistics).
 * Stops after `maxRows`; `complete` tells whether everything was read.
 */
export async function listAllOrganisations(
  query: OrganisationListQuery,
  { maxRows = 20000, onProgress }: { maxRows?: number; onProgress?: (loaded: number) => void } = {},
): Promise<{ rows: Organisation[]; complete: boolean }> {
  const rows: Organisation[] = []
  let cursor: string | undefined
  for (;;) {
    const page = await listOrganisations({ ...query, cursor, page_size: 500 })
    rows.push(...page.results)
    onProgress?.(rows.length)
    if (!page.next) return { rows, complete: true }
    if (rows.length >= maxRows) return { rows, complete: false }
    cursor = page.next
  }
}

export interface Versioned<T> {
  data: T
  /** The version to send back as If-Match. */
  etag: string
}

export async function getOrganisation(id: number): Promise<Versioned<Organisation>> {
  const { data, response } = await unwrapWithResponse(
    api.GET('/api/organisations/{id}/', { params: { path: { id } } }),
  )
  return { data, etag: response.headers.get('ETag') ?? `"${data.version}"` }
}

/** PATCH with If-Match: a 409 ApiError (code version_conflict) means someone else saved first. */
export async function updateOrganisation(id: number, etag: string, patch: OrganisationPatch): Promise<Versioned<Organisation>> {
  const { data, response } = await unwrapWithResponse(
    api.PATCH('/api/organisations/{id}/', {
      params: { path: { id }, header: { 'If-Match': etag } },
      body: patch,
    }),
  )
  return { data, etag: response.headers.get('ETag') ?? `"${data.version}"` }
}

export function organisationHistory(id: number): Promise<HistoryEvent[]> {
  return unwrap(api.GET('/api/organisations/{id}/history/', { params: { path: { id } } }))
}

/** Bulk import: all rows or none. A rejected file throws an ApiError whose rowErrors() lists each bad row. */
export function importOrganisations(file: File, dryRun: boolean): Promise<ImportReport> {
  const form = new FormData()
  form.append('file', file, file.name)
  form.append('dry_run', dryRun ? 'true' : 'false')
  return unwrap(
    api.POST('/api/organisations/import/', {
      // The generated type describes the multipart fields; the FormData built above carries them.
      body: { file: '', dry_run: dryRun },
      bodySerializer: () => form,
    }),
  )
}

export interface NumberedPage<T> {
  count: number
  results: T[]
}

export function listAnnualInspections(query: AnnualInspectionListQuery): Promise<NumberedPage<AnnualInspection>> {
  return unwrap(api.GET('/api/annual-inspections/', { params: { query } }))
}

export function listIllegalOrganisations(query: IllegalOrganisationListQuery) {
  return unwrap(api.GET('/api/illegal-organisations/', { params: { query } }))
}

/** How many objects a page-numbered list holds for the query (one row is fetched). */
export async function countAnnualInspections(query: AnnualInspectionListQuery): Promise<number> {
  return (await listAnnualInspections({ ...query, page_size: 1 })).count
}

export async function countIllegalOrganisations(query: IllegalOrganisationListQuery): Promise<number> {
  return (await listIllegalOrganisations({ ...query, page_size: 1 })).count
}
