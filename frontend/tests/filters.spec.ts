import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, reactive } from 'vue'
import ChoiceFilter from '@/components/ChoiceFilter.vue'
import DateRangeFilter from '@/components/DateRangeFilter.vue'
import { mountView } from './helpers'

afterEach(() => {
  document.body.innerHTML = ''
})

/** A filter form holding both components over a draft, as a list page does. */
function form(draft: Record<string, unknown>, mode: 'many' | 'one') {
  return defineComponent({
    setup: () => () =>
      h('form', [
        mode === 'many'
          ? h(ChoiceFilter, {
              label: '办理环节',
              options: ['lead', 'filed'],
              labelKey: 'cases.stateName',
              modelValue: draft.state as string[],
              'onUpdate:modelValue': (v: string | string[]) => (draft.state = v),
            })
          : h(ChoiceFilter, {
              label: '期限状态',
              flag: ['已逾期', '未逾期'],
              modelValue: draft.overdue as string,
              'onUpdate:modelValue': (v: string | string[]) => (draft.overdue = v),
            }),
        h(DateRangeFilter, {
          label: '立案日期',
          from: draft.after as string,
          to: draft.before as string,
          'onUpdate:from': (v: string) => (draft.after = v),
          'onUpdate:to': (v: string) => (draft.before = v),
        }),
      ]),
  })
}

describe('ChoiceFilter and DateRangeFilter', () => {
  it('label their controls for assistive technology and name each choice', async () => {
    const draft = reactive({ state: ['filed'], after: '2026-01-01', before: '2026-03-31' })
    const { wrapper } = await mountView(form(draft, 'many'))
    const labels = wrapper.findAll('.el-form-item__label').map((l) => l.text())
    expect(labels).toEqual(['办理环节', '立案日期'])
    expect(wrapper.find('.el-select [aria-label="办理环节"], [aria-label="办理环节"]').exists()).toBe(true)
    expect(wrapper.text()).toContain('立案') // the chosen state is shown by its name, not its code
    const inputs = wrapper.findAll('.el-date-editor input')
    expect(inputs.map((i) => (i.element as HTMLInputElement).value)).toEqual(['2026-01-01', '2026-03-31'])
    expect(inputs.map((i) => i.attributes('placeholder'))).toEqual(['开始日期', '结束日期'])
    expect(wrapper.find('[aria-label="立案日期"]').exists()).toBe(true)
    wrapper.unmount()
  })

  it('writes a cleared range back as two empty filters', async () => {
    const draft = reactive({ overdue: '', after: '2026-01-01', before: '2026-03-31' })
    const { wrapper } = await mountView(form(draft, 'one'))
    const picker = wrapper.findComponent(DateRangeFilter).findComponent({ name: 'ElDatePicker' })
    expect(picker.exists()).toBe(true)
    picker.vm.$emit('update:modelValue', null)
    await flushPromises()
    expect(draft).toMatchObject({ after: '', before: '' })
    picker.vm.$emit('update:modelValue', ['2025-05-01', '2025-05-31'])
    await flushPromises()
    expect(draft).toMatchObject({ after: '2025-05-01', before: '2025-05-31' })
    expect(wrapper.text()).toContain('全部') // the yes/no choice offers 全部 first
    const select = wrapper.findComponent(ChoiceFilter).findComponent({ name: 'ElSelect' })
    expect(select.props('multiple')).toBe(false)
    const options = wrapper.findComponent(ChoiceFilter).findAllComponents({ name: 'ElOption' })
    expect(options.map((o) => [o.props('value'), o.props('label')])).toEqual([
      ['', '全部'],
      ['true', '已逾期'],
      ['false', '未逾期'],
    ])
    wrapper.unmount()
  })
})
