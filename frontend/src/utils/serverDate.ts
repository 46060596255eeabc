/**
 * "Today" as the server counts it: the calendar's date in Beijing time (Asia/Shanghai), which stamps every
 * record and counts every deadline. The browser's clock may be wrong or in another time zone; the server sends
 * its date (with the signed-in user, and on the dashboard), and from then on today is the Beijing date of the
 * browser's clock shifted by the whole days the two disagreed by, so it still turns over at Beijing midnight.
 */
const BEIJING_OFFSET_MS = 8 * 3600 * 1000
const DAY_MS = 86_400_000

let skewDays = 0

function isoOfUtcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** The Beijing calendar date of an instant (YYYY-MM-DD). */
export function beijingDate(now: Date = new Date()): string {
  return isoOfUtcDay(now.getTime() + BEIJING_OFFSET_MS)
}

function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS)
}

/** Record the server's today (YYYY-MM-DD), as received now. Ignores anything that is not a date. */
export function setServerToday(today: string | null | undefined, now: Date = new Date()): void {
  if (!today || !/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) return
  skewDays = dayNumber(today) - dayNumber(beijingDate(now))
}

/** The server's today (YYYY-MM-DD). */
export function serverToday(now: Date = new Date()): string {
  return isoOfUtcDay((dayNumber(beijingDate(now)) + skewDays) * DAY_MS)
}

/** The server's current year. */
export function serverYear(now: Date = new Date()): number {
  return Number(serverToday(now).slice(0, 4))
}
