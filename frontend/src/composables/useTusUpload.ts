/**
 * One resumable evidence upload (tus 1.0.0 at /api/evidence/uploads/) and its ingest, as reactive state.
 *
 * - The file goes in chunks; progress is what the server confirmed plus what is on the wire.
 * - Pause aborts the request in flight; resume continues from the server's offset.
 * - tus fingerprints (in localStorage) let the same file, chosen again after a reload, continue where
 *   it stopped instead of starting over.
 * - When the last byte is in, the server ingests it in the background (hash, type check, storage);
 *   the upload row is polled until it is done, and its SHA-256 and evidence item are reported.
 *
 * The tus client and the poll are injected so that the state machine can be tested on its own.
 */
import { computed, reactive } from 'vue'
import { api } from '@/api/client'
import { getUpload } from '@/api/cases'
import { toApiError } from '@/api/errors'
import type { EvidenceUpload } from '@/api/types'

export type TusStatus = 'idle' | 'uploading' | 'paused' | 'ingesting' | 'done' | 'rejected' | 'failed'

export const UPLOAD_ENDPOINT = '/api/evidence/uploads/'
export const CHUNK_BYTES = 8 * 1024 * 1024

/** The part of tus-js-client's Upload used here. */
export interface TusUploadLike {
  url: string | null
  start(): void
  abort(shouldTerminate?: boolean): Promise<void>
  findPreviousUploads(): Promise<{ uploadUrl: string | null; size: number | null }[]>
  resumeFromPreviousUpload(previous: unknown): void
}

export interface TusOptions {
  endpoint: string
  metadata: Record<string, string>
  chunkSize: number
  retryDelays: number[]
  storeFingerprintForResuming: boolean
  removeFingerprintOnSuccess: boolean
  fingerprint: (file: File) => Promise<string>
  onBeforeRequest: (req: { getMethod(): string; setHeader(name: string, value: string): void }) => Promise<void>
  onAfterResponse: (
    req: { getMethod(): string },
    res: { getStatus(): number; getHeader(name: string): string | undefined },
  ) => Promise<void>
  onProgress: (sent: number, total: number) => void
  onSuccess: () => void
  onError: (error: Error) => void
}

export type TusFactory = (file: File, options: TusOptions) => TusUploadLike

export interface TusDeps {
  create?: TusFactory
  poll?: (uid: string) => Promise<EvidenceUpload>
  csrfToken?: () => Promise<string>
  /** Milliseconds between ingest polls. */
  interval?: number
  /** Give up waiting for ingest after this many polls. */
  maxPolls?: number
}

async function defaultCreate(file: File, options: TusOptions): Promise<TusUploadLike> {
  const { Upload } = await import('tus-js-client')
  return new Upload(file, options as never) as unknown as TusUploadLike
}

/** The upload's id: the last segment of its URL. */
export function uploadIdFrom(url: string | null): string | null {
  const match = url?.match(/\/uploads\/([0-9a-f-]{36})\/?$/i)
  return match ? match[1] : null
}

/** A readable message from a tus-js-client error (the server's JSON error shape where there is one). */
export function tusErrorMessage(error: unknown, locale: string): string {
  const response = (error as { originalResponse?: { getStatus(): number; getBody(): string } | null })?.originalResponse
  if (response) {
    let body: unknown = null
    try {
      body = JSON.parse(response.getBody())
    } catch {
      body = null
    }
    return toApiError(response.getStatus(), body).messageFor(locale)
  }
  return toApiError(0, null).messageFor(locale)
}

export function percent(sent: number, total: number): number {
  if (!total) return 0
  return Math.min(100, Math.floor((sent / total) * 1000) / 10)
}

export function useTusUpload(
  file: File,
  context: { caseId: number; kind: string; title?: string; locale?: () => string },
  deps: TusDeps = {},
) {
  const state = reactive({
    status: 'idle' as TusStatus,
    sent: 0,
    total: file.size,
    resumedAt: null as number | null,
    uploadId: null as string | null,
    sha256: '',
    itemId: null as number | null,
    error: '',
  })
  const pct = computed(() => percent(state.sent, state.total))
  const locale = () => context.locale?.() ?? 'zh-CN'
  const interval = deps.interval ?? 1000
  const maxPolls = deps.maxPolls ?? 600
  const poll = deps.poll ?? getUpload
  const csrf = deps.csrfToken ?? (() => api.csrfToken())
  let upload: TusUploadLike | null = null
  let stopped = false

  const options: TusOptions = {
    endpoint: UPLOAD_ENDPOINT,
    metadata: {
      filename: file.name,
      filetype: file.type || 'application/octet-stream',
      case: String(context.caseId),
      kind: context.kind,
      ...(context.title ? { title: context.title } : {}),
    },
    chunkSize: CHUNK_BYTES,
    retryDelays: [0, 1000, 3000, 5000, 10000],
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    // The same file for the same case and kind resumes; anything else starts afresh.
    fingerprint: async (f) => ['zhifa-tus', context.caseId, context.kind, f.name, f.size, f.lastModified].join('|'),
    onBeforeRequest: async (req) => {
      if (req.getMethod() !== 'HEAD') req.setHeader('X-CSRFToken', await csrf())
    },
    // A HEAD is how a resumed upload learns the server's offset: show where it picks up.
    onAfterResponse: async (req, res) => {
      const offset = Number(res.getHeader('Upload-Offset'))
      if (req.getMethod() === 'HEAD' && res.getStatus() === 200 && Number.isFinite(offset)) {
        state.sent = offset
        state.resumedAt = percent(offset, state.total)
      }
    },
    onProgress: (sent, total) => {
      state.sent = sent
      state.total = total
    },
    onSuccess: () => {
      state.sent = state.total
      state.uploadId = uploadIdFrom(upload?.url ?? null)
      void waitForIngest()
    },
    onError: (error) => {
      state.status = 'failed'
      state.error = tusErrorMessage(error, locale())
    },
  }

  async function start(): Promise<void> {
    state.error = ''
    stopped = false
    upload ??= await (deps.create ?? defaultCreate)(file, options)
    if (state.status === 'idle') {
      const previous = await upload.findPreviousUploads().catch(() => [])
      if (previous.length) upload.resumeFromPreviousUpload(previous[0])
    }
    state.status = 'uploading'
    upload.start()
  }

  async function pause(): Promise<void> {
    if (state.status !== 'uploading' || !upload) return
    await upload.abort(false)
    state.status = 'paused'
  }

  async function resume(): Promise<void> {
    if (state.status === 'paused' || state.status === 'failed') await start()
  }

  /** Stop the upload and remove it from the server (tus termination). */
  async function cancel(): Promise<void> {
    stopped = true
    if (upload && (state.status === 'uploading' || state.status === 'paused' || state.status === 'failed')) {
      await upload.abort(true).catch(() => undefined)
    }
    state.status = 'idle'
    state.sent = 0
  }

  async function waitForIngest(): Promise<void> {
    state.status = 'ingesting'
    if (!state.uploadId) {
      state.status = 'failed'
      state.error = tusErrorMessage(null, locale())
      return
    }
    for (let n = 0; n < maxPolls && !stopped; n++) {
      try {
        const row = await poll(state.uploadId)
        if (row.status === 'done') {
          state.sha256 = row.sha256 ?? ''
          state.itemId = row.item ?? null
          state.status = 'done'
          return
        }
        if (row.status === 'rejected' || row.status === 'failed' || row.status === 'cancelled' || row.status === 'expired') {
          state.status = row.status === 'rejected' ? 'rejected' : 'failed'
          state.error = row.error || row.status_display || row.status
          return
        }
      } catch {
        // a poll that fails is tried again at the next tick
      }
      await new Promise((resolve) => setTimeout(resolve, interval))
    }
  }

  return { state, pct, start, pause, resume, cancel }
}
