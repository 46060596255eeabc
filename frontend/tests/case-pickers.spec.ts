import { describe, expect, it } from 'vitest'
import type { User } from '@/api/types'
import { groundsFor } from '@/views/cases/caseForm'
import { hearingPresiders } from '@/views/cases/people'

describe('legal bases offered for a lead', () => {
  const grounds = [
    { id: 1, title: '社团违规', organisation_types: ['social_group'] },
    { id: 2, title: '基金会违规', organisation_types: ['foundation'] },
    { id: 3, title: '通用', organisation_types: [] },
    { id: 4, title: '民非或社团', organisation_types: ['private_non_enterprise', 'social_group'] },
  ]

  it("offers a registered organisation only its own type's bases and those that name no type", () => {
    expect(groundsFor(grounds, 'organisation', 'foundation').map((g) => g.id)).toEqual([2, 3])
    expect(groundsFor(grounds, 'organisation', 'social_group').map((g) => g.id)).toEqual([1, 3, 4])
  })

  it('offers every basis until the organisation is known, and for other parties', () => {
    expect(groundsFor(grounds, 'organisation', null)).toHaveLength(4)
    expect(groundsFor(grounds, 'person', 'foundation')).toHaveLength(4)
  })
})

describe('hearing presiders offered', () => {
  const user = (id: number, role: string, is_active = true) => ({ id, role, is_active }) as unknown as User

  it("offers the agency's officers, reviewers and leaders in service who never worked the case", () => {
    const users = [
      user(1, 'officer'),
      user(2, 'officer'),
      user(3, 'legal_reviewer'),
      user(4, 'leader'),
      user(5, 'legal_adviser'),
      user(6, 'administrator'),
      user(7, 'legal_reviewer', false),
      user(8, 'disclosure_editor'),
    ]
    expect(hearingPresiders(users, [1]).map((u) => u.id)).toEqual([2, 3, 4])
  })
})
