// The public disclosure site as a citizen reads it on a 390 px phone and on a 1366 px office PC: the home page,
// a category and one of its numbered pages, a penalty notice, the announcement of illegal organisations, and a
// search for a name listed only in that announcement. No page is wider than the screen; every one is audited with
// axe-core, in the normal and the 适老化 (elderly-friendly) mode, which is switched from the keyboard and
// remembered. Run by test_public_site.py. Screens go to var/screenshots/public-*.png.
//
// Environment: as lib.mjs, plus ZHIFA_PUBLIC (JSON: the slugs the test published).
import { env, openBrowser } from './lib.mjs'

const data = JSON.parse(env('ZHIFA_PUBLIC'))
const PHONE = { width: 390, height: 844 }
const session = await openBrowser({ name: 'public', tag: 'public', shotPrefix: 'public-', viewport: PHONE })
const { page, base, step, expect, shot, summary } = session
summary.widths = {}

/** The page's layout width against the viewport's: nothing may scroll sideways. */
async function fits(label) {
  const { scroll, viewport } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, viewport: window.innerWidth,
  }))
  summary.widths[label] = scroll
  expect(scroll <= viewport, `${label}: ${scroll} px wide on a ${viewport} px screen`)
}

async function visit(path, label) {
  step(`${label}: ${path}`)
  await page.goto(`${base}/disclosure/${path}`)
  await fits(label)
  await shot(label)
}

const pages = [
  ['index.html', 'home'],
  [`notices/${data.penalty}.html`, 'notice'],
  [`notices/${data.announcement}.html`, 'announcement'],
  ['category/penalty_decision.html', 'category'],
  ['category/general/1.html', 'category-page'],
  ['search/?q=养生', 'search'],
]

await session.run(async () => {
  for (const [path, label] of pages) await visit(path, `phone-${label}`)

  step('the search marks the name where the announcement lists it')
  await page.goto(`${base}/disclosure/search/?q=${encodeURIComponent('养生')}`)
  const results = page.locator('ol.results > li')
  expect((await results.count()) === 1, 'one notice lists 养生')
  expect((await results.first().locator('mark').count()) >= 1, 'the snippet marks the word')
  await results.first().locator('a').click()
  await page.waitForURL(new RegExp(`/notices/${data.announcement}\\.html$`))

  step('适老化: switched on from the keyboard, announced as pressed, remembered')
  const toggle = page.locator('#care-switch')
  await toggle.waitFor()
  expect((await toggle.getAttribute('aria-pressed')) === 'false', 'the switch starts off')
  const small = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))
  await toggle.focus()
  await page.keyboard.press('Enter')
  expect((await toggle.getAttribute('aria-pressed')) === 'true', 'the switch says it is on')
  const large = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))
  expect(large >= small * 1.2, `larger text in 适老化 mode (${small} → ${large})`)
  const role = await page.getByRole('button', { name: '适老化模式', pressed: true }).count()
  expect(role === 1, 'screen readers find the pressed 适老化模式 button')
  await page.goto(`${base}/disclosure/index.html`)
  expect(await page.evaluate(() => document.documentElement.classList.contains('care')), 'remembered on the next page')
  for (const [path, label] of pages) await visit(path, `care-${label}`)
  await page.locator('#care-switch').click()
  expect(!(await page.evaluate(() => document.documentElement.classList.contains('care'))), 'switched off again')

  step('the office PC')
  await page.setViewportSize({ width: 1366, height: 768 })
  await visit(`notices/${data.penalty}.html`, 'pc-notice')
  await visit('search/?q=协会', 'pc-search')
})
