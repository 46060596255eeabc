import { Stamp } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'
import type { MenuEntry } from '@/router/menu'

/** Legal review (法制审核): routes under /reviews/ and the sidebar section. Pages load lazily, each in its own chunk. */
export const routes: RouteRecordRaw[] = [
  {
    path: 'reviews',
    name: 'reviews',
    component: () => import('@/views/reviews/ReviewList.vue'),
    meta: { title: 'reviews.queue', section: 'reviews.title', capability: 'reviews.view' },
  },
  {
    path: 'reviews/:id(\\d+)',
    name: 'review',
    component: () => import('@/views/reviews/ReviewDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    // Officers open the reviews of their cases (the outcome's notification links here) to ask for a 复核.
    meta: { title: 'reviews.detail', section: 'reviews.title', parent: 'reviews', activeMenu: '/reviews', capability: 'reviews.open' },
  },
]

/** The sidebar section. */
export const menu: MenuEntry | null = {
  title: 'reviews.title',
  icon: Stamp,
  path: 'reviews',
  capability: 'reviews.view',
  children: [{ title: 'reviews.queue', path: '/reviews', capability: 'reviews.view' }],
}
