import { Notebook } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'
import type { MenuEntry } from '@/router/menu'

const meta = (title: string, extra: Record<string, string> = {}) => ({
  title,
  section: 'registers.title',
  capability: 'registers.view' as const,
  ...extra,
})

/** Registers (制度台账): routes under /registers/ and the sidebar section. Pages load lazily, each in its own chunk. */
export const routes: RouteRecordRaw[] = [
  { path: 'registers', redirect: { name: 'register-documents' } },
  {
    path: 'registers/documents',
    name: 'register-documents',
    component: () => import('@/views/registers/DocumentList.vue'),
    meta: meta('registers.documents'),
  },
  {
    path: 'registers/documents/:id(\\d+)',
    name: 'register-document',
    component: () => import('@/views/registers/DocumentDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: meta('registers.documentDetail', { parent: 'register-documents', activeMenu: '/registers/documents' }),
  },
  {
    path: 'registers/cleanup',
    name: 'register-cleanup',
    component: () => import('@/views/registers/CleanupCampaigns.vue'),
    meta: meta('registers.cleanup'),
  },
  {
    path: 'registers/certification',
    name: 'register-certification',
    component: () => import('@/views/registers/CertificationList.vue'),
    meta: meta('registers.certification'),
  },
  {
    path: 'registers/powers',
    name: 'register-powers',
    component: () => import('@/views/registers/PowerLists.vue'),
    meta: meta('registers.powers'),
  },
  {
    path: 'registers/discretion-benchmarks',
    name: 'register-benchmarks',
    component: () => import('@/views/registers/DiscretionBenchmarks.vue'),
    meta: meta('registers.benchmarks'),
  },
  {
    path: 'registers/inspections',
    name: 'register-inspections',
    component: () => import('@/views/registers/InspectionPlans.vue'),
    meta: meta('registers.inspections'),
  },
  {
    path: 'registers/inspections/:id(\\d+)',
    name: 'register-inspection',
    component: () => import('@/views/registers/InspectionPlanDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: meta('registers.inspectionDetail', { parent: 'register-inspections', activeMenu: '/registers/inspections' }),
  },
  {
    path: 'registers/inspections/personnel',
    name: 'register-personnel',
    component: () => import('@/views/registers/InspectionPersonnel.vue'),
    meta: meta('registers.personnel', { parent: 'register-inspections', activeMenu: '/registers/inspections' }),
  },
  {
    path: 'registers/annual-reports',
    name: 'register-annual',
    component: () => import('@/views/registers/AnnualReports.vue'),
    meta: meta('registers.annual'),
  },
]

/** The sidebar section. */
export const menu: MenuEntry | null = {
  title: 'registers.title',
  icon: Notebook,
  path: 'registers',
  capability: 'registers.view',
  children: [
    { title: 'registers.documents', path: '/registers/documents', capability: 'registers.view' },
    { title: 'registers.cleanup', path: '/registers/cleanup', capability: 'registers.view' },
    { title: 'registers.certification', path: '/registers/certification', capability: 'registers.view' },
    { title: 'registers.powers', path: '/registers/powers', capability: 'registers.view' },
    { title: 'registers.benchmarks', path: '/registers/discretion-benchmarks', capability: 'registers.view' },
    { title: 'registers.inspections', path: '/registers/inspections', capability: 'registers.view' },
    { title: 'registers.annual', path: '/registers/annual-reports', capability: 'registers.view' },
  ],
}
