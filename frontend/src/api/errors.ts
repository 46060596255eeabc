/**
 * The backend answers every 4xx with one shape:
 *   {"status", "code", "detail" (Chinese), "detail_en", "fields": {field: [messages]}}
 * Bulk import nests row errors: fields.rows["3"].credit_code = [...].
 * ApiError carries that shape; helpers below turn it into what forms and tables show.
 */

export type FieldMessages = Record<string, string[]>
export type RowErrors = Record<string, FieldMessages>

export interface ErrorBody {
  status: number
  code: string
  detail: string
  detail_en: string
  fields: Record<string, unknown>
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly detail: string
  readonly detailEn: string
  readonly fields: Record<string, unknown>

  constructor(body: ErrorBody) {
    super(body.detail_en || body.detail)
    this.name = 'ApiError'
    this.status = body.status
    this.code = body.code
    this.detail = body.detail
    this.detailEn = body.detail_en
    this.fields = body.fields
  }

  get isConflict(): boolean {
    return this.status === 409
  }

  get isUnauthenticated(): boolean {
    return this.status === 401
  }

  /** The message for the current UI language; Chinese is always present. */
  messageFor(locale: string): string {
    return locale.startsWith('en') && this.detailEn ? this.detailEn : this.detail
  }

  /** Field errors as {field: "message；message"}, for form items. Nested row errors are left out. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const [name, value] of Object.entries(this.fields)) {
      const messages = leafMessages(value)
      if (name !== 'rows' && messages.length) out[name] = messages.join('；')
    }
    return out
  }

  /** Import row errors, sorted by spreadsheet row number. */
  rowErrors(): ImportRowError[] {
    return importRowErrors(this.fields.rows)
  }
}

export interface ImportRowError {
  row: number
  field: string
  messages: string[]
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function leafMessages(value: unknown): string[] {
  if (value === null || value === undefined) return []
  if (Array.isArray(value)) return value.flatMap(leafMessages)
  if (isRecord(value)) return Object.values(value).flatMap(leafMessages)
  return [String(value)]
}

export function importRowErrors(rows: unknown): ImportRowError[] {
  if (!isRecord(rows)) return []
  const out: ImportRowError[] = []
  for (const [row, fields] of Object.entries(rows)) {
    if (!isRecord(fields)) {
      out.push({ row: Number(row), field: '', messages: leafMessages(fields) })
      continue
    }
    for (const [field, messages] of Object.entries(fields)) {
      out.push({ row: Number(row), field, messages: leafMessages(messages) })
    }
  }
  return out.sort((a, b) => a.row - b.row || a.field.localeCompare(b.field))
}

const STATUS_TEXT: Record<number, [string, string]> = {
  0: ['无法连接服务器，请检查网络后重试。', 'Cannot reach the server; check the network and retry.'],
  401: ['登录已失效，请重新登录。', 'Your session has ended; sign in again.'],
  403: ['无权执行此操作。', 'You do not have permission to do this.'],
  404: ['对象不存在或无权查看。', 'Not found.'],
  413: ['上传的文件过大。', 'The upload is too large.'],
  429: ['请求过于频繁，请稍后再试。', 'Too many requests; try again later.'],
}

/** Build an ApiError from an HTTP status and whatever body came back (parsed JSON, text or nothing). */
export function toApiError(status: number, body: unknown): ApiError {
  if (isRecord(body) && typeof body.detail === 'string') {
    return new ApiError({
      status: typeof body.status === 'number' ? body.status : status,
      code: typeof body.code === 'string' ? body.code : 'error',
      detail: body.detail,
      detail_en: typeof body.detail_en === 'string' ? body.detail_en : '',
      fields: isRecord(body.fields) ? body.fields : {},
    })
  }
  const [zh, en] =
    STATUS_TEXT[status] ??
    (status >= 500
      ? [`服务器暂时无法处理请求（HTTP ${status}），请稍后重试。`, `Server error (HTTP ${status}); try again later.`]
      : [`请求失败（HTTP ${status}）。`, `Request failed (HTTP ${status}).`])
  return new ApiError({ status, code: status === 0 ? 'network' : 'http_error', detail: zh, detail_en: en, fields: {} })
}

/** Any thrown value as an ApiError (network failures become status 0). */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  return toApiError(0, null)
}
