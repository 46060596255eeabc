/**
 * The registers' create forms, kept out of the components so they can be tested: the document-number check (the
 * server's rule in zhifa/registers/numbers.py, said before sending) and the payloads of the new document, power-list
 * version and inspection plan.
 */
import type { components } from '@/api/schema'
import type { PowerItem, PowerKind } from '@/api/registers'

type Schemas = components['schemas']

// GB/T 9704: 发文机关代字〔年份〕序号号, e.g. 潜民政发〔2023〕37号. No 第, no leading zeros.
const NUMBER = /^([\u4e00-\u9fff]{2,20})〔(\d{4})〕([1-9]\d{0,4})号$/
// Brackets people type instead of 六角括号: the server accepts and normalises them.
const LOOKALIKES: Record<string, string> = {
  '[': '〔', ']': '〕', '［': '〔', '］': '〕', '【': '〔', '】': '〕', '(': '〔', ')': '〕',
  '（': '〔', '）': '〕', '〈': '〔', '〉': '〕',
}
export const FIRST_YEAR = 1949

/** The number as the server will store it: spaces removed, look-alike brackets made 六角括号. */
export function normaliseDocumentNumber(text: string): string {
  return text.replace(/\s+/g, '').replace(/[[\]［］【】()（）〈〉]/g, (c) => LOOKALIKES[c] ?? c)
}

export type NumberProblem =
  | { key: 'registers.numberFormat' }
  | { key: 'registers.numberYearRange'; params: { first: number; last: number } }
  | { key: 'registers.numberYearMismatch'; params: { year: number; issued: number } }

/** What is wrong with a document number (null when nothing is), given the issue date when known. */
export function documentNumberProblem(text: string, issuedOn = '', today: Date = new Date()): NumberProblem | null {
  const match = NUMBER.exec(normaliseDocumentNumber(text))
  if (!match) return { key: 'registers.numberFormat' }
  const year = Number(match[2])
  const last = today.getFullYear() + 1
  if (year < FIRST_YEAR || year > last) return { key: 'registers.numberYearRange', params: { first: FIRST_YEAR, last } }
  const issued = issuedOn ? Number(issuedOn.slice(0, 4)) : null
  if (issued !== null && issued !== year) return { key: 'registers.numberYearMismatch', params: { year, issued } }
  return null
}

export interface DocumentDraft {
  number: string
  title: string
  issuing_unit: string
  issued_on: string
  effective_on: string
  expires_on: string
  full_text: string
}

export const emptyDocumentDraft = (): DocumentDraft => ({
  number: '',
  title: '',
  issuing_unit: '',
  issued_on: '',
  effective_on: '',
  expires_on: '',
  full_text: '',
})

export function documentPayload(d: DocumentDraft): Schemas['NormativeDocumentCreateRequest'] {
  return {
    number: normaliseDocumentNumber(d.number),
    title: d.title.trim(),
    issuing_unit: d.issuing_unit.trim(),
    issued_on: d.issued_on,
    effective_on: d.effective_on || null,
    expires_on: d.expires_on || null,
    full_text: d.full_text,
  }
}

// ---- power lists: a new version is the whole list -----------------------------------------------

export interface PowerItemDraft {
  code: string
  name: string
  kind: PowerKind | ''
  legal_basis: string
  responsible_unit: string
  responsibilities: string
  accountability: string
}

export const POWER_ITEM_REQUIRED = ['name', 'kind', 'legal_basis', 'responsible_unit', 'responsibilities', 'accountability'] as const

export const emptyPowerItem = (): PowerItemDraft => ({
  code: '',
  name: '',
  kind: '',
  legal_basis: '',
  responsible_unit: '',
  responsibilities: '',
  accountability: '',
})

/** A new version starts from the current one's items. */
export const powerItemDrafts = (items: PowerItem[]): PowerItemDraft[] =>
  items.map((i) => ({
    code: i.code ?? '',
    name: i.name,
    kind: i.kind,
    legal_basis: i.legal_basis,
    responsible_unit: i.responsible_unit,
    responsibilities: i.responsibilities,
    accountability: i.accountability,
  }))

/** The 1-based positions of items missing a required field, with the fields missing. */
export function powerItemProblems(items: PowerItemDraft[]): { position: number; missing: string[] }[] {
  return items
    .map((item, i) => ({ position: i + 1, missing: POWER_ITEM_REQUIRED.filter((f) => !String(item[f]).trim()) as string[] }))
    .filter((p) => p.missing.length)
}

export function powerListPayload(effectiveOn: string, note: string, items: PowerItemDraft[]): Schemas['PowerListCreateRequest'] {
  return {
    effective_on: effectiveOn,
    note: note.trim(),
    items: items.map((i) => {
      const item: Schemas['PowerItemRequest'] = {
        name: i.name.trim(),
        kind: i.kind as PowerKind,
        legal_basis: i.legal_basis.trim(),
        responsible_unit: i.responsible_unit.trim(),
        responsibilities: i.responsibilities.trim(),
        accountability: i.accountability.trim(),
      }
      if (i.code.trim()) item.code = i.code.trim()
      return item
    }),
  }
}

// ---- random-inspection plans --------------------------------------------------------------------

export interface PlanDraft {
  title: string
  year: number
  target_count: number
  target_types: string[]
  target_statuses: string[]
  registered_before: string
  matters: { name: string; basis: string; method: string }[]
}

export const emptyPlanDraft = (year = new Date().getFullYear()): PlanDraft => ({
  title: '',
  year,
  target_count: 10,
  target_types: [],
  target_statuses: [],
  registered_before: '',
  matters: [{ name: '', basis: '', method: '' }],
})

/** Matters without a name are left out (an empty last row is what the form offers to fill). */
export function planPayload(d: PlanDraft): Schemas['InspectionPlanCreateRequest'] {
  return {
    title: d.title.trim(),
    year: d.year,
    target_count: d.target_count,
    target_types: [...d.target_types],
    target_statuses: [...d.target_statuses],
    registered_before: d.registered_before || null,
    matters: d.matters
      .filter((m) => m.name.trim())
      .map((m) => ({ name: m.name.trim(), basis: m.basis.trim(), method: m.method.trim() })),
  }
}
