import { describe, expect, it } from 'vitest'
import type { CertificationMatter, NormativeDocument } from '@/api/registers'
import { sheetRows } from '@/views/dashboard/sheet'
import {
  CERTIFICATION_COLUMNS,
  DOCUMENT_COLUMNS,
  documentApiQuery,
  parseDocumentQuery,
  reportCharts,
  reportHeadlines,
} from '@/views/registers/registerData'

describe('normative documents list', () => {
  it('keeps valid filters from the URL and builds the API query', () => {
    const f = parseDocumentQuery({ q: ' 管理 ', status: 'valid,bogus', year: '2023', page: '3' })
    expect(documentApiQuery(f)).toEqual({ ordering: '-issued_on', page: 3, page_size: 20, q: '管理', status: ['valid'], year: 2023 })
    expect(parseDocumentQuery({ year: '23' }).year).toBe('')
  })

  it('exports documents and certification matters in Chinese', () => {
    const doc = { number: '潜民规〔2023〕1号', title: '办法', issuing_unit: '潜江市民政局', issued_on: '2023-03-01', effective_on: '2023-04-01', expires_on: null, status: 'repealed', status_changed_on: '2024-01-01' } as unknown as NormativeDocument
    expect(sheetRows(DOCUMENT_COLUMNS, [doc])[0]).toEqual(['潜民规〔2023〕1号', '办法', '潜江市民政局', '2023-03-01', '2023-04-01', '', '已废止', '2024-01-01'])
    const matter = { name: '无犯罪记录证明', purpose: '', issuing_body: '公安', legal_basis: '', notification_commitment: true, status: 'cancelled', cancelled_on: '2023-05-01', cancellation_basis: '通知' } as unknown as CertificationMatter
    expect(sheetRows(CERTIFICATION_COLUMNS, [matter])[0].slice(4)).toEqual(['是', '已取消', '2023-05-01', '通知'])
  })
})

describe('annual report charts', () => {
  const figures = {
    cases: { by_type: [{ label: '登记的社会组织', filed: 10 }], totals: { penalty: 9, no_penalty: 1, dropped: 0, transferred: 2 } },
    penalties: { by_kind: [{ label: '警告', count: 3 }], cases: 9, fines_yuan: '5000.00' },
    hearings: { requested: 1, held: 1 },
    legal_reviews: { submitted: 11, concluded: 11, major_decisions: 10 },
    litigation: { reconsiderations: 2, lawsuits: 10, concluded: 12 },
    disclosure: { on_time: 10, late: 1, pending_overdue: 0, on_time_rate_percent: 90.9 },
  }

  it('groups the figures like the server chart', () => {
    const charts = reportCharts(figures)
    expect(charts.map((c) => c.title)).toEqual(['立案（按当事人类别）', '办理结果', '行政处罚种类', '听证和法制审核', '行政复议和行政诉讼', '行政执法公示及时性'])
    expect(charts[1].rows).toEqual([['作出处罚决定', 9], ['不予处罚', 1], ['撤案', 0], ['移送', 2]])
    expect(charts[5].rows[1]).toEqual(['逾期公示', 1])
    expect(reportHeadlines(figures)).toEqual({ penalisedCases: 9, finesYuan: '5000.00', onTimeRate: 90.9 })
  })

  it('survives missing or malformed figures', () => {
    const charts = reportCharts(null)
    expect(charts).toHaveLength(6)
    expect(charts[0].rows).toEqual([])
    expect(charts[1].rows[0]).toEqual(['作出处罚决定', 0])
    expect(reportHeadlines({ disclosure: { on_time_rate_percent: null } }).onTimeRate).toBeNull()
  })
})

describe('register create forms', async () => {
  const forms = await import('@/views/registers/registerForms')
  const today = new Date(2024, 5, 1)

  it('checks document numbers as the server does', () => {
    expect(forms.documentNumberProblem('潜民政发〔2023〕37号', '2023-03-01', today)).toBeNull()
    expect(forms.documentNumberProblem(' 潜民政发[2023]37号 ', '', today)).toBeNull()
    expect(forms.normaliseDocumentNumber('潜民政发（2023） 37号')).toBe('潜民政发〔2023〕37号')
    expect(forms.documentNumberProblem('潜民政发〔2023〕第37号', '', today)?.key).toBe('registers.numberFormat')
    expect(forms.documentNumberProblem('潜民政发〔2023〕037号', '', today)?.key).toBe('registers.numberFormat')
    expect(forms.documentNumberProblem('潜〔2023〕1号', '', today)?.key).toBe('registers.numberFormat')
    expect(forms.documentNumberProblem('QM〔2023〕1号', '', today)?.key).toBe('registers.numberFormat')
    expect(forms.documentNumberProblem('潜民政发〔1948〕1号', '', today)).toEqual({
      key: 'registers.numberYearRange',
      params: { first: 1949, last: 2025 },
    })
    expect(forms.documentNumberProblem('潜民政发〔2022〕1号', '2023-01-05', today)).toEqual({
      key: 'registers.numberYearMismatch',
      params: { year: 2022, issued: 2023 },
    })
  })

  it('builds the new document payload', () => {
    const d = { ...forms.emptyDocumentDraft(), number: '潜民规【2023】1号', title: ' 办法 ', issuing_unit: '潜江市民政局', issued_on: '2023-03-01' }
    expect(forms.documentPayload(d)).toEqual({
      number: '潜民规〔2023〕1号', title: '办法', issuing_unit: '潜江市民政局', issued_on: '2023-03-01',
      effective_on: null, expires_on: null, full_text: '',
    })
  })

  it('builds a power-list version and names the incomplete items', () => {
    const full = { ...forms.emptyPowerItem(), name: '对社会团体的处罚', kind: 'penalty' as const, legal_basis: '条例', responsible_unit: '科', responsibilities: '立案', accountability: '追责' }
    const empty = forms.emptyPowerItem()
    expect(forms.powerItemProblems([full, { ...empty, name: 'x' }])).toEqual([
      { position: 2, missing: ['kind', 'legal_basis', 'responsible_unit', 'responsibilities', 'accountability'] },
    ])
    const body = forms.powerListPayload('2024-01-01', ' 调整 ', [full, { ...full, code: ' A1 ' }])
    expect(body.note).toBe('调整')
    expect(body.items[0]).not.toHaveProperty('code')
    expect(body.items[1].code).toBe('A1')
  })

  it('builds an inspection plan, leaving out unnamed matters', () => {
    const d = { ...forms.emptyPlanDraft(2024), title: ' 2024年抽查 ', matters: [{ name: '年检', basis: '', method: '书面' }, { name: ' ', basis: '', method: '' }] }
    expect(forms.planPayload(d)).toEqual({
      title: '2024年抽查', year: 2024, target_count: 10, target_types: [], target_statuses: [], registered_before: null,
      matters: [{ name: '年检', basis: '', method: '书面' }],
    })
  })
})
