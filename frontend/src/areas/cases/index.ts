import { Briefcase } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'
import type { MenuEntry } from '@/router/menu'

/** Cases (办案管理): routes under /cases/ and the sidebar section. Pages load lazily, each in its own chunk. */
export const routes: RouteRecordRaw[] = [
  {
    path: 'cases',
    name: 'cases',
    component: () => import('@/views/cases/CaseList.vue'),
    meta: { title: 'cases.list', section: 'cases.title', capability: 'cases.view' },
  },
  {
    path: 'cases/new',
    name: 'case-new',
    component: () => import('@/views/cases/CaseCreate.vue'),
    meta: { title: 'cases.create', section: 'cases.title', parent: 'cases', activeMenu: '/cases/new', capability: 'cases.create' },
  },
  {
    path: 'cases/:id(\\d+)',
    name: 'case',
    component: () => import('@/views/cases/CaseDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'cases.detail', section: 'cases.title', parent: 'cases', activeMenu: '/cases', capability: 'cases.view' },
  },
]

/** The sidebar section. */
export const menu: MenuEntry | null = {
  title: 'cases.title',
  icon: Briefcase,
  path: 'cases',
  capability: 'cases.view',
  children: [
    { title: 'cases.list', path: '/cases', capability: 'cases.view' },
    { title: 'cases.create', path: '/cases/new', capability: 'cases.create' },
  ],
}
