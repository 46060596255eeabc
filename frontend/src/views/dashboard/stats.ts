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

export interface Timeliness {
  month: number
  on_time: number
  late: number
}

/** The share of on-time publications, or null when nothing was published. */
export function onTimeRate(rows: Timeliness[]): number | null {
  const onTime = rows.reduce((a, r) => a + r.on_time, 0)
  const total = onTime + rows.reduce((a, r) => a + r.late, 0)
  return total ? onTime / total : null
}

export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)}%`
}
