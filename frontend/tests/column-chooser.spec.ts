import { flushPromises } from '@vue/test-utils'
import { ElTableColumn } from 'element-plus'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import type { Me } from '@/api/types'
import { columnInfos, columnsStorageKey, useColumnPrefs, visibleColumns } from '@/composables/useColumnPrefs'
import { useAuthStore } from '@/stores/auth'
import { mountView } from './helpers'

const Blank = defineComponent({ render: () => h('div') })

function listState(rows: Record<string, unknown>[]) {
  return {
    rows,
    loading: false,
    error: '',
    filtered: false,
    paged: false,
    next: null,
    previous: null,
    count: rows.length,
    applied: { page_size: 50 },
    reload: vi.fn(),
    search: vi.fn(),
    reset: vi.fn(),
    pager: { first: vi.fn(), previous: vi.fn(), next: vi.fn(), page: vi.fn(), pageSize: vi.fn() },
  }
}

/** A case list as CaseList builds it: the number links the row, state and deadline are locked, actions have no id. */
async function mountCaseList(username: string) {
  const { default: ListPage } = await import('@/components/ListPage.vue')
  const rows = [{ id: 1, number: '潜民罚〔2026〕1号', title: '未按规定年检', party_name: '潜江市个体劳动者协会', state: 'filed', next_due: '2026-12-20' }]
  const Page = defineComponent({
    setup() {
      useAuthStore().user = { id: 7, username, role: 'officer' } as Me
      return () =>
        h(
          ListPage,
          { list: listState(rows), title: '案件列表', lockedColumns: ['number', 'state', 'next_due'] },
          {
            columns: () => [
              h(ElTableColumn, { prop: 'number', label: '案件编号' }),
              h(ElTableColumn, { prop: 'title', label: '案件名称' }),
              h(ElTableColumn, { prop: 'party_name', label: '当事人' }),
              h(ElTableColumn, { prop: 'state', label: '状态' }),
              h(ElTableColumn, { 'column-key': 'next_due', label: '最近期限' }, { default: ({ row }: { row: { next_due: string } }) => row.next_due }),
              h(ElTableColumn, { label: '操作' }),
            ],
          },
        )
    },
  })
  return mountView(Page, { path: '/cases', routes: [{ path: '/cases', name: 'cases', component: Blank }] })
}

const headers = () => [...document.body.querySelectorAll('.el-table__header th .cell')].map((c) => c.textContent?.trim())
const checkbox = (id: string) => document.body.querySelector<HTMLElement>(`[data-test="column-chooser"] [data-column="${id}"]`)

async function openChooser(wrapper: { find: (s: string) => { trigger: (e: string) => Promise<void> } }) {
  await wrapper.find('[data-test="columns-toggle"]').trigger('click')
  await flushPromises()
  await new Promise((r) => setTimeout(r, 0))
  await flushPromises()
}

beforeEach(() => localStorage.clear())
afterEach(() => {
  document.body.innerHTML = ''
})

describe('column chooser on list pages', { timeout: 30_000 }, () => {
  it('hides a column for this user and list, and the user finds it hidden after a reload', async () => {
    const first = await mountCaseList('li.officer')
    expect(headers()).toEqual(['案件编号', '案件名称', '当事人', '状态', '最近期限', '操作'])
    await openChooser(first.wrapper)
    const party = checkbox('party_name')
    expect(party).not.toBeNull()
    party!.querySelector('input')!.click()
    await flushPromises()
    expect(headers()).not.toContain('当事人')
    expect(JSON.parse(localStorage.getItem(columnsStorageKey('li.officer', 'cases'))!)).toEqual(['party_name'])
    first.wrapper.unmount()
    document.body.innerHTML = ''

    const again = await mountCaseList('li.officer')
    expect(headers()).toEqual(['案件编号', '案件名称', '状态', '最近期限', '操作'])
    again.wrapper.unmount()
  })

  it("another user on the same browser sees every column; one user's choice is not another's", async () => {
    localStorage.setItem(columnsStorageKey('li.officer', 'cases'), JSON.stringify(['party_name', 'title']))
    const other = await mountCaseList('wang.reviewer')
    expect(headers()).toEqual(['案件编号', '案件名称', '当事人', '状态', '最近期限', '操作'])
    other.wrapper.unmount()
  })

  it('never hides the row link, the state or the deadline, even if storage says so', async () => {
    localStorage.setItem(columnsStorageKey('li.officer', 'cases'), JSON.stringify(['number', 'state', 'next_due', 'title']))
    const { wrapper } = await mountCaseList('li.officer')
    expect(headers()).toEqual(['案件编号', '当事人', '状态', '最近期限', '操作'])
    await openChooser(wrapper)
    for (const id of ['number', 'state', 'next_due']) {
      const input = checkbox(id)!.querySelector('input')!
      expect(input.disabled).toBe(true)
      expect(input.checked).toBe(true)
    }
    // The actions column has no id: it is not offered, and always shown.
    expect(document.body.querySelectorAll('[data-test="column-chooser"] [data-column]')).toHaveLength(5)
    wrapper.unmount()
  })

  it('restores every column and forgets the choice', async () => {
    localStorage.setItem(columnsStorageKey('li.officer', 'cases'), JSON.stringify(['title']))
    const { wrapper } = await mountCaseList('li.officer')
    await openChooser(wrapper)
    const restore = [...document.body.querySelectorAll<HTMLButtonElement>('[data-test="column-chooser"] button')].find((b) => b.textContent?.includes('恢复默认'))!
    restore.click()
    await flushPromises()
    expect(headers()).toContain('案件名称')
    expect(localStorage.getItem(columnsStorageKey('li.officer', 'cases'))).toBeNull()
    wrapper.unmount()
  })
})

describe('useColumnPrefs', () => {
  it('reads what each key saved, ignores garbage, and saves nothing without a key', () => {
    localStorage.setItem('k1', JSON.stringify(['a', 3, 'b']))
    localStorage.setItem('k2', '{not json')
    expect([...useColumnPrefs('k1').hidden.value]).toEqual(['a', 'b'])
    expect([...useColumnPrefs('k2').hidden.value]).toEqual([])
    const keyless = useColumnPrefs('')
    keyless.setShown('a', false)
    expect([...keyless.hidden.value]).toEqual(['a'])
    expect(localStorage.length).toBe(2)
  })

  it('offers only columns with an id and a label, once each, in order', () => {
    const nodes = [
      h(ElTableColumn, { type: 'selection' }),
      h(ElTableColumn, { prop: 'a', label: 'A' }),
      [h(ElTableColumn, { prop: 'b', label: 'B' }), h(ElTableColumn, { prop: 'a', label: 'A again' })],
      h(ElTableColumn, { label: 'Actions' }),
      h('span', 'not a column'),
    ]
    expect(columnInfos(nodes, ['b'])).toEqual([
      { id: 'a', label: 'A', locked: false },
      { id: 'b', label: 'B', locked: true },
    ])
  })

  it('a list that names no locked column keeps its first one (the row link) in view', () => {
    const nodes = [
      h(ElTableColumn, { type: 'expand', label: 'More' }),
      h(ElTableColumn, { prop: 'name', label: '名称' }),
      h(ElTableColumn, { prop: 'area', label: '活动地域' }),
    ]
    expect(columnInfos(nodes).map((c) => [c.id, c.locked])).toEqual([['name', true], ['area', false]])
    const shown = visibleColumns(nodes, new Set(['name', 'area']))
    expect(shown.map((n) => (n.props as { prop?: string }).prop)).toEqual([undefined, 'name'])
  })
})
