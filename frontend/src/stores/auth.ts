import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '@/api/auth'
import { asApiError, type ApiError } from '@/api/errors'
import type { Me } from '@/api/types'
import { can, type Capability } from '@/utils/permissions'
import { setServerToday } from '@/utils/serverDate'

export const useAuthStore = defineStore('auth', () => {
  const user = ref<Me | null>(null)
  const loaded = ref(false)
  /** Why the last session check failed (429, 5xx, timeout…), and the page that waits for it; null when it did not. */
  const checkError = ref<ApiError | null>(null)
  const checkTarget = ref('')
  let pending: Promise<Me | null> | null = null

  const isAuthenticated = computed(() => user.value !== null)
  const role = computed(() => user.value?.role ?? null)
  const displayName = computed(() => user.value?.full_name || user.value?.username || '')

  /** Load the session's user once (on the first navigation); later calls reuse the answer. */
  function ensureLoaded(): Promise<Me | null> {
    if (loaded.value) return Promise.resolve(user.value)
    pending ??= authApi
      .fetchMe()
      .then((me) => {
        user.value = me
        setServerToday(me?.today)
        loaded.value = true
        checkError.value = null
        return me
      })
      .catch((e: unknown) => {
        checkError.value = asApiError(e)
        throw checkError.value
      })
      .finally(() => {
        pending = null
      })
    return pending
  }

  async function login(username: string, password: string): Promise<Me> {
    const me = await authApi.login(username, password)
    user.value = me
    setServerToday(me.today)
    loaded.value = true
    checkError.value = null
    return me
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } finally {
      clear()
    }
  }

  /** Forget the user (the session ended on the server). */
  function clear(): void {
    user.value = null
    loaded.value = true
    checkError.value = null
  }

  function allowed(capability: Capability | undefined): boolean {
    return capability === undefined ? isAuthenticated.value : can(user.value, capability)
  }

  return { user, loaded, checkError, checkTarget, isAuthenticated, role, displayName, ensureLoaded, login, logout, clear, allowed }
})
