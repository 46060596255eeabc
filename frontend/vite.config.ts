/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import Components from 'unplugin-vue-components/vite'
import { defineConfig } from 'vite'

// The built app is served by Django under /app/ (local mode) or by nginx (production).
// `npm run dev` proxies the API to a running backend: ZHIFA_BACKEND=http://127.0.0.1:8000 by default.
const backend = process.env.ZHIFA_BACKEND ?? 'http://127.0.0.1:8000'

export default defineConfig({
  base: '/app/',
  plugins: [
    vue(),
    AutoImport({
      resolvers: [ElementPlusResolver()],
      dts: 'src/auto-imports.d.ts',
    }),
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dts: 'src/components.d.ts',
      dirs: [],
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
    },
  },
  build: {
    target: 'es2020',
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      output: {
        manualChunks(id) {
          // Framework code changes rarely: one long-lived cacheable chunk.
          if (/node_modules\/(@vue|vue|vue-router|pinia|vue-i18n|@intlify)\//.test(id)) return 'framework'
          if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts'
          return undefined
        },
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.spec.ts'],
    css: false,
    restoreMocks: true,
    // Mounting Element Plus forms takes seconds on a busy 2-core machine; a slow machine is not a failure.
    testTimeout: 20_000,
    // Element Plus components import their CSS: let Vite handle them instead of Node.
    server: { deps: { inline: ['element-plus'] } },
  },
})
