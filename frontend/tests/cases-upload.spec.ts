import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { EvidenceUpload } from '@/api/types'
import TusUpload from '@/components/TusUpload.vue'
import { percent, tusErrorMessage, uploadIdFrom, useTusUpload, type TusOptions, type TusUploadLike } from '@/composables/useTusUpload'
import { jsonResponse, mountView } from './helpers'

const UID = '0f8fad5b-d9cb-469f-a165-70867728950e'

/**
 * Stands in for tus-js-client's Upload (no tus server runs in unit tests): it records what the
 * composable asks of it and lets the test play the server's answers through the options' callbacks.
 */
class FakeTus implements TusUploadLike {
  url: string | null = null
  started = 0
  aborted: boolean[] = []
  resumedFrom: unknown = null
  constructor(
    readonly file: File,
    readonly options: TusOptions,
    readonly previous: { uploadUrl: string | null; size: number | null }[] = [],
  ) {}
  start() {
    this.started++
  }
  async abort(terminate?: boolean) {
    this.aborted.push(Boolean(terminate))
  }
  async findPreviousUploads() {
    return this.previous
  }
  resumeFromPreviousUpload(previous: unknown) {
    this.resumedFrom = previous
  }
  finish() {
    this.url = `http://test/api/evidence/uploads/${UID}/`
    this.options.onSuccess()
  }
}

function uploadRow(status: string, extra: Partial<EvidenceUpload> = {}): EvidenceUpload {
  return { id: UID, status, status_display: status, sha256: '', item: null, error: '', ...extra } as EvidenceUpload
}

function setup({ previous = [], polls = [uploadRow('done', { sha256: 'ab'.repeat(32), item: 41 })] } = {} as {
  previous?: { uploadUrl: string | null; size: number | null }[]
  polls?: EvidenceUpload[]
}) {
  const file = new File([new Uint8Array(1000)], '现场.mp4', { type: 'video/mp4' })
  let fake: FakeTus | null = null
  const answers = [...polls]
  const poll = vi.fn(async () => answers.shift() ?? answers.at(-1) ?? polls.at(-1)!)
  const controller = useTusUpload(
    file,
    { caseId: 12, kind: 'audiovisual', title: '现场' },
    {
      create: (f, options) => (fake = new FakeTus(f, options, previous)),
      poll,
      csrfToken: async () => 'token-1',
      interval: 1,
    },
  )
  return { file, controller, poll, fake: () => fake! }
}

describe('resumable evidence upload (tus)', () => {
  it('sends the case, kind and file name, with the CSRF token on writes but not on HEAD', async () => {
    const { controller, fake } = setup()
    await controller.start()
    const { options } = fake()
    expect(options.endpoint).toBe('/api/evidence/uploads/')
    expect(options.metadata).toMatchObject({ filename: '现场.mp4', case: '12', kind: 'audiovisual', title: '现场' })
    expect(options.storeFingerprintForResuming).toBe(true)
    const headers: Record<string, string> = {}
    const request = (method: string) => ({ getMethod: () => method, setHeader: (k: string, v: string) => (headers[`${method} ${k}`] = v) })
    await options.onBeforeRequest(request('PATCH'))
    await options.onBeforeRequest(request('HEAD'))
    expect(headers).toEqual({ 'PATCH X-CSRFToken': 'token-1' })
  })

  it('fingerprints by case, kind and file, so the same file resumes after a reload', async () => {
    const { controller, fake, file } = setup()
    await controller.start()
    const first = await fake().options.fingerprint(file)
    expect(first).toContain('|12|audiovisual|现场.mp4|1000|')
  })

  it('shows real progress, then waits for ingest and shows the hash', async () => {
    const { controller, fake, poll } = setup({ polls: [uploadRow('queued'), uploadRow('ingesting'), uploadRow('done', { sha256: 'cd'.repeat(32), item: 7 })] })
    await controller.start()
    expect(controller.state.status).toBe('uploading')
    fake().options.onProgress(250, 1000)
    expect(controller.pct.value).toBe(25)
    fake().finish()
    expect(controller.state.status).toBe('ingesting')
    await vi.waitFor(() => expect(controller.state.status).toBe('done'))
    expect(controller.state.sha256).toBe('cd'.repeat(32))
    expect(controller.state.itemId).toBe(7)
    expect(controller.pct.value).toBe(100)
    expect(poll).toHaveBeenCalledWith(UID)
  })

  it('pauses and resumes without losing the upload', async () => {
    const { controller, fake } = setup()
    await controller.start()
    await controller.pause()
    expect(controller.state.status).toBe('paused')
    expect(fake().aborted).toEqual([false])
    await controller.resume()
    expect(controller.state.status).toBe('uploading')
    expect(fake().started).toBe(2)
  })

  it('continues a previous upload of the same file from the server’s offset', async () => {
    const previous = [{ uploadUrl: `http://test/api/evidence/uploads/${UID}/`, size: 1000 }]
    const { controller, fake } = setup({ previous })
    await controller.start()
    expect(fake().resumedFrom).toBe(previous[0])
    await fake().options.onAfterResponse(
      { getMethod: () => 'HEAD' },
      { getStatus: () => 200, getHeader: (name: string) => (name === 'Upload-Offset' ? '600' : undefined) },
    )
    expect(controller.state.resumedAt).toBe(60)
    expect(controller.pct.value).toBe(60)
  })

  it('cancels by terminating the upload on the server', async () => {
    const { controller, fake } = setup()
    await controller.start()
    await controller.cancel()
    expect(fake().aborted).toEqual([true])
    expect(controller.state.status).toBe('idle')
  })

  it('shows a refusal at ingest and a server error readably', async () => {
    const { controller, fake } = setup({ polls: [uploadRow('rejected', { error: '文件类型不在允许范围内' })] })
    await controller.start()
    fake().finish()
    await vi.waitFor(() => expect(controller.state.status).toBe('rejected'))
    expect(controller.state.error).toBe('文件类型不在允许范围内')

    const response = { getStatus: () => 409, getBody: () => JSON.stringify({ status: 409, code: 'case_closed', detail: '案件已办结，不能再上传证据。', detail_en: 'The case is closed.', fields: {} }) }
    expect(tusErrorMessage({ originalResponse: response }, 'zh-CN')).toBe('案件已办结，不能再上传证据。')
    expect(tusErrorMessage({ originalResponse: response }, 'en')).toBe('The case is closed.')
    expect(tusErrorMessage(new Error('network'), 'zh-CN')).toContain('无法连接服务器')
    fake().options.onError(Object.assign(new Error('x'), { originalResponse: response }))
    expect(controller.state.status).toBe('failed')
  })

  it('reads the upload id and percentages', () => {
    expect(uploadIdFrom(`http://x/api/evidence/uploads/${UID}/`)).toBe(UID)
    expect(uploadIdFrom('http://x/elsewhere/')).toBeNull()
    expect(percent(1, 3)).toBe(33.3)
    expect(percent(5, 0)).toBe(0)
  })
})

// The component drives tus-js-client itself: a fake Upload stands in for the tus server's answers.
const created: { options: TusOptions; instance: { url: string | null } }[] = []
vi.mock('tus-js-client', () => ({
  Upload: class {
    url: string | null = null
    constructor(_file: File, public options: TusOptions) {
      created.push({ options, instance: this })
    }
    start() {
      this.options.onProgress(500, 1000)
    }
    async abort() {}
    async findPreviousUploads() {
      return []
    }
    resumeFromPreviousUpload() {}
  },
}))

describe('TusUpload component', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    created.length = 0
  })

  it('uploads a chosen file, shows the progress bar, then the SHA-256, and reports the item', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(uploadRow('done', { sha256: 'ef'.repeat(32), item: 99 }))))
    const { wrapper } = await mountView(TusUpload, { props: { caseId: 3, kinds: ['audiovisual', 'documentary'] } })
    expect(wrapper.find('input[type=file]').attributes('aria-label')).toBe('上传证据')

    const input = wrapper.find('input[type=file]')
    const file = new File([new Uint8Array(1000)], '录像.mp4', { type: 'video/mp4' })
    Object.defineProperty(input.element, 'files', { value: [file] })
    await input.trigger('change')
    await vi.waitFor(() => expect(created.length).toBe(1))
    await flushPromises()
    expect(wrapper.find('.tus-upload__item').attributes('data-status')).toBe('uploading')
    expect(wrapper.find('.el-progress').text()).toContain('50')
    expect(wrapper.text()).toContain('暂停')

    created[0].instance.url = `http://test/api/evidence/uploads/${UID}/`
    created[0].options.onProgress(1000, 1000)
    created[0].options.onSuccess()
    await vi.waitFor(() => expect(wrapper.find('.tus-upload__item').attributes('data-status')).toBe('done'))
    await flushPromises()
    expect(wrapper.find('.tus-upload__sha').text()).toBe('ef'.repeat(32))
    expect(wrapper.emitted('ingested')).toEqual([[99, 'ef'.repeat(32)]])
    wrapper.unmount()
  }, 20000)
})
