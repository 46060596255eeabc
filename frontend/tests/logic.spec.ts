import { describe, expect, it } from 'vitest'
import type { HistoryEvent, Organisation } from '@/api/types'
import { safeRedirect } from '@/router'
import { creditCodeCheckChar, creditCodeProblem } from '@/utils/creditCode'
import { parseQuery, sameQuery, toRouteQuery } from '@/utils/listQuery'
import { countBy, latestYear } from '@/views/dashboard/stats'
import { historyEntries } from '@/views/registry/historyRows'
import { changedFields, formFrom, patchFrom, rebase } from '@/views/registry/organisationForm'
import {
  hasFilters,
  organisationApiQuery,
  organisationRouteQuery,
  parseOrganisationQuery,
} from '@/views/registry/organisationQuery'

describe('list filters in the URL', () => {
  it('parses what is valid and drops the rest', () => {
    const filters = parseOrganisationQuery({
      q: ' 协会 ',
      type: ['foundation', 'bogus', 'foundation'],
      status: 'normal,abnormal',
      registered_after: '2020-01-01',
      registered_before: 'yesterday',
      ordering: '-registration_date',
      page_size: '999',
      cursor: 'cD0zMg==',
    })
    expect(filters).toEqual({
      q: '协会',
      type: ['foundation'],
      status: ['normal', 'abnormal'],
      registered_after: '2020-01-01',
      registered_before: '',
      has_code_warning: '',
      ordering: '-registration_date',
      page_size: 50,
      cursor: 'cD0zMg==',
    })
  })

  it('round-trips, leaving defaults and empties out of the URL', () => {
    const filters = parseOrganisationQuery({ type: ['social_group', 'foundation'], page_size: '100' })
    const query = organisationRouteQuery(filters)
    expect(query).toEqual({ type: ['social_group', 'foundation'], page_size: '100' })
    expect(parseOrganisationQuery(query as never)).toEqual(filters)
    expect(organisationRouteQuery(parseOrganisationQuery({}))).toEqual({})
    expect(sameQuery({ a: '1', b: ['2'] }, { b: ['2'], a: '1' })).toBe(true)
  })

  it('maps onto the API query', () => {
    const filters = parseOrganisationQuery({ q: '协会', has_code_warning: 'false', cursor: 'abc', status: 'normal' })
    expect(organisationApiQuery(filters)).toEqual({
      q: '协会',
      status: ['normal'],
      has_code_warning: false,
      page_size: 50,
      cursor: 'abc',
    })
    expect(organisationApiQuery(filters, { allPages: true })).toEqual({
      q: '协会',
      status: ['normal'],
      has_code_warning: false,
    })
    expect(hasFilters(filters)).toBe(true)
    expect(hasFilters(parseOrganisationQuery({ ordering: 'name', cursor: 'x' }))).toBe(false)
  })

  it('handles numbers with a default', () => {
    const spec = { page: { kind: 'number', default: 1 } } as const
    expect(parseQuery(spec, { page: '3' }).page).toBe(3)
    expect(parseQuery(spec, { page: '-2' }).page).toBe(1)
    expect(parseQuery(spec, { page: 'x' }).page).toBe(1)
    expect(toRouteQuery(spec, { page: 1 })).toEqual({})
  })
})

describe('credit code checks', () => {
  it('accepts the demo codes, which the backend generated', () => {
    for (const code of ['53429005MJ0000333D', '51429005MJ00000180', '52429005MJ000019XU']) {
      expect(creditCodeProblem(code)).toBeNull()
    }
    expect(creditCodeProblem(' 53429005mj0000333d ', 'foundation')).toBeNull()
  })

  it('names the first problem', () => {
    expect(creditCodeProblem('53429005MJ000033')).toEqual({ key: 'org.creditCodeShape' })
    expect(creditCodeProblem('53429005MJ0000333I')).toEqual({ key: 'org.creditCodeShape' })
    expect(creditCodeProblem('53429005MJ00003330')).toEqual({ key: 'org.creditCodeCheck', expected: 'D', actual: '0' })
    expect(creditCodeProblem('53429005MJ0000333D', 'social_group')).toEqual({
      key: 'org.creditCodeType',
      digit: '3',
      expected: 'foundation',
    })
    const first17 = '91429005MJ0000333'
    expect(creditCodeProblem(first17 + creditCodeCheckChar(first17))).toEqual({ key: 'org.creditCodePrefix' })
  })
})

describe('edit form', () => {
  const org = {
    name: '潜江市围棋协会',
    type: 'social_group',
    credit_code: '51429005MJ00000698',
    certificate_number: '',
    legal_representative: '朱德明',
    address: '旧地址',
    registration_date: '2019-11-07',
    business_supervisor: '潜江市体育局',
    status: 'normal',
    status_changed_on: null,
  } as unknown as Organisation

  it('sends only what changed, trimmed, with empty dates as null', () => {
    const base = formFrom(org)
    expect(base.status_changed_on).toBe('')
    const edited = { ...base, address: ' 新地址 ', credit_code: '51429005mj00000698', status_changed_on: '' }
    expect(changedFields(base, edited)).toEqual(['address'])
    expect(patchFrom(base, edited)).toEqual({ address: '新地址' })
    const cleared = { ...formFrom({ ...org, status_changed_on: '2024-01-01' } as Organisation), status_changed_on: '' }
    expect(patchFrom(formFrom({ ...org, status_changed_on: '2024-01-01' } as Organisation), cleared)).toEqual({
      status_changed_on: null,
    })
  })

  it('rebases my edits onto the latest version after a conflict', () => {
    const base = formFrom(org)
    const mine = { ...base, address: '我的地址', legal_representative: '李四' }
    const latest = { ...base, business_supervisor: '潜江市民政局', legal_representative: '王五' }
    const result = rebase(base, mine, latest)
    expect(result.form.address).toBe('我的地址')
    expect(result.form.business_supervisor).toBe('潜江市民政局')
    expect(result.form.legal_representative).toBe('李四')
    expect(result.theirs).toEqual(['legal_representative', 'business_supervisor'])
    expect(result.clashes).toEqual(['legal_representative'])
  })
})

describe('history', () => {
  const events = [
    {
      id: 'e1',
      at: '2026-01-01T08:00:00+08:00',
      label: 'insert',
      data: { id: 1, name: '潜江市围棋协会', address: '', version: 1 },
      diff: null,
      context: { origin: 'demo' },
    },
    {
      id: 'e2',
      at: '2026-01-02T08:00:00+08:00',
      label: 'update',
      data: {},
      diff: { address: ['旧', '新'], version: [1, 2], updated_at: ['a', 'b'], name: ['甲', '乙'] },
      context: { user: 7, origin: 'api' },
    },
    {
      id: 'e3',
      at: '2026-01-03T08:00:00+08:00',
      label: 'update',
      data: {},
      diff: { version: [2, 3] },
      context: null,
    },
  ] as unknown as HistoryEvent[]

  it('lists newest first, hides bookkeeping fields and empty updates', () => {
    const entries = historyEntries(events, ['name', 'address'])
    expect(entries.map((e) => e.id)).toEqual(['e2', 'e1'])
    expect(entries[0]).toMatchObject({ kind: 'update', userId: 7, origin: 'api' })
    expect(entries[0].changes).toEqual([
      { field: 'name', before: '甲', after: '乙' },
      { field: 'address', before: '旧', after: '新' },
    ])
    expect(entries[1].changes).toEqual([{ field: 'name', before: null, after: '潜江市围棋协会' }])
  })
})

describe('small helpers', () => {
  it('counts by key over a fixed set of keys', () => {
    expect(countBy([{ k: 'a' }, { k: 'b' }, { k: 'a' }, { k: 'z' }], (x) => x.k as 'a' | 'b', ['a', 'b'] as const)).toEqual({
      a: 2,
      b: 1,
    })
    expect(latestYear([2023, null, 2025])).toBe(2025)
    expect(latestYear([])).toBeNull()
  })

  it('follows only same-app redirects after sign-in', () => {
    expect(safeRedirect('/registry/organisations?type=foundation')).toBe('/registry/organisations?type=foundation')
    expect(safeRedirect('//evil.example/')).toBeNull()
    expect(safeRedirect('https://evil.example/')).toBeNull()
    expect(safeRedirect('/\\evil')).toBeNull()
    expect(safeRedirect(['/x'])).toBeNull()
  })
})
