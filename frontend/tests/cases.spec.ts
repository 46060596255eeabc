import { describe, expect, it } from 'vitest'
import type { CaseDetail } from '@/api/types'
import { caseRows, CASE_EXPORT_HEADER } from '@/views/cases/caseExport'
import { emptyLead, leadBody, leadDateProblems } from '@/views/cases/caseForm'
import { caseApiQuery, caseRouteQuery, hasFilters, parseCaseQuery } from '@/views/cases/caseQuery'
import { loadViews, removeView, saveView, storageKey, storeViews } from '@/views/cases/savedViews'
import { activeIndex, deadlineBadge, procedureSteps } from '@/views/cases/procedure'
import { fieldSpecs, formProblems, initialForm, transitionBody } from '@/views/cases/transitions'

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

// The server's fields for each action, as the case detail's `actions` gives them.
const f = (name: string, required = false) => ({ name, required })
const DECIDE = fieldSpecs([f('date'), f('outcome', true), f('penalties', true), f('fine', true), f('confiscation'), f('content', true), f('basis'), f('serious_finding'), f('performance_terms')])
const FILE = fieldSpecs([f('date'), f('officers')])
const DROP = fieldSpecs([f('date'), f('reason', true)])
const NOTIFY = fieldSpecs([f('date'), f('notice_received_on'), f('statement_days'), f('penalties'), f('fine')])
const DELIBERATE = fieldSpecs([f('date'), f('minutes', true), f('attendees', true), f('conclusion', true)])

describe('transition dialogs', () => {
  it('ask for the server’s fields only, marked required as the server says', () => {
    expect(DECIDE.filter((s) => s.required).map((s) => s.name)).toEqual(['outcome', 'penalties', 'fine', 'content'])
    expect(fieldSpecs([f('date'), f('not_a_form_field', true)]).map((s) => s.name)).toEqual(['date'])
    expect(NOTIFY.map((s) => s.kind)).toEqual(['date', 'date', 'number', 'penalties', 'money'])
  })

  it('prefill from the case: officers, proposed penalty, basis', () => {
    const form = initialForm(detail, '2026-03-01')
    expect(form.officers).toEqual([2, 3])
    expect(form.outcome).toBe('penalty')
    expect(form.penalties).toEqual(['deregistration'])
    expect(form.basis).toBe('《社会团体登记管理条例》第三十条')
  })

  it('send only the action’s own fields, money as text', () => {
    const form = { ...initialForm(detail, '2026-03-01'), penalties: ['fine'], fine: 5000, reason: 'not sent' }
    expect(transitionBody('decide', form, DECIDE)).toEqual({
      action: 'decide',
      date: '2026-03-01',
      outcome: 'penalty',
      penalties: ['fine'],
      fine: '5000',
      content: '撤销登记',
      basis: '《社会团体登记管理条例》第三十条',
    })
    expect(transitionBody('file', form, FILE)).toEqual({ action: 'file', date: '2026-03-01', officers: [2, 3] })
    const notified = { ...form, notice_received_on: '2026-02-27', statement_days: 5 }
    expect(transitionBody('notify', notified, NOTIFY)).toMatchObject({ notice_received_on: '2026-02-27', statement_days: 5 })
  })

  it('leave penalty fields out of a decision not to penalise', () => {
    const form = { ...initialForm(detail, '2026-03-01'), outcome: 'no_penalty' as const }
    expect(transitionBody('decide', form, DECIDE)).not.toHaveProperty('penalties')
  })

  it('validate inline before sending', () => {
    const form = { ...initialForm(detail, '2026-03-01'), penalties: ['fine'], fine: null, content: '' }
    expect(formProblems('decide', form, DECIDE, '2026-03-01')).toEqual({ fine: 'required', content: 'required' })
    expect(formProblems('decide', { ...form, outcome: 'no_penalty' }, DECIDE, '2026-03-01')).toEqual({})
    expect(formProblems('drop', form, DROP, '2026-03-01')).toEqual({ reason: 'required' })
    expect(formProblems('file', { ...form, officers: [2] }, FILE, '2026-03-01')).toEqual({ officers: 'twoOfficers' })
    expect(formProblems('notify', { ...form, date: '2026-03-02' }, NOTIFY, '2026-03-01')).toEqual({ date: 'future' })
  })

  it('send the deliberation’s attendees with their opinions, and ask for each opinion', () => {
    const form = { ...initialForm(detail, '2026-03-01'), minutes: '会议', conclusion: '同意' }
    expect(formProblems('deliberate', form, DELIBERATE, '2026-03-01')).toEqual({ attendees: 'required' })
    form.attendees = [{ name: '刘局长', opinion: '同意' }, { name: '王副局长', opinion: '' }]
    expect(formProblems('deliberate', form, DELIBERATE, '2026-03-01')).toEqual({ attendees: 'attendeeOpinion' })
    form.attendees = [{ name: '刘局长', opinion: '同意' }, { name: '王副局长', opinion: '同意' }, { name: '', opinion: '' }]
    expect(formProblems('deliberate', form, DELIBERATE, '2026-03-01')).toEqual({})
    expect(transitionBody('deliberate', form, DELIBERATE).attendees).toEqual(form.attendees.slice(0, 2))
  })
})

describe('service, consent and recusal dialogs', () => {
  // The server's fields of `serve`, `record_service_consent`, `apply_recusal` and `decide_recusal` (procedure.py).
  const SERVE = fieldSpecs(
    ['service_recipient', 'service_refusal', 'service_witnesses', 'service_recording', 'service_agent', 'reason', 'service_published_on', 'service_notice_reason', 'party_whereabouts_unknown']
      .map((n) => f(n))
      .concat([f('date'), f('service_method', true)]),
  )
  const CONSENT = fieldSpecs([f('date', true), f('electronic_service_address', true)])
  const APPLY = fieldSpecs([f('date'), f('recusal_person', true), f('recusal_applicant'), f('reason', true)])
  const DECIDE_RECUSAL = fieldSpecs([f('date'), f('recusal'), f('granted', true), f('reason', true)])
  const base = () => initialForm(detail, '2026-03-01')

  it('know every field the server names for these steps', () => {
    expect(SERVE).toHaveLength(11)
    expect(CONSENT.map((s) => s.kind)).toEqual(['date', 'text'])
    expect(APPLY.map((s) => s.kind)).toEqual(['date', 'staff', 'applicant', 'textarea'])
    // The leader picks which pending application is decided; the server names it when several wait.
    expect(DECIDE_RECUSAL.map((s) => [s.name, s.kind])).toEqual([['date', 'date'], ['recusal', 'recusal'], ['granted', 'yesno'], ['reason', 'textarea']])
  })

  it('send the recusal decided, and serve by a notice already published without entering it again', () => {
    const picked = { ...base(), recusal: 7, granted: true, reason: '与当事人有利害关系' }
    expect(transitionBody('decide_recusal', picked, DECIDE_RECUSAL)).toMatchObject({ action: 'decide_recusal', recusal: 7, granted: true })
    const published = initialForm({ ...detail, service_published_on: '2026-02-20' }, '2026-03-25')
    expect(formProblems('serve', { ...published, service_method: 'public_notice', service_notice_reason: '下落不明' }, SERVE, '2026-03-25')).toEqual({})
  })

  it('ask for what each method of service needs (民事诉讼法 Art. 88–95)', () => {
    const left = { ...base(), service_method: 'left_at_address' }
    expect(formProblems('serve', left, SERVE, '2026-03-01')).toEqual({ service_refusal: 'required', service_witnesses: 'witnessOrRecording' })
    expect(formProblems('serve', { ...left, service_refusal: '拒绝签收', service_recording: '录像1段' }, SERVE, '2026-03-01')).toEqual({})
    expect(formProblems('serve', { ...base(), service_method: 'entrusted' }, SERVE, '2026-03-01')).toEqual({ service_agent: 'required', reason: 'required' })
    expect(formProblems('serve', { ...base(), service_method: 'forwarded' }, SERVE, '2026-03-01')).toEqual({ service_agent: 'required' })
    expect(formProblems('serve', { ...base(), service_method: 'public_notice' }, SERVE, '2026-03-01')).toEqual({
      service_published_on: 'required',
      service_notice_reason: 'required',
    })
    expect(formProblems('serve', { ...base(), service_method: 'in_person' }, SERVE, '2026-03-01')).toEqual({})
  })

  it("send only the chosen method's details", () => {
    const form = { ...base(), service_method: 'public_notice', service_published_on: '2026-01-20', service_notice_reason: '下落不明', party_whereabouts_unknown: true, service_agent: '社区居委会', reason: '不送' }
    expect(transitionBody('serve', form, SERVE)).toEqual({
      action: 'serve',
      date: '2026-03-01',
      service_method: 'public_notice',
      service_published_on: '2026-01-20',
      service_notice_reason: '下落不明',
      party_whereabouts_unknown: true,
    })
    const entrusted = { ...form, service_method: 'entrusted', service_recipient: '张三' }
    expect(transitionBody('serve', entrusted, SERVE)).toEqual({
      action: 'serve',
      date: '2026-03-01',
      service_method: 'entrusted',
      service_recipient: '张三',
      service_agent: '社区居委会',
      reason: '不送',
    })
  })

  it('ask for the consent address, the person asked to withdraw, and the recusal decision', () => {
    expect(formProblems('record_service_consent', base(), CONSENT, '2026-03-01')).toEqual({ electronic_service_address: 'required' })
    expect(formProblems('apply_recusal', base(), APPLY, '2026-03-01')).toEqual({ recusal_person: 'required', reason: 'required' })
    expect(formProblems('decide_recusal', { ...base(), reason: '理由' }, DECIDE_RECUSAL, '2026-03-01')).toEqual({ granted: 'required' })
    const refused = { ...base(), granted: false, reason: '申请理由不成立' }
    expect(formProblems('decide_recusal', refused, DECIDE_RECUSAL, '2026-03-01')).toEqual({})
    expect(transitionBody('decide_recusal', refused, DECIDE_RECUSAL)).toEqual({ action: 'decide_recusal', date: '2026-03-01', granted: false, reason: '申请理由不成立' })
    expect(transitionBody('apply_recusal', { ...base(), recusal_person: 9, recusal_applicant: 'party', reason: '系当事人近亲属' }, APPLY)).toEqual({
      action: 'apply_recusal',
      date: '2026-03-01',
      recusal_person: 9,
      recusal_applicant: 'party',
      reason: '系当事人近亲属',
    })
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
