import { Briefcase } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'
import type { MenuEntry } from '@/router/menu'

/** Litigation (复议与应诉): routes under /litigation/ and the sidebar section. Pages load lazily, each in its own chunk. */
export const routes: RouteRecordRaw[] = [
  {
    path: 'litigation',
    name: 'litigation',
    component: () => import('@/views/litigation/MatterList.vue'),
    meta: { title: 'litigation.matters', section: 'litigation.title', capability: 'litigation.view' },
  },
  {
    path: 'litigation/:id(\\d+)',
    name: 'litigation-matter',
    component: () => import('@/views/litigation/MatterDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: {
      title: 'litigation.matterDetail',
      section: 'litigation.title',
      parent: 'litigation',
      activeMenu: '/litigation',
      capability: 'litigation.view',
    },
  },
]

/** The sidebar section. */
export const menu: MenuEntry | null = {
  title: 'litigation.title',
  icon: Briefcase,
  path: 'litigation',
  capability: 'litigation.view',
  children: [{ title: 'litigation.matters', path: '/litigation', capability: 'litigation.view' }],
}
