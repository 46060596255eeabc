import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router'
import App from '@/App.vue'
import { i18n } from '@/locales'
import { installGuards } from '@/router'
import { routes } from '@/router/routes'
import { useAuthStore } from '@/stores/auth'
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

const Blank = defineComponent({ name: 'BlankPage', render: () => h('div', { 'data-test': 'page' }) })
/** The real routes and guards, with blank pages (what is under test is the frame, not the pages). */
function blankRoutes(records: readonly RouteRecordRaw[]): RouteRecordRaw[] {
  return records.map((r) => {
    const copy = { ...r } as RouteRecordRaw & { component?: unknown; children?: RouteRecordRaw[] }
    if (copy.component) copy.component = Blank
    if (copy.children) copy.children = blankRoutes(copy.children)
    return copy as RouteRecordRaw
  })
}

/** The whole app (App.vue) over the real routes and guards, before its first navigation. */
async function mountApp() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory('/app/'), routes: blankRoutes(routes) })
  installGuards(router)
  const wrapper = mount(App, { attachTo: document.body, global: { plugins: [pinia, i18n, router] } })
  return { wrapper, router }
}

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

  it('a 403 from /me is not a sign-out: the page is kept', async () => {
    // The backend answers /api/auth/me/ without a session with 401; a 403 (say, a proxy's refusal) says
    // nothing about the session.
    vi.stubGlobal('fetch', async () => jsonResponse(errorBody(403, 'permission_denied', '无权执行此操作。'), 403))
    const router = appRouter()
    await router.push('/cases').catch(() => undefined)
    expect(router.currentRoute.value.name).not.toBe('login')
    expect(useAuthStore().checkError?.status).toBe(403)
  })
})

// A valid session must not be bounced to the sign-in page because the server was busy or slow for a moment.
describe('when the session cannot be checked', { timeout: 30000 }, () => {
  const failures: [string, () => Promise<Response>][] = [
    ['429', async () => jsonResponse(errorBody(429, 'throttled', '请求过于频繁，请稍后再试。'), 429)],
    ['503', async () => new Response('<html>Service Unavailable</html>', { status: 503 })],
    ['a network failure or timeout', async () => Promise.reject(new DOMException('The operation timed out.', 'TimeoutError'))],
  ]

  it.each(failures)('%s keeps the page and offers a retry that lets the user in', async (_name, fail) => {
    let answer = fail
    vi.stubGlobal('fetch', () => answer())
    const { wrapper, router } = await mountApp()
    await router.push('/cases?state=filed').catch(() => undefined)
    await flushPromises()
    expect(router.currentRoute.value.name).not.toBe('login')
    const auth = useAuthStore()
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.checkTarget).toBe('/cases?state=filed')
    const alert = wrapper.find('[data-test="session-check"]')
    expect(alert.exists()).toBe(true)
    expect(alert.text()).toContain('暂时无法确认登录状态')
    expect(alert.text()).toContain('您没有被退出登录')

    answer = async () => jsonResponse(officer) // the server is back
    await wrapper.find('[data-test="session-retry"]').trigger('click')
    await flushPromises()
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/cases?state=filed'))
    expect(auth.isAuthenticated).toBe(true)
    expect(auth.checkError).toBeNull()
    await flushPromises()
    expect(wrapper.find('[data-test="session-check"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="page"]').exists()).toBe(true)
    wrapper.unmount()
  })

  it('on the sign-in page, signing in clears the notice', async () => {
    let answer = async () => new Response('', { status: 503 })
    vi.stubGlobal('fetch', (request: Request) =>
      new URL(request.url).pathname === '/api/auth/login/' ? Promise.resolve(jsonResponse(officer)) : answer(),
    )
    const { wrapper, router } = await mountApp()
    await router.push('/login')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('login') // the sign-in page still opens
    expect(wrapper.find('[data-test="session-check"]').exists()).toBe(true)
    answer = async () => jsonResponse({ csrf_token: 't' })
    await useAuthStore().login('officer1', 'pw')
    await flushPromises()
    expect(wrapper.find('[data-test="session-check"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('speaks English in English mode', async () => {
    vi.stubGlobal('fetch', async () => new Response('', { status: 503 }))
    localStorage.setItem('zhifa.locale', 'en')
    try {
      const { wrapper, router } = await mountApp()
      await router.push('/dashboard').catch(() => undefined)
      await flushPromises()
      expect(wrapper.text()).toContain('Your sign-in could not be checked just now')
      expect(wrapper.text()).toContain('Server error (HTTP 503)')
      wrapper.unmount()
    } finally {
      localStorage.removeItem('zhifa.locale')
      i18n.global.locale.value = 'zh-CN'
    }
  })
})
