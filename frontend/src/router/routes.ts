import type { RouteRecordRaw } from 'vue-router'
import { areaRoutes } from '@/areas'
import type { Capability } from '@/utils/permissions'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title. */
    title?: string
    /** Reachable without signing in. */
    public?: boolean
    /** Needed to open the page; absent means any signed-in staff member. */
    capability?: Capability
    /** i18n key of the menu section the page belongs to (breadcrumb). */
    section?: string
    /** Route name of the parent page (breadcrumb), e.g. the list a detail page belongs to. */
    parent?: string
    /** Menu entry to highlight. */
    activeMenu?: string
  }
}

const Layout = () => import('@/layout/index.vue')

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/index.vue'),
    meta: { public: true, title: 'login.title' },
  },
  {
    path: '/',
    component: Layout,
    redirect: { name: 'dashboard' },
    children: [
      {
        path: 'dashboard',
        name: 'dashboard',
        component: () => import('@/views/dashboard/index.vue'),
        meta: { title: 'nav.dashboard' },
      },
      {
        path: 'registry/organisations',
        name: 'organisations',
        component: () => import('@/views/registry/OrganisationList.vue'),
        meta: { title: 'nav.organisations', section: 'nav.registry', capability: 'registry.view' },
      },
      {
        path: 'registry/organisations/:id(\\d+)',
        name: 'organisation',
        component: () => import('@/views/registry/OrganisationDetail.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: {
          title: 'nav.organisationDetail',
          section: 'nav.registry',
          parent: 'organisations',
          activeMenu: '/registry/organisations',
          capability: 'registry.view',
        },
      },
      {
        path: 'registry/organisations/:id(\\d+)/edit',
        name: 'organisation-edit',
        component: () => import('@/views/registry/OrganisationEdit.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: {
          title: 'nav.organisationEdit',
          section: 'nav.registry',
          parent: 'organisations',
          activeMenu: '/registry/organisations',
          capability: 'registry.edit',
        },
      },
      {
        path: 'registry/illegal-organisations',
        name: 'illegal-organisations',
        component: () => import('@/views/registry/IllegalOrganisationList.vue'),
        meta: { title: 'nav.illegalOrganisations', section: 'nav.registry', capability: 'registry.view' },
      },
      ...areaRoutes,
      {
        path: 'system/users',
        name: 'users',
        component: () => import('@/views/system/UserList.vue'),
        meta: { title: 'nav.users', section: 'nav.system', capability: 'system.users' },
      },
      {
        path: '403',
        name: 'forbidden',
        component: () => import('@/views/error/Forbidden.vue'),
        meta: { title: 'nav.forbidden' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/error/NotFound.vue'),
        meta: { title: 'nav.notFound' },
      },
    ],
  },
]
