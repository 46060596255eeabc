/** The access log's filters as the API wants them (pure, unit-tested). */
import type { AccessAction, AccessLogQuery } from '@/api/evidence'

export interface AccessFilters {
  action: AccessAction | ''
  outcome: 'allowed' | 'refused' | ''
  /** [from, to] as YYYY-MM-DD, both inclusive, in China Standard Time. */
  range: [string, string] | null
  item: number | null
}

export const emptyAccessFilters = (): AccessFilters => ({ action: '', outcome: '', range: null, item: null })

/** Whole days in Beijing time: from the first day's midnight to the last day's final second. */
export function accessApiQuery(f: AccessFilters, pageSize = 50, cursor?: string): AccessLogQuery {
  const q: AccessLogQuery = { page_size: pageSize }
  if (cursor) q.cursor = cursor
  if (f.action) q.action = f.action
  if (f.outcome) q.outcome = f.outcome
  if (f.item) q.item = f.item
  if (f.range?.[0]) q.after = `${f.range[0]}T00:00:00+08:00`
  if (f.range?.[1]) q.before = `${f.range[1]}T23:59:59.999+08:00`
  return q
}

/** A short form of a SHA-256 for tables: the first 12 and last 4 hex digits. */
export const shortHash = (hash: string | null | undefined) => (hash && hash.length > 20 ? `${hash.slice(0, 12)}…${hash.slice(-4)}` : hash || '—')
