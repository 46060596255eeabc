import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import DocumentSealCheck from '@/views/cases/components/DocumentSealCheck.vue'
import { errorBody, jsonResponse, mountView } from './helpers'

const VALID = {
  signed: true, valid: true, intact: true, covers_whole_file: true, trusted: true,
  signer: 'Common Name: 潜江市民政局（演示 DEMO）', signing_time: '2026-12-06T10:00:00+00:00',
  reason: '行政处罚决定书 潜民罚决〔2026〕1号 签发；签发人：刘局长（负责人）',
  chain: ['Zhifa 演示根证书 演示 DEMO CA（不可信）', '潜江市民政局（演示 DEMO）'], sha256: 'ab'.repeat(32),
  summary: '签章有效，文件未被篡改', recorded_sha256: 'ab'.repeat(32), matches_record: true,
  document: { id: 5, number: '潜民罚决〔2026〕1号' }, revoked: false, revoked_at: null, signed_before_revocation: false,
}

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('DocumentSealCheck', () => {
  it('validates on opening, shows signer, chain and integrity, and checks again on 校验', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(VALID))
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper } = await mountView(DocumentSealCheck, { props: { documentId: 5, number: '潜民罚决〔2026〕1号' } })
    expect(fetchMock).not.toHaveBeenCalled()
    await wrapper.find('[data-test="document-seal-open"]').trigger('click')
    await flushPromises()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [request] = fetchMock.mock.calls[0] as unknown as [Request]
    expect(request.url).toContain('/api/documents/5/signature/')
    const dialog = document.body.querySelector('[data-test="document-seal-dialog"]') as HTMLElement
    expect(dialog.textContent).toContain('签章有效')
    expect(dialog.textContent).toContain('潜江市民政局（演示 DEMO）')
    expect(dialog.textContent).toContain('签章后内容未被改动')
    expect(dialog.textContent).toContain('与登记的校验值一致')
    expect(dialog.textContent).toContain('未被吊销')
    expect(dialog.textContent).not.toContain('不一致')
    ;(document.body.querySelector('[data-test="document-seal-check"]') as HTMLElement).click()
    await flushPromises()
    expect(fetchMock).toHaveBeenCalledTimes(2)
    wrapper.unmount()
  })

  it('says when the certificate was revoked, and whether the seal came before or after', async () => {
    for (const [before, verdict] of [[true, '签章在吊销之前，签章有效'], [false, '签章在吊销之后，签章无效']] as const) {
      const revoked = { ...VALID, valid: before, revoked: true, revoked_at: '2026-12-06T12:00:00+00:00',
        signed_before_revocation: before, summary: before ? '签章有效，文件未被篡改；签章时间早于证书吊销时间' : '签章无效：签章证书已被吊销' }
      vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(revoked)))
      const { wrapper } = await mountView(DocumentSealCheck, { props: { documentId: 5, number: '潜民罚决〔2026〕1号' } })
      await wrapper.find('[data-test="document-seal-open"]').trigger('click')
      await flushPromises()
      expect((document.body.querySelector('[data-test="document-seal-revoked"]') as HTMLElement).textContent).toContain('吊销')
      expect(document.body.textContent).toContain(verdict)
      expect((document.body.querySelector('[data-test="document-seal-verdict"]') as HTMLElement).textContent)
        .toContain(before ? '签章有效' : '签章无效')
      wrapper.unmount()
      document.body.innerHTML = ''
    }
  })

  it('says a changed file is invalid and shows a refusal as the server words it', async () => {
    const changed = { ...VALID, valid: false, intact: false, summary: '签章校验失败：文件内容已被改动', matches_record: false }
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(changed)))
    const { wrapper } = await mountView(DocumentSealCheck, { props: { documentId: 5, number: '潜民罚决〔2026〕1号' } })
    await wrapper.find('[data-test="document-seal-open"]').trigger('click')
    await flushPromises()
    const verdict = document.body.querySelector('[data-test="document-seal-verdict"]') as HTMLElement
    expect(verdict.textContent).toContain('签章无效')
    expect(document.body.textContent).toContain('内容已被改动')
    expect(document.body.textContent).toContain('不一致')
    wrapper.unmount()

    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(errorBody(503, 'signing_unavailable', '签章证书已过期，文书暂停签发'), 503)))
    const second = await mountView(DocumentSealCheck, { props: { documentId: 6, number: '潜民罚决〔2026〕2号' } })
    await second.wrapper.find('[data-test="document-seal-open"]').trigger('click')
    await flushPromises()
    expect(document.body.textContent).toContain('签章证书已过期，文书暂停签发')
    second.wrapper.unmount()
  })
})
