import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Matter } from '@/api/litigation'
import { todayISO } from '@/utils/format'
import { beijingDate, serverToday, serverYear, setServerToday } from '@/utils/serverDate'
import { countdown, countdownText, daysBetween, statusFor } from '@/views/dashboard/countdown'
import DashboardView from '@/views/dashboard/index.vue'
import type { Dashboard, DashboardRow } from '@/views/dashboard/dashboardApi'
import { allPages, sheetRows } from '@/views/dashboard/sheet'
import { onTimeRate, orderedRows, percent, twelveMonths } from '@/views/dashboard/stats'
import { dashboardRows, nextMatterDeadline, rowPath } from '@/views/dashboard/tasks'
import { jsonResponse, mountView } from './helpers'

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

  it('rates on-time publications over the months the server counted', () => {
    const rows = [
      { month: 3, on_time: 1, late: 1 },
      { month: 4, on_time: 1, late: 0 },
    ]
    expect(percent(onTimeRate(rows))).toBe('67%')
    expect(onTimeRate([{ month: 1, on_time: 0, late: 0 }])).toBeNull()
  })
})

describe('tasks and deadlines across areas', () => {
  const deadline = (id: number, due: string, status: 'overdue' | 'due_soon' | 'open', met_on: string | null = null) =>
    ({ id, kind: 'defence', kind_display: '答辩', due_date: due, status, met_on, basis: '', start_date: due, days_left: 0 }) as Matter['deadlines'][number]

  it("takes a matter's most pressing open deadline", () => {
    const matter = { deadlines: [deadline(1, '2024-05-20', 'open'), deadline(2, '2024-05-02', 'overdue'), deadline(3, '2024-04-01', 'open', '2024-03-30')] }
    expect(nextMatterDeadline(matter)?.id).toBe(2)
  })

  it("opens each row where it lives: the object, or the case or matter a deadline runs in", () => {
    expect(rowPath({ kind: 'review', id: 4 })).toBe('/reviews/4')
    expect(rowPath({ kind: 'notice', id: 5 })).toBe('/disclosure/notices/5')
    expect(rowPath({ kind: 'case', id: 9, object_id: 3 })).toBe('/cases/3')
    expect(rowPath({ kind: 'matter', id: 2, object_id: 7 })).toBe('/litigation/7')
    const row: DashboardRow = {
      kind: 'case', id: 9, object_id: 3, number: '潜民罚〔2024〕1号', title: '未年检', stage: 'decision',
      stage_display: '作出决定', due: '2024-05-05', status: 'due_soon',
    }
    expect(dashboardRows([row], (r) => r.stage_display, 'd')[0]).toEqual({
      key: 'd-case-9', title: '潜民罚〔2024〕1号 未年检', stage: '作出决定', to: '/cases/3', due: '2024-05-05', status: 'due_soon',
    })
  })
})

describe("the server's today", () => {
  afterEach(() => {
    setServerToday(beijingDate())
    vi.useRealTimers()
  })

  it('is the Beijing date, not the browser time zone', () => {
    // 17:30 UTC on 6 December is 01:30 on 7 December in Beijing.
    expect(beijingDate(new Date('2026-12-06T17:30:00Z'))).toBe('2026-12-07')
  })

  it("follows the server's date when the browser clock is days off, and turns over at Beijing midnight", () => {
    const browser = new Date('2026-12-03T10:00:00Z') // the PC's clock is four days behind
    setServerToday('2026-12-07', browser)
    expect(serverToday(browser)).toBe('2026-12-07')
    expect(serverToday(new Date('2026-12-03T16:30:00Z'))).toBe('2026-12-08') // past midnight in Beijing
    expect(serverYear(new Date('2026-12-27T16:30:00Z'))).toBe(2027)
    vi.useFakeTimers()
    vi.setSystemTime(browser)
    expect(todayISO()).toBe('2026-12-07') // what dialogs default to
    setServerToday('not a date', browser)
    expect(serverToday(browser)).toBe('2026-12-07')
  })
})

describe('the dashboard', () => {
  const answer: Dashboard = {
    role: 'legal_reviewer',
    today: '2031-03-04',
    year: 2031,
    tasks_total: 1,
    tasks: [
      { kind: 'review', id: 12, number: '潜民罚立〔2031〕3号', title: '违规收费案', stage: 'under_review', stage_display: '审核中', due: '2031-03-08', status: 'open' },
    ],
    deadlines: [],
    alarms: { disclosure: [], fixity: [], fixity_total: 0 },
    registry: {
      total: 3, by_type: { social_group: 2, foundation: 1 }, by_status: { normal: 3 }, illegal_total: 0, illegal_by_status: {},
      inspections: { year: 2030, by_result: { qualified: 3 } },
    },
    cases: { year: 2031, total: 1, by_state: { legal_review: 1 }, by_month: [] },
    reviews: { year: 2031, outcomes: 0, pass_rate: null, average_working_days: null, by_month: [] },
    disclosure: { year: 2031, by_month: [] },
    legality: null,
  }

  afterEach(() => {
    vi.unstubAllGlobals()
    setServerToday(beijingDate())
  })

  it("loads in one request and shows the reviewer's queue and the server's date", async () => {
    const calls: string[] = []
    vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
      calls.push(new URL(request.url).pathname)
      return jsonResponse(answer)
    }))
    const { wrapper } = await mountView(DashboardView)
    await flushPromises()
    expect(calls).toEqual(['/api/dashboard/'])
    const tasks = wrapper.get('[data-test="dashboard-tasks"]')
    expect(tasks.text()).toContain('潜民罚立〔2031〕3号 违规收费案')
    expect(tasks.find('a').attributes('href')).toBe('/reviews/12')
    expect(wrapper.text()).toContain('2031年3月4日')
    expect(todayISO()).toBe('2031-03-04')
    wrapper.unmount()
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
