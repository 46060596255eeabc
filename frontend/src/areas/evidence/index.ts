import type { RouteRecordRaw } from 'vue-router'
import type { MenuEntry } from '@/router/menu'

/** Evidence & devices (证据与记录仪): routes under /evidence/ and the sidebar section. Pages load lazily, each in its own chunk. */
export const routes: RouteRecordRaw[] = []

/** The sidebar section, or null while the area has no pages. */
export const menu: MenuEntry | null = null
