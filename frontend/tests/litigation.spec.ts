import { describe, expect, it } from 'vitest'
import { jobPercent, type Matter } from '@/api/litigation'
import { headAppearance, MATTER_COLUMNS, matterApiQuery, parseMatterQuery } from '@/views/litigation/matterQuery'
import { sheetRows } from '@/views/dashboard/sheet'

const hearing = (held: boolean, head: boolean | null) => ({ held, head_appeared: head }) as Matter['hearings'][number]

describe('litigation list', () => {
  it('keeps valid filters from the URL and builds the API query', () => {
    const f = parseMatterQuery({ kind: 'first_instance,bogus', state: 'open', outcome: ['upheld'], received_after: '2023-01-01' })
    expect(f).toMatchObject({ kind: ['first_instance'], state: 'open', outcome: ['upheld'], received_after: '2023-01-01' })
    expect(matterApiQuery(f)).toEqual({
      ordering: '-received_on',
      page: 1,
      page_size: 20,
      kind__in: ['first_instance'],
      state: 'open',
      outcome__in: ['upheld'],
      received_on__gte: '2023-01-01',
    })
    expect(parseMatterQuery({ state: 'nonsense' }).state).toBe('')
  })

  it('tells whether the head of the agency appeared at the hearings held', () => {
    expect(headAppearance({ hearings: [] })).toBe('none')
    expect(headAppearance({ hearings: [hearing(false, null)] })).toBe('none')
    expect(headAppearance({ hearings: [hearing(true, true)] })).toBe('yes')
    expect(headAppearance({ hearings: [hearing(true, false)] })).toBe('no')
    expect(headAppearance({ hearings: [hearing(true, true), hearing(true, false)] })).toBe('partly')
  })

  it('exports the ledger in Chinese', () => {
    const matter = {
      kind: 'first_instance', external_number: '(2023)鄂9005行初8号', plaintiff: '某协会', contested_act: '撤销登记决定',
      case_number: '潜民罚立〔2023〕2号', received_on: '2023-06-12', state: 'closed', deadlines: [],
      hearings: [hearing(true, true)], outcome: 'rejected', outcome_on: '2023-09-20', closed_on: '2023-10-20',
    } as unknown as Matter
    const [row] = sheetRows(MATTER_COLUMNS, [matter])
    expect(row).toEqual(['行政诉讼一审', '(2023)鄂9005行初8号', '某协会', '撤销登记决定', '潜民罚立〔2023〕2号', '2023-06-12', '已结案', '', '是', '驳回', '2023-09-20', '2023-10-20'])
  })
})

describe('court evidence package progress', () => {
  it('turns a job into a percentage', () => {
    expect(jobPercent({ status: 'queued', progress: 0, total: null })).toBe(0)
    expect(jobPercent({ status: 'running', progress: 0, total: null })).toBeNull()
    expect(jobPercent({ status: 'running', progress: 3, total: 8 })).toBe(37)
    expect(jobPercent({ status: 'running', progress: 8, total: 8 })).toBe(99)
    expect(jobPercent({ status: 'done', progress: 8, total: 8 })).toBe(100)
  })
})

describe('litigation forms', async () => {
  const { emptyMatterDraft, matterPayload, emptyOutcomeDraft, outcomePayload, matterSteps, isFuture, isBefore } = await import(
    '@/views/litigation/matterForms'
  )

  it('builds the new matter payload, leaving out what was not given', () => {
    const d = {
      ...emptyMatterDraft(),
      kind: 'first_instance' as const,
      body: ' 潜江市人民法院 ',
      external_number: '(2023)鄂9005行初8号 ',
      plaintiff: '某协会',
      contested_act: '撤销登记决定',
      claims: '撤销被诉决定',
      received_on: '2023-06-12',
      leader: 7,
      advisers: [3],
    }
    expect(matterPayload(d)).toEqual({
      kind: 'first_instance', body: '潜江市人民法院', external_number: '(2023)鄂9005行初8号', plaintiff: '某协会',
      contested_act: '撤销登记决定', claims: '撤销被诉决定', received_on: '2023-06-12', leader: 7, advisers: [3], officers: [],
    })
    expect(matterPayload({ ...d, court_due_date: '2023-06-30', case: 5 })).toMatchObject({ court_due_date: '2023-06-30', case: 5 })
    // The acceptance date goes with a reconsideration only (复议法 Art. 62 counts the decision from it).
    expect(matterPayload({ ...d, accepted_on: '2023-06-08' })).not.toHaveProperty('accepted_on')
    expect(matterPayload({ ...d, kind: 'reconsideration', accepted_on: '2023-06-08' })).toMatchObject({ accepted_on: '2023-06-08' })
  })

  it('builds the outcome payload and picks the document form from the kind', () => {
    expect(emptyOutcomeDraft('reconsideration').outcome_form).toBe('reconsideration_decision')
    expect(emptyOutcomeDraft('first_instance').outcome_form).toBe('judgment')
    const d = { ...emptyOutcomeDraft('first_instance'), outcome: 'rejected' as const, outcome_on: '2023-09-20', document_number: ' 行初8号 ', summary: '驳回' }
    expect(outcomePayload(d)).toEqual({
      outcome: 'rejected', outcome_form: 'judgment', outcome_on: '2023-09-20', document_number: '行初8号', summary: '驳回',
      orders_new_decision: false, procedural_breach_only: false, changed_content: '',
    })
    expect(outcomePayload({ ...d, received_on: '2023-09-25' }).received_on).toBe('2023-09-25')
    // An order to decide again goes only with a revocation; a changed decision only with a change.
    const stray = { ...d, orders_new_decision: true, procedural_breach_only: true, redecision_due_on: '2023-12-01', changed_penalties: ['fine' as const], changed_fine: '100', changed_content: 'x' }
    expect(outcomePayload(stray)).toMatchObject({ orders_new_decision: false, procedural_breach_only: false, changed_content: '' })
    expect(outcomePayload(stray)).not.toHaveProperty('redecision_due_on')
    expect(outcomePayload(stray)).not.toHaveProperty('changed_penalties')
    expect(outcomePayload({ ...stray, outcome: 'revoked' })).toMatchObject({ orders_new_decision: true, procedural_breach_only: true, redecision_due_on: '2023-12-01' })
    const changed = outcomePayload({ ...stray, outcome: 'changed', changed_penalties: ['warning'], changed_content: ' 警告 ' })
    expect(changed).toMatchObject({ changed_penalties: ['warning'], changed_content: '警告', orders_new_decision: false })
    expect(changed).not.toHaveProperty('changed_fine') // no fine among the changed penalties
    expect(outcomePayload({ ...stray, outcome: 'changed', changed_fine: ' 2000.00 ' }).changed_fine).toBe('2000.00')
  })

  it('offers the steps the procedure allows next', () => {
    const base = {
      kind: 'first_instance' as 'first_instance' | 'reconsideration' | 'reconsideration_simple',
      response_submitted_on: null,
      outcome_form: '' as '' | 'judgment' | 'reconsideration_decision',
      appealed_on: null as string | null,
      outcome_effective_on: null as string | null,
      decision_extended_days: 0,
    }
    expect(matterSteps({ ...base, state: 'open' })).toEqual(['response', 'outcome'])
    expect(matterSteps({ ...base, state: 'open', response_submitted_on: '2023-06-20' })).toEqual(['outcome'])
    expect(matterSteps({ ...base, state: 'concluded', outcome_form: 'judgment' })).toEqual(['outcome', 'appeal', 'close'])
    expect(matterSteps({ ...base, state: 'concluded', outcome_form: 'judgment', appealed_on: '2023-10-01' })).toEqual(['outcome', 'close'])
    expect(matterSteps({ ...base, kind: 'reconsideration', state: 'concluded', outcome_form: 'reconsideration_decision' })).toEqual(['outcome', 'close'])
    expect(matterSteps({ ...base, state: 'closed' })).toEqual([])
    // 复议法 Art. 62: an ordinary reconsideration's period is extended once; the simple procedure has none.
    expect(matterSteps({ ...base, kind: 'reconsideration', state: 'open' })).toEqual(['response', 'extension', 'outcome'])
    expect(matterSteps({ ...base, kind: 'reconsideration', state: 'open', decision_extended_days: 30 })).toEqual(['response', 'outcome'])
    expect(matterSteps({ ...base, kind: 'reconsideration_simple', state: 'open' })).toEqual(['response', 'outcome'])
    // 行政诉讼法 Art. 85: once the window has passed unappealed the judgment is effective, and no appeal lies.
    expect(matterSteps({ ...base, state: 'concluded', outcome_form: 'judgment', outcome_effective_on: '2024-04-06' })).toEqual(['close'])
  })

  it('compares dates as the server does', () => {
    expect(isFuture('2023-06-13', '2023-06-12')).toBe(true)
    expect(isFuture('', '2023-06-12')).toBe(false)
    expect(isBefore('2023-06-11', '2023-06-12')).toBe(true)
    expect(isBefore('2023-06-11', '')).toBe(false)
  })
})
