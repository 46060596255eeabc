/** Each role's own work on the dashboard, as rows of one shape (pure, unit-tested). */
import type { Notice } from '@/api/disclosure'
import type { Matter } from '@/api/litigation'
import type { DeadlineStatus } from './countdown'
import type { CaseRow, DueDeadline, ReviewRow } from './dashboardApi'

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

export function caseTasks(rows: CaseRow[], stage: (c: CaseRow) => string): TaskRow[] {
  return rows.map((c) => ({
    key: `case-${c.id}`,
    title: c.number ? `${c.number} ${c.title}` : c.title,
    stage: stage(c),
    to: `/cases/${c.id}`,
    due: c.next_due,
    status: c.overdue ? 'overdue' : null,
  }))
}

export function reviewTasks(rows: ReviewRow[]): TaskRow[] {
  return rows.map((r) => ({
    key: `review-${r.id}`,
    title: r.case_number ? `${r.case_number} ${r.case_title}` : r.case_title,
    stage: r.state_display,
    to: `/reviews/${r.id}`,
    due: r.due_date,
  }))
}

export function noticeTasks(rows: Notice[], stage: (n: Notice) => string): TaskRow[] {
  return rows.map((n) => ({
    key: `notice-${n.id}`,
    title: n.title,
    stage: stage(n),
    to: `/disclosure/notices/${n.id}`,
    due: n.due_date,
  }))
}

/** A matter's most pressing open deadline (overdue first, then the soonest). */
export function nextMatterDeadline(m: Pick<Matter, 'deadlines'>) {
  const open = m.deadlines.filter((d) => !d.met_on)
  return open.sort((a, b) => a.due_date.localeCompare(b.due_date))[0] ?? null
}

export function matterTasks(rows: Matter[]): TaskRow[] {
  return rows.map((m) => {
    const next = nextMatterDeadline(m)
    return {
      key: `matter-${m.id}`,
      title: `${m.kind_display} ${m.external_number || ''} ${m.plaintiff}`.replace(/\s+/g, ' ').trim(),
      stage: next ? next.kind_display : m.state_display,
      to: `/litigation/${m.id}`,
      due: next?.due_date ?? null,
      status: next?.status ?? null,
    }
  })
}

/** Deadlines of cases and matters that need attention, as one list, most urgent first. */
export function attentionRows(cases: DueDeadline[], matters: Matter[]): TaskRow[] {
  const fromCases: TaskRow[] = cases.map((d) => ({
    key: `cd-${d.id}`,
    title: d.case_number ? `${d.case_number} ${d.case_title}` : d.case_title,
    stage: d.kind_display,
    to: `/cases/${d.case}`,
    due: d.due_date,
    status: d.status,
  }))
  const fromMatters: TaskRow[] = matters.flatMap((m) =>
    m.deadlines
      .filter((d) => d.status === 'overdue' || d.status === 'due_soon')
      .map((d) => ({
        key: `md-${d.id}`,
        title: `${m.kind_display} ${m.plaintiff}`,
        stage: d.kind_display,
        to: `/litigation/${m.id}`,
        due: d.due_date,
        status: d.status,
      })),
  )
  return [...fromCases, ...fromMatters].sort((a, b) => (a.due ?? '').localeCompare(b.due ?? ''))
}
