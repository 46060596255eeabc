// The public verification page (验真, DOMAIN.md §11) in headless Chromium, served by a plain static file server
// with no backend behind it: a real signed PDF chosen in the file input is found (本文书由…签发，未被篡改), a copy with
// one byte changed is not (不一致), and the printed number and code match. Every screen is audited with axe-core.
// Run by test_public_verify.py. Screens go to var/screenshots/verify-*.png.
//
// Environment: as lib.mjs (ZHIFA_BASE_URL is the static server), plus ZHIFA_VERIFY (JSON: {good, changed: paths
// of the PDFs; number, code: the document's printed number and code; agency, issued: the expected message}).
import { env, openBrowser } from './lib.mjs'

const data = JSON.parse(env('ZHIFA_VERIFY'))
const session = await openBrowser({ name: 'verify', tag: 'verify', shotPrefix: 'verify-',
  viewport: { width: 390, height: 844 } })
const { page, base, step, expect, shot, summary } = session
summary.results = {}

/** The result box once the script has settled on an answer; its state and its paragraphs. */
async function outcome(label) {
  const box = page.locator('#verify-result')
  await page.waitForFunction(() => {
    const el = document.getElementById('verify-result')
    return el.className !== 'verify-result' && !el.className.includes('working') && el.textContent.trim() !== ''
  })
  const state = (await box.getAttribute('class')).replace('verify-result', '').trim()
  const lines = await box.locator('p').allInnerTexts()
  summary.results[label] = { state, lines }
  return { state, lines }
}

/** Empty the result box between checks, so the next answer is the next check's. */
async function clear() {
  await page.evaluate(() => {
    const el = document.getElementById('verify-result')
    el.className = 'verify-result'
    el.textContent = ''
  })
}

await session.run(async () => {
  step('the page, from the static files alone')
  await page.goto(`${base}/disclosure/verify/`)
  await page.getByRole('heading', { name: /执法文书验真/ }).waitFor()
  await shot('page')

  step('a real signed PDF: issued by the agency, unaltered')
  await page.getByLabel('选择 PDF 文件（Choose a PDF）').setInputFiles(data.good)
  const match = await outcome('match')
  expect(match.state === 'match', `the signed PDF matches (got "${match.state}": ${match.lines.join(' | ')})`)
  expect(match.lines[0] === data.issued, `the message says who issued it and when: ${match.lines[0]}`)
  expect(match.lines.some((line) => line.includes(data.number) && line.includes(data.sha256)),
    'the number and the SHA-256 are shown')
  await shot('match')

  step('the same PDF with one byte changed: no match')
  await clear()
  await page.getByLabel('选择 PDF 文件（Choose a PDF）').setInputFiles(data.changed)
  const mismatch = await outcome('mismatch')
  expect(mismatch.state === 'mismatch' && mismatch.lines[0].startsWith('不一致'),
    `the changed copy does not match (got "${mismatch.state}": ${mismatch.lines.join(' | ')})`)
  await shot('mismatch')

  step('the number and the printed code')
  await clear()
  await page.getByLabel('文号（Document number）').fill(data.number)
  await page.getByLabel('验证码（Printed code）').fill(data.code)
  await page.getByRole('button', { name: '核验 Check' }).click()
  const byCode = await outcome('code')
  expect(byCode.state === 'match' && byCode.lines[0].includes('文号与验证码相符'),
    `the number and code match (got "${byCode.state}": ${byCode.lines.join(' | ')})`)
  await shot('code')

  step('a wrong code: no match')
  await clear()
  await page.getByLabel('验证码（Printed code）').fill('00000-00000')
  await page.getByRole('button', { name: '核验 Check' }).click()
  const wrong = await outcome('wrong-code')
  expect(wrong.state === 'mismatch', `a wrong code does not match (got "${wrong.state}")`)
})
