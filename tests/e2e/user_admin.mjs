// User administration through the screens, as the agency's administrator: choose a unit in the tree, create a user
// there (the server's refusal of a weak password shown under the field first), reset the user's password to one
// the server generates (shown once), record a credential, and disable the user. Run by test_user_admin.py, which
// checks the database and signs in with the generated password afterwards. Screens go to
// var/screenshots/users-*.png, each audited with axe-core.
//
// Environment: as lib.mjs, plus ZHIFA_USERS (JSON: the unit, the new user's names and credential).
import { env, openBrowser } from './lib.mjs'

const data = JSON.parse(env('ZHIFA_USERS'))
const session = await openBrowser({
  name: 'users',
  tag: 'users',
  shotPrefix: 'users-',
  viewport: { width: 1366, height: 768 },
  timeout: 20000,
})
const { page, base, step, expect, signIn, choose, summary } = session

async function shot(label) {
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 10000 }).catch(() => undefined)
  await session.shot(label)
}
const dialog = (testId) => page.locator(`.el-dialog[data-test="${testId}"]`)
const closed = (locator) => locator.waitFor({ state: 'hidden' })
const row = (username) => page.locator('.el-table__body tr').filter({ hasText: username })

await session.run(async () => {
  await signIn('admin')

  step('users: the unit tree filters the list')
  await page.goto(`${base}/app/system/users`)
  await page.locator('[data-test="unit-tree"]').getByText(data.unit, { exact: true }).click()
  await page.waitForURL(/unit=\d+/)
  await page.locator('.el-table__body tr').first().waitFor()
  await shot('list')

  step('users: create a user (a weak password refused on its field first)')
  await page.locator('[data-test="user-create"]').click()
  const create = dialog('user-dialog')
  await create.waitFor()
  await create.getByLabel('用户名').fill(data.username)
  await create.getByLabel('姓名').fill(data.fullName)
  await choose(create, '角色', '执法人员')
  await create.getByLabel('初始密码').fill('12345678')
  await create.locator('[data-test="user-save"]').click()
  await create.locator('.el-form-item.is-error .el-form-item__error').first().waitFor()
  expect(await create.locator('.el-form-item.is-error').filter({ hasText: '初始密码' }).count() === 1,
    'the weak password is refused under its field')
  await shot('create-refused')
  await create.getByLabel('初始密码').fill('Hanjiang-River-2026')
  await create.locator('[data-test="user-save"]').click()
  await closed(create)
  await row(data.username).waitFor()

  step('users: reset the password to a generated one, shown once')
  await page.locator(`[data-test="user-reset-${data.username}"]`).click()
  const reset = dialog('reset-dialog')
  await reset.waitFor()
  await reset.locator('[data-test="reset-submit"]').click()
  await closed(reset)
  const shown = dialog('generated-dialog')
  await shown.waitFor()
  summary.generatedPassword = await shown.locator('input[data-test="generated-password"]').inputValue()
  expect(summary.generatedPassword.length >= 12, 'a generated password is shown')
  await shot('generated')
  await shown.getByRole('button', { name: '关闭', exact: true }).click()
  await closed(shown)

  step('users: record a credential')
  await row(data.username).getByRole('button', { name: '执法证' }).click()
  const credentials = dialog('credentials-dialog')
  await credentials.waitFor()
  await credentials.getByText('尚无执法证').waitFor()
  await credentials.getByLabel('执法证号').fill(data.credential)
  await credentials.getByLabel('有效期起').fill(data.validFrom)
  await credentials.getByLabel('有效期起').press('Enter')
  await credentials.getByLabel('有效期止').fill(data.validTo)
  await credentials.getByLabel('有效期止').press('Enter')
  await credentials.getByRole('button', { name: '登记执法证' }).click()
  await credentials.locator('.el-table__body').getByText(data.credential).waitFor()
  await shot('credentials')
  await credentials.getByRole('button', { name: '关闭', exact: true }).click()
  await closed(credentials)

  step('users: disable the user, with confirmation')
  await page.locator(`[data-test="user-toggle-${data.username}"]`).click()
  const box = page.locator('.el-message-box')
  await box.waitFor()
  await box.locator('.el-message-box__btns .el-button--primary').click()
  await box.waitFor({ state: 'hidden' })
  await page.locator(`[data-test="user-toggle-${data.username}"]`).filter({ hasText: '启用' }).waitFor()
  await shot('disabled')
})
