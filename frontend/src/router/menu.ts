import { DataBoard, OfficeBuilding, Setting } from '@element-plus/icons-vue'
import type { Component } from 'vue'
import { areaMenus } from '@/areas'
import type { Capability } from '@/utils/permissions'

export interface MenuEntry {
  /** i18n key */
  title: string
  icon?: Component
  /** Target path for leaves; a unique key for sections. */
  path: string
  capability?: Capability
  children?: MenuEntry[]
}

/**
 * The sidebar: the dashboard, the areas' sections (src/areas/), the registry and system administration.
 * Entries the user's role cannot open are hidden.
 */
export const MENU: MenuEntry[] = [
  { title: 'nav.dashboard', icon: DataBoard, path: '/dashboard' },
  ...areaMenus,
  {
    title: 'nav.registry',
    icon: OfficeBuilding,
    path: 'registry',
    capability: 'registry.view',
    children: [
      { title: 'nav.organisations', path: '/registry/organisations', capability: 'registry.view' },
      { title: 'nav.illegalOrganisations', path: '/registry/illegal-organisations', capability: 'registry.view' },
    ],
  },
  {
    title: 'nav.system',
    icon: Setting,
    path: 'system',
    capability: 'system.users',
    children: [{ title: 'nav.users', path: '/system/users', capability: 'system.users' }],
  },
]

/** The menu as the user may see it: entries they may not open, and sections left empty, are dropped. */
export function visibleMenu(entries: MenuEntry[], allowed: (capability?: Capability) => boolean): MenuEntry[] {
  const out: MenuEntry[] = []
  for (const entry of entries) {
    if (!allowed(entry.capability)) continue
    if (entry.children) {
      const children = visibleMenu(entry.children, allowed)
      if (children.length) out.push({ ...entry, children })
    } else {
      out.push(entry)
    }
  }
  return out
}
