/** Counting helpers for the dashboard (pure, unit-tested). */

export function countBy<T, K extends string>(items: T[], key: (item: T) => K | null | undefined, keys: readonly K[]) {
  const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>
  for (const item of items) {
    const k = key(item)
    if (k !== null && k !== undefined && k in counts) counts[k] += 1
  }
  return counts
}

/** The year whose annual inspections are the latest on record, or null. */
export function latestYear(years: (number | null | undefined)[]): number | null {
  const valid = years.filter((y): y is number => typeof y === 'number')
  return valid.length ? Math.max(...valid) : null
}

/** [label, count] rows in a fixed order, leaving out codes with no cases. */
export function orderedRows(counts: Record<string, number>, order: readonly string[], label: (code: string) => string): [string, number][] {
  return order.filter((code) => (counts[code] ?? 0) > 0).map((code) => [label(code), counts[code]])
}

export interface MonthCount {
  month: number
  received: number
  decided: number
}

/** Twelve months, whatever the API left out. */
export function twelveMonths(rows: MonthCount[]): MonthCount[] {
  const byMonth = new Map(rows.map((r) => [r.month, r]))
  return Array.from({ length: 12 }, (_, i) => byMonth.get(i + 1) ?? { month: i + 1, received: 0, decided: 0 })
}

/** The local calendar date (YYYY-MM-DD) of an ISO timestamp. */
export function localDate(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso.slice(0, 10)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

export interface Timeliness {
  month: number
  onTime: number
  late: number
}

/**
 * Disclosure timeliness per month of `year`: a notice published on or before its due date was on time.
 * Notices without a due date or not published are not counted.
 */
export function disclosureTimeliness(
  notices: { published_at: string | null; due_date: string | null }[],
  year: number,
  toLocalDate: (iso: string) => string = localDate,
): Timeliness[] {
  const months: Timeliness[] = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, onTime: 0, late: 0 }))
  for (const n of notices) {
    if (!n.published_at || !n.due_date) continue
    const day = toLocalDate(n.published_at)
    if (Number(day.slice(0, 4)) !== year) continue
    const row = months[Number(day.slice(5, 7)) - 1]
    if (day <= n.due_date) row.onTime += 1
    else row.late += 1
  }
  return months
}

/** The share of on-time publications, or null when nothing was published. */
export function onTimeRate(rows: Timeliness[]): number | null {
  const onTime = rows.reduce((a, r) => a + r.onTime, 0)
  const total = onTime + rows.reduce((a, r) => a + r.late, 0)
  return total ? onTime / total : null
}

/** The first and last day of each month of a year, up to `today` (for per-month statistics). */
export function monthRanges(year: number, today: string): { month: number; start: string; end: string }[] {
  const out: { month: number; start: string; end: string }[] = []
  for (let m = 1; m <= 12; m += 1) {
    const start = `${year}-${String(m).padStart(2, '0')}-01`
    if (start > today) break
    const last = new Date(Date.UTC(year, m, 0)).getUTCDate()
    const end = `${year}-${String(m).padStart(2, '0')}-${String(last).padStart(2, '0')}`
    out.push({ month: m, start, end: end < today ? end : today })
  }
  return out
}

export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)}%`
}
