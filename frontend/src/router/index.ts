import { createRouter, createWebHistory, type Router } from 'vue-router'
import { i18n } from '@/locales'
import { useAuthStore } from '@/stores/auth'
import { routes } from './routes'

/** Only same-app paths are followed after sign-in (never another origin). */
export function safeRedirect(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) {
    return null
  }
  return value
}

export function installGuards(router: Router): void {
  router.beforeEach(async (to) => {
    const auth = useAuthStore()
    try {
      await auth.ensureLoaded()
    } catch {
      // The server could not say who this is (429, 5xx, a timeout): that is not a sign-out. Public pages
      // open; any other stays where it is, and the app offers to check again (SessionCheck).
      if (to.meta.public) return true
      auth.checkTarget = to.fullPath
      return false
    }
    if (to.meta.public) {
      if (to.name === 'login' && auth.isAuthenticated) {
        return safeRedirect(to.query.redirect) ?? { name: 'dashboard' }
      }
      return true
    }
    if (!auth.isAuthenticated) {
      return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
    }
    if (!auth.allowed(to.meta.capability)) {
      return { name: 'forbidden' }
    }
    return true
  })

  router.afterEach((to) => {
    const t = i18n.global.t
    const title = to.meta.title ? t(to.meta.title) : ''
    document.title = title ? `${title} - ${t('app.name')}` : t('app.name')
  })
}

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })
  installGuards(router)
  return router
}
