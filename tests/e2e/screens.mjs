// Takes a screenshot of each main screen of disclosure, the dashboard, litigation, registers and evidence,
// signed in as the demo user whose work it is, and checks each for script errors and accessibility
// problems (axe-core). Run by test_screens.py against a live backend; exits non-zero on any failure.
//
// Environment: ZHIFA_BASE_URL, ZHIFA_SCREENSHOTS (output directory), ZHIFA_FRONTEND_DIR (where
// playwright-core is installed), ZHIFA_CHROMIUM (browser binary), ZHIFA_DOWNLOADS (exports).
import { join } from 'node:path'

import { env, openBrowser } from './lib.mjs'

const session = await openBrowser({
  name: 'screens',
  viewport: { width: 1280, height: 860 },
  timeout: 20000,
  downloads: true,
  shotPrefix: 'screen-',
  settleMs: 500,
  failureFile: 'screen-failure.png',
})
const { base, downloads, page, summary, step, expect, shot, pick } = session

async function signIn(username) {
  step(`sign in as ${username}`)
  await session.signIn(username, { landing: /\/app\/dashboard$/ })
}

async function dashboard(name) {
  step(`dashboard: ${name}`)
  await page.goto(`${base}/app/dashboard`)
  await page.locator('[data-test="dashboard-tasks"] .el-skeleton').waitFor({ state: 'detached' })
  await page.locator('[data-test="dashboard-work-charts"]').waitFor()
  await page.locator('[data-test="dashboard-work-charts"] .el-skeleton').first().waitFor({ state: 'detached' })
  await shot(`dashboard-${name}`)
}

/** Open the first row of a list URL and return the id in the address it lands on. */
async function openFirst(listUrl, rowSelector, detailPattern) {
  await page.goto(`${base}${listUrl}`)
  const row = page.locator(rowSelector).first()
  await row.waitFor()
  await row.click()
  await page.waitForURL(detailPattern)
  return Number(page.url().match(detailPattern)[1])
}

const rereview = JSON.parse(env('ZHIFA_REREVIEW'))

/** A screenshot once the confirmation toasts have gone (a toast caught fading out fails the contrast check). */
async function calmShot(label) {
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 10000 }).catch(() => undefined)
  await shot(label)
}

await session.run(async () => {
  // ---- disclosure, as the editor ---------------------------------------------------------------
  await signIn('editor1')
  await dashboard('editor')
  const tasks = await page.locator('[data-test="dashboard-tasks"] li').count()
  summary.editorTasks = tasks

  step('disclosure: the notices with alarms')
  await page.goto(`${base}/app/disclosure/notices`)
  await page.locator('[data-test="notice-row"]').first().waitFor()
  summary.noticeRows = await page.locator('[data-test="notice-row"]').count()
  await shot('disclosure-list')

  step('disclosure: export the list')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()])
  summary.noticesExported = join(downloads, 'notices.xlsx')
  await download.saveAs(summary.noticesExported)

  step('disclosure: a draft side by side with its masked copy')
  // The draft whose party's address the editor hides (chosen by the test: the demo has several drafts).
  summary.draftId = Number(env('ZHIFA_DRAFT_ID'))
  await page.goto(`${base}/app/disclosure/notices?state=draft`)
  await page.locator('[data-test="notice-row"]').first().waitFor()
  await page.goto(`${base}/app/disclosure/notices/${summary.draftId}`)
  await page.locator('[data-test="notice-masked"]').waitFor()
  await shot('disclosure-draft')
  step('disclosure: hide the address as well, then check the redaction')
  await page.locator('[data-test="notice-edit-masks"]').click()
  const maskInput = page.getByRole('dialog').locator('.el-input-tag input').first()
  await maskInput.fill('江汉路268号')
  await maskInput.press('Enter')
  await shot('disclosure-masks')
  await page.locator('[data-test="masks-save"]').click()
  await page.getByRole('dialog').waitFor({ state: 'hidden' })
  await page.locator('[data-test="notice-masked"]').getByText('江汉路268号').first().waitFor({ state: 'detached' }).catch(() => undefined)
  summary.maskedHasAddress = (await page.locator('[data-test="notice-masked"]').innerText()).includes('江汉路268号')
  await page.locator('[data-test="notice-check-redaction"]').click()
  await page.locator('[data-test="notice-state"]', { hasText: '已核查隐私处理' }).waitFor()
  await page.getByText('核查与审批须由不同人员完成').waitFor()
  expect((await page.locator('[data-test="notice-publish"]').count()) === 0, 'the checker is not offered the approval')

  step('disclosure: withdrawing needs a reason')
  summary.publishedId = await openFirst('/app/disclosure/notices?state=published', '[data-test="notice-row"]', /\/disclosure\/notices\/(\d+)$/)
  await page.locator('[data-test="notice-public-link"]').waitFor()
  await page.locator('[data-test="notice-withdraw"]').click()
  await page.locator('[data-test="withdraw-submit"]').click()
  await page.getByText('请填写撤回理由').waitFor()
  await shot('disclosure-withdraw-reason')
  await page.getByRole('dialog').getByRole('button', { name: '取消' }).click()

  // ---- the leader approves, which publishes ------------------------------------------------------
  await signIn('leader1')
  await dashboard('leader')
  step('disclosure: the leader approves and publishes')
  await page.goto(`${base}/app/disclosure/notices/${summary.draftId}`)
  await page.locator('[data-test="notice-publish"]').click()
  await page.getByRole('dialog').getByRole('button', { name: '确定' }).click()
  await page.locator('[data-test="notice-state"]', { hasText: '已公示' }).waitFor({ timeout: 60000 })
  await page.locator('[data-test="notice-public-link"]').waitFor()
  await shot('disclosure-published')

  step('evidence: fixity alarms, for the leader')
  await page.goto(`${base}/app/evidence/fixity`)
  await page.locator('[data-test="fixity-alarms"]').waitFor()
  await page.locator('[data-test="fixity-alarms"] .el-loading-mask').waitFor({ state: 'hidden' }).catch(() => undefined)
  await shot('evidence-fixity')

  // ---- the officer's and the reviewer's dashboards ------------------------------------------------
  await signIn('officer1')
  await dashboard('officer')
  step('evidence: the items, a chain-of-custody report, the recorder ledger')
  await page.goto(`${base}/app/evidence`)
  await page.locator('[data-test="evidence-custody"]').first().waitFor()
  await shot('evidence-items')
  await page.locator('[data-test="evidence-custody"]').first().click()
  await page.locator('[data-test="custody-report"]').waitFor()
  await shot('evidence-custody')
  await page.goto(`${base}/app/evidence/devices`)
  await page.locator('[data-test="device-row"]').first().waitFor()
  await page.locator('.el-table__expand-icon').first().click()
  await page.locator('[data-test="device-custody"]').first().waitFor()
  await page.locator('[data-test="device-custody"] .el-skeleton').waitFor({ state: 'detached' })
  await shot('evidence-devices')

  // ---- 复核: the handling officer asks once for a re-review of an opinion that did not pass ------------------
  step('reviews: the handling officer asks for a re-review (复核)')
  await page.goto(`${base}/app/reviews/${rereview.review}`)
  await page.locator('[data-test="rereview-request"]').click()
  const rereviewDialog = page.locator('.el-dialog[data-test="rereview-dialog"]')
  await rereviewDialog.waitFor()
  await rereviewDialog.locator('[data-test="rereview-submit"]').click()
  await rereviewDialog.getByText('申请复核的理由不能为空').waitFor()
  await rereviewDialog.getByLabel('申请复核的理由', { exact: true }).fill(rereview.reason)
  await shot('review-rereview-dialog')
  await rereviewDialog.locator('[data-test="rereview-submit"]').click()
  await rereviewDialog.waitFor({ state: 'hidden' })
  await page.locator('[data-test="rereview-request-info"]').getByText(rereview.reason).waitFor()
  await page.locator('.review__tags').getByText('申请复核，待分配复核人员').waitFor()
  expect((await page.locator('[data-test="rereview-request"]').count()) === 0, 'a 复核 is asked only once')
  await calmShot('review-rereview-requested')

  step('reviews: the leader assigns the re-review; the reviewer of the failed opinion is not offered')
  await signIn('leader1')
  await page.goto(`${base}/app/reviews/${rereview.review}`)
  await page.locator('[data-test="rereview-tag"]').waitFor()
  await page.getByRole('button', { name: '分配审核人员' }).click()
  const assign = page.locator('.el-dialog[data-test="assign-dialog"]')
  await assign.waitFor()
  await assign.locator('[data-test="rereview-excluded"]').getByText(rereview.excluded, { exact: false }).waitFor()
  const reviewerSelect = assign.locator('.el-select').first()
  await reviewerSelect.click()
  await page.getByRole('option', { name: rereview.reviewer }).waitFor()
  summary.rereviewOffered = (await page.locator('.el-select-dropdown__item').filter({ visible: true }).allInnerTexts()).map((x) => x.trim())
  await pick(reviewerSelect, rereview.reviewer)
  await shot('review-rereview-assign')
  await assign.getByRole('button', { name: '确定' }).click()
  await assign.waitFor({ state: 'hidden' })
  await page.locator('.review__tags').getByText('审核中').waitFor()

  await signIn('reviewer1')
  await dashboard('reviewer')

  // ---- registers, as the legal reviewer (政策法规科 keeps them) ------------------------------------------
  step('registers: normative documents')
  await page.goto(`${base}/app/registers/documents`)
  await page.locator('[data-test="document-row"]').first().waitFor()
  await shot('registers-documents')
  await page.locator('[data-test="document-row"]').first().click()
  await page.waitForURL(/\/registers\/documents\/\d+$/)
  await page.locator('[data-test="document-change-status"]').click()
  await page.getByRole('dialog').getByRole('button', { name: '保存' }).click()
  await page.getByText('请选择新的状态').waitFor()
  await page.getByText('请填写理由').waitFor()
  await shot('registers-document-status')
  await page.getByRole('dialog').getByRole('button', { name: '取消' }).click()

  step('registers: certification matters, power lists')
  await page.goto(`${base}/app/registers/certification`)
  await page.locator('.el-table__body tr').first().waitFor()
  await shot('registers-certification')
  await page.goto(`${base}/app/registers/powers`)
  await page.locator('[data-test="power-items"] .el-table__body tr').first().waitFor()
  await shot('registers-powers')

  step('registers: a random-inspection draw, verified from what was published')
  await page.goto(`${base}/app/registers/inspections`)
  await page.locator('[data-test="plan-row"]').first().waitFor()
  await shot('registers-inspections')
  await page.locator('[data-test="plan-row"]').first().click()
  await page.locator('[data-test="plan-seed"]').first().waitFor()
  await page.locator('[data-test="plan-verify"]').click()
  await page.locator('[data-test="plan-verification"]').getByText('复核一致').first().waitFor()
  summary.drawVerified = true
  await shot('registers-inspection-draw')

  step('registers: the annual report in charts')
  await page.goto(`${base}/app/registers/annual-reports`)
  await page.locator('[data-test="annual-charts"] .echart svg').first().waitFor()
  await shot('registers-annual-report')

  // ---- litigation, as the legal adviser --------------------------------------------------------------
  await signIn('adviser1')
  await dashboard('adviser')
  step('litigation: the ledger with statistics')
  await page.goto(`${base}/app/litigation`)
  await page.locator('[data-test="matter-row"]').first().waitFor()
  summary.matterRows = await page.locator('[data-test="matter-row"]').count()
  await shot('litigation-list')
  const [matters] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()])
  summary.mattersExported = join(downloads, 'matters.xlsx')
  await matters.saveAs(summary.mattersExported)

  step('litigation: a matter with its deadlines and hearings')
  await page.goto(`${base}/app/litigation/${env('ZHIFA_MATTER_ID')}`)
  await page.locator('[data-test="matter-hearings"] [data-test="hearing-record"]').first().waitFor()
  await shot('litigation-detail')
  step('litigation: a head who did not appear delegates the agency\'s own staff, with a written reason (Art. 3)')
  await page.locator('[data-test="hearing-record"]').first().click()
  await page.getByRole('dialog').getByText('否', { exact: true }).click()
  await page.getByLabel('其他出庭代理人（律师等）').fill('周律师')
  await page.getByRole('dialog').getByRole('button', { name: '保存' }).click()
  await page.getByText('请选择委托出庭的本机关工作人员').waitFor()
  await shot('litigation-hearing-record')
  await page.getByRole('dialog').getByRole('button', { name: '取消' }).click()
  step('litigation: the court evidence package is built in the background')
  await page.locator('[data-test="package-build"]').click()
  await page.locator('[data-test="package-progress"]').waitFor()
  await page.locator('[data-test="package-download"]').waitFor({ timeout: 90000 })
  summary.packageSha256 = (await page.locator('[data-test="package-sha256"]').innerText()).trim()
  await shot('litigation-package')

  step('tablet width')
  await page.setViewportSize({ width: 1024, height: 768 })
  await page.goto(`${base}/app/disclosure/notices/${summary.publishedId}`)
  await page.locator('[data-test="notice-masked"]').waitFor()
  await shot('disclosure-published-tablet')
  await page.goto(`${base}/app/litigation`)
  await page.locator('[data-test="matter-row"]').first().waitFor()
  await shot('litigation-list-tablet')
  await dashboard('adviser-tablet')
  await page.setViewportSize({ width: 1280, height: 860 })

  step('English')
  await page.evaluate(() => localStorage.setItem('zhifa.locale', 'en'))
  await page.goto(`${base}/app/disclosure/notices`)
  await page.getByRole('heading', { name: 'Notices', level: 1 }).waitFor()
  await page.locator('[data-test="notice-row"]').first().waitFor()
  await shot('disclosure-list-en')
  await page.evaluate(() => localStorage.setItem('zhifa.locale', 'zh-CN'))
})
