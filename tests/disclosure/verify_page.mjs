// The verification page's own script (verify/verify.<hash>.js), run as the browser runs it, against the static
// files alone: fetch reads the publication directory, WebCrypto is Node's, the page's elements are stand-ins.
//   ZHIFA_VERIFY_ROOT=<publication>/verify ZHIFA_VERIFY_JS=<script> ZHIFA_VERIFY_CASES='[...]' node verify_page.mjs
// Each case is {"file": path} or {"number": n, "code": c} or {"query": "?n=..&c=.."}; prints the messages shown.
import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import vm from 'node:vm'

const root = process.env.ZHIFA_VERIFY_ROOT
const source = readFileSync(process.env.ZHIFA_VERIFY_JS, 'utf8')
const cases = JSON.parse(process.env.ZHIFA_VERIFY_CASES)

function element() {
  return { className: '', lines: [], value: '', files: null, listeners: {},
    get textContent() { return this.lines.join('\n') },
    set textContent(text) { this.lines = text ? [text] : [] },
    appendChild(child) { this.lines.push(child.textContent) },
    addEventListener(type, fn) { this.listeners[type] = fn } }
}

async function runCase(spec) {
  const elements = { 'verify-result': element(), 'verify-file-input': element(), 'verify-code-form': element() }
  const form = elements['verify-code-form']
  form.elements = { n: { value: '' }, c: { value: '' } }
  const fetched = []
  const sandbox = {
    window: { crypto: globalThis.crypto, location: { search: spec.query || '' } },
    document: { getElementById: (id) => elements[id], createElement: () => ({ lang: '', textContent: '' }) },
    fetch: async (path) => {
      fetched.push(path)
      const file = join(root, path)
      if (!existsSync(file)) return { status: 404, ok: false, json: async () => null }
      const text = readFileSync(file, 'utf8')
      return { status: 200, ok: true, json: async () => JSON.parse(text) }
    },
    URLSearchParams, Promise, Uint8Array, Int32Array, Math, String, Number, Array, Error, FileReader: undefined,
  }
  sandbox.window.location.search = spec.query || ''
  vm.createContext(sandbox)
  vm.runInContext(source, sandbox)
  if (spec.file) {
    elements['verify-file-input'].files = [new Blob([readFileSync(spec.file)])]
    elements['verify-file-input'].listeners.change()
  } else if (spec.number !== undefined) {
    form.elements.n.value = spec.number
    form.elements.c.value = spec.code || ''
    form.listeners.submit({ preventDefault() {} })
  }
  const result = elements['verify-result']
  for (let i = 0; i < 200 && (result.className === '' || result.className.includes('working')); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return { state: result.className.replace('verify-result', '').trim(), lines: result.lines, fetched }
}

const out = []
for (const spec of cases) out.push(await runCase(spec))
console.log(JSON.stringify(out))
