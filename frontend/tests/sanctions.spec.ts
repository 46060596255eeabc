import { describe, expect, it } from 'vitest'
import { sanctionProblems, sanctionSteps } from '@/views/enforcement/sanctionForms'

describe('non-monetary penalties on the case page', () => {
  it('offers sealing, then the report and lifting, and listing, to the case officers and leaders only', () => {
    const stop = ['stop_activities']
    expect(sanctionSteps('served', stop, 'officer', null, false)).toEqual(['seal', 'list'])
    expect(sanctionSteps('executing', stop, 'leader', { lifted_on: null }, true)).toEqual(['report', 'lift'])
    expect(sanctionSteps('executing', stop, 'officer', { lifted_on: '2026-03-01' }, true)).toEqual([])
    expect(sanctionSteps('executing', stop, 'officer', { undone_on: '2026-03-01' }, false)).toEqual(['list'])
    expect(sanctionSteps('served', ['deregistration'], 'officer', null, false)).toEqual(['list'])
    expect(sanctionSteps('served', ['warning', 'fine'], 'officer', null, false)).toEqual([])
    expect(sanctionSteps('served', stop, 'legal_reviewer', null, false)).toEqual([])
    expect(sanctionSteps('decided', stop, 'officer', null, false)).toEqual([])
  })
  it('checks the dates and the report before sending', () => {
    const today = '2026-03-10'
    const form = { date: today, starts_on: '2026-03-01', ends_on: '2026-06-01', items: '证书、印章', summary: '' }
    expect(sanctionProblems('seal', form, today)).toEqual({})
    expect(sanctionProblems('seal', { ...form, ends_on: '2026-03-01' }, today)).toEqual({ ends_on: 'notAfterStart' })
    expect(sanctionProblems('seal', { ...form, date: '2026-03-11', items: ' ' }, today)).toEqual({ date: 'future', items: 'required' })
    expect(sanctionProblems('report', form, today)).toEqual({ summary: 'required' })
    expect(sanctionProblems('lift', { ...form, date: '' }, today)).toEqual({ date: 'required' })
  })
})
