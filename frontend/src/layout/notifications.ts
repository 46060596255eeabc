/**
 * Notifications in the header (pure, unit-tested): where a notification's link leads in the web app, and how
 * its due date reads. The server writes links as the app's address (/app/...); some name an object that the app
 * shows on another page (an evidence item's custody report, a fixity alarm in the alarm list).
 */
const BASE = '/app'

const REWRITES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^\/evidence\/alarms\/\d+\/?$/, () => '/evidence/fixity'],
  [/^\/evidence\/(\d+)\/?$/, (m) => `/evidence/${m[1]}/custody`],
  [/^\/disclosure\/(\d+)\/?$/, (m) => `/disclosure/notices/${m[1]}`],
  [/^\/registers\/annual-reports\/\d+\/?$/, () => '/registers/annual-reports'],
]

/** The router path for a notification's link, or null when it has none (or points outside the app). */
export function notificationRoute(link: string | null | undefined): string | null {
  if (!link) return null
  let path = link.trim()
  if (/^[a-z]+:\/\//i.test(path)) {
    try {
      path = new URL(path).pathname + new URL(path).search
    } catch {
      return null
    }
  }
  if (path === BASE || path.startsWith(`${BASE}/`)) path = path.slice(BASE.length) || '/'
  if (!path.startsWith('/')) return null
  const [pathname, search = ''] = path.split('?', 2)
  for (const [pattern, to] of REWRITES) {
    const m = pathname.match(pattern)
    if (m) return to(m) + (search ? `?${search}` : '')
  }
  return path
}

export type DueState = { key: 'overdue' | 'dueToday' | 'daysLeft'; n: number; type: 'danger' | 'warning' | 'info' }

/** Whole days from today (YYYY-MM-DD) to a due date: past is overdue, within 3 days is a warning. */
export function dueState(due: string | null | undefined, today: string): DueState | null {
  if (!due) return null
  const days = Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000)
  if (Number.isNaN(days)) return null
  if (days < 0) return { key: 'overdue', n: -days, type: 'danger' }
  if (days === 0) return { key: 'dueToday', n: 0, type: 'danger' }
  return { key: 'daysLeft', n: days, type: days <= 3 ? 'warning' : 'info' }
}

/** The badge text: 99+ past 99, nothing at zero. */
export const badgeText = (n: number) => (n <= 0 ? '' : n > 99 ? '99+' : String(n))
