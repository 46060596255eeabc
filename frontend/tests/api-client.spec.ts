import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApiClient, cursorFrom, readCookie, unwrap } from '@/api/client'
import { ApiError } from '@/api/errors'
import { errorBody, jsonResponse } from './helpers'

type Handler = (request: Request) => Response | Promise<Response>

function recorder(handler: Handler) {
  const requests: Request[] = []
  const fetch = vi.fn(async (request: Request) => {
    requests.push(request.clone())
    return handler(request)
  })
  return { requests, fetch }
}

function setCookie(value: string) {
  document.cookie = value
}

afterEach(() => {
  document.cookie = 'csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
})

describe('readCookie', () => {
  it('finds a cookie among several and decodes it', () => {
    expect(readCookie('csrftoken', 'a=1; csrftoken=abc%3D; b=2')).toBe('abc=')
    expect(readCookie('csrftoken', 'xcsrftoken=nope')).toBeNull()
    expect(readCookie('csrftoken', '')).toBeNull()
  })
})

describe('CSRF header', () => {
  it('sends X-CSRFToken from the cookie on unsafe methods only', async () => {
    setCookie('csrftoken=from-cookie; path=/')
    const { requests, fetch } = recorder(() => jsonResponse({ id: 1 }))
    const api = createApiClient({ baseUrl: 'http://test', fetch })

    await api.GET('/api/auth/me/')
    await api.POST('/api/auth/login/', { body: { username: 'u', password: 'p' } })

    expect(requests[0].method).toBe('GET')
    expect(requests[0].headers.get('X-CSRFToken')).toBeNull()
    expect(requests[1].method).toBe('POST')
    expect(requests[1].headers.get('X-CSRFToken')).toBe('from-cookie')
    expect(await requests[1].json()).toEqual({ username: 'u', password: 'p' })
  })

  it('asks /api/auth/csrf/ for a token when there is no cookie', async () => {
    const { requests, fetch } = recorder((request) =>
      request.url.endsWith('/api/auth/csrf/') ? jsonResponse({ csrf_token: 'fresh' }) : jsonResponse(null, 204),
    )
    const api = createApiClient({ baseUrl: 'http://test', fetch })

    await api.POST('/api/auth/logout/')

    expect(requests.map((r) => new URL(r.url).pathname)).toEqual(['/api/auth/csrf/', '/api/auth/logout/'])
    expect(requests[1].headers.get('X-CSRFToken')).toBe('fresh')
  })

  it('retries once with a new token after a CSRF refusal', async () => {
    let calls = 0
    const { requests, fetch } = recorder((request) => {
      if (request.url.endsWith('/api/auth/csrf/')) return jsonResponse({ csrf_token: 'renewed' })
      calls += 1
      return calls === 1
        ? jsonResponse(errorBody(403, 'permission_denied', 'CSRF Failed: CSRF token missing.'), 403)
        : jsonResponse({ ok: true })
    })
    setCookie('csrftoken=stale; path=/')
    const api = createApiClient({ baseUrl: 'http://test', fetch })

    const result = await api.PATCH('/api/organisations/{id}/', {
      params: { path: { id: 5 } },
      body: { name: '新名称' },
    })

    expect(result.response.status).toBe(200)
    const patches = requests.filter((r) => r.method === 'PATCH')
    expect(patches).toHaveLength(2)
    expect(patches[0].headers.get('X-CSRFToken')).toBe('stale')
    expect(patches[1].headers.get('X-CSRFToken')).toBe('renewed')
    expect(await patches[1].json()).toEqual({ name: '新名称' }) // the body is sent again
  })

  it('does not retry other 403s', async () => {
    setCookie('csrftoken=t; path=/')
    const { requests, fetch } = recorder(() =>
      jsonResponse(errorBody(403, 'permission_denied', '修改登记信息须为系统管理员或持有效执法证的执法人员'), 403),
    )
    const api = createApiClient({ baseUrl: 'http://test', fetch })
    const { response } = await api.PATCH('/api/organisations/{id}/', { params: { path: { id: 1 } }, body: {} })
    expect(response.status).toBe(403)
    expect(requests).toHaveLength(1)
  })
})

describe('errors', () => {
  it('unwrap throws an ApiError carrying the error shape', async () => {
    const body = errorBody(400, 'invalid', '输入有误，请检查标出的字段。', {
      credit_code: ['统一社会信用代码校验位错误：应为 0，实际为 1'],
      name: ['该字段不能为空。', '名称过短'],
    })
    const api = createApiClient({ baseUrl: 'http://test', fetch: async () => jsonResponse(body, 400) })

    const error = await unwrap(api.GET('/api/organisations/{id}/', { params: { path: { id: 1 } } })).catch((e) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(400)
    expect(error.code).toBe('invalid')
    expect(error.detail).toBe('输入有误，请检查标出的字段。')
    expect(error.messageFor('en')).toBe('invalid (en)')
    expect(error.fieldErrors()).toEqual({
      credit_code: '统一社会信用代码校验位错误：应为 0，实际为 1',
      name: '该字段不能为空。；名称过短',
    })
  })

  it('a non-JSON gateway error becomes a readable Chinese message', async () => {
    const api = createApiClient({
      baseUrl: 'http://test',
      fetch: async () => new Response('<html>Bad Gateway</html>', { status: 502 }),
    })
    const error = await unwrap(api.GET('/api/auth/me/')).catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(502)
    expect(error.detail).toContain('HTTP 502')
  })

  it('a network failure becomes an ApiError with status 0', async () => {
    const api = createApiClient({
      baseUrl: 'http://test',
      fetch: async () => {
        throw new TypeError('Failed to fetch')
      },
    })
    const error = await unwrap(api.GET('/api/auth/me/')).catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(0)
    expect(error.code).toBe('network')
    expect(error.detail).toContain('无法连接服务器')
  })

  it('reports a 401 outside the auth endpoints as the end of the session', async () => {
    const ended = vi.fn()
    const api = createApiClient({
      baseUrl: 'http://test',
      fetch: async () => jsonResponse(errorBody(401, 'not_authenticated', '请先登录。'), 401),
      onUnauthenticated: ended,
    })
    await api.GET('/api/auth/me/')
    expect(ended).not.toHaveBeenCalled()
    await api.GET('/api/organisations/')
    expect(ended).toHaveBeenCalledTimes(1)
  })
})

describe('query strings', () => {
  it('repeats multi-value filters, as django-filter expects', async () => {
    const { requests, fetch } = recorder(() => jsonResponse({ next: null, previous: null, results: [] }))
    const api = createApiClient({ baseUrl: 'http://test', fetch })
    await api.GET('/api/organisations/', {
      params: { query: { type: ['social_group', 'foundation'], status: ['normal'], q: '协会', page_size: 20 } },
    })
    const url = new URL(requests[0].url)
    expect(url.searchParams.getAll('type')).toEqual(['social_group', 'foundation'])
    expect(url.searchParams.get('status')).toBe('normal')
    expect(url.searchParams.get('q')).toBe('协会')
    expect(url.searchParams.get('page_size')).toBe('20')
  })

  it('cursorFrom tells "no page" from "the first page"', () => {
    expect(cursorFrom(null)).toBeNull()
    expect(cursorFrom('http://x/api/organisations/?cursor=cD0zMg%3D%3D&page_size=2')).toBe('cD0zMg==')
    expect(cursorFrom('http://x/api/organisations/?page_size=2')).toBe('')
  })
})
