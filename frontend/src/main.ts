import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { api } from '@/api/client'
import { i18n } from '@/locales'
import { createAppRouter } from '@/router'
import { useAuthStore } from '@/stores/auth'
import App from './App.vue'
import './styles/index.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
const router = createAppRouter()
app.use(router)

// The session ended on the server (expired, or signed out elsewhere): back to the sign-in page.
api.setUnauthenticatedHandler(() => {
  const auth = useAuthStore(pinia)
  if (!auth.isAuthenticated) return
  auth.clear()
  ElMessage.warning(i18n.global.t('user.sessionEnded'))
  const current = router.currentRoute.value
  if (!current.meta.public) router.replace({ name: 'login', query: { redirect: current.fullPath } })
})

app.mount('#app')
