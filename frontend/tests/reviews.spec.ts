import { describe, expect, it } from 'vitest'
import { applyDraft, changeRows, daysUntil, draftBody, outcomeBody, outcomeProblems, showValue, verdictProblems, verdictRows } from '@/views/reviews/checklist'

const ITEMS = [
  { number: 1, text: '执法主体合法' },
  { number: 2, text: '执法人员具备执法资格' },
  { number: 3, text: '执法程序合法' },
]

describe('the legal-review checklist', () => {
  it('needs a verdict on every item and a note on every problem', () => {
    const rows = verdictRows(ITEMS)
    expect(verdictProblems(rows)).toEqual({ 1: 'reviews.verdictRequired', 2: 'reviews.verdictRequired', 3: 'reviews.verdictRequired' })
    rows[0].verdict = 'pass'
    rows[1].verdict = 'problem'
    rows[2].verdict = 'not_applicable'
    expect(verdictProblems(rows)).toEqual({ 2: 'reviews.noteRequired' })
    rows[1].note = '缺少执法证复印件'
    expect(verdictProblems(rows)).toEqual({})
  })

  it('refuses to agree over a problem, and a correction without its categories and requirements', () => {
    const rows = verdictRows(ITEMS).map((r, i) => ({ ...r, verdict: i === 1 ? ('problem' as const) : ('pass' as const), note: 'x' }))
    expect(outcomeProblems({ outcome: 'agree', opinion: '同意', correction_categories: [], corrections: '' }, rows)).toEqual({
      outcome: 'reviews.agreeBlocked',
    })
    expect(outcomeProblems({ outcome: 'correct', opinion: '', correction_categories: [], corrections: ' ' }, rows)).toEqual({
      opinion: 'required',
      correction_categories: 'required',
      corrections: 'required',
    })
    expect(outcomeProblems({ outcome: '', opinion: 'x', correction_categories: [], corrections: '' }, rows)).toEqual({ outcome: 'required' })
  })

  it('sends every verdict with the package version reviewed; corrections only with a correction', () => {
    const rows = verdictRows(ITEMS).map((r) => ({ ...r, verdict: 'pass' as const }))
    const body = outcomeBody(2, { outcome: 'agree', opinion: '同意', correction_categories: ['wrong_law'], corrections: 'x' }, rows)
    expect(body).toEqual({
      package: 2,
      outcome: 'agree',
      opinion: '同意',
      verdicts: [
        { item: 1, verdict: 'pass', note: '' },
        { item: 2, verdict: 'pass', note: '' },
        { item: 3, verdict: 'pass', note: '' },
      ],
      correction_categories: [],
      corrections: '',
    })
  })
})

describe('the changes between package versions', () => {
  it('lists each changed item with its label, before and after', () => {
    const rows = changeRows({
      'application.discretion': ['情节一般', '情节严重'],
      evidence: [[{ document: '潜民询〔2026〕1号', kind: '询问笔录' }], [{ document: '潜民询〔2026〕1号', kind: '询问笔录' }, { document: '潜民检〔2026〕2号', kind: '现场检查笔录' }]],
      odd: 'not a pair',
    })
    expect(rows).toEqual([
      { path: 'application.discretion', labelKey: 'reviews.discretion', before: '情节一般', after: '情节严重' },
      {
        path: 'evidence',
        labelKey: 'reviews.evidence',
        before: '潜民询〔2026〕1号 询问笔录',
        after: '潜民询〔2026〕1号 询问笔录\n潜民检〔2026〕2号 现场检查笔录',
      },
    ])
    expect(changeRows(null)).toEqual([])
  })

  it('shows values readably', () => {
    expect(showValue(null)).toBe('')
    expect(showValue(['a', '', 'b'])).toBe('a\nb')
    expect(showValue({ name: '张建国', credential_number: '42900501001' })).toBe('张建国 42900501001')
  })

  it('counts days to the review deadline', () => {
    expect(daysUntil('2026-03-10', '2026-03-03')).toBe(7)
    expect(daysUntil('2026-03-01', '2026-03-03')).toBe(-2)
    expect(daysUntil(null, '2026-03-03')).toBeNull()
  })
})

describe('checklist item 8 (移送) with its own answers', () => {
  const items = [
    { number: 1, text: '执法主体合法' },
    { number: 8, text: '是否涉嫌犯罪、应当移送司法机关', options: ['no_transfer', 'transfer'] },
  ]

  it("offers each item the server's answers, and blocks agreement on a suspected crime", () => {
    const rows = verdictRows(items)
    expect(rows.map((r) => r.options)).toEqual([
      ['pass', 'problem', 'not_applicable'],
      ['no_transfer', 'transfer'],
    ])
    rows[0].verdict = 'pass'
    rows[1].verdict = 'transfer'
    expect(verdictProblems(rows)).toEqual({ 8: 'reviews.noteRequired' })
    rows[1].note = '涉嫌非法集资'
    const form = { outcome: 'agree' as const, opinion: '意见', correction_categories: [], corrections: '' }
    expect(outcomeProblems(form, rows).outcome).toBe('reviews.agreeBlocked')
    rows[1].verdict = 'no_transfer'
    expect(outcomeProblems(form, rows).outcome).toBeUndefined()
  })
})

describe('the checklist draft', () => {
  const items = [
    { number: 1, text: '执法主体合法' },
    { number: 8, text: '是否涉嫌犯罪、应当移送司法机关', options: ['no_transfer', 'transfer'] },
  ]

  it("puts a saved draft of the package under review back on the form, and nothing else", () => {
    const draft = { package: 2, verdicts: [{ item: 1, verdict: 'problem', note: '缺签名' }, { item: 8, verdict: 'pass', note: '' }] }
    const rows = applyDraft(verdictRows(items), draft, 2)
    expect(rows.map((r) => [r.verdict, r.note])).toEqual([
      ['problem', '缺签名'],
      ['', ''], // not an answer item 8 takes
    ])
    expect(applyDraft(verdictRows(items), draft, 3).every((r) => r.verdict === '')).toBe(true) // a newer package
    expect(draftBody(2, rows, '初步意见')).toEqual({
      package: 2,
      opinion: '初步意见',
      verdicts: [
        { item: 1, verdict: 'problem', note: '缺签名' },
        { item: 8, verdict: '', note: '' },
      ],
    })
  })
})
