import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { i18n, rememberLocale, savedLocale, type Locale } from '@/locales'

const COLLAPSE_KEY = 'zhifa.sidebarCollapsed'

export const useAppStore = defineStore('app', () => {
  const locale = ref<Locale>(savedLocale())
  const sidebarCollapsed = ref(globalThis.localStorage?.getItem(COLLAPSE_KEY) === '1')

  function setLocale(next: Locale): void {
    locale.value = next
  }

  function toggleSidebar(): void {
    sidebarCollapsed.value = !sidebarCollapsed.value
  }

  watch(
    locale,
    (value) => {
      i18n.global.locale.value = value
      rememberLocale(value)
      if (globalThis.document) document.documentElement.lang = value
    },
    { immediate: true },
  )
  watch(sidebarCollapsed, (value) => globalThis.localStorage?.setItem(COLLAPSE_KEY, value ? '1' : '0'))

  return { locale, sidebarCollapsed, setLocale, toggleSidebar }
})
