// One case from lead to the public disclosure site, through the workbench as each role works it, in
// headless Chromium. Run by test_flow.py against a live backend with a Celery worker; exits non-zero on
// any failure and prints a JSON summary on its last line.
//
// Environment: ZHIFA_BASE_URL, ZHIFA_SCREENSHOTS, ZHIFA_FRONTEND_DIR (where playwright-core is installed),
// ZHIFA_CHROMIUM, ZHIFA_FLOW_ORG (the organisation's name), ZHIFA_FLOW_FOOTAGE (a small video file),
// ZHIFA_FLOW_PHONE (a contact number written into the facts, to be masked on the public page).
import { env, exactly, openBrowser } from './lib.mjs'

const orgName = env('ZHIFA_FLOW_ORG')
const footage = env('ZHIFA_FLOW_FOOTAGE')
const phone = env('ZHIFA_FLOW_PHONE')

const session = await openBrowser({
  name: 'flow',
  args: ['--autoplay-policy=no-user-gesture-required'],
  settleMs: 300,
})
const { base, context, page, summary, step, expect, shot, signIn, formItem, choose } = session
const title = `${orgName}连续两年未参加年度检查`
// The case is worked on dates in the past, so that the party's statement and hearing windows, counted from
// the receipt of the prior notice, have run out by today's decision (行政处罚法 Art. 44, 45, 64).
const daysAgo = (n) => new Date(Date.now() - n * 86400_000).toISOString().slice(0, 10)

/** Type a date into the date picker of the form item `label` in `scope`. */
async function fillDate(scope, label, value) {
  const input = formItem(scope, label).locator('input')
  await input.fill(value)
  await input.press('Enter')
}

/** The server's word on the case's actions for the signed-in user (GET /api/cases/{id}/ `actions`). */
async function serverActions(caseId) {
  return page.evaluate(async (id) => {
    const response = await fetch(`/api/cases/${id}/`, { headers: { Accept: 'application/json' } })
    return Object.fromEntries((await response.json()).actions.map((a) => [a.action, a]))
  }, caseId)
}

async function openCase(caseId) {
  await page.goto(`${base}/app/cases/${caseId}`)
  await page.locator('.case-detail__state').waitFor()
}

/** Run a transition through its dialog; `fill` fills the dialog's form first. */
async function transition(action, expectedState, fill) {
  await page.locator('.case-detail__actions').getByRole('button', { name: action, exact: true }).click()
  const dialog = page.getByRole('dialog', { name: action })
  await dialog.waitFor()
  if (fill) await fill(dialog)
  await dialog.getByRole('button', { name: action, exact: true }).click()
  if (expectedState) {
    await dialog.waitFor({ state: 'hidden' })
    await page.locator('.case-detail__state', { hasText: exactly(expectedState) }).waitFor()
  }
  return dialog
}

await session.run(async () => {
  // ---- 1. officer1 logs a lead ------------------------------------------------------------------
  step('officer1 opens the lead form: inline validation')
  await signIn('officer1')
  await page.goto(`${base}/app/cases/new`)
  const form = page.locator('form.lead-form')
  await form.waitFor()
  await form.getByRole('button', { name: '登记线索' }).click()
  await page.getByText('案由不能为空').waitFor()
  await shot('flow-01-lead-validation')

  step('officer1 logs the lead against a demo organisation')
  await page.getByLabel('案由', { exact: true }).fill(title)
  await choose(form, '线索来源', '检查发现')
  await choose(form, '社会组织', new RegExp(`^${orgName}`), { search: orgName })
  await choose(form, '法律依据', /不按照规定参加年度检查/, { search: '年度检查' })
  await page.getByLabel('违法事实', { exact: true }).fill(
    `经查，${orgName}连续两个年度未按规定参加年度检查，经书面催告（负责人联系电话${phone}）仍未参加，已停止开展活动。`,
  )
  await fillDate(form, '违法行为发生日', daysAgo(200))
  await fillDate(form, '线索登记日期', daysAgo(40))
  await choose(form, '承办人员', /^李明华/)
  await form.getByRole('button', { name: '登记线索' }).click()
  await page.waitForURL(/\/app\/cases\/\d+$/)
  summary.caseId = Number(page.url().match(/cases\/(\d+)$/)[1])
  await page.locator('.case-detail__state', { hasText: exactly('线索登记') }).waitFor()
  await shot('flow-02-lead-logged')

  // ---- 2. leader1 approves filing -----------------------------------------------------------
  step('leader1 approves filing, with the two officers assigned')
  await signIn('leader1')
  await openCase(summary.caseId)
  await page.locator('.case-detail__actions').getByRole('button', { name: '批准立案' }).click()
  const fileDialog = page.getByRole('dialog', { name: '批准立案' })
  await fileDialog.getByText('李明华').first().waitFor()
  await fillDate(fileDialog, '日期', daysAgo(35))
  await shot('flow-03-file-dialog')
  await fileDialog.getByRole('button', { name: '批准立案' }).click()
  await page.locator('.case-detail__state', { hasText: exactly('立案') }).waitFor()
  expect(/潜民罚立/.test(await page.locator('.case-detail__number').innerText()), 'the case is numbered')
  await shot('flow-04-filed')

  // ---- 3. officer1 investigates and uploads footage --------------------------------------------
  step('officer1 starts the investigation and makes an inquiry record')
  await signIn('officer1')
  await openCase(summary.caseId)
  await transition('开始调查', '调查取证', (dialog) => fillDate(dialog, '日期', daysAgo(34)))
  await page.locator('.case-detail__actions').getByRole('button', { name: '制作调查笔录' }).click()
  const recordDialog = page.getByRole('dialog', { name: '制作调查笔录' })
  await recordDialog.getByLabel('地点', { exact: true }).fill('潜江市民政局询问室')
  await recordDialog.getByLabel('笔录内容', { exact: true }).fill('执法人员出示执法证件后依法询问，当事人对未参加年度检查的事实无异议，核对无误后签名。')
  await recordDialog.getByRole('button', { name: '保存' }).click()
  await recordDialog.waitFor({ state: 'hidden' })

  step('officer1 uploads footage: the progress bar finishes and the hash appears')
  await page.getByRole('tab', { name: /证据材料/ }).click()
  // The tab has loaded the case's evidence once its label shows the count.
  await page.getByRole('tab', { name: /证据材料（\d+）/ }).waitFor()
  await page.locator('.tus-upload__input').setInputFiles(footage)
  const entry = page.locator('.tus-upload__item').first()
  // (Chromium drops a Chinese file name outside a UTF-8 locale: test_flow.py sets LANG.)
  await entry.waitFor()
  await page.locator('.tus-upload__item[data-status="done"]').first().waitFor({ timeout: 60000 })
  expect((await entry.locator('[role="progressbar"]').getAttribute('aria-valuenow')) === '100', 'the progress bar reached 100%')
  summary.shownSha256 = (await entry.locator('.tus-upload__sha').innerText()).trim()
  expect(/^[0-9a-f]{64}$/.test(summary.shownSha256), `a SHA-256 is shown: ${summary.shownSha256}`)
  await page.locator('.evidence-tab__sha', { hasText: summary.shownSha256 }).waitFor()
  await shot('flow-05-evidence-uploaded')

  step('the footage plays in the browser')
  await page.getByRole('button', { name: '播放' }).first().click()
  const video = page.locator('video.evidence-tab__video')
  await video.waitFor()
  await page.waitForFunction(() => (document.querySelector('video.evidence-tab__video')?.readyState ?? 0) >= 1, null,
    { timeout: 20000 })
  await shot('flow-06-footage-playback')
  await page.getByRole('dialog', { name: /视频播放/ }).getByRole('button', { name: /Close|关闭/ }).click()

  step('officer1 closes the investigation with a proposed revocation and submits it for legal review')
  await page.getByRole('tab', { name: /办案时间线/ }).click()
  await transition('调查终结', '调查终结', async (dialog) => {
    await fillDate(dialog, '日期', daysAgo(30))
    await dialog.getByText('给予行政处罚', { exact: true }).click()
    await choose(dialog, '拟处罚种类', '撤销登记')
    await dialog.getByLabel('拟处罚内容', { exact: true }).fill(`撤销${orgName}登记，收缴登记证书正副本和印章。`)
  })
  await page.locator('.page-head').getByText('重大执法决定').waitFor()
  await transition('提交法制审核', '法制审核', async (dialog) => {
    await fillDate(dialog, '日期', daysAgo(29))
    await dialog.getByLabel('裁量基准适用说明', { exact: true }).fill('依据本局行政处罚裁量基准，连续两年未参加年检，属情节严重。')
  })
  await shot('flow-07-legal-review-submitted')

  // ---- 4. the legal review --------------------------------------------------------------------
  step('leader1 assigns reviewer1')
  await signIn('leader1')
  await page.goto(`${base}/app/reviews`)
  const reviewRow = page.locator('.el-table__row', { hasText: title })
  await reviewRow.waitFor()
  await shot('flow-08-review-queue')
  await reviewRow.locator('.row-link').click()
  await page.waitForURL(/\/app\/reviews\/\d+$/)
  summary.reviewUrl = page.url()
  await page.getByRole('button', { name: '分配审核人员' }).click()
  const assignDialog = page.getByRole('dialog', { name: '分配审核人员' })
  await choose(assignDialog, '审核人员', '陈静')
  await assignDialog.getByRole('button', { name: '确定' }).click()
  await page.locator('.review__tags').getByText('审核中').waitFor()

  step('reviewer1 fills in the checklist and agrees')
  await signIn('reviewer1')
  await page.goto(`${base}/app/reviews`)
  await page.locator('.el-table__row', { hasText: title }).locator('.row-link').click()
  await page.waitForURL(/\/app\/reviews\/\d+$/)
  const items = page.locator('.checklist__item')
  await items.first().waitFor()
  await page.getByRole('button', { name: '出具审核意见' }).click()
  await page.getByText('请为本项选择结论').first().waitFor()
  const count = await items.count()
  expect(count === 9, `nine checklist items (${count})`)
  // Item 8 asks whether a crime is suspected (移送), answered with its own two options; the others 符合.
  for (let i = 0; i < count; i++) {
    const transferItem = (await items.nth(i).innerText()).includes('移送司法机关')
    await items.nth(i).getByText(transferItem ? '不涉嫌犯罪，无需移送' : '符合', { exact: true }).click()
  }
  await items.nth(3).getByRole('textbox').fill('证据确凿：年检结论、催告书及送达回证齐全。')
  await shot('flow-09-review-checklist')
  await page.getByRole('button', { name: '出具审核意见' }).click()
  const outcomeDialog = page.getByRole('dialog', { name: '出具法制审核意见' })
  await outcomeDialog.getByLabel('审核意见正文', { exact: true }).fill('主体合法，事实清楚，证据确凿，程序合法，适用依据正确，裁量适当，同意。')
  await outcomeDialog.getByRole('button', { name: '出具审核意见' }).click()
  await outcomeDialog.waitFor({ state: 'hidden' })
  await page.locator('.review__tags').getByText('审核同意').waitFor()
  await page.getByText('下载意见书').waitFor()
  await shot('flow-10-review-agreed')

  // ---- 5. notification, the legal gate, the statement, the decision ---------------------------
  step('officer1 notifies the party: the notice was served on the spot')
  await signIn('officer1')
  await openCase(summary.caseId)
  await transition('事先告知', '事先告知', async (dialog) => {
    await fillDate(dialog, '日期', daysAgo(20))
    await fillDate(dialog, '当事人收到告知书日期', daysAgo(20))
  })

  step('leader1 cannot decide before the statement is handled: the button is disabled and says why')
  await signIn('leader1')
  await openCase(summary.caseId)
  const blocked = page.locator('.case-detail__disabled[data-action="decide"]')
  expect(await blocked.getByRole('button', { name: '作出决定' }).isDisabled(), 'the decision button is disabled')
  await blocked.hover()
  const reasons = page.locator('[data-test="action-reasons"]').filter({ visible: true })
  await reasons.waitFor()
  summary.legalGate = (await reasons.innerText()).replace(/\s+/g, ' ').trim()
  const shown = (await serverActions(summary.caseId)).decide
  expect(!shown.allowed && shown.reasons.every((r) => summary.legalGate.includes(r.detail)),
    `the tooltip shows each of the server's reasons: ${summary.legalGate}`)
  await shot('flow-11-legal-gate-refusal')
  await page.mouse.move(0, 0)

  step('officer1 records that the party made no statement once the period is over')
  await signIn('officer1')
  await openCase(summary.caseId)
  await page.locator('.case-detail__actions').getByRole('button', { name: '记录陈述申辩' }).click()
  const statement = page.getByRole('dialog', { name: '记录陈述申辩' })
  await statement.getByLabel('陈述申辩内容及复核意见', { exact: true }).fill('当事人在法定期限内未提出陈述、申辩，也未要求听证。')
  await statement.getByRole('button', { name: '保存' }).click()
  await statement.waitFor({ state: 'hidden' })

  step('leader1 records the collective deliberation: the form asks for exactly the server\'s required fields')
  await signIn('leader1')
  await openCase(summary.caseId)
  await page.locator('.case-detail__actions').getByRole('button', { name: '集体讨论', exact: true }).click()
  const deliberation = page.getByRole('dialog', { name: '集体讨论' })
  await deliberation.waitFor()
  const asked = await deliberation.locator('.el-form-item.is-required[data-field]').evaluateAll(
    (items) => items.map((item) => item.getAttribute('data-field')).sort())
  const required = (await serverActions(summary.caseId)).deliberate.fields.filter((f) => f.required).map((f) => f.name).sort()
  summary.deliberationRequired = asked
  expect(JSON.stringify(asked) === JSON.stringify(required) && required.includes('attendees'),
    `the form requires ${asked}, the server ${required}`)
  await deliberation.getByLabel('集体讨论记录', { exact: true }).fill('局务会讨论调查终结报告、法制审核意见和当事人陈述申辩情况。')
  await deliberation.getByLabel('第1位负责人姓名').fill('刘局长')
  await deliberation.getByLabel('第1位负责人的意见').fill('事实清楚，情节严重，同意撤销登记。')
  await deliberation.getByLabel('第2位负责人姓名').fill('王副局长')
  await deliberation.getByLabel('第2位负责人的意见').fill('同意。')
  await deliberation.getByLabel('讨论结论', { exact: true }).fill('依法撤销登记。')
  await deliberation.getByRole('button', { name: '集体讨论', exact: true }).click()
  await deliberation.waitFor({ state: 'hidden' })
  await page.locator('.case-detail__state', { hasText: exactly('集体讨论') }).waitFor()

  step('leader1 decides')
  await signIn('leader1')
  await openCase(summary.caseId)
  await transition('作出决定', '决定', async (dialog) => {
    await dialog.getByLabel('情节严重的认定及理由', { exact: true }).fill('连续两年不参加年度检查，经书面催告仍不参加，且已停止开展活动，属情节严重。')
    await dialog.getByLabel('履行方式和期限', { exact: true }).fill('自收到本决定书之日起十五日内交回登记证书正副本和印章。')
    // The agency's discretion benchmark covers the ground: the decision cites the entry it applies (Art. 34).
    await choose(dialog, '适用的裁量基准条目', '情节严重')
  })
  await page.getByRole('tab', { name: /执法文书/ }).click()
  await page.locator('.el-table__row', { hasText: '行政处罚决定书' }).first().waitFor()
  await shot('flow-12-decided')

  step('officer1 serves the decision in person: a notice waits for service')
  await signIn('officer1')
  await openCase(summary.caseId)
  await transition('送达', '送达', (dialog) => choose(dialog, '送达方式', '直接送达'))

  // ---- 6. the editor checks the notice; the leader approves it --------------------------------
  const noticeTitle = `${orgName}撤销登记公告`
  step('editor1 checks the redaction of the drafted notice')
  await signIn('editor1')
  await page.goto(`${base}/app/disclosure/notices`)
  await page.locator(`[data-test="notice-row"][aria-label="${noticeTitle}"]`).click()
  await page.waitForURL(/\/app\/disclosure\/notices\/\d+$/)
  const noticeUrl = page.url()
  await page.locator('[data-test="notice-check-redaction"]').click()
  await page.locator('[data-test="notice-state"]', { hasText: '已核查' }).waitFor()
  await shot('flow-13-notice-checked')

  step('leader1 approves: the worker publishes it')
  await signIn('leader1')
  await page.goto(noticeUrl)
  await page.locator('[data-test="notice-publish"]').click()
  await page.getByRole('dialog').getByRole('button', { name: '确定' }).click()
  await page.locator('[data-test="notice-state"]', { hasText: '已公示' }).waitFor({ timeout: 60000 })

  // ---- 7. the public page ----------------------------------------------------------------------
  step('the public page at /disclosure/ shows the masked notice')
  await context.clearCookies()
  await page.goto(`${base}/disclosure/`)
  await page.getByRole('link', { name: noticeTitle }).first().click()
  await page.getByText(orgName).first().waitFor()
  summary.publicText = await page.locator('body').innerText()
  expect(!summary.publicText.includes(phone), 'the contact number is masked on the public page')
  await shot('flow-14-public-notice', { audit: false })

  // ---- the case list, and the detail at tablet width ----------------------------------------------
  step('the case list finds the case; the detail at tablet width')
  await signIn('officer1')
  await page.goto(`${base}/app/cases?q=${encodeURIComponent(orgName)}`)
  await page.locator('.el-table__row', { hasText: title }).waitFor()
  await page.getByRole('button', { name: '保存当前筛选' }).click()
  const prompt = page.getByRole('dialog', { name: '保存当前筛选' })
  await prompt.getByRole('textbox').fill('本案所涉组织')
  await prompt.getByRole('button', { name: '保存' }).click()
  await page.locator('.saved-views').getByRole('button', { name: '本案所涉组织', exact: true }).waitFor()
  await shot('flow-15-case-list')
  await page.setViewportSize({ width: 1024, height: 768 })
  await openCase(summary.caseId)
  await shot('flow-16-case-tablet')

  step('the case in English')
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.locator('.lang-switch').click()
  await page.getByRole('menuitem', { name: 'English' }).click()
  await page.getByText('What the law requires next').waitFor()
  await shot('flow-17-case-en')
  await page.locator('.lang-switch').click()
  await page.getByRole('menuitem', { name: '简体中文' }).click()
})
