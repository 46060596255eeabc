import type { RouteRecordRaw } from 'vue-router'
import type { MenuEntry } from '@/router/menu'

/** Legal review (法制审核): routes under /reviews/ and the sidebar section. Pages load lazily, each in its own chunk. */
export const routes: RouteRecordRaw[] = []

/** The sidebar section, or null while the area has no pages. */
export const menu: MenuEntry | null = null
