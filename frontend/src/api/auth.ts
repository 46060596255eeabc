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

/** How long the session check may take before it counts as failed (it is then offered again). */
export const ME_TIMEOUT_MS = 15_000

/**
 * The signed-in user, or null when there is no session. Only 401 means "no session": the backend answers
 * /api/auth/me/ without one with 401 (NotAuthenticated, zhifa.core.api.errors). Anything else (403, 429,
 * 5xx, a network failure, a timeout) throws: the server could not say, which is not a sign-out.
 */
export async function fetchMe(): Promise<Me | null> {
  const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(ME_TIMEOUT_MS) : undefined
  const { data, error, response } = await api.GET('/api/auth/me/', { signal })
  if (response.status === 401) return null
  if (!response.ok) throw toApiError(response.status, error)
  return data ?? null
}
