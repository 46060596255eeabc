import { describe, expect, it } from 'vitest'
import type { CaseDetail } from '@/api/types'
import { caseRows, CASE_EXPORT_HEADER } from '@/views/cases/caseExport'
import { emptyLead, leadBody, leadDateProblems } from '@/views/cases/caseForm'
import { caseApiQuery, caseRouteQuery, hasFilters, parseCaseQuery } from '@/views/cases/caseQuery'
import { loadViews, removeView, saveView, storageKey, storeViews } from '@/views/cases/savedViews'
import { actionsFor, activeIndex, deadlineBadge, procedureSteps } from '@/views/cases/procedure'
import { formProblems, initialForm, transitionBody } from '@/views/cases/transitions'

describe('case list filters in the URL', () => {
  it('parses what is valid and drops the rest', () => {
    const filters = parseCaseQuery({
      q: ' 年检 ',
      state: 'lead,bogus,filed',
      party_kind: 'martian',
      organisation: '12',
      officer: 'x1',
      overdue: 'true',
      is_major: 'maybe',
      ordering: '-filed_on',
      page_size: '20',
    })
    expect(filters).toMatchObject({
      q: '年检',
      state: ['lead', 'filed'],
      party_kind: '',
      organisation: '12',
      officer: '',
      overdue: 'true',
      is_major: '',
      ordering: '-filed_on',
      page_size: 20,
      cursor: '',
    })
    expect(hasFilters(filters)).toBe(true)
  })

  it('maps filters onto the API, without paging for export, newest first by default', () => {
    const filters = parseCaseQuery({ organisation: '7', officer: '3', overdue: 'false', cursor: 'abc' })
    expect(caseApiQuery(filters)).toEqual({
      organisation: 7,
      officer: 3,
      overdue: false,
      ordering: '-received_on',
      page_size: 50,
      cursor: 'abc',
    })
    expect(caseApiQuery(filters, { allPages: true })).toEqual({ organisation: 7, officer: 3, overdue: false, ordering: '-received_on' })
  })

  it('writes short URLs: no defaults, no empty values', () => {
    expect(caseRouteQuery({ q: '', state: ['hearing'], page_size: 50, cursor: '' })).toEqual({ state: ['hearing'] })
    expect(hasFilters(parseCaseQuery({ page_size: '100' }))).toBe(false)
  })
})

const base = {
  state: 'lead',
  is_major: false,
  received_on: '2026-01-05',
  filed_on: null,
  investigation_started_on: null,
  investigation_closed_on: null,
  deliberated_on: null,
  notified_on: null,
  hearing_requested_on: null,
  decided_on: null,
  served_on: null,
  execution_started_on: null,
  closed_on: null,
  archived_on: null,
} as const

describe('the procedure stepper', () => {
  it('shows the main path and leaves out steps the case does not take', () => {
    const steps = procedureSteps({ ...base, state: 'filed', filed_on: '2026-01-06' })
    expect(steps.map((s) => s.state)).not.toContain('legal_review')
    expect(steps.map((s) => s.state)).not.toContain('hearing')
    expect(steps.slice(0, 3)).toEqual([
      { state: 'lead', status: 'finish', date: '2026-01-05' },
      { state: 'filed', status: 'process', date: '2026-01-06' },
      { state: 'investigating', status: 'wait', date: null },
    ])
    expect(activeIndex(steps)).toBe(1)
  })

  it('includes legal review for a major case, and a hearing once requested', () => {
    const steps = procedureSteps({ ...base, state: 'hearing', is_major: true, notified_on: '2026-02-01', hearing_requested_on: '2026-02-03' })
    const names = steps.map((s) => s.state)
    expect(names).toContain('legal_review')
    expect(names).toContain('hearing')
    expect(steps.find((s) => s.state === 'hearing')?.status).toBe('process')
    expect(steps.find((s) => s.state === 'notified')).toMatchObject({ status: 'finish', date: '2026-02-01' })
  })

  it('ends the line at a side exit, after the steps reached', () => {
    const steps = procedureSteps({ ...base, state: 'dropped', filed_on: '2026-01-06' })
    expect(steps.map((s) => [s.state, s.status])).toEqual([
      ['lead', 'finish'],
      ['filed', 'finish'],
      ['dropped', 'error'],
    ])
    expect(activeIndex(steps)).toBe(2)
  })

  it('marks an archived case as finished throughout', () => {
    const steps = procedureSteps({ ...base, state: 'archived' })
    expect(steps.every((s) => s.status === 'finish')).toBe(true)
  })

  it('offers each role only its own actions', () => {
    const allowed = ['decide', 'serve', 'drop', 'archive'] as const
    expect(actionsFor(allowed, { id: 1, role: 'leader' }, [2, 3])).toEqual(['decide', 'drop', 'archive'])
    expect(actionsFor(allowed, { id: 2, role: 'officer' }, [2, 3])).toEqual(['serve', 'archive'])
    expect(actionsFor(allowed, { id: 9, role: 'officer' }, [2, 3])).toEqual([])
    expect(actionsFor(allowed, null, [2])).toEqual([])
  })

  it('colours countdown badges by what is left', () => {
    expect(deadlineBadge({ days_left: -3 })).toEqual({ type: 'danger', key: 'cases.daysOverdue', n: 3 })
    expect(deadlineBadge({ days_left: 0 })).toEqual({ type: 'danger', key: 'cases.dueToday' })
    expect(deadlineBadge({ days_left: 2, status: 'due_soon' })).toEqual({ type: 'warning', key: 'cases.daysLeft', n: 2 })
    expect(deadlineBadge({ days_left: 40, status: 'open' })).toMatchObject({ type: 'primary', n: 40 })
    expect(deadlineBadge({ met_on: '2026-01-02', status: 'late' })).toEqual({ type: 'warning', key: 'cases.metOn' })
  })
})

const detail = {
  id: 5,
  version: 3,
  officers: [
    { id: 2, name: '张建国', credential_number: '1', is_lead: true },
    { id: 3, name: '李明华', credential_number: '2', is_lead: false },
  ],
  proposed_outcome: 'penalty',
  proposed_penalties: ['deregistration'],
  proposed_fine: null,
  proposed_content: '撤销登记',
  notified_penalties: [],
  notified_fine: null,
  facts: '事实',
  grounds: [{ id: 1, code: 'X', regulation: '《社会团体登记管理条例》', article: '第三十条', title: 't', text: '', organisation_types: [], penalty_kinds: [], active: true }],
} as unknown as CaseDetail

describe('transition dialogs', () => {
  it('prefill from the case: officers, proposed penalty, basis', () => {
    const form = initialForm(detail, '2026-03-01')
    expect(form.officers).toEqual([2, 3])
    expect(form.outcome).toBe('penalty')
    expect(form.penalties).toEqual(['deregistration'])
    expect(form.basis).toBe('《社会团体登记管理条例》第三十条')
  })

  it('send only the action’s own fields, money as text', () => {
    const form = { ...initialForm(detail, '2026-03-01'), penalties: ['fine'], fine: 5000, reason: 'not sent' }
    expect(transitionBody('decide', form)).toEqual({
      action: 'decide',
      date: '2026-03-01',
      outcome: 'penalty',
      penalties: ['fine'],
      fine: '5000',
      content: '撤销登记',
      basis: '《社会团体登记管理条例》第三十条',
    })
    expect(transitionBody('file', form)).toEqual({ action: 'file', date: '2026-03-01', officers: [2, 3] })
  })

  it('leave penalty fields out of a decision not to penalise', () => {
    const form = { ...initialForm(detail, '2026-03-01'), outcome: 'no_penalty' as const }
    expect(transitionBody('decide', form)).not.toHaveProperty('penalties')
  })

  it('validate inline before sending', () => {
    const form = { ...initialForm(detail, '2026-03-01'), penalties: ['fine'], fine: null, content: '' }
    expect(formProblems('decide', form, '2026-03-01')).toEqual({ fine: 'required', content: 'required' })
    expect(formProblems('drop', form, '2026-03-01')).toEqual({ reason: 'required' })
    expect(formProblems('file', { ...form, officers: [2] }, '2026-03-01')).toEqual({ officers: 'twoOfficers' })
    expect(formProblems('notify', { ...form, date: '2026-03-02' }, '2026-03-01')).toEqual({ date: 'future' })
    expect(formProblems('serve', { ...form, service_method: 'public_notice' }, '2026-03-01')).toEqual({ service_published_on: 'required' })
  })
})

describe('the lead form', () => {
  it('refuses future dates and an act after the lead', () => {
    const form = { ...emptyLead('2026-03-01', 4), act_date: '2026-03-02' }
    expect(leadDateProblems(form, '2026-03-01')).toEqual({ act_date: 'cases.dateFuture' })
    expect(leadDateProblems({ ...form, received_on: '2026-02-01', act_date: '2026-02-10' }, '2026-03-01')).toEqual({
      act_date: 'cases.actAfterReceived',
    })
  })

  it('sends the party of the chosen kind only', () => {
    const form = { ...emptyLead('2026-03-01', 4), title: ' 案由 ', source: 'report' as const, organisation: 9, person_name: '张三' }
    const body = leadBody(form)
    expect(body).toMatchObject({ title: '案由', party_kind: 'organisation', organisation: 9, officers: [4], reporter_name: '' })
    expect(body).not.toHaveProperty('person_name')
    expect(leadBody({ ...form, party_kind: 'person' })).toMatchObject({ person_name: '张三' })
  })
})

describe('the case ledger export', () => {
  it('writes Chinese headings and labels', () => {
    const rows = caseRows([
      {
        number: '潜民罚立〔2026〕1号',
        title: '案由',
        state: 'decided',
        party_name: '某协会',
        source: 'annual_inspection',
        officers: [{ id: 1, name: '张建国' }, { id: 2, name: '李明华' }],
        is_major: true,
        decision_penalties: ['deregistration'],
        overdue: false,
      } as never,
    ])
    expect(CASE_EXPORT_HEADER[0]).toBe('案件编号')
    expect(rows[0].slice(0, 3)).toEqual(['潜民罚立〔2026〕1号', '案由', '决定'])
    expect(rows[0]).toContain('年检发现')
    expect(rows[0]).toContain('张建国、李明华')
    expect(rows[0]).toContain('撤销登记')
  })
})

describe('saved views of the case list', () => {
  const memory = () => {
    const data = new Map<string, string>()
    return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) }
  }

  it('saves filters without the page cursor, newest first, replacing by name', () => {
    let views = saveView([], ' 逾期案件 ', { overdue: 'true', cursor: 'abc' })
    views = saveView(views, '重大', { is_major: 'true' })
    views = saveView(views, '逾期案件', { overdue: 'true', state: ['filed'] })
    expect(views).toEqual([
      { name: '逾期案件', query: { overdue: 'true', state: ['filed'] } },
      { name: '重大', query: { is_major: 'true' } },
    ])
    expect(removeView(views, '重大').map((v) => v.name)).toEqual(['逾期案件'])
  })

  it('keeps each user’s views apart and survives bad storage', () => {
    const storage = memory()
    storeViews(storage, 4, [{ name: 'a', query: { q: 'x' } }])
    expect(loadViews(storage, 4)).toEqual([{ name: 'a', query: { q: 'x' } }])
    expect(loadViews(storage, 5)).toEqual([])
    storage.setItem(storageKey(6), '{not json')
    expect(loadViews(storage, 6)).toEqual([])
    storage.setItem(storageKey(7), JSON.stringify([{ name: '', query: {} }, { name: 'ok', query: {} }, 3]))
    expect(loadViews(storage, 7)).toEqual([{ name: 'ok', query: {} }])
    expect(loadViews(undefined, 1)).toEqual([])
  })
})
