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
