/** Each user's saved views of the lists (named filter sets), kept on the server. */
import { api, unwrap } from './client'
import type { components } from './schema'

export type ServerSavedView = components['schemas']['SavedView']

export function listSavedViews(list: string) {
  return unwrap(api.GET('/api/saved-views/', { params: { query: { list } } }))
}

/** Save the filters under `name`; a view of that name on the same list is replaced. */
export function saveSavedView(list: string, name: string, query: Record<string, unknown>) {
  return unwrap(api.POST('/api/saved-views/', { body: { list, name, query } }))
}

export function deleteSavedView(id: number) {
  return unwrap(api.DELETE('/api/saved-views/{id}/', { params: { path: { id } } }))
}
