import { describe, expect, it } from 'vitest'
import type { EvidenceRow } from '@/api/evidence'
import { can } from '@/utils/permissions'
import { sheetRows } from '@/views/dashboard/sheet'
import { EVIDENCE_COLUMNS, evidenceApiQuery, fileSize, parseEvidenceQuery } from '@/views/evidence/evidenceData'

describe('evidence list', () => {
  it('keeps valid filters from the URL and builds the cursor query', () => {
    const f = parseEvidenceQuery({ kind: 'audiovisual,bogus', status: ['active'], sha256: 'not-a-hash', cursor: 'abc', page_size: '50' })
    expect(evidenceApiQuery(f)).toEqual({ page_size: 50, cursor: 'abc', kind: ['audiovisual'], status: ['active'] })
    const hash = 'a'.repeat(64)
    expect(evidenceApiQuery(parseEvidenceQuery({ sha256: hash, collected_after: '2024-01-01' }))).toEqual({
      page_size: 20,
      sha256: hash,
      collected_after: '2024-01-01',
    })
  })

  it('reads sizes as people do', () => {
    expect(fileSize(812)).toBe('812 B')
    expect(fileSize(3500)).toBe('3.4 KB')
    expect(fileSize(126_353_408)).toBe('120.5 MB')
    expect(fileSize(null)).toBe('—')
  })

  it('exports items with Chinese headings and labels', () => {
    const item = { title: '现场视频', kind: 'audiovisual', case_number: '潜民罚立〔2026〕1号', collected_at: '2026-10-01T09:30:00+08:00', collected_place: '会址', collectors: ['张建国', '王志强'], device_serial: 'DSJ-01', filename: 'a.mp4', size: 10, sha256: 'ab', status: 'active', is_case_evidence: true, retain_until: null } as unknown as EvidenceRow
    expect(sheetRows(EVIDENCE_COLUMNS, [item])[0]).toEqual(['现场视频', '视听资料', '潜民罚立〔2026〕1号', '2026-10-01 09:30', '会址', '张建国、王志强', 'DSJ-01', 'a.mp4', 10, 'ab', '保管中', '是', '永久'])
  })
})

describe('capabilities of the areas', () => {
  const user = (role: string) => ({ role, permissions: [], is_active: true }) as never
  it('follows the backend rules', () => {
    expect(can(user('officer'), 'evidence.items')).toBe(true)
    expect(can(user('disclosure_editor'), 'evidence.items')).toBe(false)
    expect(can(user('leader'), 'evidence.alarms')).toBe(true)
    expect(can(user('officer'), 'evidence.alarms')).toBe(false)
    expect(can(user('leader'), 'disclosure.approve')).toBe(true)
    expect(can(user('leader'), 'disclosure.edit')).toBe(false)
    expect(can(user('administrator'), 'disclosure.edit')).toBe(false)
    expect(can(user('legal_reviewer'), 'registers.edit')).toBe(true)
    expect(can(user('officer'), 'registers.edit')).toBe(false)
    expect(can(user('leader'), 'registers.draw')).toBe(true)
    expect(can(user('legal_reviewer'), 'registers.draw')).toBe(false)
    expect(can(user('legal_adviser'), 'litigation.work')).toBe(true)
    expect(can(user('disclosure_editor'), 'litigation.work')).toBe(false)
    expect(can(user('legal_adviser'), 'litigation.create')).toBe(true)
    expect(can(user('officer'), 'litigation.create')).toBe(false)
  })
})

describe('evidence disposal', async () => {
  const { disposalAllowed } = await import('@/views/evidence/evidenceData')
  const item = { status: 'active' as const, is_case_evidence: false, retain_until: '2024-01-01' as string | null }
  it('offers disposal only past the retention period, never for case evidence', () => {
    expect(disposalAllowed(item, '2024-01-01')).toBe(true)
    expect(disposalAllowed(item, '2023-12-31')).toBe(false)
    expect(disposalAllowed({ ...item, retain_until: null }, '2030-01-01')).toBe(false)
    expect(disposalAllowed({ ...item, is_case_evidence: true }, '2030-01-01')).toBe(false)
    expect(disposalAllowed({ ...item, status: 'disposal_requested' as 'active' }, '2030-01-01')).toBe(false)
  })
  it('knows who registers devices and decides disposal', () => {
    const u = (role: string, permissions: string[] = []) => ({ role, permissions, is_active: true }) as never
    expect(can(u('leader'), 'evidence.devices')).toBe(true)
    expect(can(u('officer', ['enforce']), 'evidence.devices')).toBe(false)
    expect(can(u('officer', ['enforce']), 'evidence.dispose')).toBe(true)
    expect(can(u('officer'), 'evidence.dispose')).toBe(false)
    expect(can(u('leader'), 'evidence.decide')).toBe(true)
    expect(can(u('administrator'), 'evidence.decide')).toBe(false)
  })
})
