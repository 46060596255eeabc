import { api, unwrap } from './client'
import type { UserListQuery } from './types'

export function listUsers(query: UserListQuery) {
  return unwrap(api.GET('/api/users/', { params: { query } }))
}

export function listUnits() {
  return unwrap(api.GET('/api/units/', { params: { query: { page_size: 500 } } }))
}
