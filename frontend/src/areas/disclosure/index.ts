import { Promotion } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'
import type { MenuEntry } from '@/router/menu'

/**
 * Disclosure (执法公示): routes under /disclosure/ of the app (the public site itself is /disclosure/ of the
 * server, outside the app) and the sidebar section. Pages load lazily, each in its own chunk.
 */
export const routes: RouteRecordRaw[] = [
  {
    path: 'disclosure/notices',
    name: 'disclosure-notices',
    component: () => import('@/views/disclosure/NoticeList.vue'),
    meta: { title: 'disclosure.notices', section: 'disclosure.title', capability: 'disclosure.view' },
  },
  {
    path: 'disclosure/notices/:id(\\d+)',
    name: 'disclosure-notice',
    component: () => import('@/views/disclosure/NoticeDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: {
      title: 'disclosure.noticeDetail',
      section: 'disclosure.title',
      parent: 'disclosure-notices',
      activeMenu: '/disclosure/notices',
      capability: 'disclosure.view',
    },
  },
]

/** The sidebar section. */
export const menu: MenuEntry | null = {
  title: 'disclosure.title',
  icon: Promotion,
  path: 'disclosure',
  capability: 'disclosure.view',
  children: [{ title: 'disclosure.notices', path: '/disclosure/notices', capability: 'disclosure.view' }],
}
