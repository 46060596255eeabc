import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { toApiError } from '@/api/errors'
import { useFormDialog } from '@/composables/useFormDialog'
import { errorBody, mountView } from './helpers'

/** Mount a component that only holds the dialog state, and hand the state back. */
async function dialogWith(save: (form: { name: string }) => Promise<unknown>, saved = vi.fn(), failed = vi.fn()) {
  let state!: ReturnType<typeof useFormDialog<{ name: string }>>
  const Holder = defineComponent({
    setup() {
      state = useFormDialog({ blank: () => ({ name: '' }), save, saved, failed })
      return () => h('div')
    },
  })
  const { wrapper } = await mountView(Holder)
  return { state, saved, failed, wrapper }
}

describe('useFormDialog', () => {
  it('opens with fresh values, saves, closes and reports the result', async () => {
    const save = vi.fn(async (form: { name: string }) => ({ id: 7, name: form.name }))
    const { state, saved, wrapper } = await dialogWith(save)
    state.show({ name: '旧值' })
    state.form.name = '潜江市证明事项'
    expect(state.open.value).toBe(true)
    expect(await state.submit()).toBe(true)
    expect(save).toHaveBeenCalledWith(expect.objectContaining({ name: '潜江市证明事项' }))
    expect(state.open.value).toBe(false)
    expect(saved).toHaveBeenCalledWith({ id: 7, name: '潜江市证明事项' })
    state.show()
    expect(state.form.name).toBe('') // fresh values each time
    wrapper.unmount()
  })

  it('keeps the dialog open on a refusal, with the message and field errors, and is not saving after', async () => {
    const refusal = toApiError(400, errorBody(400, 'invalid', '名称不能为空。', { name: ['请填写名称。'] }))
    let release!: () => void
    const save = vi.fn(() => new Promise<never>((_resolve, reject) => (release = () => reject(refusal))))
    const { state, saved, failed, wrapper } = await dialogWith(save)
    state.show()
    const pending = state.submit()
    await vi.waitFor(() => expect(save).toHaveBeenCalled())
    expect(state.saving.value).toBe(true)
    expect(await state.submit()).toBe(false) // a second click while saving sends nothing
    expect(save).toHaveBeenCalledTimes(1)
    release()
    expect(await pending).toBe(false)
    expect(state.open.value).toBe(true)
    expect(state.saving.value).toBe(false)
    expect(state.message.value).toBe('名称不能为空。')
    expect(state.errors.value).toEqual({ name: '请填写名称。' })
    expect(saved).not.toHaveBeenCalled()
    expect(failed).toHaveBeenCalledWith(refusal)
    state.show()
    expect(state.message.value).toBe('') // a new opening starts clean
    expect(state.errors.value).toEqual({})
    wrapper.unmount()
  })
})
