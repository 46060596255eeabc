import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { LocationQuery } from 'vue-router'

/** Registry screens' shared state: the list query to return to from a detail page. */
export const useRegistryStore = defineStore('registry', () => {
  const listQuery = ref<LocationQuery>({})

  function rememberListQuery(query: LocationQuery): void {
    listQuery.value = { ...query }
  }

  return { listQuery, rememberListQuery }
})
