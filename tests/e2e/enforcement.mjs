// Enforcement (执行) through the screens, as the demo users whose work it is: officer1 reaches the partly paid fine
// from its case, is refused a payment above what is due (the server's message names the article), then records
// the rest of the fine by its bank receipt; leader1 applies to the court for the fine whose reminder was served
// more than ten days ago, builds the application package (ZIP), and reads the refunds list. Run by test_enforcement.py, which prepared the data and checks
// the database afterwards.
//
// Environment (besides lib.mjs's): ZHIFA_TODAY, ZHIFA_PARTIAL_CASE, ZHIFA_PARTIAL_ID, ZHIFA_REMINDED_ID, ZHIFA_RECEIPT.
import { env, openBrowser } from './lib.mjs'

const partialCase = env('ZHIFA_PARTIAL_CASE')
const partialId = env('ZHIFA_PARTIAL_ID')
const remindedId = env('ZHIFA_REMINDED_ID')
const receipt = env('ZHIFA_RECEIPT')

const session = await openBrowser({ name: 'enforcement', tag: 'enforcement', viewport: { width: 1280, height: 860 }, shotPrefix: 'enforcement-' })
const { page, base, step, expect, shot, signIn, summary } = session

const dialog = () => page.locator('[data-test="enforcement-step-dialog"]').filter({ visible: true })
async function calm() {
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined)
}

await session.run(async () => {
  // ---- officer1: the list, then the case's way to its enforcement ------------------------------------
  step('officer1 opens 执行管理')
  await signIn('officer1')
  await page.goto(`${base}/app/enforcement`)
  await page.locator(`[data-test="enforcement-row"][data-enforcement-id="${partialId}"]`).waitFor()
  expect((await page.locator('[data-test="enforcement-row"]').count()) >= 7, 'every demo enforcement is listed')
  await shot('list')

  step('officer1 reaches the enforcement from the case')
  await page.goto(`${base}/app/cases/${partialCase}`)
  await page.locator('[data-test="case-enforcement"]').click()
  await page.waitForURL(new RegExp(`/app/enforcement/${partialId}$`))
  await page.locator('[data-test="balance-total"]').waitFor()
  summary.totalBefore = (await page.locator('[data-test="balance-total"]').innerText()).trim()
  await shot('detail')

  step('officer1 is refused a payment above what is due')
  await page.locator('button[data-action="record_payment"]').click()
  await dialog().waitFor()
  await page.locator('#pay-amount').fill('99999.00')
  await page.locator('#pay-receipt').fill(`${receipt}X`)
  await page.locator('#pay-bank').fill('中国农业银行潜江分行')
  await dialog().locator('[data-test="step-submit"]').click()
  const refusal = dialog().locator('[data-test="step-error"]')
  await refusal.waitFor()
  const refusalText = await refusal.innerText()
  expect(/行政处罚法第六十七条/.test(refusalText), `the refusal names the article: ${refusalText}`)
  summary.refusal = refusalText
  await shot('payment-refused')

  step('officer1 records the rest of the fine')
  await page.locator('#pay-amount').fill('3000.00')
  await page.locator('#pay-receipt').fill(receipt)
  await shot('payment')
  await dialog().locator('[data-test="step-submit"]').click()
  await dialog().waitFor({ state: 'hidden' })
  await page.locator('[data-test="enforcement-payments"]').getByText(receipt).waitFor()
  expect((await page.locator('[data-test="payment-row"]').count()) === 2, 'two payments are listed')
  await calm()
  await shot('paid')

  step('officer1 sees why the court application is not theirs to make')
  await page.goto(`${base}/app/enforcement/${remindedId}`)
  const disabled = page.locator('span[data-action="apply_to_court"]')
  await disabled.waitFor()
  summary.officerReason = await disabled.getAttribute('aria-label')
  expect(/负责人/.test(summary.officerReason ?? ''), `the reason names the leader: ${summary.officerReason}`)

  // ---- leader1: the application to the court ---------------------------------------------------------
  step('leader1 applies to the court')
  await signIn('leader1')
  await page.goto(`${base}/app/enforcement/${remindedId}`)
  await page.locator('button[data-action="apply_to_court"]').click()
  await dialog().waitFor()
  await page.locator('#court-name').fill('潜江市人民法院')
  await shot('apply')
  await dialog().locator('[data-test="step-submit"]').click()
  await dialog().waitFor({ state: 'hidden' })
  await page.locator('[data-test="enforcement-state"][data-state="applied"]').waitFor()
  await page.locator('button[data-action="record_ruling"]').waitFor()
  await calm()
  await shot('applied')

  step('leader1 builds the court application package and can download it')
  await page.locator('[data-test="package-build"]').click()
  await page.locator('[data-test="package-progress"]').waitFor()
  await page.locator('[data-test="package-download"]').waitFor({ timeout: 90000 })
  summary.packageSha256 = (await page.locator('[data-test="package-sha256"]').innerText()).trim()
  await shot('package')

  step('the enforcement in English')
  await page.evaluate(() => localStorage.setItem('zhifa.locale', 'en'))
  await page.reload()
  await page.locator('[data-test="enforcement-state"][data-state="applied"]').getByText('Applied to the court').waitFor()
  await page.getByRole('button', { name: 'Record court ruling' }).waitFor()
  await shot('detail-en')
  await page.evaluate(() => localStorage.setItem('zhifa.locale', 'zh-CN'))

  step('leader1 reads the refunds')
  await page.goto(`${base}/app/refunds`)
  await page.locator('.el-table').first().waitFor()
  await shot('refunds')
})
