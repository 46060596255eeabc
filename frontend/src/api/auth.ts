import { api, unwrap } from './client'
import { toApiError } from './errors'
import type { Me } from './types'

export async function fetchCsrf(): Promise<string> {
  return api.csrfToken(true)
}

export async function login(username: string, password: string): Promise<Me> {
  await api.csrfToken() // make sure the cookie exists before the first unsafe request
  return unwrap(api.POST('/api/auth/login/', { body: { username, password } }))
}

export async function logout(): Promise<void> {
  await unwrap(api.POST('/api/auth/logout/'))
}

/** The signed-in user, or null when there is no session. */
export async function fetchMe(): Promise<Me | null> {
  const { data, error, response } = await api.GET('/api/auth/me/')
  if (response.status === 401 || response.status === 403) return null
  if (!response.ok) throw toApiError(response.status, error)
  return data ?? null
}
