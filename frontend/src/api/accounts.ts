import { api, unwrap } from './client'
import type { CredentialInput, CredentialPatch, UserCreateInput, UserListQuery, UserPatch } from './types'

export function listUsers(query: UserListQuery) {
  return unwrap(api.GET('/api/users/', { params: { query } }))
}

export function listUnits() {
  return unwrap(api.GET('/api/units/', { params: { query: { page_size: 500 } } }))
}

export function createUser(body: UserCreateInput) {
  return unwrap(api.POST('/api/users/', { body }))
}

export function updateUser(id: number, body: UserPatch) {
  return unwrap(api.PATCH('/api/users/{id}/', { params: { path: { id } }, body }))
}

export function setUserActive(id: number, active: boolean) {
  const path = active ? '/api/users/{id}/activate/' : '/api/users/{id}/deactivate/'
  return unwrap(api.POST(path, { params: { path: { id } } }))
}

/** A new password for the user: `password` when the administrator chose one, else the server generates one and
 * returns it (this once) as `generated_password`. The user is signed out everywhere. */
export function resetUserPassword(id: number, password?: string) {
  return unwrap(
    api.POST('/api/users/{id}/reset-password/', { params: { path: { id } }, body: password ? { password } : {} }),
  )
}

export function listCredentials(holder: number) {
  return unwrap(api.GET('/api/credentials/', { params: { query: { holder, page_size: 100 } } }))
}

export function createCredential(body: CredentialInput) {
  return unwrap(api.POST('/api/credentials/', { body }))
}

export function updateCredential(id: number, body: CredentialPatch) {
  return unwrap(api.PATCH('/api/credentials/{id}/', { params: { path: { id } }, body }))
}
