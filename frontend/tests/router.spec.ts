import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { installGuards } from '@/router'
import { routes } from '@/router/routes'
import { errorBody, jsonResponse } from './helpers'

function appRouter() {
  const router = createRouter({ history: createMemoryHistory('/app/'), routes })
  installGuards(router)
  return router
}

const officer = {
  id: 1,
  username: 'officer1',
  full_name: '张建国',
  role: 'officer',
  unit_name: '社会组织管理局',
  is_active: true,
  permissions: ['enforce'],
}

beforeEach(() => setActivePinia(createPinia()))

// The first navigation compiles the lazily loaded views: allow for it.
describe('route guards', { timeout: 30000 }, () => {
  it('sends a visitor to sign-in, remembering the page', async () => {
    vi.stubGlobal('fetch', async () => jsonResponse(errorBody(401, 'not_authenticated', '请先登录。'), 401))
    const router = appRouter()
    await router.push('/registry/organisations?type=foundation')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/registry/organisations?type=foundation')
  })

  it('lets staff in and keeps them off pages their role may not open', async () => {
    vi.stubGlobal('fetch', async () => jsonResponse(officer))
    const router = appRouter()
    await router.push('/registry/organisations')
    expect(router.currentRoute.value.name).toBe('organisations')
    await router.push('/system/users')
    expect(router.currentRoute.value.name).toBe('forbidden')
    await router.push('/login')
    expect(router.currentRoute.value.name).toBe('dashboard') // already signed in
  })

  it('an officer without a valid credential may read but not edit the registry', async () => {
    vi.stubGlobal('fetch', async () => jsonResponse({ ...officer, permissions: [] }))
    const router = appRouter()
    await router.push('/registry/organisations/3')
    expect(router.currentRoute.value.name).toBe('organisation')
    await router.push('/registry/organisations/3/edit')
    expect(router.currentRoute.value.name).toBe('forbidden')
  })

  it('treats an unreachable server as signed out', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch')
    })
    const router = appRouter()
    await router.push('/dashboard')
    expect(router.currentRoute.value.name).toBe('login')
  })
})
