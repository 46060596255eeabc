import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, effectScope, h } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError } from '@/api/errors'
import { useCursorList, type ListPageData } from '@/composables/useCursorList'
import { i18n } from '@/locales'
import { parseQuery, toRouteQuery, type QuerySpec, type QueryValues } from '@/utils/listQuery'

const SPEC = {
  q: { kind: 'string' },
  state: { kind: 'strings', allowed: ['open', 'closed'] },
  page_size: { kind: 'number', default: 50, allowed: [20, 50] },
  cursor: { kind: 'string' },
} as const satisfies QuerySpec
type Filters = QueryValues<typeof SPEC>

const PAGED_SPEC = { q: { kind: 'string' }, page: { kind: 'number', default: 1 } } as const satisfies QuerySpec
type PagedFilters = QueryValues<typeof PAGED_SPEC>

const Blank = defineComponent({ render: () => h('div') })

async function routerAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/items', name: 'items', component: Blank },
      { path: '/other', name: 'other', component: Blank },
    ],
  })
  await router.push(path)
  await router.isReady()
  return router
}

async function cursorList(path: string, fetch: (f: Filters) => Promise<ListPageData<{ id: number }>>) {
  const router = await routerAt(path)
  const scope = effectScope()
  const list = scope.run(() =>
    useCursorList<Filters, { id: number }>({
      router,
      routeName: 'items',
      parse: (q) => parseQuery(SPEC, q),
      toQuery: (f) => toRouteQuery(SPEC, f),
      fetch,
      firstPage: { cursor: '' },
      hasFilters: (f) => Boolean(f.q || f.state.length),
      keepOnReset: (f) => ({ page_size: f.page_size }),
    }),
  )!
  await flushPromises()
  return { router, list, scope }
}

describe('useCursorList', () => {
  it('reads the filters from the URL and loads the first page', async () => {
    const fetch = vi.fn(async () => ({ results: [{ id: 1 }, { id: 2 }], next: 'c2', previous: null }))
    const { list } = await cursorList('/items?q=基金会&state=open&page_size=20&bogus=1', fetch)
    expect(fetch).toHaveBeenCalledWith({ q: '基金会', state: ['open'], page_size: 20, cursor: '' })
    expect(list.rows.value).toEqual([{ id: 1 }, { id: 2 }])
    expect(list.next.value).toBe('c2')
    expect(list.previous.value).toBeNull()
    expect(list.loading.value).toBe(false)
    expect(list.filtered.value).toBe(true)
    expect(list.paged.value).toBe(false)
    expect(list.draft.q).toBe('基金会')
  })

  it('puts the filter form into the URL, back on the first page, and reloads', async () => {
    const fetch = vi.fn(async () => ({ results: [], next: null, previous: null }))
    const { router, list } = await cursorList('/items?cursor=abc&page_size=20', fetch)
    list.draft.q = '  协会 '
    list.draft.state = ['closed']
    await list.search()
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: '协会', state: ['closed'], page_size: '20' })
    expect(fetch).toHaveBeenLastCalledWith({ q: '协会', state: ['closed'], page_size: 20, cursor: '' })
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('pages by cursor and changes the page size', async () => {
    const fetch = vi.fn(async (f: Filters) => ({ results: [{ id: 1 }], next: 'n-' + f.cursor, previous: f.cursor ? 'p' : null }))
    const { router, list } = await cursorList('/items?q=x', fetch)
    await list.pager.next()
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: 'x', cursor: 'n-' })
    expect(list.paged.value).toBe(true)
    await list.pager.previous()
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: 'x', cursor: 'p' })
    await list.pager.pageSize(20)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: 'x', page_size: '20' })
    await list.pager.first()
    await flushPromises()
    expect(list.paged.value).toBe(false)
  })

  it('reset keeps only what it is told to keep', async () => {
    const fetch = vi.fn(async () => ({ results: [] }))
    const { router, list } = await cursorList('/items?q=x&state=open&page_size=20&cursor=c', fetch)
    await list.reset()
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ page_size: '20' })
    expect(list.filtered.value).toBe(false)
    expect(list.draft.q).toBe('')
  })

  it('shows the API error in the current language, with no rows, and reloads on demand', async () => {
    i18n.global.locale.value = 'zh-CN'
    const fetch = vi
      .fn<(f: Filters) => Promise<ListPageData<{ id: number }>>>()
      .mockRejectedValueOnce(new ApiError({ status: 400, code: 'invalid', detail: '筛选条件无效', detail_en: 'Invalid filter', fields: {} }))
      .mockResolvedValue({ results: [{ id: 3 }], next: null, previous: null })
    const { list } = await cursorList('/items', fetch)
    expect(list.error.value).toBe('筛选条件无效')
    expect(list.rows.value).toEqual([])
    await list.reload()
    expect(list.error.value).toBe('')
    expect(list.rows.value).toEqual([{ id: 3 }])
  })

  it('drops a response that arrives after a newer request', async () => {
    let release: (v: ListPageData<{ id: number }>) => void = () => undefined
    const slow = new Promise<ListPageData<{ id: number }>>((resolve) => (release = resolve))
    const fetch = vi
      .fn<(f: Filters) => Promise<ListPageData<{ id: number }>>>()
      .mockReturnValueOnce(slow)
      .mockResolvedValue({ results: [{ id: 2 }] })
    const { list } = await cursorList('/items', fetch)
    expect(list.loading.value).toBe(true)
    await list.reload()
    release({ results: [{ id: 1 }] })
    await flushPromises()
    expect(list.rows.value).toEqual([{ id: 2 }])
    expect(list.loading.value).toBe(false)
  })

  it('does not load while another route is shown', async () => {
    const fetch = vi.fn(async () => ({ results: [] }))
    const { router } = await cursorList('/items', fetch)
    await router.push('/other?q=x')
    await flushPromises()
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('pages by number, with the count, and goes back to page 1 when the page is gone', async () => {
    const router = await routerAt('/items?page=3')
    const fetch = vi
      .fn<(f: PagedFilters) => Promise<ListPageData<{ id: number }>>>()
      .mockRejectedValueOnce(new ApiError({ status: 404, code: 'not_found', detail: '无效页面', detail_en: 'Invalid page', fields: {} }))
      .mockResolvedValue({ results: [{ id: 1 }], count: 61 })
    const list = effectScope().run(() =>
      useCursorList<PagedFilters, { id: number }>({
        router,
        parse: (q) => parseQuery(PAGED_SPEC, q),
        toQuery: (f) => toRouteQuery(PAGED_SPEC, f),
        fetch,
        firstPage: { page: 1 },
      }),
    )!
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({})
    expect(list.error.value).toBe('')
    expect(list.count.value).toBe(61)
    await list.pager.page(2)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ page: '2' })
    expect(fetch).toHaveBeenLastCalledWith({ q: '', page: 2 })
  })

  it('lets the page skip loading for a query it handles itself', async () => {
    const router = await routerAt('/items?import=1')
    const fetch = vi.fn(async () => ({ results: [] }))
    effectScope().run(() =>
      useCursorList<PagedFilters, { id: number }>({
        router,
        parse: (q) => parseQuery(PAGED_SPEC, q),
        toQuery: (f) => toRouteQuery(PAGED_SPEC, f),
        fetch,
        firstPage: { page: 1 },
        onQuery: (q) => q.import !== '1',
      }),
    )
    await flushPromises()
    expect(fetch).not.toHaveBeenCalled()
  })
})

describe('ListPage', { timeout: 30_000 }, () => {
  async function mountList(list: Record<string, unknown>, props: Record<string, unknown> = {}) {
    const { mountView } = await import('./helpers')
    const { default: ListPage } = await import('@/components/ListPage.vue')
    const state = {
      rows: [],
      loading: false,
      error: '',
      filtered: false,
      paged: false,
      next: null,
      previous: null,
      count: 0,
      applied: { page_size: 50 },
      reload: vi.fn(),
      search: vi.fn(),
      reset: vi.fn(),
      pager: { first: vi.fn(), previous: vi.fn(), next: vi.fn(), page: vi.fn(), pageSize: vi.fn() },
      ...list,
    }
    const { wrapper } = await mountView(ListPage, { props: { list: state, title: '社会组织名录', ...props } })
    return { wrapper, state }
  }

  async function mountWithFilters(path: string, list: Record<string, unknown> = {}) {
    const { mountView } = await import('./helpers')
    const { default: ListPage } = await import('@/components/ListPage.vue')
    const state = {
      rows: [],
      loading: false,
      error: '',
      filtered: false,
      paged: false,
      next: null,
      previous: null,
      count: 0,
      applied: {},
      reload: vi.fn(),
      search: vi.fn(),
      reset: vi.fn(),
      pager: { first: vi.fn(), previous: vi.fn(), next: vi.fn(), page: vi.fn(), pageSize: vi.fn() },
      ...list,
    }
    const Page = defineComponent({
      setup: () => () =>
        h(ListPage, { list: state, title: '案件列表' }, { filters: () => h('div', { class: 'my-filter' }, '关键词') }),
    })
    const routes = [{ path: '/cases', name: 'cases', component: Blank }, { path: '/litigation', name: 'litigation', component: Blank }]
    return mountView(Page, { path, routes })
  }

  it('folds the filter form away, remembered per list, with a dot while filters are in force', async () => {
    localStorage.clear()
    const first = await mountWithFilters('/cases', { filtered: true })
    const toggle = () => first.wrapper.find('[data-test="filters-toggle"]')
    const panel = () => first.wrapper.find('.my-filter').element.closest('section') as HTMLElement
    expect(toggle().text()).toBe('收起筛选')
    expect(toggle().attributes('aria-expanded')).toBe('true')
    expect(toggle().attributes('aria-controls')).toBe(panel().id)
    expect(panel().style.display).not.toBe('none')
    const dot = () => {
      const found = first.wrapper.find('.el-badge__content.is-dot')
      return found.exists() && found.isVisible()
    }
    expect(dot()).toBe(false)
    await toggle().trigger('click')
    expect(toggle().text()).toBe('展开筛选')
    expect(toggle().attributes('aria-expanded')).toBe('false')
    expect(panel().style.display).toBe('none')
    expect(dot()).toBe(true) // filters still apply
    first.wrapper.unmount()

    const again = await mountWithFilters('/cases')
    expect(again.wrapper.find('[data-test="filters-toggle"]').text()).toBe('展开筛选') // remembered
    again.wrapper.unmount()
    const other = await mountWithFilters('/litigation')
    expect(other.wrapper.find('[data-test="filters-toggle"]').text()).toBe('收起筛选') // per list
    other.wrapper.unmount()
    localStorage.clear()
  })

  it('offers no fold button to a list without filters', async () => {
    const { wrapper } = await mountList({})
    expect(wrapper.find('[data-test="filters-toggle"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('shows the title, the empty state that says whether filters are set, and the cursor pager', async () => {
    const { wrapper } = await mountList({ filtered: true })
    expect(wrapper.find('h1').text()).toBe('社会组织名录')
    expect(wrapper.text()).toContain('没有符合条件的记录，请调整筛选条件。')
    expect(wrapper.find('.pager').exists()).toBe(true)
    expect(wrapper.find('.el-pagination').exists()).toBe(false)
    wrapper.unmount()
  })

  it('shows the error with a retry, and the export button when asked', async () => {
    const { wrapper, state } = await mountList({ error: '服务器暂时不可用' }, { exportable: true })
    expect(wrapper.text()).toContain('服务器暂时不可用')
    const retry = wrapper.findAll('button').find((b) => b.text() === '重试')!
    await retry.trigger('click')
    expect(state.reload).toHaveBeenCalled()
    const exportButton = wrapper.findAll('button').find((b) => b.text().includes('导出'))!
    await exportButton.trigger('click')
    expect(wrapper.emitted('export')).toHaveLength(1)
    wrapper.unmount()
  })

  it('pages by number, and hides a single page when asked', async () => {
    const { wrapper } = await mountList({ count: 120, applied: { page: 2 } }, { paging: 'pages' })
    expect(wrapper.find('.el-pagination').exists()).toBe(true)
    wrapper.unmount()
    const single = await mountList({ count: 3, applied: { page: 1 } }, { paging: 'pages', hideSinglePage: true })
    expect(single.wrapper.find('.el-pagination').exists()).toBe(false)
    single.wrapper.unmount()
  })
})
