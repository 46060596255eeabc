import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import { RouterView, type RouteRecordRaw } from 'vue-router'
import type { Me } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import { closeTag, HOME_TAG, MAX_TAGS, readTags, storageKey, useTagsStore, visitTag, type PageTag } from '@/stores/tags'
import { mountView } from './helpers'

const Blank = defineComponent({ render: () => h('div') })
const ROUTES: RouteRecordRaw[] = [
  { path: '/dashboard', name: 'dashboard', component: Blank, meta: { title: 'nav.dashboard' } },
  { path: '/cases', name: 'cases', component: Blank, meta: { title: 'cases.list' } },
  { path: '/cases/:id(\\d+)', name: 'case', component: Blank, meta: { title: 'cases.detail' } },
  { path: '/reviews', name: 'reviews', component: Blank, meta: { title: 'nav.organisations' } },
  { path: '/login', name: 'login', component: Blank, meta: { title: 'login.title', public: true } },
  { path: '/403', name: 'forbidden', component: Blank, meta: { title: 'nav.forbidden' } },
]

const at = (path: string, title = 'cases.list', name = 'cases') => ({ path: path.split('?')[0], fullPath: path, name, meta: { title } })
const tag = (path: string, extra: Partial<PageTag> = {}): PageTag => ({ path, fullPath: path, title: 'cases.detail', ...extra })

beforeEach(() => {
  sessionStorage.clear()
  setActivePinia(createPinia())
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('the tabs of open pages', () => {
  it('opens one tab per page; coming back keeps its place and remembers the query it was left with', () => {
    let tags = visitTag([HOME_TAG], at('/cases?state=filed'))
    tags = visitTag(tags, at('/cases/3', 'cases.detail', 'case'))
    tags = visitTag(tags, at('/cases?state=closed'))
    expect(tags.map((t) => t.path)).toEqual(['/dashboard', '/cases', '/cases/3'])
    expect(tags[1].fullPath).toBe('/cases?state=closed')
  })

  it('opens no tab for the sign-in page, the error pages or a page without a title', () => {
    let tags = visitTag([HOME_TAG], at('/login', 'login.title', 'login'))
    tags = visitTag(tags, { path: '/login', fullPath: '/login', name: 'login', meta: { title: 'login.title', public: true } })
    tags = visitTag(tags, at('/403', 'nav.forbidden', 'forbidden'))
    tags = visitTag(tags, { path: '/x', fullPath: '/x', name: 'x', meta: {} })
    expect(tags).toEqual([HOME_TAG])
  })

  it('closing the current tab goes to its right neighbour, else its left one; another tab closes in place', () => {
    const tags = [HOME_TAG, tag('/cases/1'), tag('/cases/2'), tag('/cases/3')]
    expect(closeTag(tags, '/cases/2', '/cases/2')).toEqual({ tags: [HOME_TAG, tag('/cases/1'), tag('/cases/3')], next: '/cases/3' })
    expect(closeTag(tags, '/cases/3', '/cases/3').next).toBe('/cases/2')
    expect(closeTag(tags, '/cases/1', '/cases/3')).toEqual({ tags: [HOME_TAG, tag('/cases/2'), tag('/cases/3')], next: null })
    expect(closeTag([HOME_TAG, tag('/cases/1')], '/cases/1', '/cases/1').next).toBe('/dashboard')
  })

  it('never closes the dashboard tab', () => {
    const store = useTagsStore()
    store.visit(at('/cases'))
    expect(store.close('/dashboard', '/dashboard')).toBeNull()
    store.closeAll()
    expect(store.tags).toEqual([HOME_TAG])
    store.visit(at('/cases'))
    store.visit(at('/cases/4', 'cases.detail', 'case'))
    store.closeOthers('/cases/4')
    expect(store.tags.map((t) => t.path)).toEqual(['/dashboard', '/cases/4'])
  })

  it('drops the oldest tab, never the dashboard, past the limit', () => {
    let tags: PageTag[] = [HOME_TAG]
    for (let i = 1; i <= MAX_TAGS + 3; i++) tags = visitTag(tags, at(`/cases/${i}`, 'cases.detail', 'case'))
    expect(tags).toHaveLength(MAX_TAGS)
    expect(tags[0]).toEqual(HOME_TAG)
    expect(tags[1].path).toBe('/cases/5') // 1 to 4 went first
    expect(tags.at(-1)?.path).toBe(`/cases/${MAX_TAGS + 3}`)
  })

  it("keeps each user's tabs in this browser tab's session; a reload finds them and another user does not", async () => {
    const store = useTagsStore()
    store.bind('li.officer')
    store.visit(at('/cases?q=协会'))
    store.visit(at('/cases/3', 'cases.detail', 'case'))
    store.setLabel('/cases/3', '潜民罚〔2026〕3号')
    await nextTick()

    setActivePinia(createPinia()) // a reload
    const reloaded = useTagsStore()
    reloaded.bind('li.officer')
    expect(reloaded.tags).toEqual([HOME_TAG, tag('/cases', { fullPath: '/cases?q=协会', title: 'cases.list' }), tag('/cases/3', { label: '潜民罚〔2026〕3号' })])
    reloaded.bind('wang.reviewer')
    expect(reloaded.tags).toEqual([HOME_TAG])
  })

  it('ignores saved tabs it cannot trust (not JSON, other origins, missing fields)', () => {
    sessionStorage.setItem(storageKey('a'), '{oops')
    expect(readTags(sessionStorage, 'a')).toEqual([HOME_TAG])
    sessionStorage.setItem(
      storageKey('b'),
      JSON.stringify([{ path: 'https://evil.example/', fullPath: 'https://evil.example/', title: 'x' }, { path: '/cases' }, tag('/cases/9')]),
    )
    expect(readTags(sessionStorage, 'b')).toEqual([HOME_TAG, tag('/cases/9')])
  })
})

describe('TagsView', { timeout: 30_000 }, () => {
  async function mountBar(path: string) {
    const { default: TagsView } = await import('@/layout/components/TagsView.vue')
    const Shell = defineComponent({
      setup() {
        useAuthStore().user = { id: 7, username: 'li.officer', role: 'officer' } as Me
        return () => h('div', [h(TagsView), h(RouterView)])
      },
    })
    return mountView(Shell, { path, routes: ROUTES })
  }
  const labels = (wrapper: { findAll: (s: string) => { text: () => string }[] }) => wrapper.findAll('.tags-view__link').map((l) => l.text())

  it('shows a tab per visited page as a link, marks the current one, and closes with a labelled button', async () => {
    const { wrapper, router } = await mountBar('/cases')
    await router.push('/cases/5')
    await flushPromises()
    expect(labels(wrapper)).toEqual(['工作台', '案件列表', '案件详情'])
    const current = wrapper.find('.tags-view__tag.is-active .tags-view__link')
    expect(current.element.tagName).toBe('A')
    expect(current.attributes('aria-current')).toBe('page')
    expect(current.attributes('href')).toContain('/cases/5')
    // The dashboard's tab has no close button; every other has one, named after its page.
    const closers = wrapper.findAll('button.tags-view__close')
    expect(closers.map((b) => b.attributes('aria-label'))).toEqual(['关闭“案件列表”', '关闭“案件详情”'])

    await closers[1].trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/cases')
    expect(labels(wrapper)).toEqual(['工作台', '案件列表'])
    wrapper.unmount()
  })

  it('clicking a tab switches to the page as it was left', async () => {
    const { wrapper, router } = await mountBar('/cases?state=filed')
    await router.push('/reviews')
    await flushPromises()
    await wrapper.findAll('.tags-view__link')[1].trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/cases?state=filed')
    wrapper.unmount()
  })
})
