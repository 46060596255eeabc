import { describe, expect, it } from 'vitest'
import { can } from '@/utils/permissions'
import { areaMenus, areaRoutes } from '@/areas'
import zhCN from '@/locales/zh-CN'
import en from '@/locales/en'
import {
  emptyStep,
  enforcementApiQuery,
  formatMoney,
  fromFen,
  parseEnforcementQuery,
  stepPayload,
  sumAmounts,
  toFen,
} from '@/views/enforcement/enforcementForms'

describe('enforcement money', () => {
  it('adds decimal strings in whole fen, never floats', () => {
    expect(toFen('0.1')).toBe(10n)
    expect(toFen('1234.56')).toBe(123456n)
    expect(toFen('1.234')).toBeNull()
    expect(toFen('-1')).toBeNull()
    expect(sumAmounts(['0.1', '0.2'])).toBe('0.30') // 0.1 + 0.2 in floats is 0.30000000000000004
    expect(sumAmounts(['1500', '1500.00'])).toBe('3000.00')
    expect(sumAmounts(['1', 'x'])).toBeNull()
    expect(fromFen(5n)).toBe('0.05')
    expect(formatMoney('1234567.5')).toBe('1,234,567.50')
    expect(formatMoney(null)).toBe('—')
  })
})

describe('enforcement steps', () => {
  it('sends only what each step takes', () => {
    const d = { ...emptyStep('2026-12-07'), amount: ' 3000.00 ', receipt_number: 'ABC1', bank: ' 农行 ' }
    expect(stepPayload('record_payment', d)).toEqual({
      action: 'record_payment',
      date: '2026-12-07',
      amount: '3000.00',
      receipt_number: 'ABC1',
      bank: '农行',
    })
    const deferral = {
      ...emptyStep('2026-12-07'),
      kind: 'deferral' as const,
      reason: '经营困难',
      items: [
        { due_on: '2027-01-31', amount: '3000' },
        { due_on: '', amount: '' },
      ],
    }
    expect(stepPayload('apply_arrangement', deferral).items).toEqual([{ due_on: '2027-01-31', amount: '3000' }])
    expect(stepPayload('record_statement', { ...emptyStep('2026-12-07'), statement: 'x' })).toMatchObject({
      statement_made: false,
      statement: '',
    })
    expect(stepPayload('remind', emptyStep('2026-12-07'))).toEqual({ action: 'remind', date: '2026-12-07' })
  })

  it('offers the one ruling the court can give when only one follows', () => {
    expect(emptyStep('2026-12-07', { state: 'applied', court: '潜江市人民法院' })).toMatchObject({
      ruling: 'accepted',
      court: '潜江市人民法院',
    })
    expect(emptyStep('2026-12-07', { state: 'accepted', court: '' }).ruling).toBe('')
    const ruling = { ...emptyStep('2026-12-07'), ruling: 'enforce' as const, number: ' （2026）鄂9005行审12号 ', court_case_number: 'x' }
    expect(stepPayload('record_ruling', ruling)).not.toHaveProperty('court_case_number')
  })

  it('keeps the list filters in the URL', () => {
    const f = parseEnforcementQuery({ state: 'reminded,bogus' })
    expect(enforcementApiQuery(f)).toEqual({ ordering: '-served_on', page: 1, page_size: 20, state: 'reminded' })
    expect(enforcementApiQuery(parseEnforcementQuery({ state: 'applied,accepted' })).state__in).toEqual(['applied', 'accepted'])
  })
})

describe('enforcement in the menu', () => {
  const user = (role: string) => ({ role, permissions: [], is_active: true }) as never
  it('shows 执行管理 to officers and leaders, and the refunds to them', () => {
    expect(can(user('officer'), 'enforcement.view')).toBe(true)
    expect(can(user('leader'), 'enforcement.view')).toBe(true)
    expect(can(user('disclosure_editor'), 'enforcement.view')).toBe(false)
    expect(can(user('leader'), 'enforcement.refunds')).toBe(true)
    const menu = areaMenus.find((m) => m.path === 'enforcement')
    expect(menu?.children?.map((c) => c.path)).toEqual(['/enforcement', '/refunds'])
    expect(areaRoutes.map((r) => r.name)).toEqual(expect.arrayContaining(['enforcement', 'enforcement-detail', 'refunds']))
  })

  it('has every label in Chinese and English', () => {
    const zh = (zhCN as unknown as { enforcement: Record<string, unknown> }).enforcement
    const english = (en as unknown as { enforcement: Record<string, unknown> }).enforcement
    expect(zh.title).toBe('执行管理')
    expect(Object.keys(english).sort()).toEqual(Object.keys(zh).sort())
  })
})
