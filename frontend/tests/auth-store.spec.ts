import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Me } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import { can } from '@/utils/permissions'
import { MENU, visibleMenu } from '@/router/menu'
import { errorBody, jsonResponse } from './helpers'

function me(overrides: Partial<Me> = {}): Me {
  return {
    id: 1,
    username: 'officer1',
    full_name: '张建国',
    role: 'officer',
    unit: 1,
    unit_name: '社会组织管理局',
    agency: 1,
    legal_qualification: false,
    is_active: true,
    credential: null,
    permissions: ['enforce'],
    ...overrides,
  } as Me
}

beforeEach(() => {
  setActivePinia(createPinia())
  document.cookie = 'csrftoken=t; path=/'
})

describe('auth store', () => {
  it('asks the server for the session user once', async () => {
    const fetch = vi.fn(async () => jsonResponse(me()))
    vi.stubGlobal('fetch', fetch)
    const auth = useAuthStore()
    const [a, b] = await Promise.all([auth.ensureLoaded(), auth.ensureLoaded()])
    await auth.ensureLoaded()
    expect(a?.username).toBe('officer1')
    expect(b).toBe(a)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(auth.isAuthenticated).toBe(true)
    expect(auth.displayName).toBe('张建国')
  })

  it('treats 401 from /me as signed out', async () => {
    vi.stubGlobal('fetch', async () => jsonResponse(errorBody(401, 'not_authenticated', '请先登录。'), 401))
    const auth = useAuthStore()
    expect(await auth.ensureLoaded()).toBeNull()
    expect(auth.loaded).toBe(true)
    expect(auth.isAuthenticated).toBe(false)
  })

  it('signs in and out', async () => {
    const fetch = vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname
      if (path === '/api/auth/login/') return jsonResponse(me({ role: 'administrator', permissions: ['administer'] }))
      if (path === '/api/auth/logout/') return new Response(null, { status: 204 })
      return jsonResponse({ csrf_token: 't' })
    })
    vi.stubGlobal('fetch', fetch)
    const auth = useAuthStore()
    await auth.login('admin', 'zhifa-demo')
    expect(auth.role).toBe('administrator')
    expect(auth.allowed('system.users')).toBe(true)
    await auth.logout()
    expect(auth.user).toBeNull()
    const login = fetch.mock.calls.map(([r]) => r as Request).find((r) => r.url.endsWith('/api/auth/login/'))!
    expect(login.headers.get('X-CSRFToken')).toBe('t')
  })

  it('forgets the user even when sign-out fails on the server', async () => {
    vi.stubGlobal('fetch', async () => new Response('down', { status: 502 }))
    const auth = useAuthStore()
    auth.user = me()
    await expect(auth.logout()).rejects.toThrow()
    expect(auth.user).toBeNull()
  })
})

describe('capabilities and menu', () => {
  it('mirrors the backend rules', () => {
    expect(can(me(), 'registry.view')).toBe(true)
    expect(can(me(), 'registry.edit')).toBe(true)
    expect(can(me({ permissions: [] }), 'registry.edit')).toBe(false) // officer without a valid credential
    expect(can(me({ role: 'legal_reviewer', permissions: [] }), 'registry.edit')).toBe(false)
    expect(can(me({ role: 'administrator', permissions: ['administer'] }), 'registry.edit')).toBe(true)
    expect(can(me(), 'system.users')).toBe(false)
    expect(can(me({ is_active: false }), 'registry.view')).toBe(false)
    expect(can(null, 'registry.view')).toBe(false)
  })

  it('hides menu entries and empty sections the role cannot open', () => {
    const titles = (user: Me) =>
      visibleMenu(MENU, (c) => (c === undefined ? true : can(user, c))).flatMap((e) => [
        e.title,
        ...(e.children ?? []).map((c) => c.title),
      ])
    const officer = titles(me())
    expect(officer[0]).toBe('nav.dashboard')
    expect(officer).toEqual(expect.arrayContaining(['nav.registry', 'nav.organisations', 'nav.illegalOrganisations']))
    expect(officer).not.toContain('nav.users')
    expect(officer).not.toContain('evidence.fixity') // leaders and administrators only
    expect(titles(me({ role: 'leader', permissions: [] }))).toContain('evidence.fixity')
    expect(titles(me({ role: 'administrator', permissions: ['administer'] }))).toContain('nav.users')
  })
})
