import { Camera } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'
import type { MenuEntry } from '@/router/menu'

/** Evidence & devices (证据与记录仪): routes under /evidence/ and the sidebar section. Pages load lazily, each in its own chunk. */
export const routes: RouteRecordRaw[] = [
  {
    path: 'evidence',
    name: 'evidence',
    component: () => import('@/views/evidence/EvidenceList.vue'),
    meta: { title: 'evidence.items', section: 'evidence.title', capability: 'evidence.items' },
  },
  {
    path: 'evidence/:id(\\d+)/custody',
    name: 'evidence-custody',
    component: () => import('@/views/evidence/CustodyReport.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'evidence.custody', section: 'evidence.title', parent: 'evidence', activeMenu: '/evidence', capability: 'evidence.items' },
  },
  {
    path: 'evidence/:id(\\d+)/accesses',
    name: 'evidence-item-accesses',
    component: () => import('@/views/evidence/AccessLog.vue'),
    props: (route) => ({ itemId: Number(route.params.id) }),
    meta: { title: 'evidence.itemAccessLog', section: 'evidence.title', parent: 'evidence', activeMenu: '/evidence', capability: 'evidence.items' },
  },
  {
    path: 'evidence/access-log',
    name: 'evidence-access-log',
    component: () => import('@/views/evidence/AccessLog.vue'),
    meta: { title: 'evidence.accessLog', section: 'evidence.title', capability: 'evidence.accessLog' },
  },
  {
    path: 'evidence/tombstones',
    name: 'evidence-tombstones',
    component: () => import('@/views/evidence/Tombstones.vue'),
    meta: { title: 'evidence.tombstones', section: 'evidence.title', capability: 'evidence.items' },
  },
  {
    path: 'evidence/devices',
    name: 'evidence-devices',
    component: () => import('@/views/evidence/DeviceLedger.vue'),
    meta: { title: 'evidence.devices', section: 'evidence.title', capability: 'evidence.view' },
  },
  {
    path: 'evidence/fixity',
    name: 'evidence-fixity',
    component: () => import('@/views/evidence/FixityAlarms.vue'),
    meta: { title: 'evidence.fixity', section: 'evidence.title', capability: 'evidence.alarms' },
  },
]

/** The sidebar section. */
export const menu: MenuEntry | null = {
  title: 'evidence.title',
  icon: Camera,
  path: 'evidence',
  capability: 'evidence.view',
  children: [
    { title: 'evidence.items', path: '/evidence', capability: 'evidence.items' },
    { title: 'evidence.devices', path: '/evidence/devices', capability: 'evidence.view' },
    { title: 'evidence.fixity', path: '/evidence/fixity', capability: 'evidence.alarms' },
    { title: 'evidence.accessLog', path: '/evidence/access-log', capability: 'evidence.accessLog' },
    { title: 'evidence.tombstones', path: '/evidence/tombstones', capability: 'evidence.items' },
  ],
}
