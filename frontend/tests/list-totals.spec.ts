import { describe, expect, it, vi } from 'vitest'
import { mountView } from './helpers'

function listState(rows: number, count: number, extra: Record<string, unknown> = {}) {
  return {
    rows: Array.from({ length: rows }, (_, i) => ({ id: i + 1 })),
    loading: false,
    error: '',
    filtered: false,
    paged: false,
    next: null,
    previous: null,
    count,
    applied: { page_size: 50 },
    reload: vi.fn(),
    search: vi.fn(),
    reset: vi.fn(),
    pager: { first: vi.fn(), previous: vi.fn(), next: vi.fn(), page: vi.fn(), pageSize: vi.fn() },
    ...extra,
  }
}

async function mountList(props: Record<string, unknown>) {
  const { default: ListPage } = await import('@/components/ListPage.vue')
  return mountView(ListPage, { props: { title: '复核列表', ...props } })
}

describe('every list says how many rows it has', { timeout: 30_000 }, () => {
  it('a page-number list shows the total the API counted, also when everything fits on one page', async () => {
    const many = await mountList({ list: listState(50, 120), paging: 'pages' })
    expect(many.wrapper.find('[data-test="list-total"]').text()).toBe('共 120 条')
    many.wrapper.unmount()

    const few = await mountList({ list: listState(3, 3), paging: 'pages', hideSinglePage: true })
    expect(few.wrapper.find('.el-pagination').exists()).toBe(false)
    expect(few.wrapper.find('[data-test="list-total"]').text()).toBe('共 3 条')
    few.wrapper.unmount()
  })

  it('a cursor list, whose API gives no total, shows the rows on this page and invents no total', async () => {
    // useCursorList falls back to the rows' number when the response has no count: it must not read as a total.
    const { wrapper } = await mountList({ list: listState(50, 50, { next: 'c2' }), paging: 'cursor' })
    expect(wrapper.text()).toContain('本页 50 条')
    expect(wrapper.text()).not.toContain('共 50 条')
    wrapper.unmount()
  })
})
