import { Wallet } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'
import type { MenuEntry } from '@/router/menu'

/** Enforcement (执行管理): routes under /enforcement/ and /refunds, and the sidebar section. Pages load lazily. */
export const routes: RouteRecordRaw[] = [
  {
    path: 'enforcement',
    name: 'enforcement',
    component: () => import('@/views/enforcement/EnforcementList.vue'),
    meta: { title: 'enforcement.list', section: 'enforcement.title', capability: 'enforcement.view' },
  },
  {
    path: 'enforcement/:id(\\d+)',
    name: 'enforcement-detail',
    component: () => import('@/views/enforcement/EnforcementDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: {
      title: 'enforcement.detail',
      section: 'enforcement.title',
      parent: 'enforcement',
      activeMenu: '/enforcement',
      capability: 'enforcement.view',
    },
  },
  {
    path: 'refunds',
    name: 'refunds',
    component: () => import('@/views/enforcement/RefundList.vue'),
    meta: { title: 'enforcement.refunds', section: 'enforcement.title', capability: 'enforcement.refunds' },
  },
]

/** The sidebar section. */
export const menu: MenuEntry | null = {
  title: 'enforcement.title',
  icon: Wallet,
  path: 'enforcement',
  capability: 'enforcement.view',
  children: [
    { title: 'enforcement.list', path: '/enforcement', capability: 'enforcement.view' },
    { title: 'enforcement.refunds', path: '/refunds', capability: 'enforcement.refunds' },
  ],
}
