// What every browser script shares: the environment, Debian's Chromium driven through playwright-core (from the
// frontend's node_modules), signing in and out, screenshots checked with axe-core, script errors collected, and
// the JSON summary printed on the last line of stdout (the pytest side reads it).
//
//   import { env, openBrowser } from './lib.mjs'
//   const session = await openBrowser({ name: 'flow', tag: 'flow' })
//   const { page, base, step, expect, shot, signIn } = session
//   await session.run(async () => {
//     await signIn('officer1')
//     await page.goto(`${base}/app/cases`)
//     await shot('flow-cases')           // var/screenshots/flow-cases.png, audited
//   })                                   // writes <shots>/<name>-summary.json, exits 1 on failure
//
// Environment: ZHIFA_BASE_URL, ZHIFA_SCREENSHOTS (output directory), ZHIFA_FRONTEND_DIR (where playwright-core
// and axe-core are installed), ZHIFA_CHROMIUM (browser binary, /usr/bin/chromium by default), ZHIFA_PASSWORD
// (the demo users' password), ZHIFA_DOWNLOADS (exports; only when `downloads: true`).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** An environment variable, or `fallback`; throws when neither is there. */
export function env(name, fallback) {
  const value = process.env[name] ?? fallback
  if (value === undefined) throw new Error(`${name} is not set`)
  return value
}

/** A regular expression matching exactly `text` (surrounding white space allowed). */
export const exactly = (text) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`)

const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

// Responses the app handles and shows itself: the browser logs them as errors, but they are not script errors.
const EXPECTED_STATUS = /status of (401|403|404|409|400)/

/**
 * Launch headless Chromium with a fresh profile and return the session's helpers.
 *
 * name: prefix of the profile directory and of the files `<name>-summary.json` / `<name>-failure.png`
 *       (`summaryFile` / `failureFile` override them); tag: the prefix of progress lines on stderr;
 * viewport, timeout (default per action, ms), downloads (accept downloads into ZHIFA_DOWNLOADS),
 * args (more Chromium switches), shotPrefix (prepended to screenshot names), settleMs (pause before a
 * screenshot, for transitions and chart animations).
 */
export async function openBrowser({
  name,
  tag = name,
  viewport = { width: 1440, height: 900 },
  timeout = 15000,
  downloads = false,
  args = [],
  shotPrefix = '',
  settleMs = 400,
  summaryFile = `${name}-summary.json`,
  failureFile = `${name}-failure.png`,
} = {}) {
  const base = env('ZHIFA_BASE_URL').replace(/\/$/, '')
  const shots = env('ZHIFA_SCREENSHOTS')
  const frontend = env('ZHIFA_FRONTEND_DIR')
  const executablePath = env('ZHIFA_CHROMIUM', '/usr/bin/chromium')
  const password = env('ZHIFA_PASSWORD', 'zhifa-demo')
  const downloadsDir = downloads ? env('ZHIFA_DOWNLOADS') : null

  const requireFromFrontend = createRequire(join(frontend, 'package.json'))
  const { chromium } = requireFromFrontend('playwright-core')
  const axeScript = requireFromFrontend.resolve('axe-core/axe.min.js')

  mkdirSync(shots, { recursive: true })
  if (downloadsDir) mkdirSync(downloadsDir, { recursive: true })
  const profile = mkdtempSync(join(tmpdir(), `zhifa-${name}-`))
  const summary = { screenshots: [], steps: [], consoleErrors: [], accessibility: [] }
  const started = Date.now()

  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...BROWSER_ARGS, ...args],
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: Boolean(downloadsDir),
  })
  context.setDefaultTimeout(timeout)
  const page = context.pages()[0] ?? (await context.newPage())
  page.on('pageerror', (error) => summary.consoleErrors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' && !EXPECTED_STATUS.test(message.text())) {
      summary.consoleErrors.push(`${page.url()}: ${message.text()}`)
    }
  })

  /** Record a step in the summary and say it on stderr. */
  function step(text) {
    summary.steps.push({ name: text, at_ms: Date.now() - started })
    console.error(`[${tag}] ${text}`)
  }

  function expect(condition, message) {
    if (!condition) throw new Error(`check failed: ${message}`)
  }

  /** Until every running CSS transition and animation has ended, and the next frame is painted. */
  async function settled() {
    await page.evaluate(async () => {
      const running = document.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity)
      await Promise.race([Promise.all(running.map((a) => a.finished.catch(() => undefined))), new Promise((r) => setTimeout(r, 2000))])
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
    })
  }

  /** axe-core on the screen as shown: serious and critical problems (WCAG 2 A/AA) fail the run. A problem
   * must hold on a second look after the screen has settled again: a colour caught mid-transition (the
   * full-page screenshot resizes the viewport and back) is not what a user reads. */
  async function audit(label) {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axeScript })
    await settled()
    let violations = await axeViolations()
    if (violations.length) {
      await page.waitForTimeout(500)
      await settled()
      violations = await axeViolations()
    }
    for (const v of violations) summary.accessibility.push(`${label}: ${v}`)
  }

  async function axeViolations() {
    return page.evaluate(async () => {
      const result = await window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'best-practice'] },
        resultTypes: ['violations'],
      })
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0].html.slice(0, 160)}`)
    })
  }

  /** A full-page screenshot `<shotPrefix><label>.png` once the network is idle, fonts are in and loading
   * masks are gone; then the axe-core audit unless `audit: false`. */
  async function shot(label, { audit: audited = true } = {}) {
    await page.waitForLoadState('networkidle')
    await page.evaluate(() => document.fonts?.ready)
    await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden' }).catch(() => undefined)
    await page.waitForTimeout(settleMs)
    const path = join(shots, `${shotPrefix}${label}.png`)
    await page.screenshot({ path, fullPage: true })
    summary.screenshots.push(path)
    if (audited) await audit(label)
  }

  /** Sign in as `username` in a fresh session through the login form; waits until the app has left the login
   * page, or reached `landing` (a RegExp or predicate on the URL) when given. */
  async function signIn(username, { landing } = {}) {
    await context.clearCookies()
    await page.goto(`${base}/app/login`)
    await page.getByLabel('用户名').fill(username)
    await page.getByLabel('密码', { exact: true }).fill(password)
    await page.getByRole('button', { name: '登 录' }).click()
    await page.waitForURL(landing ?? ((url) => !url.pathname.startsWith('/app/login')))
  }

  /** Sign out from the user menu in the header. */
  async function signOut() {
    await page.locator('.navbar__user').click()
    await page.getByRole('menuitem', { name: '退出登录' }).click()
    await page.waitForURL(/\/app\/login/)
  }

  /** The Element Plus form item labelled exactly `label`, within `scope`. */
  function formItem(scope, label) {
    return scope.locator('.el-form-item').filter({ has: page.locator('.el-form-item__label', { hasText: exactly(label) }) })
  }

  /** Choose `option` in the Element Plus select `select` (opening it unless its list is already open), and
   * make sure it was taken: a remote list can re-render under the pointer, so a click that landed on an
   * option that has since gone is tried again, and an option already chosen is never clicked (a second click
   * would take it off a multiple select). The select is then left with Tab, not Escape, which would also
   * close a dialog. */
  async function pick(select, option, { search } = {}) {
    const open = page.locator('.el-select-dropdown').filter({ visible: true })
    const chosen = (li) => li.classList.contains('is-selected')
    for (let attempt = 1; ; attempt++) {
      if (!(await open.count())) await select.click()
      if (search) await select.locator('input').first().fill(search)
      const item = open.getByRole('option', { name: option }).first()
      await item.waitFor()
      const handle = await item.elementHandle()
      let taken = await handle.evaluate(chosen).catch(() => false)
      if (!taken) {
        await handle.click({ timeout: 5000 }).catch(() => undefined)
        await page.waitForFunction((li) => !li.isConnected || li.classList.contains('is-selected'), handle, { timeout: 3000 })
          .catch(() => undefined)
        taken = await handle.evaluate((li) => li.isConnected && li.classList.contains('is-selected')).catch(() => false)
      }
      if (taken) break
      if (attempt === 3) throw new Error(`the select did not take the option ${option}`)
    }
    await page.keyboard.press('Tab')
    await open.first().waitFor({ state: 'detached', timeout: 3000 }).catch(() => undefined)
  }

  /** Choose an option of the Element Plus select in the form item `label`; `search` types into it first. */
  async function choose(scope, label, option, { search } = {}) {
    await pick(formItem(scope, label).locator('.el-select').first(), option, { search })
  }

  /** Run the script's body; then require no script errors and no accessibility problems, close the browser,
   * write and print the summary, and exit non-zero (after a screenshot of the failure) if anything failed. */
  async function run(body) {
    let failure = null
    try {
      await body()
      expect(summary.consoleErrors.length === 0, `no script errors: ${summary.consoleErrors.join(' | ')}`)
      expect(summary.accessibility.length === 0, `accessibility problems:\n  ${summary.accessibility.join('\n  ')}`)
    } catch (error) {
      failure = error
      try {
        await page.screenshot({ path: join(shots, failureFile), fullPage: true }) // not audited
        summary.failureUrl = page.url()
      } catch {
        // the page is gone
      }
    } finally {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    }
    summary.elapsed_ms = Date.now() - started
    writeFileSync(join(shots, summaryFile), JSON.stringify(summary, null, 2))
    console.log(JSON.stringify(summary))
    if (failure) {
      console.error(`[${tag}] FAILED: ${failure.stack ?? failure}`)
      process.exit(1)
    }
  }

  return {
    base, shots, downloads: downloadsDir, password, context, page, summary,
    step, expect, audit, shot, signIn, signOut, formItem, pick, choose, run,
  }
}
