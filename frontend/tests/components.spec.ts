import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { toApiError } from '@/api/errors'
import type { Organisation } from '@/api/types'
import CursorPager from '@/components/CursorPager.vue'
import ImportDialog from '@/views/registry/components/ImportDialog.vue'
import OrganisationEdit from '@/views/registry/OrganisationEdit.vue'
import { errorBody, mountView } from './helpers'

vi.mock('@/api/registry', () => ({
  importOrganisations: vi.fn(),
  getOrganisation: vi.fn(),
  updateOrganisation: vi.fn(),
}))
const registry = await import('@/api/registry')

beforeEach(() => {
  vi.mocked(registry.importOrganisations).mockReset()
  vi.mocked(registry.getOrganisation).mockReset()
  vi.mocked(registry.updateOrganisation).mockReset()
})
afterEach(() => {
  document.body.innerHTML = ''
})

function chooseFile(input: HTMLInputElement, file: File) {
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change'))
}

/** Element Plus shows a form item's error 100 ms after the state changes. */
const settle = async () => {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, 150))
}

function button(text: string): HTMLButtonElement {
  const found = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)
  if (!found) throw new Error(`no button "${text}"`)
  return found as HTMLButtonElement
}

describe('ImportDialog', () => {
  async function open() {
    const view = await mountView(ImportDialog, { props: { modelValue: true } })
    await flushPromises()
    const input = document.querySelector('.el-dialog input[type=file]') as HTMLInputElement
    chooseFile(input, new File(['名称\n'], '社会组织.csv', { type: 'text/csv' }))
    await flushPromises()
    return view
  }

  it('lists every rejected row with its field and message', async () => {
    vi.mocked(registry.importOrganisations).mockRejectedValue(
      toApiError(400, errorBody(400, 'import_rejected', '导入文件有 2 行错误，未导入任何记录。', {
        rows: {
          '3': { credit_code: ['统一社会信用代码应为18位，实际为16位'], name: ['名称不能为空'] },
          '12': { type: ['未知的组织类型“协会”'] },
        },
      })),
    )
    await open()
    expect(document.body.textContent).toContain('社会组织.csv')

    button('校验').click()
    await flushPromises()

    expect(registry.importOrganisations).toHaveBeenCalledWith(expect.any(File), true)
    const text = document.body.textContent ?? ''
    expect(text).toContain('2 行有错误，未导入任何记录')
    const rows = [...document.querySelectorAll('.import__issues .el-table__body tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim()),
    )
    expect(rows).toEqual([
      ['第 3 行', '统一社会信用代码', '错误统一社会信用代码应为18位，实际为16位'],
      ['第 3 行', '名称', '错误名称不能为空'],
      ['第 12 行', '类型', '错误未知的组织类型“协会”'],
    ])
  })

  it('shows a file problem under the file chooser', async () => {
    vi.mocked(registry.importOrganisations).mockRejectedValue(
      toApiError(400, errorBody(400, 'invalid', '缺少必需的列：名称。', { file: ['缺少必需的列：名称'] })),
    )
    await open()
    button('校验').click()
    await flushPromises()
    expect(document.querySelector('.import__file-error')?.textContent).toBe('缺少必需的列：名称')
    expect(document.querySelector('.import__issues')).toBeNull()
  })

  it('reports a successful import with its warnings and tells the list', async () => {
    vi.mocked(registry.importOrganisations).mockResolvedValue({
      rows: 2,
      imported: 2,
      warnings: { '2': { credit_code: '统一社会信用代码校验位错误：应为 0，实际为 1' } },
    })
    const { wrapper } = await open()
    button('导入').click()
    await flushPromises()
    expect(registry.importOrganisations).toHaveBeenCalledWith(expect.any(File), false)
    expect(document.body.textContent).toContain('导入成功：共导入 2 条记录。')
    expect(document.body.textContent).toContain('提示（不影响导入）')
    expect(wrapper.emitted('imported')).toEqual([[2]])
    expect(button('导入').disabled).toBe(true) // not twice
  })
})

describe('OrganisationEdit', () => {
  const org: Organisation = {
    id: 7,
    name: '潜江市围棋协会',
    type: 'social_group',
    type_display: '社会团体',
    credit_code: '51429005MJ00000698',
    credit_code_warning: '',
    certificate_number: '潜社证字第0022号',
    legal_representative: '朱德明',
    address: '潜江市园林街道章华南路1号',
    registration_date: '2019-11-07',
    registration_authority: '潜江市民政局',
    business_supervisor: '潜江市体育局',
    status: 'normal',
    status_display: '正常',
    status_changed_on: null,
    version: 3,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  }
  const routes = [
    { path: '/registry/organisations/:id', name: 'organisation', component: { render: () => null } },
    { path: '/registry/organisations/:id/edit', name: 'organisation-edit', component: OrganisationEdit },
  ]

  async function edit() {
    vi.mocked(registry.getOrganisation).mockResolvedValue({ data: org, etag: '"3"' })
    const view = await mountView(OrganisationEdit, { path: '/registry/organisations/7/edit', routes, props: { id: 7 } })
    await flushPromises()
    return view
  }

  function input(label: string): HTMLInputElement {
    const item = [...document.querySelectorAll('.el-form-item')].find(
      (el) => el.querySelector('.el-form-item__label')?.textContent?.trim() === label,
    )
    return item!.querySelector('input') as HTMLInputElement
  }

  async function type(label: string, value: string) {
    const el = input(label)
    el.dispatchEvent(new FocusEvent('focus'))
    el.value = value
    el.dispatchEvent(new Event('input'))
    el.dispatchEvent(new FocusEvent('blur'))
    await settle()
  }

  it('checks the credit code while typing', async () => {
    await edit()
    await type('统一社会信用代码', '51429005MJ00000699')
    expect(document.body.textContent).toContain('统一社会信用代码校验位错误：应为 8，实际为 9')
  })

  it('sends only the change, with the version read, and goes back to the detail page', async () => {
    vi.mocked(registry.updateOrganisation).mockResolvedValue({ data: { ...org, address: '新地址', version: 4 }, etag: '"4"' })
    const { router } = await edit()
    await type('住所', '新地址')
    button('保存').click()
    await flushPromises()
    expect(registry.updateOrganisation).toHaveBeenCalledWith(7, '"3"', { address: '新地址' })
    expect(router.currentRoute.value.name).toBe('organisation')
  })

  it('shows server field errors next to their fields', async () => {
    vi.mocked(registry.updateOrganisation).mockRejectedValue(
      toApiError(400, errorBody(400, 'invalid', '输入有误，请检查标出的字段。', {
        legal_representative: ['法定代表人姓名含有不允许的字符'],
      })),
    )
    await edit()
    await type('法定代表人', '朱德明#')
    button('保存').click()
    await settle()
    const item = input('法定代表人').closest('.el-form-item')!
    expect(item.querySelector('.el-form-item__error')?.textContent?.trim()).toBe('法定代表人姓名含有不允许的字符')
    expect(document.body.textContent).toContain('保存未成功，请修改标出的字段。')
  })

  it('on a 409 keeps the edits and loads the newer version on request', async () => {
    vi.mocked(registry.updateOrganisation).mockRejectedValueOnce(
      toApiError(409, errorBody(409, 'version_conflict', '该记录已被他人修改（当前版本 4，您提交的版本 3），请刷新后重试。')),
    )
    await edit()
    await type('住所', '我的新地址')
    button('保存').click()
    await flushPromises()
    expect(document.body.textContent).toContain('该记录已被他人修改（当前版本 4')

    vi.mocked(registry.getOrganisation).mockResolvedValue({
      data: { ...org, business_supervisor: '潜江市民政局', version: 4 },
      etag: '"4"',
    })
    button('载入最新版本（保留我的修改）').click()
    await flushPromises()
    expect(input('住所').value).toBe('我的新地址')
    expect(input('业务主管单位').value).toBe('潜江市民政局')
    expect(document.body.textContent).toContain('他人修改的字段')

    vi.mocked(registry.updateOrganisation).mockResolvedValue({ data: { ...org, version: 5 }, etag: '"5"' })
    button('保存').click()
    await flushPromises()
    expect(registry.updateOrganisation).toHaveBeenLastCalledWith(7, '"4"', { address: '我的新地址' })
  })
})

describe('CursorPager', () => {
  it('enables only the moves that exist and reports them', async () => {
    const { wrapper } = await mountView(CursorPager, {
      props: { hasPrevious: false, hasNext: true, paged: false, pageSize: 50, pageSizes: [20, 50], shown: 50 },
    })
    expect(button('首页').disabled).toBe(true)
    expect(button('上一页').disabled).toBe(true)
    expect(button('下一页').disabled).toBe(false)
    button('下一页').click()
    expect(wrapper.emitted('next')).toHaveLength(1)
    expect(document.body.textContent).toContain('本页 50 条')
  })
})
