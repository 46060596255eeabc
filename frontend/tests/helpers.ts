import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router'
import { defineComponent, h, type Component } from 'vue'
import { i18n } from '@/locales'

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

export function errorBody(status: number, code: string, detail: string, fields: Record<string, unknown> = {}) {
  return { status, code, detail, detail_en: `${code} (en)`, fields }
}

const Blank = defineComponent({ render: () => h('div') })

/** Mount a view with Pinia, i18n (zh-CN), Element Plus and a memory router at `path`. */
export async function mountView(
  component: Component,
  { path = '/', routes = [], props = {} }: { path?: string; routes?: RouteRecordRaw[]; props?: Record<string, unknown> } = {},
) {
  const pinia = createPinia()
  setActivePinia(pinia)
  i18n.global.locale.value = 'zh-CN'
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:pathMatch(.*)*', name: 'fallback', component: Blank }, ...routes],
  })
  await router.push(path)
  await router.isReady()
  const wrapper = mount(component, {
    props,
    attachTo: document.body,
    global: { plugins: [pinia, i18n, router], stubs: { transition: false, 'transition-group': false } },
  })
  await flushPromises()
  return { wrapper, router, pinia }
}
