#!/usr/bin/env node
// Bundle budget. For every route, the JavaScript a browser must fetch to show it when it is the
// first page opened (a deep link or bookmark): the entry chunk, the layout for pages inside it,
// the route's own chunk, and everything they import statically, gzipped. Code loaded later on
// demand (ECharts, the XLSX writer) is listed separately with its own budget.
//
//   node scripts/check-size.mjs            # reads dist/.vite/manifest.json, exits 1 over budget
//   ZHIFA_JS_BUDGET_KB=300 node scripts/check-size.mjs
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const manifestPath = join(dist, '.vite', 'manifest.json')
const ROUTE_BUDGET = Number(process.env.ZHIFA_JS_BUDGET_KB ?? 350) * 1024
const LAZY_BUDGET = Number(process.env.ZHIFA_LAZY_BUDGET_KB ?? 250) * 1024
const LAYOUT = 'src/layout/index.vue'
const STANDALONE = new Set(['src/views/login/index.vue', LAYOUT])

if (!existsSync(manifestPath)) {
  console.error(`check-size: ${manifestPath} is missing; run \`npm run build\` first`)
  process.exit(2)
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry)
if (!entryKey) {
  console.error('check-size: no entry in the manifest')
  process.exit(2)
}

const gz = new Map()
function gzipped(file) {
  if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length)
  return gz.get(file)
}

/** The chunk files loaded with `key`: itself and its static imports, transitively. */
function closure(key, into = new Set()) {
  const chunk = manifest[key]
  if (!chunk || into.has(chunk.file)) return into
  into.add(chunk.file)
  for (const imported of chunk.imports ?? []) closure(imported, into)
  return into
}

const quiet = process.argv.includes('--quiet')
const log = quiet ? () => {} : console.log
const kb = (n) => `${(n / 1024).toFixed(1)} KB`
const sum = (files) => [...files].reduce((n, f) => n + gzipped(f), 0)
const initial = closure(entryKey)
const routes = manifest[entryKey].dynamicImports ?? []
const rows = []
const routeFiles = new Set(initial)
for (const key of routes) {
  if (key === LAYOUT) continue
  const files = new Set(initial)
  if (!STANDALONE.has(key)) closure(LAYOUT, files)
  closure(key, files)
  files.forEach((f) => routeFiles.add(f))
  rows.push({ route: key.replace(/^src\//, ''), files: files.size, size: sum(files) })
}
rows.sort((a, b) => b.size - a.size)

let failed = false
log(`JavaScript for a first visit to each route (gzip), budget ${kb(ROUTE_BUDGET)}:`)
for (const row of rows) {
  const over = row.size > ROUTE_BUDGET
  failed ||= over
  if (over || !quiet) {
    console.log(`  ${over ? 'OVER' : 'ok  '} ${kb(row.size).padStart(9)}  ${String(row.files).padStart(2)} files  ${row.route}`)
  }
}
log(`  (entry and framework alone: ${kb(sum(initial))})`)

const lazy = Object.values(manifest).filter((c) => c.file.endsWith('.js') && !routeFiles.has(c.file))
if (lazy.length) {
  log(`Chunks loaded later, on demand (gzip), budget ${kb(LAZY_BUDGET)} each:`)
  for (const chunk of lazy.sort((a, b) => gzipped(b.file) - gzipped(a.file))) {
    const size = gzipped(chunk.file)
    const over = size > LAZY_BUDGET
    failed ||= over
    if (over || !quiet) console.log(`  ${over ? 'OVER' : 'ok  '} ${kb(size).padStart(9)}  ${chunk.src ?? chunk.name ?? chunk.file}`)
  }
}

if (failed) {
  console.error('check-size: over budget. Lazy-load the heavy part (dynamic import) or trim dependencies.')
  process.exit(1)
}
console.log(
  `check-size: within budget (largest first visit ${kb(rows[0]?.size ?? 0)} of ${kb(ROUTE_BUDGET)}, gzip)`,
)
