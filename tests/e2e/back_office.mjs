// The back-office conventions at 1366×768, as an officer: the case list keeps its deadline and state in view and
// remembers the columns the officer hid (after a reload too); several cases open as tabs under the nav bar, which
// scroll inside their bar (never the page), survive a reload and close to their neighbour; the case page prints
// without the menus, bars and buttons. Run by test_back_office.py. Screens go to var/screenshots/back-office-*.png
// (audited with axe-core), and the printed case to back-office-case.pdf.
//
// Environment: as lib.mjs.
import { join } from 'node:path'

import { openBrowser } from './lib.mjs'

const session = await openBrowser({
  name: 'back-office',
  tag: 'back-office',
  shotPrefix: 'back-office-',
  viewport: { width: 1366, height: 768 },
  timeout: 20000,
  failureFile: 'back-office-failure.png',
})
const { page, base, step, expect, signIn, summary, shot } = session

const pageOverflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
const headers = () => page.locator('.el-table__header-wrapper th .cell').allInnerTexts()
const tabs = () => page.locator('[data-test="tags-view"] .tags-view__link').allInnerTexts()

await session.run(async () => {
  await signIn('officer1')

  step('case list: deadline and state in view at 1366×768')
  await page.goto(`${base}/app/cases`)
  await page.locator('.el-table__body tr').first().waitFor()
  const due = await page.locator('.el-table__header-wrapper th.case-next-due').first().boundingBox()
  expect(due && due.x + due.width <= 1366, `the deadline column is inside the viewport: ${JSON.stringify(due)}`)
  expect((await pageOverflow()) <= 0, 'the case list does not scroll sideways')
  expect((await page.locator('[data-test="list-total"], .pager__info').first().innerText()).includes('条'), 'the list says how many rows it shows')

  step('case list: hide a column; it stays hidden after a reload')
  await page.locator('[data-test="columns-toggle"]').click()
  const chooser = page.locator('[data-test="column-chooser"]')
  await chooser.waitFor()
  expect(await chooser.locator('[data-column="state"] input').isDisabled(), 'the state cannot be hidden')
  expect(await chooser.locator('[data-column="next_due"] input').isDisabled(), 'the deadline cannot be hidden')
  await chooser.getByText('当事人', { exact: true }).click()
  await page.locator('.el-table__header-wrapper th').filter({ hasText: '当事人' }).waitFor({ state: 'detached' })
  await page.keyboard.press('Escape')
  await shot('cases')
  await page.reload()
  await page.locator('.el-table__body tr').first().waitFor()
  summary.headersAfterReload = await headers()
  expect(!summary.headersAfterReload.includes('当事人'), `the hidden column stays hidden: ${summary.headersAfterReload}`)
  expect(summary.headersAfterReload.includes('最近期限'), 'the deadline is still shown')

  step('tabs: open several cases; the tabs scroll in their bar, not the page')
  const hrefs = await page.locator('.el-table__body .row-link').evaluateAll((links) => links.slice(0, 9).map((a) => a.getAttribute('href')))
  expect(hrefs.length >= 3, `enough cases to open: ${hrefs.length}`)
  for (const href of hrefs) {
    await page.goto(`${base}${href}`)
    await page.locator('.case-detail__number').waitFor()
  }
  const number = (await page.locator('.case-detail__number').innerText()).trim()
  await page.locator('[data-test="tags-view"] .is-active .tags-view__link').filter({ hasText: number }).waitFor()
  summary.tabs = await tabs()
  expect(summary.tabs.length === hrefs.length + 2, `a tab per page (dashboard, list, cases): ${summary.tabs}`)
  expect((await pageOverflow()) <= 0, 'many tabs do not make the page scroll sideways')
  const strip = await page.locator('.tags-view__strip').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }))
  summary.tabStrip = strip
  await shot('case-tabs')

  step('tabs: a reload keeps them; closing the current one goes to its neighbour')
  await page.reload()
  await page.locator('.case-detail__number').waitFor()
  expect(JSON.stringify(await tabs()) === JSON.stringify(summary.tabs), 'the tabs survive a reload')
  await page.getByRole('button', { name: `关闭“${summary.tabs.at(-1)}”` }).click()
  await page.waitForURL((url) => url.pathname === new URL(`${base}${hrefs.at(-2)}`).pathname)
  expect((await tabs()).length === summary.tabs.length - 1, 'the closed tab is gone')
  await page.locator('[data-test="tags-view"] .tags-view__link').first().click()
  await page.waitForURL(/\/app\/dashboard$/)

  step('print: the case page on paper')
  await page.goto(`${base}${hrefs[0]}`)
  await page.locator('.case-detail__number').waitFor()
  await page.locator('[data-test="print-case"]').waitFor()
  await page.emulateMedia({ media: 'print' })
  for (const hidden of ['.layout__aside', '.navbar', '[data-test="tags-view"]', '[data-test="print-case"]', '.el-tabs__header']) {
    expect(!(await page.locator(hidden).first().isVisible()), `${hidden} is not printed`)
  }
  for (const shown of ['#pane-info', '#pane-timeline', '.case-detail h1']) {
    expect(await page.locator(shown).first().isVisible(), `${shown} is printed`)
  }
  summary.printColours = await page.evaluate(() => {
    const h1 = getComputedStyle(document.querySelector('.case-detail h1'))
    return { text: h1.color, body: getComputedStyle(document.body).backgroundColor }
  })
  expect(summary.printColours.text === 'rgb(0, 0, 0)', `black text on paper: ${summary.printColours.text}`)
  await page.pdf({ path: join(session.shots, 'back-office-case.pdf'), format: 'A4', printBackground: true })
  await page.emulateMedia({ media: 'screen' })
})
