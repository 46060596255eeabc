import { describe, expect, it } from 'vitest'
import { benchmarkBody, benchmarkProblems, benchmarkStatus, blankBenchmark, fineRange, groundKinds, repealProblems } from '@/views/registers/benchmarks'

const filled = () => ({
  ...blankBenchmark('2026-03-01'),
  code: ' CL-SHTT30-1 ',
  ground: 4,
  circumstance: ' 情节较轻 ',
  conditions: '首次违法，及时改正',
  standard: '给予警告',
  penalty_kinds: ['warning' as const],
})

describe('裁量基准: the entry form', () => {
  it('requires the code, the ground, the circumstances, conditions, standard and date', () => {
    expect(benchmarkProblems({ ...blankBenchmark(''), code: ' ' })).toEqual({
      code: 'required',
      circumstance: 'required',
      conditions: 'required',
      standard: 'required',
      ground: 'required',
      effective_on: 'required',
    })
    expect(benchmarkProblems(filled())).toEqual({})
  })

  it('keeps the penalty kinds within the ground’s and the fine range with a fine', () => {
    const ground = { penalty_kinds: ['fine' as const, 'warning' as const] }
    expect(groundKinds(ground)).toEqual(['warning', 'fine'])
    expect(groundKinds(null)).toHaveLength(6)
    expect(benchmarkProblems({ ...filled(), penalty_kinds: ['deregistration'] }, groundKinds(ground))).toEqual({
      penalty_kinds: 'registers.benchmarkKindOutside',
    })
    expect(benchmarkProblems({ ...filled(), fine_minimum: '1000' })).toEqual({ fine_minimum: 'registers.fineWithoutFine' })
    const fine = { ...filled(), penalty_kinds: ['fine' as const] }
    expect(benchmarkProblems({ ...fine, fine_minimum: '5000', fine_maximum: '1000' })).toEqual({ fine_maximum: 'registers.fineMaxBelowMin' })
    expect(benchmarkProblems({ ...fine, fine_minimum: '1,000', fine_maximum: '1.005' })).toEqual({
      fine_minimum: 'registers.amountFormat',
      fine_maximum: 'registers.amountFormat',
    })
    expect(benchmarkProblems({ ...fine, fine_minimum: '1000', fine_maximum: '5000.50' })).toEqual({})
  })

  it('sends trimmed texts, the kinds in the law’s order, and the fine range only with a fine', () => {
    expect(benchmarkBody({ ...filled(), penalty_kinds: ['fine', 'warning'], fine_minimum: ' 1000 ', fine_maximum: '' })).toEqual({
      code: 'CL-SHTT30-1',
      ground: 4,
      circumstance: '情节较轻',
      conditions: '首次违法，及时改正',
      standard: '给予警告',
      effective_on: '2026-03-01',
      penalty_kinds: ['warning', 'fine'],
      fine_minimum: '1000',
      fine_maximum: null,
    })
    expect(benchmarkBody({ ...filled(), fine_minimum: '1000', fine_maximum: '2000' })).toMatchObject({ fine_minimum: null, fine_maximum: null })
  })
})

describe('裁量基准: the register', () => {
  it('says how an entry stands today', () => {
    expect(benchmarkStatus({ effective_on: '2026-01-01', repealed_on: null }, '2026-03-01')).toBe('in_force')
    expect(benchmarkStatus({ effective_on: '2026-04-01', repealed_on: null }, '2026-03-01')).toBe('pending')
    expect(benchmarkStatus({ effective_on: '2026-01-01', repealed_on: '2026-03-01' }, '2026-03-01')).toBe('repealed')
    expect(benchmarkStatus({ effective_on: '2026-01-01', repealed_on: '2026-05-01' }, '2026-03-01')).toBe('in_force')
  })

  it('shows the fine range in yuan', () => {
    expect(fineRange({ fine_minimum: '1000.00', fine_maximum: '5000.50' })).toBe('1000–5000.5')
    expect(fineRange({ fine_minimum: '1000.00', fine_maximum: null })).toBe('≥ 1000')
    expect(fineRange({ fine_minimum: null, fine_maximum: '300.00' })).toBe('≤ 300')
    expect(fineRange({ fine_minimum: null, fine_maximum: null })).toBe('')
  })

  it('repeals after the entry took effect, with the reason', () => {
    expect(repealProblems({ on: '2026-01-01', reason: ' ' }, '2026-01-01')).toEqual({ on: 'registers.repealAfterEffective', reason: 'required' })
    expect(repealProblems({ on: '', reason: '上位法修改' }, '2026-01-01')).toEqual({ on: 'required' })
    expect(repealProblems({ on: '2026-01-02', reason: '上位法修改' }, '2026-01-01')).toEqual({})
  })
})
