/** The notice list's filters in the URL, and the API query they make. */
import type { LocationQuery } from 'vue-router'
import { NOTICE_KINDS, NOTICE_STATES, type NoticeKind, type NoticeListQuery, type NoticeState } from '@/api/disclosure'
import { DATE_PATTERN, parseQuery, type QuerySpec, type QueryValues } from '@/utils/listQuery'

export const NOTICE_SPEC = {
  state: { kind: 'strings', allowed: NOTICE_STATES },
  kind: { kind: 'strings', allowed: NOTICE_KINDS },
  due_after: { kind: 'string', pattern: DATE_PATTERN },
  due_before: { kind: 'string', pattern: DATE_PATTERN },
  page: { kind: 'number', default: 1 },
  page_size: { kind: 'number', default: 20, allowed: [20, 50, 100] },
} as const satisfies QuerySpec
export type NoticeFilters = QueryValues<typeof NOTICE_SPEC>

export const parseNoticeQuery = (query: LocationQuery): NoticeFilters => parseQuery(NOTICE_SPEC, query)

/** States that still wait for publication: their due date is a deadline. */
export const PENDING_STATES: NoticeState[] = ['draft', 'redaction_checked', 'approved', 'publishing']

export function noticeApiQuery(f: NoticeFilters, paging = true): NoticeListQuery {
  const q: NoticeListQuery = { ordering: '-id' }
  if (paging) {
    q.page = f.page
    q.page_size = f.page_size
  }
  if (f.state.length) q.state = f.state as NoticeState[]
  if (f.kind.length) q.kind = f.kind as NoticeKind[]
  if (f.due_after) q.due_date__gte = f.due_after
  if (f.due_before) q.due_date__lte = f.due_before
  return q
}

export const NOTICE_STATE_TAG: Record<NoticeState, 'primary' | 'success' | 'warning' | 'danger' | 'info'> = {
  draft: 'info',
  redaction_checked: 'primary',
  approved: 'primary',
  publishing: 'warning',
  published: 'success',
  withdrawing: 'warning',
  withdrawn: 'danger',
  expired: 'info',
  not_published: 'info',
}
