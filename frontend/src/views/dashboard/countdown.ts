/**
 * Countdown badges for deadlines. The API gives each deadline a status (open, due_soon, overdue, met,
 * late) computed with the agency's calendar; the badge shows it with the days left, counted here only
 * for display. Where an API row carries no status (a bare due date), the same rule as the backend's is
 * applied: overdue after the due date, due soon within DUE_SOON_DAYS calendar days.
 */
export type DeadlineStatus = 'open' | 'due_soon' | 'overdue' | 'met' | 'late'

export const DUE_SOON_DAYS = 3

export interface Countdown {
  status: DeadlineStatus
  /** Calendar days from today to the due date (negative when overdue); null once met. */
  days: number | null
  tag: 'success' | 'info' | 'warning' | 'danger' | 'primary'
}

const TAG: Record<DeadlineStatus, Countdown['tag']> = {
  open: 'primary',
  due_soon: 'warning',
  overdue: 'danger',
  met: 'success',
  late: 'info',
}

/** Days from `from` to `to` (both YYYY-MM-DD), ignoring time zones. */
export function daysBetween(from: string, to: string): number {
  const utc = (iso: string) => {
    const [y, m, d] = iso.slice(0, 10).split('-').map(Number)
    return Date.UTC(y, m - 1, d)
  }
  return Math.round((utc(to) - utc(from)) / 86_400_000)
}

export function statusFor(due: string, today: string, metOn?: string | null): DeadlineStatus {
  if (metOn) return metOn <= due ? 'met' : 'late'
  const days = daysBetween(today, due)
  if (days < 0) return 'overdue'
  return days <= DUE_SOON_DAYS ? 'due_soon' : 'open'
}

export function countdown(
  due: string,
  today: string,
  { status, metOn }: { status?: DeadlineStatus | null; metOn?: string | null } = {},
): Countdown {
  const s = status ?? statusFor(due, today, metOn)
  const done = s === 'met' || s === 'late'
  return { status: s, days: done ? null : daysBetween(today, due), tag: TAG[s] }
}

/** The badge's words, e.g. 剩 2 天 / 今日到期 / 逾期 3 天 / 已按期完成. */
export function countdownText(c: Countdown, t: (key: string, values?: Record<string, unknown>) => string): string {
  if (c.days === null) return t(`dashboard.deadline.${c.status}`)
  if (c.days < 0) return t('dashboard.deadline.overdueBy', { n: -c.days })
  if (c.days === 0) return t('dashboard.deadline.dueToday')
  return t('dashboard.deadline.daysLeft', { n: c.days })
}

/** Most urgent first: overdue, then due soonest. */
export function byUrgency<T>(rows: T[], due: (row: T) => string): T[] {
  return [...rows].sort((a, b) => due(a).localeCompare(due(b)))
}
