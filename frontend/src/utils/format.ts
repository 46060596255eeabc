import { serverToday } from './serverDate'

/** Dates as the bureau writes them: 2023-08-15, 2023-08-15 14:20. Empty values show as a dash. */
const DASH = '—'

export function formatDate(value: string | null | undefined): string {
  if (!value) return DASH
  return value.slice(0, 10)
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return DASH
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`
}

export function orDash(value: unknown): string {
  return value === null || value === undefined || value === '' ? DASH : String(value)
}

/**
 * Today as the server counts it (Beijing time, see serverDate.ts), for date defaults and "not in the future"
 * checks; with a date, the local calendar date of that instant.
 */
export function todayISO(now?: Date): string {
  if (now === undefined) return serverToday()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}
