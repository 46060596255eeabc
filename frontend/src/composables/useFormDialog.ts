/**
 * The state of a dialog that submits a form: open it with fresh values, validate, save, and on a refusal keep
 * it open with the server's message (in the UI language) on top and its field errors under the fields.
 *
 *   const create = useFormDialog({
 *     blank: () => ({ name: '', basis: '' }),
 *     save: (form) => createThing(payload(form)),
 *     saved: (made) => { ElMessage.success(t('created')); load() },
 *   })
 *   <el-dialog v-model="create.open"> <el-alert v-if="create.message" …/>
 *     <el-form :ref="create.setForm" :model="create.form"> <el-form-item :error="create.errors.name">…
 *     <el-button :loading="create.saving" @click="create.submit()">
 *
 * Views may also destructure it (`const { open: creating, … } = useFormDialog({ formRef: createRef, … })`), the
 * form keeping `ref="createRef"`.
 */
import type { FormInstance } from 'element-plus'
import { reactive, ref, type Ref, type UnwrapRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { asApiError, type ApiError } from '@/api/errors'

export interface FormDialogOptions<F extends object, R> {
  /** The form's values when the dialog opens. */
  blank: () => F
  /** Send the form; throwing (an ApiError) keeps the dialog open with the refusal shown. */
  save: (form: UnwrapRef<F>) => Promise<R>
  /** After a save: the dialog is already closed. */
  saved?: (result: R) => unknown
  /** After a refusal is shown (e.g. reload on a 409). */
  failed?: (error: ApiError) => unknown
  /** The form's template ref, when the view holds it (`ref="…"` on the el-form). */
  formRef?: Ref<FormInstance | undefined>
}

export function useFormDialog<F extends object, R = unknown>(options: FormDialogOptions<F, R>) {
  const { locale } = useI18n()
  const open = ref(false)
  const form = reactive(options.blank())
  const formRef = options.formRef ?? ref<FormInstance>()
  const message = ref('')
  const errors = ref<Record<string, string>>({})
  const saving = ref(false)

  function clearErrors() {
    message.value = ''
    errors.value = {}
  }

  /** Open with fresh values (and any given ones). */
  function show(values: Partial<UnwrapRef<F>> = {}) {
    Object.assign(form, options.blank(), values)
    clearErrors()
    open.value = true
    formRef.value?.clearValidate()
  }

  /** Validate, save, close; or show why not. Resolves to whether it was saved. */
  async function submit(): Promise<boolean> {
    if (saving.value) return false
    if (formRef.value && !(await formRef.value.validate().catch(() => false))) return false
    saving.value = true
    clearErrors()
    try {
      const result = await options.save(form as UnwrapRef<F>)
      open.value = false
      await options.saved?.(result)
      return true
    } catch (e) {
      const error = asApiError(e)
      errors.value = error.fieldErrors()
      message.value = error.messageFor(locale.value)
      await options.failed?.(error)
      return false
    } finally {
      saving.value = false
    }
  }

  return { open, form, formRef, message, errors, saving, show, submit }
}
