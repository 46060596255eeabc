/**
 * The typed API client. Paths, parameters and bodies come from the generated OpenAPI types
 * (src/api/schema.d.ts, `npm run gen:api`); nothing here is written by hand per endpoint.
 *
 * - Session cookie auth; unsafe methods carry X-CSRFToken (from the csrftoken cookie, fetched
 *   from /api/auth/csrf/ when missing). A CSRF refusal is retried once with a fresh token.
 * - Every non-2xx answer becomes an ApiError (see errors.ts); `unwrap` throws it.
 */
import createClient from 'openapi-fetch'
import { ApiError, toApiError } from './errors'
import type { paths } from './schema'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])
export const CSRF_COOKIE = 'csrftoken'
export const CSRF_HEADER = 'X-CSRFToken'

export function readCookie(name: string, cookies: string = globalThis.document?.cookie ?? ''): string | null {
  for (const part of cookies.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return null
}

type FetchLike = (request: Request) => Promise<Response>

export interface ClientOptions {
  baseUrl?: string
  fetch?: FetchLike
  /** Called on any 401 outside the auth endpoints (the session ended). */
  onUnauthenticated?: () => void
}

export function createApiClient(options: ClientOptions = {}) {
  const baseUrl = options.baseUrl ?? globalThis.location?.origin ?? ''
  const send: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request))
  let memoryToken: string | null = null
  let unauthenticatedHandler = options.onUnauthenticated

  async function csrfToken(refresh = false): Promise<string> {
    if (!refresh) {
      const fromCookie = readCookie(CSRF_COOKIE)
      if (fromCookie) return fromCookie
      if (memoryToken) return memoryToken
    }
    const response = await send(new Request(`${baseUrl}/api/auth/csrf/`, { credentials: 'same-origin' }))
    const body = (await response.json().catch(() => ({}))) as { csrf_token?: string }
    memoryToken = body.csrf_token ?? readCookie(CSRF_COOKIE)
    return memoryToken ?? ''
  }

  async function isCsrfRefusal(response: Response): Promise<boolean> {
    if (response.status !== 403) return false
    const body = (await response.clone().json().catch(() => null)) as { detail?: string } | null
    return typeof body?.detail === 'string' && body.detail.includes('CSRF')
  }

  const csrfFetch: FetchLike = async (request) => {
    if (SAFE_METHODS.has(request.method.toUpperCase())) return send(request)
    const spare = request.clone()
    const withToken = async (req: Request, refresh: boolean) => {
      const headers = new Headers(req.headers)
      headers.set(CSRF_HEADER, await csrfToken(refresh))
      return new Request(req, { headers })
    }
    const response = await send(await withToken(request, false))
    if (await isCsrfRefusal(response)) return send(await withToken(spare, true))
    return response
  }

  const client = createClient<paths>({
    baseUrl,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    fetch: async (request: Request) => {
      let response: Response
      try {
        response = await csrfFetch(request)
      } catch {
        // Network failure: give the caller the same error type as for an HTTP error.
        throw toApiError(0, null)
      }
      if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/auth/')) {
        unauthenticatedHandler?.()
      }
      return response
    },
  })

  return Object.assign(client, {
    csrfToken,
    setUnauthenticatedHandler(handler: () => void) {
      unauthenticatedHandler = handler
    },
  })
}

export type ApiClient = ReturnType<typeof createApiClient>

interface FetchResult<T> {
  data?: T
  error?: unknown
  response: Response
}

/** Resolve to the response data, or throw an ApiError for any non-2xx status. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call
  if (!response.ok) throw toApiError(response.status, error)
  return data as T
}

/** Like unwrap, and also return the response (for headers such as ETag). */
export async function unwrapWithResponse<T>(call: Promise<FetchResult<T>>): Promise<{ data: T; response: Response }> {
  const { data, error, response } = await call
  if (!response.ok) throw toApiError(response.status, error)
  return { data: data as T, response }
}

/**
 * The cursor token inside a next/previous link of a cursor-paginated list: null when there is no
 * such page, '' when the page is the first one (its link carries no cursor).
 */
export function cursorFrom(link: string | null | undefined): string | null {
  if (!link) return null
  try {
    return new URL(link, 'http://x').searchParams.get('cursor') ?? ''
  } catch {
    return null
  }
}

export { ApiError }

/** The app's shared client. */
export const api = createApiClient()
