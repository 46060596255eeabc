/** Each role's own work on the dashboard, as rows of one shape (pure, unit-tested). */
import type { Matter } from '@/api/litigation'
import type { DeadlineStatus } from './countdown'
import type { DashboardRow } from './dashboardApi'

export interface TaskRow {
  key: string
  title: string
  /** What stage it is at, in words. */
  stage: string
  /** App path to open it. */
  to: string
  due: string | null
  status?: DeadlineStatus | null
}

const PATHS: Record<DashboardRow['kind'], string> = {
  case: '/cases/',
  review: '/reviews/',
  notice: '/disclosure/notices/',
  matter: '/litigation/',
}

/** Where a dashboard row opens: the object itself, or for a deadline the case or matter it runs in. */
export function rowPath(row: Pick<DashboardRow, 'kind' | 'id' | 'object_id'>): string {
  return `${PATHS[row.kind]}${row.object_id ?? row.id}`
}

/** The server's rows as the dashboard lists them; `stage` words a row's stage code in the UI's language. */
export function dashboardRows(rows: DashboardRow[], stage: (row: DashboardRow) => string, prefix = 't'): TaskRow[] {
  return rows.map((r) => ({
    key: `${prefix}-${r.kind}-${r.id}`,
    title: r.number ? `${r.number} ${r.title}` : r.title,
    stage: stage(r),
    to: rowPath(r),
    due: r.due,
    status: r.status,
  }))
}

/** A matter's most pressing open deadline (overdue first, then the soonest). */
export function nextMatterDeadline(m: Pick<Matter, 'deadlines'>) {
  const open = m.deadlines.filter((d) => !d.met_on)
  return open.sort((a, b) => a.due_date.localeCompare(b.due_date))[0] ?? null
}
