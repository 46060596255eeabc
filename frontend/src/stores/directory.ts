import { defineStore } from 'pinia'
import { ref } from 'vue'
import { listUsers } from '@/api/accounts'

/** Names of the agency's users, for showing who did what (history). Loaded once, on demand. */
export const useDirectoryStore = defineStore('directory', () => {
  const names = ref<Record<number, string>>({})
  let loading: Promise<void> | null = null

  function ensureUsers(): Promise<void> {
    loading ??= listUsers({ page_size: 500 })
      .then((page) => {
        names.value = Object.fromEntries(page.results.map((u) => [u.id, u.full_name || u.username]))
      })
      .catch(() => {
        loading = null // try again next time; names fall back to ids meanwhile
      })
    return loading
  }

  function userName(id: unknown): string | null {
    return typeof id === 'number' ? (names.value[id] ?? `#${id}`) : null
  }

  return { names, ensureUsers, userName }
})
