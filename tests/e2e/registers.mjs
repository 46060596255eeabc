// The registers' daily work through the screens, as the demo user whose work each step is: the legal reviewer
// keeps the registers (conflicts of interest, a re-draw, a clean-up campaign, a document's fields and attachment,
// certification matters and their publication, a discretion benchmark entry registered and repealed); the drawn inspector records a result; the disclosure editor
// submits the annual report. Run by test_registers_workbench.py, which prepares the plans and checks the
// database afterwards; every screenshot (var/screenshots/registers-*.png) is audited with axe-core.
//
// Environment: as lib.mjs, plus ZHIFA_REGISTERS (JSON: the plans, names and texts the test prepared).
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { env, openBrowser } from './lib.mjs'

const data = JSON.parse(env('ZHIFA_REGISTERS'))
const session = await openBrowser({
  name: 'registers',
  tag: 'registers',
  shotPrefix: 'registers-',
  viewport: { width: 1280, height: 860 },
  timeout: 20000,
})
const { page, base, step, expect, signIn, choose, summary } = session

/** A screenshot once the confirmation toasts have gone (a toast caught fading out fails the contrast check). */
async function shot(label) {
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 10000 }).catch(() => undefined)
  await session.shot(label)
}

const dialog = (testId) => page.locator(`.el-dialog[data-test="${testId}"]`)
const confirmBox = async () => {
  const box = page.locator('.el-message-box')
  await box.waitFor()
  await box.locator('.el-message-box__btns .el-button--primary').click()
  await box.waitFor({ state: 'hidden' })
}
const closed = (locator) => locator.waitFor({ state: 'hidden' })

await session.run(async () => {
  await signIn('reviewer1')

  // ---- inspection personnel and a declared conflict of interest ----------------------------------------
  step('personnel: the inspector register')
  await page.goto(`${base}/app/registers/inspections`)
  await page.locator('[data-test="personnel-link"]').click()
  await page.waitForURL(/\/registers\/inspections\/personnel$/)
  await page.locator('[data-test="personnel-table"] .el-table__body tr').first().waitFor()
  await page.locator('[data-test="publish-register"][data-register="personnel"] [data-test="publish-live"]').waitFor()
  await shot('personnel')

  step('personnel: declare a conflict between an inspector and an organisation')
  await page.locator('[data-test="connection-declare"]').click()
  const declare = dialog('connection-dialog')
  await declare.waitFor()
  await declare.getByRole('button', { name: '保存' }).click()
  await declare.getByText('请选择检查人员').waitFor()
  await declare.getByText('请填写关联情形').waitFor()
  await choose(declare, '检查人员', data.inspector)
  await choose(declare, '检查对象', data.organisation, { search: data.organisation.slice(0, 6) })
  await declare.getByLabel('关联情形').fill(data.connectionReason)
  await shot('personnel-declare')
  await declare.getByRole('button', { name: '保存' }).click()
  await closed(declare)
  await page.locator('[data-test="connections-table"]').getByText(data.connectionReason).waitFor()

  // ---- re-draw a plan: the new round's pool excludes the pair -----------------------------------------------
  step('inspections: draw a plan again, with the reason')
  await page.goto(`${base}/app/registers/inspections/${data.redrawPlan}`)
  await page.locator('[data-test="plan-recommit"]').click()
  const recommit = dialog('plan-recommit-dialog')
  await recommit.waitFor()
  await recommit.getByRole('button', { name: '保存' }).click()
  await recommit.getByText('请说明重新抽取的理由').waitFor()
  await recommit.getByLabel('重新抽取的理由').fill(data.redrawReason)
  await shot('plan-redraw-dialog')
  await recommit.getByRole('button', { name: '保存' }).click()
  await closed(recommit)
  const round2 = page.locator('section[aria-label="第 2 轮"]')
  await round2.waitFor()
  await round2.locator('[data-test="plan-conflicts"]').getByText(data.connectionReason).waitFor()
  await round2.locator('[data-test="plan-conflicts"]').getByText(data.organisation).first().waitFor()
  await page.getByText(`已作废：${data.redrawReason}`).waitFor()
  await round2.locator('[data-test="publish-register"][data-register="inspection_pool"] [data-test="publish-latest"]').waitFor()
  await shot('plan-redrawn')

  // ---- a normative document: its fields and an attachment --------------------------------------------------
  step('documents: edit the fields')
  await page.goto(`${base}/app/registers/documents/${data.document}`)
  await page.locator('[data-test="document-edit"]').click()
  const edit = dialog('document-edit-dialog')
  await edit.waitFor()
  await edit.getByRole('button', { name: '保存' }).click()
  await edit.getByText('没有修改').waitFor()
  const text = await edit.locator('#edit-text').inputValue()
  await edit.locator('#edit-text').fill(`${text}\n本方案自印发之日起施行，有效期五年。`)
  const expires = edit.getByLabel('有效期至')
  await expires.fill('2028-09-11')
  await expires.press('Enter')
  await shot('document-edit')
  await edit.getByRole('button', { name: '保存' }).click()
  await closed(edit)
  await page.locator('.el-descriptions').getByText('2028-09-11').waitFor()

  step('documents: upload an attachment')
  await page.locator('[data-test="document-upload"]').click()
  const upload = dialog('document-upload-dialog')
  await upload.waitFor()
  await upload.locator('[data-test="document-upload-save"]').click()
  await upload.getByText('请选择文件').waitFor()
  // The file's bytes, not its path: the browser need not see the test's temporary directory.
  await upload.locator('[data-test="document-upload-file"]').setInputFiles({
    name: basename(data.attachment), mimeType: 'application/pdf', buffer: readFileSync(data.attachment),
  })
  await upload.getByText(basename(data.attachment)).waitFor()
  await upload.getByLabel('附件名称（可选，默认为文件名）').fill(data.attachmentName)
  await upload.locator('[data-test="document-upload-save"]').click()
  await closed(upload)
  await page.locator('[data-test="document-attachments"]').getByText(data.attachmentName).waitFor()
  await shot('document-attachments')

  // ---- a clean-up campaign ----------------------------------------------------------------------------
  step('cleanup: start a campaign')
  summary.campaignTitle = `${new Date().getFullYear()}年度规范性文件专项清理`
  await page.goto(`${base}/app/registers/cleanup`)
  await page.locator('[data-test="cleanup-row"]').first().waitFor()
  await page.locator('[data-test="cleanup-create"]').click()
  const create = dialog('cleanup-create-dialog')
  await create.waitFor()
  await create.getByRole('button', { name: '保存' }).click()
  await create.getByText('请填写清理名称').waitFor()
  await create.getByLabel('清理名称').fill(summary.campaignTitle)
  await create.getByLabel('清理依据').fill('按照市政府办公室关于开展规范性文件专项清理的通知，对本局现行有效的规范性文件逐件清理。')
  await create.getByRole('button', { name: '保存' }).click()
  await closed(create)
  const campaign = dialog('cleanup-dialog')
  await campaign.waitFor()
  await campaign.getByText(summary.campaignTitle).first().waitFor()

  step('cleanup: concluding with no outcome is refused by the server')
  await campaign.locator('[data-test="cleanup-conclude"]').click()
  await confirmBox()
  const refusal = campaign.locator('[data-test="cleanup-error"]')
  await refusal.waitFor()
  summary.cleanupRefusal = (await refusal.locator('.el-alert__title').innerText()).trim()
  await shot('cleanup-refused')

  step('cleanup: record an outcome and conclude')
  await campaign.locator('[data-test="cleanup-outcome-save"]').click()
  await campaign.getByText('请选择文件').waitFor()
  await choose(campaign, '规范性文件', data.documentNumber)
  await campaign.locator('[data-test="cleanup-outcome"]').getByText('修订', { exact: true }).click()
  await campaign.locator('#cleanup-reason').fill('上位法已修改，方案中的等级评定标准需相应调整')
  await campaign.locator('[data-test="cleanup-outcome-save"]').click()
  await campaign.locator('[data-test="cleanup-outcomes"]').getByText(data.documentNumber).waitFor()
  await campaign.locator('[data-test="cleanup-conclude"]').click()
  await confirmBox()
  await campaign.locator('[data-test="cleanup-state"]').getByText('已完成').waitFor()
  await campaign.locator('[data-test="publish-register"][data-register="cleanup"] [data-test="publish-latest"]').waitFor()
  await shot('cleanup-concluded')
  await campaign.getByRole('button', { name: '关闭', exact: true }).click()
  await closed(campaign)

  // ---- certification matters: edit, cancel, publish ---------------------------------------------------------
  step('certification: edit a matter')
  await page.goto(`${base}/app/registers/certification`)
  const row = (name) => page.locator('.el-table__body tr').filter({ hasText: name })
  await row(data.editedMatter).locator('[data-test="certification-edit"]').click()
  const editMatter = dialog('certification-edit-dialog')
  await editMatter.waitFor()
  await editMatter.getByLabel('用途').fill('证明注册资金已实缴到位')
  await editMatter.locator('[data-test="certification-edit-commitment"]').click()
  await shot('certification-edit')
  await editMatter.getByRole('button', { name: '保存' }).click()
  await closed(editMatter)
  await row(data.editedMatter).getByText('证明注册资金已实缴到位').waitFor()

  step('certification: cancel a matter')
  summary.cancelBasis = '《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》'
  await row(data.cancelledMatter).locator('[data-test="certification-cancel"]').click()
  const cancel = dialog('certification-cancel-dialog')
  await cancel.waitFor()
  await cancel.getByLabel('取消依据').fill(summary.cancelBasis)
  await cancel.locator('[data-test="certification-cancel-submit"]').click()
  await closed(cancel)
  await row(data.cancelledMatter).getByText('已取消').waitFor()

  step('certification: publish the list to the public site')
  const bar = page.locator('[data-test="publish-register"][data-register="certification_matters"]')
  const live = bar.locator('[data-test="publish-live-link"]')
  await live.waitFor()
  summary.livePage = await live.getAttribute('href')
  summary.livePageStatus = (await page.request.get(`${base}${summary.livePage}`)).status()
  await bar.locator('[data-test="publish-action"]').click()
  await confirmBox()
  const latest = bar.locator('[data-test="publish-latest"]')
  await latest.waitFor()
  await latest.getByText('草稿，待核查').waitFor()
  summary.latestNotice = Number(await latest.getAttribute('data-notice'))
  await page.mouse.move(0, 0) // no table tooltip in the picture
  await shot('certification-published')

  // ---- the discretion benchmark (裁量基准, Art. 34): register an entry, see it in force, repeal it ---------------
  step('benchmarks: register an entry')
  await page.goto(`${base}/app/registers/discretion-benchmarks`)
  const benchmarkTable = page.locator('[data-test="benchmark-table"]')
  await benchmarkTable.locator('.el-table__body tr').first().waitFor()
  await page.locator('[data-test="benchmark-create"]').click()
  const benchmark = dialog('benchmark-create-dialog')
  await benchmark.waitFor()
  await benchmark.locator('[data-test="benchmark-create-submit"]').click()
  await benchmark.getByText('条目编号不能为空').waitFor()
  await benchmark.getByText('违法行为及处罚依据不能为空').waitFor()
  await benchmark.getByLabel('条目编号', { exact: true }).fill(data.benchmarkCode)
  const effective = benchmark.getByLabel('施行日期', { exact: true })
  await effective.fill(data.benchmarkEffective)
  await effective.press('Enter')
  await choose(benchmark, '违法行为及处罚依据', data.benchmarkGround, { search: data.benchmarkGround.slice(0, 6) })
  await benchmark.getByLabel('情节', { exact: true }).fill(data.benchmarkCircumstance)
  await benchmark.getByLabel('适用情形', { exact: true }).fill('未按规定参加年度检查，首次被发现且在催告期限内主动补报的')
  await benchmark.getByLabel('裁量标准', { exact: true }).fill(data.benchmarkStandard)
  await choose(benchmark, '处罚种类', '警告')
  await shot('benchmark-create')
  await benchmark.locator('[data-test="benchmark-create-submit"]').click()
  await closed(benchmark)
  const benchmarkRow = benchmarkTable.locator('.el-table__body tr').filter({ hasText: data.benchmarkCode })
  await benchmarkRow.locator('[data-test="benchmark-status"]').getByText('在施行').waitFor()
  await benchmarkRow.getByText(data.benchmarkStandard).waitFor()

  step('benchmarks: repeal the entry, with the reason')
  await benchmarkRow.locator('[data-test="benchmark-repeal"]').click()
  const repeal = dialog('benchmark-repeal-dialog')
  await repeal.waitFor()
  await repeal.locator('[data-test="benchmark-repeal-submit"]').click()
  await repeal.getByText('废止理由不能为空').waitFor()
  await repeal.getByLabel('废止理由', { exact: true }).fill(data.benchmarkRepealReason)
  await shot('benchmark-repeal')
  await repeal.locator('[data-test="benchmark-repeal-submit"]').click()
  await closed(repeal)
  await benchmarkRow.locator('[data-test="benchmark-status"]').getByText('已废止').waitFor()
  await benchmarkRow.getByText(data.benchmarkRepealReason).waitFor()
  await page.mouse.move(0, 0)
  await shot('benchmarks')

  // ---- tablet width -----------------------------------------------------------------------------------------
  step('tablet width')
  await page.setViewportSize({ width: 800, height: 1000 })
  await page.goto(`${base}/app/registers/cleanup`)
  await page.locator('[data-test="cleanup-row"]').first().waitFor()
  await shot('cleanup-tablet')
  await page.goto(`${base}/app/registers/inspections/personnel`)
  await page.locator('[data-test="personnel-table"] .el-table__body tr').first().waitFor()
  await page.locator('[data-test="connections-table"]').getByText(data.connectionReason).waitFor()
  await shot('personnel-tablet')
  await page.setViewportSize({ width: 1280, height: 860 })

  // ---- the drawn inspector records the result --------------------------------------------------------------
  await signIn(data.resultInspector)
  step(`inspections: the drawn inspector (${data.resultInspector}) records a result`)
  await page.goto(`${base}/app/registers/inspections/${data.resultPlan}`)
  await page.locator('[data-test="plan-result-record"]').first().click()
  const result = dialog('plan-result-dialog')
  await result.waitFor()
  await result.locator('[data-test="plan-result-submit"]').click()
  await result.getByText('请选择检查结果').waitFor()
  await choose(result, '检查结果', '发现问题已整改')
  await result.locator('#result-findings').fill(data.findings)
  await shot('plan-result-dialog')
  await result.locator('[data-test="plan-result-submit"]').click()
  await closed(result)
  await page.locator('[data-test="plan-targets"]').getByText('发现问题已整改').waitFor()
  await shot('plan-result')

  // ---- the disclosure editor submits last year's annual report ---------------------------------------------
  await signIn('editor1')
  step('annual report: compute last year and submit it for publication')
  await page.goto(`${base}/app/registers/annual-reports`)
  await page.locator('[data-test="annual-prepare"]').click()
  const prepare = dialog('annual-prepare-dialog')
  await prepare.waitFor()
  expect((await prepare.locator('#annual-year').inputValue()) === String(data.reportYear), 'last year is offered')
  await prepare.getByRole('button', { name: '保存' }).click()
  await closed(prepare)
  await page.locator('[data-test="annual-submit"]').click()
  await confirmBox()
  await page.locator('[data-test="annual-submit"]').waitFor({ state: 'detached' })
  await page.locator('[data-test="annual-charts"] .echart svg').first().waitFor()
  await shot('annual-submitted')
})
