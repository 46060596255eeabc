import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Me, User } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import UserList from '@/views/system/UserList.vue'
import { blankUserForm, createPayload, credentialStanding, editPatch, unitTree } from '@/views/system/userAdmin'
import { errorBody, jsonResponse, mountView } from './helpers'

describe('user administration logic', () => {
  it('puts the agency at the root of the unit tree, its units sorted below', () => {
    const tree = unitTree('潜江市民政局', [
      { id: 3, name: '综合科' },
      { id: 1, name: '执法科' },
    ])
    expect(tree).toHaveLength(1)
    expect(tree[0]).toMatchObject({ id: 0, label: '潜江市民政局' })
    expect(tree[0].children!.map((n) => n.label)).toEqual(['执法科', '综合科'])
  })

  it('sends trimmed names and the password as typed', () => {
    const form = { ...blankUserForm(4), username: ' zhang3 ', full_name: ' 张三 ', password: ' pass word ' }
    expect(createPayload(form)).toEqual({ username: 'zhang3', full_name: '张三', unit: 4, role: 'officer', password: ' pass word ' })
  })

  it('patches only what changed', () => {
    const original = { full_name: '张三', unit: 4, role: 'officer' as const }
    const same = { ...blankUserForm(4), full_name: '张三 ', role: 'officer' as const }
    expect(editPatch(original, same)).toEqual({})
    expect(editPatch(original, { ...same, unit: 5, role: 'leader' })).toEqual({ unit: 5, role: 'leader' })
    expect(editPatch({ ...original, unit: null }, { ...same, full_name: '张叁' })).toEqual({ full_name: '张叁', unit: 4 })
  })

  it('judges a credential on the given day, a revoked one revoked whatever its dates', () => {
    const c = { revoked: false, valid_from: '2024-01-01', valid_to: '2026-12-31' }
    expect(credentialStanding(c, '2024-01-01')).toBe('valid')
    expect(credentialStanding(c, '2026-12-31')).toBe('valid')
    expect(credentialStanding(c, '2027-01-01')).toBe('expired')
    expect(credentialStanding(c, '2023-12-31')).toBe('notYet')
    expect(credentialStanding({ ...c, revoked: true }, '2025-01-01')).toBe('revoked')
  })
})

const officer: User = {
  id: 11, username: 'officer1', full_name: '王执法', role: 'officer', unit: 2, unit_name: '执法科', agency: 1,
  legal_qualification: false, legal_qualification_kind: '', legal_certificate_number: '', legal_qualification_date: null,
  is_active: true, credential: null,
} as unknown as User

function me(role: Me['role']): Me {
  return { id: 1, username: 'admin', full_name: '管理员', role, unit: 2, agency: 1, agency_name: '潜江市民政局', is_active: true, permissions: role === 'administrator' ? ['administer'] : [] } as unknown as Me
}

/** The API as the page sees it; `reset` answers POST …/reset-password/. */
function fakeApi(reset: (body: unknown) => Response) {
  const calls: { method: string; url: string; body: unknown }[] = []
  vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
    const url = new URL(request.url)
    const body = request.method === 'GET' ? undefined : await request.clone().json().catch(() => undefined)
    calls.push({ method: request.method, url: url.pathname + url.search, body })
    if (url.pathname === '/api/units/') return jsonResponse({ count: 2, next: null, previous: null, results: [{ id: 2, agency: 1, name: '执法科' }, { id: 3, agency: 1, name: '综合科' }] })
    if (url.pathname === '/api/users/') return jsonResponse({ count: 1, next: null, previous: null, results: [officer] })
    if (url.pathname.endsWith('/reset-password/')) return reset(body)
    return jsonResponse({}, 404)
  }))
  return calls
}

async function mountAs(role: Me['role'], path = '/system/users') {
  const view = await mountView(UserList, { path, routes: [{ path: '/system/users', name: 'users', component: UserList }] })
  useAuthStore().user = me(role)
  await flushPromises()
  return view
}

/** Element Plus shows a field's error after its transition. */
const settle = async () => {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, 150))
}

describe('user administration page', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the write buttons to administrators only', async () => {
    fakeApi(() => jsonResponse({}))
    const admin = await mountAs('administrator')
    expect(admin.wrapper.find('[data-test="user-create"]').exists()).toBe(true)
    expect(admin.wrapper.find('[data-test="user-reset-officer1"]').exists()).toBe(true)
    admin.wrapper.unmount()
    const leader = await mountAs('leader')
    expect(leader.wrapper.text()).toContain('王执法')
    expect(leader.wrapper.find('[data-test="user-create"]').exists()).toBe(false)
    expect(leader.wrapper.find('[data-test="user-reset-officer1"]').exists()).toBe(false)
  })

  it('filters the list by the unit chosen in the tree', async () => {
    const calls = fakeApi(() => jsonResponse({}))
    const { wrapper, router } = await mountAs('administrator')
    const node = wrapper.findAll('[data-test="unit-tree"] .el-tree-node__content').find((n) => n.text() === '综合科')!
    await node.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query.unit).toBe('3')
    expect(calls.some((c) => c.url.startsWith('/api/users/') && c.url.includes('unit=3'))).toBe(true)
  })

  it('shows a generated password once, after asking the server for one with an empty body', async () => {
    const calls = fakeApi(() => jsonResponse({ user: officer, generated_password: 'Kx7pQm4tRw9z' }))
    const { wrapper } = await mountAs('administrator')
    await wrapper.find('[data-test="user-reset-officer1"]').trigger('click')
    await flushPromises()
    ;(document.querySelector('[data-test="reset-submit"]') as HTMLButtonElement).click()
    await flushPromises()
    const post = calls.find((c) => c.method === 'POST')!
    expect(post.url).toBe('/api/users/11/reset-password/')
    expect(post.body).toEqual({})
    const shown = document.querySelector('input[data-test="generated-password"]') as HTMLInputElement
    expect(shown.value).toBe('Kx7pQm4tRw9z')
    expect(document.body.textContent).toContain('只显示这一次')
  })

  it('shows the server’s refusal of a chosen password under the field', async () => {
    const calls = fakeApi(() => jsonResponse(errorBody(400, 'invalid', '密码不符合要求：这个密码太常见了。', { password: ['这个密码太常见了。'] }), 400))
    const { wrapper } = await mountAs('administrator')
    await wrapper.find('[data-test="user-reset-officer1"]').trigger('click')
    await flushPromises()
    const radios = document.querySelectorAll('[data-test="reset-dialog"] .el-radio')
    ;(radios[1] as HTMLElement).click()
    await flushPromises()
    const input = document.querySelector('[data-test="reset-dialog"] input[name="new-password"]') as HTMLInputElement
    input.value = 'password1'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    ;(document.querySelector('[data-test="reset-submit"]') as HTMLButtonElement).click()
    await settle()
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ password: 'password1' })
    const error = document.querySelector('[data-test="reset-dialog"] .el-form-item.is-error .el-form-item__error')
    expect(error?.textContent).toContain('这个密码太常见了')
    expect(document.querySelector('[data-test="generated-password"]')).toBeNull()
  })
})
