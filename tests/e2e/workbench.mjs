// Drives the web workbench in headless Chromium, as officer1 would, and takes a screenshot of each
// main screen. Run by test_workbench.py against a live backend; exits non-zero on any failure.
//
// Environment: ZHIFA_BASE_URL (http://127.0.0.1:PORT), ZHIFA_SCREENSHOTS (output directory),
// ZHIFA_DOWNLOADS (export directory), ZHIFA_FRONTEND_DIR (where playwright-core is installed),
// ZHIFA_CHROMIUM (browser binary), ZHIFA_IMPORT_CSV (a file with row errors for the import dialog).
import { join } from 'node:path'

import { env, openBrowser } from './lib.mjs'

const importCsv = env('ZHIFA_IMPORT_CSV')

const session = await openBrowser({
  name: 'chromium',
  tag: 'e2e',
  downloads: true,
  summaryFile: 'summary.json',
  failureFile: 'failure.png',
})
const { base, downloads, password, page, summary, step, expect, shot, signOut, pick } = session

await session.run(async () => {
  // ---- sign in ----------------------------------------------------------------------------
  step('open the app: redirected to sign-in')
  await page.goto(`${base}/app/registry/organisations`)
  await page.waitForURL(/\/app\/login\?redirect=/)
  await page.getByRole('heading', { name: '用户登录' }).waitFor()
  await shot('01-login')

  step('wrong password shows the server message')
  await page.getByLabel('用户名').fill('officer1')
  await page.getByLabel('密码', { exact: true }).fill('not-the-password')
  await page.getByRole('button', { name: '登 录' }).click()
  await page.getByRole('alert').waitFor()

  step('sign in as officer1: back to the page asked for')
  await page.getByLabel('密码', { exact: true }).fill(password)
  await page.getByRole('button', { name: '登 录' }).click()
  await page.waitForURL(/\/app\/registry\/organisations$/)
  await page.locator('.el-table__body tr').first().waitFor()

  // ---- dashboard --------------------------------------------------------------------------
  step('dashboard with live counts and lazy charts')
  await page.getByRole('menuitem', { name: '工作台' }).click()
  await page.waitForURL(/\/app\/dashboard$/)
  await page.locator('.echart svg').nth(2).waitFor()
  const total = await page.locator('.card').first().locator('.card__value').innerText()
  expect(/^\d+/.test(total.trim()), `organisation total is a number: ${total}`)
  summary.dashboardTotal = Number.parseInt(total, 10)
  await expectHeaderShowsUser(page)
  await shot('02-dashboard')

  // ---- organisations list -----------------------------------------------------------------
  step('organisations list')
  await page.getByRole('menuitem', { name: '社会组织名录' }).click()
  await page.waitForURL(/\/app\/registry\/organisations$/)
  await page.locator('.el-table__body tr').first().waitFor()
  summary.listRows = await page.locator('.el-table__body-wrapper tbody tr').count()
  await shot('03-organisations')

  step('filter by type and keyword: the filters go into the URL')
  await page.getByLabel('关键词').fill('基金会')
  await pick(page.locator('.el-form-item', { hasText: '类型' }).locator('.el-select'), '基金会')
  const answered = page.waitForResponse((r) => /\/api\/organisations\/\?.*type=foundation/.test(r.url()))
  await page.getByRole('button', { name: '查询' }).click()
  await page.waitForURL(/type=foundation/)
  await answered
  await page.locator('.el-table .el-loading-mask').waitFor({ state: 'hidden' })
  const filtered = page.locator('.el-table__body-wrapper tbody tr')
  summary.filteredRows = await filtered.count()
  expect(summary.filteredRows > 0, 'the filter finds foundations')
  for (const text of await page.locator('.el-table__body-wrapper tbody tr td:nth-child(2)').allInnerTexts()) {
    expect(text.includes('基金会'), `every row is a foundation: ${text}`)
  }
  await shot('04-organisations-filtered')

  step('reload keeps the filters')
  await page.reload()
  await page.locator('.el-table__body tr').first().waitFor()
  expect((await page.getByLabel('关键词').inputValue()) === '基金会', 'keyword restored from the URL')

  step('export the filtered list to Excel')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出 Excel' }).click(),
  ])
  const exported = join(downloads, 'organisations.xlsx')
  await download.saveAs(exported)
  summary.exported = exported

  // ---- detail -----------------------------------------------------------------------------
  step('open a detail page')
  const firstLink = page.locator('.el-table__body-wrapper tbody tr .row-link').first()
  summary.detailName = (await firstLink.innerText()).trim()
  await firstLink.click()
  await page.waitForURL(/\/app\/registry\/organisations\/\d+$/)
  summary.detailId = Number(page.url().match(/organisations\/(\d+)$/)[1])
  await page.getByRole('heading', { name: summary.detailName, level: 1 }).waitFor()
  await page.locator('.el-tabs').getByText('年度检查').waitFor()
  await shot('05-organisation-detail')

  // ---- edit: inline validation, server errors, 409 conflict, save -------------------------
  step('edit: client-side validation')
  await page.getByRole('button', { name: '编辑' }).click()
  await page.waitForURL(/\/edit$/)
  const code = page.getByLabel('统一社会信用代码')
  await code.waitFor()
  const goodCode = await code.inputValue()
  await code.fill(goodCode.slice(0, 17) + (goodCode.endsWith('0') ? '1' : '0'))
  await code.blur()
  await page.getByText('统一社会信用代码校验位错误').first().waitFor()
  await shot('06-organisation-edit-validation')
  await code.fill(goodCode)
  await code.blur()

  step('edit: a concurrent change gives a 409 and the edits are kept')
  const address = page.getByLabel('住所')
  const stamp = new Date().toISOString().slice(11, 19)
  const newAddress = `潜江市园林街道章华北路88号（浏览器测试 ${stamp}）`
  await address.fill(newAddress)
  // Someone else saves first (same session, straight to the API).
  const concurrent = await page.evaluate(async ([id, supervisor]) => {
    const token = document.cookie.match(/csrftoken=([^;]+)/)?.[1] ?? ''
    const current = await fetch(`/api/organisations/${id}/`).then((r) => r.json())
    const response = await fetch(`/api/organisations/${id}/`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': token, 'If-Match': `"${current.version}"` },
      body: JSON.stringify({ business_supervisor: supervisor }),
    })
    return response.status
  }, [summary.detailId, `潜江市民政局（并发修改 ${stamp}）`])
  expect(concurrent === 200, `concurrent change saved (${concurrent})`)
  await page.getByRole('button', { name: '保存' }).click()
  await page.getByText('该记录已被他人修改').first().waitFor()
  await shot('07-organisation-edit-conflict')
  await page.getByRole('button', { name: '载入最新版本（保留我的修改）' }).click()
  await page.getByText('他人修改的字段').waitFor()
  expect((await address.inputValue()) === newAddress, 'my edit survived the reload')
  expect((await page.getByLabel('业务主管单位').inputValue()).includes('并发修改'), 'their edit is loaded')

  step('edit: save')
  await page.getByRole('button', { name: '保存' }).click()
  await page.waitForURL(/\/app\/registry\/organisations\/\d+$/)
  await page.getByText(newAddress).first().waitFor()
  summary.savedAddress = newAddress

  step('change history shows the edits')
  await page.getByRole('tab', { name: /变更历史/ }).click()
  await page.locator('.history__diff').first().waitFor()
  await shot('08-organisation-history')

  // ---- bulk import with row errors --------------------------------------------------------
  step('bulk import: row-level errors')
  await page.getByRole('button', { name: '返回' }).click()
  await page.waitForURL(/\/app\/registry\/organisations(\?|$)/)
  await page.getByRole('button', { name: '批量导入' }).click()
  await page.getByRole('dialog', { name: '批量导入社会组织' }).waitFor()
  await page.locator('.el-dialog input[type=file]').setInputFiles(importCsv)
  await page.getByRole('button', { name: '校验', exact: true }).click()
  await page.locator('.import__issues').waitFor()
  summary.importIssueRows = await page.locator('.import__issues .el-table__body-wrapper tbody tr').count()
  expect(summary.importIssueRows >= 2, 'row errors listed')
  await shot('09-import-errors')
  await page.getByRole('button', { name: '关闭', exact: true }).click()

  // ---- illegal organisations --------------------------------------------------------------
  step('illegal organisations')
  await page.getByRole('menuitem', { name: '非法社会组织' }).click()
  await page.waitForURL(/illegal-organisations/)
  await page.locator('.el-table__body tr').first().waitFor()
  await shot('10-illegal-organisations')

  // ---- the case list on a common government PC (1366×768) ---------------------------------
  step('case list at 1366×768: stage, filing date and next deadline in view, nothing scrolls sideways')
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(`${base}/app/cases`)
  await page.locator('.el-table__body tr').first().waitFor()
  const layout = await page.evaluate(() => {
    const right = (text) => {
      const th = [...document.querySelectorAll('.el-table__header-wrapper th')].find((c) => c.innerText.trim() === text)
      return th ? th.getBoundingClientRect().right : null
    }
    const table = document.querySelector('.el-table__body-wrapper .el-scrollbar__wrap') ?? document.querySelector('.el-table')
    return {
      innerWidth,
      scrollWidth: document.documentElement.scrollWidth,
      tableRight: table.getBoundingClientRect().right,
      tableScrolls: table.scrollWidth > table.clientWidth,
      columns: Object.fromEntries(['最近期限', '办理环节', '立案日期'].map((text) => [text, right(text)])),
    }
  })
  summary.caseListLayout = layout
  for (const [text, edge] of Object.entries(layout.columns)) {
    expect(edge !== null && edge <= layout.innerWidth && edge <= layout.tableRight + 1, `${text} is inside the viewport: ${JSON.stringify(layout)}`)
  }
  expect(layout.scrollWidth <= layout.innerWidth, `the page does not scroll sideways: ${layout.scrollWidth} > ${layout.innerWidth}`)
  expect(!layout.tableScrolls, 'the case table does not scroll sideways')
  await shot('13-cases-1366')

  step('the filter form folds away, and stays folded for this list')
  const filters = page.locator('section.list-page__filters')
  await page.getByRole('button', { name: '收起筛选' }).click()
  await filters.waitFor({ state: 'hidden' })
  await page.reload()
  await page.locator('.el-table__body tr').first().waitFor()
  await page.getByRole('button', { name: '展开筛选' }).waitFor()
  expect(!(await filters.isVisible()), 'the case list remembers its folded filters')
  await page.goto(`${base}/app/registry/organisations`)
  await page.locator('section.list-page__filters').waitFor() // another list keeps its own
  await page.goto(`${base}/app/cases`)
  await page.getByRole('button', { name: '展开筛选' }).click()
  await filters.waitFor()
  await page.setViewportSize({ width: 1440, height: 900 })

  // ---- tablet width, English ----------------------------------------------------------------
  step('tablet width')
  await page.setViewportSize({ width: 1024, height: 768 })
  await page.goto(`${base}/app/registry/organisations`)
  await page.locator('.el-table__body tr').first().waitFor()
  await shot('11-organisations-tablet')
  await page.setViewportSize({ width: 1440, height: 900 })

  step('switch to English')
  await page.goto(`${base}/app/dashboard`)
  await page.locator('.echart svg').first().waitFor()
  await page.locator('.lang-switch').click()
  await page.getByRole('menuitem', { name: 'English' }).click()
  await page.getByRole('heading', { name: /^Hello/ }).waitFor()
  await page.waitForTimeout(800)
  await shot('12-dashboard-en')
  await page.locator('.lang-switch').click()
  await page.getByRole('menuitem', { name: '简体中文' }).click()

  step('an officer cannot open administration')
  await page.goto(`${base}/app/system/users`)
  await page.getByText('无权访问').first().waitFor()

  step('sign out')
  await signOut()
})

async function expectHeaderShowsUser(p) {
  const header = await p.locator('.navbar').innerText()
  expect(header.includes('张建国'), `header shows the user's name: ${header}`)
  expect(header.includes('执法人员'), 'header shows the role')
  expect(header.includes('社会组织管理局'), 'header shows the unit')
}
