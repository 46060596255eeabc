import { describe, expect, it } from 'vitest'
import { countdown, countdownText, daysBetween, statusFor } from '@/views/dashboard/countdown'
import { allPages, sheetRows } from '@/views/dashboard/sheet'
import {
  disclosureTimeliness,
  monthRanges,
  onTimeRate,
  orderedRows,
  percent,
  twelveMonths,
} from '@/views/dashboard/stats'
import { attentionRows, matterTasks, nextMatterDeadline } from '@/views/dashboard/tasks'
import type { DueDeadline } from '@/views/dashboard/dashboardApi'
import type { Matter } from '@/api/litigation'

const t = (key: string, values?: Record<string, unknown>) => `${key}${values ? JSON.stringify(values) : ''}`

describe('countdown badges', () => {
  it('counts calendar days across months and years', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2)
    expect(daysBetween('2024-12-31', '2025-01-01')).toBe(1)
    expect(daysBetween('2024-05-10', '2024-05-07')).toBe(-3)
  })

  it('applies the backend rule when the API gives no status', () => {
    expect(statusFor('2024-05-10', '2024-05-11')).toBe('overdue')
    expect(statusFor('2024-05-10', '2024-05-10')).toBe('due_soon')
    expect(statusFor('2024-05-10', '2024-05-07')).toBe('due_soon')
    expect(statusFor('2024-05-10', '2024-05-06')).toBe('open')
    expect(statusFor('2024-05-10', '2024-06-01', '2024-05-09')).toBe('met')
    expect(statusFor('2024-05-10', '2024-06-01', '2024-05-12')).toBe('late')
  })

  it("prefers the API's status and words the days", () => {
    // The API counts working days and holidays: its status wins over the plain day count.
    const c = countdown('2024-05-10', '2024-05-01', { status: 'due_soon' })
    expect(c).toEqual({ status: 'due_soon', days: 9, tag: 'warning' })
    expect(countdownText(c, t)).toBe('dashboard.deadline.daysLeft{"n":9}')
    expect(countdownText(countdown('2024-05-10', '2024-05-10'), t)).toBe('dashboard.deadline.dueToday')
    const late = countdown('2024-05-10', '2024-05-13')
    expect(late.tag).toBe('danger')
    expect(countdownText(late, t)).toBe('dashboard.deadline.overdueBy{"n":3}')
    const met = countdown('2024-05-10', '2024-05-13', { metOn: '2024-05-08' })
    expect(met.days).toBeNull()
    expect(countdownText(met, t)).toBe('dashboard.deadline.met')
  })
})

describe('chart data', () => {
  it('orders states and leaves out empty ones', () => {
    expect(orderedRows({ filed: 2, lead: 5, closed: 0 }, ['lead', 'filed', 'closed'], (c) => c.toUpperCase())).toEqual([
      ['LEAD', 5],
      ['FILED', 2],
    ])
  })

  it('fills the twelve months', () => {
    const months = twelveMonths([{ month: 3, received: 4, decided: 1 }])
    expect(months).toHaveLength(12)
    expect(months[2]).toEqual({ month: 3, received: 4, decided: 1 })
    expect(months[0]).toEqual({ month: 1, received: 0, decided: 0 })
  })

  it('counts disclosures on time and late per month of the year', () => {
    const rows = disclosureTimeliness(
      [
        { published_at: '2024-03-05T10:00:00+08:00', due_date: '2024-03-05' },
        { published_at: '2024-03-09T10:00:00+08:00', due_date: '2024-03-06' },
        { published_at: '2024-04-01T10:00:00+08:00', due_date: '2024-04-20' },
        { published_at: '2023-12-30T10:00:00+08:00', due_date: '2024-01-02' }, // another year
        { published_at: null, due_date: '2024-03-01' }, // not published
        { published_at: '2024-05-01T10:00:00+08:00', due_date: null }, // no deadline
      ],
      2024,
      (iso) => iso.slice(0, 10),
    )
    expect(rows[2]).toEqual({ month: 3, onTime: 1, late: 1 })
    expect(rows[3]).toEqual({ month: 4, onTime: 1, late: 0 })
    expect(rows.reduce((a, r) => a + r.onTime + r.late, 0)).toBe(3)
    expect(percent(onTimeRate(rows))).toBe('67%')
    expect(onTimeRate(disclosureTimeliness([], 2024))).toBeNull()
  })

  it('splits the year into months up to today', () => {
    const ranges = monthRanges(2024, '2024-03-15')
    expect(ranges).toEqual([
      { month: 1, start: '2024-01-01', end: '2024-01-31' },
      { month: 2, start: '2024-02-01', end: '2024-02-29' },
      { month: 3, start: '2024-03-01', end: '2024-03-15' },
    ])
  })
})

describe('tasks and deadlines across areas', () => {
  const deadline = (id: number, due: string, status: 'overdue' | 'due_soon' | 'open', met_on: string | null = null) =>
    ({ id, kind: 'defence', kind_display: '答辩', due_date: due, status, met_on, basis: '', start_date: due, days_left: 0 }) as Matter['deadlines'][number]
  const matter = {
    id: 7,
    kind_display: '一审',
    external_number: '(2024)鄂9005行初1号',
    plaintiff: '某协会',
    state_display: '办理中',
    deadlines: [deadline(1, '2024-05-20', 'open'), deadline(2, '2024-05-02', 'overdue'), deadline(3, '2024-04-01', 'open', '2024-03-30')],
  } as unknown as Matter

  it("takes a matter's most pressing open deadline", () => {
    expect(nextMatterDeadline(matter)?.id).toBe(2)
    expect(matterTasks([matter])[0]).toMatchObject({ to: '/litigation/7', due: '2024-05-02', status: 'overdue', title: '一审 (2024)鄂9005行初1号 某协会' })
  })

  it('merges case and matter deadlines, most urgent first', () => {
    const caseRow = { id: 9, case: 3, case_number: '潜民罚〔2024〕1号', case_title: '未年检', kind_display: '作出决定', due_date: '2024-05-05', status: 'due_soon' } as DueDeadline
    const rows = attentionRows([caseRow], [matter])
    expect(rows.map((r) => r.key)).toEqual(['md-2', 'cd-9'])
    expect(rows[1]).toMatchObject({ to: '/cases/3', status: 'due_soon', title: '潜民罚〔2024〕1号 未年检' })
  })
})

describe('export of whole lists', () => {
  it('reads page after page until there is no next page', async () => {
    const data = Array.from({ length: 5 }, (_, i) => i)
    const pages: number[] = []
    const all = await allPages(
      async (page, size) => {
        pages.push(page)
        const results = data.slice((page - 1) * size, page * size)
        return { results, next: page * size < data.length ? 'more' : null }
      },
      { pageSize: 2 },
    )
    expect(all).toEqual({ rows: data, complete: true })
    expect(pages).toEqual([1, 2, 3])
    const capped = await allPages(async () => ({ results: [1, 2], next: 'more' }), { maxRows: 3 })
    expect(capped.complete).toBe(false)
  })

  it('writes the cells under the headings', () => {
    expect(sheetRows([['名称', (r: { n: string }) => r.n], ['空', () => null]], [{ n: 'a' }])).toEqual([['a', '']])
  })
})
