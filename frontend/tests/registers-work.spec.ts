import { describe, expect, it } from 'vitest'
import type { CertificationMatter, NormativeDocument, RegisterPublication } from '@/api/registers'
import {
  campaignPayload,
  certificationEdit,
  certificationPatch,
  documentEdit,
  documentPatch,
  fileSize,
  outcomePayload,
  outcomeProblems,
  poolConflicts,
  publicationStatus,
  statusChanges,
} from '@/views/registers/registerWork'

const doc = {
  id: 1,
  number: '潜民政发〔2023〕37号',
  title: '关于印发潜江市养老机构等级评定实施方案的通知',
  issuing_unit: '潜江市民政局',
  issued_on: '2023-09-12',
  effective_on: '2023-09-12',
  expires_on: null,
  full_text: '正文',
} as unknown as NormativeDocument & { full_text: string }

describe('editing a normative document', () => {
  it('sends only what changed, trimmed, with cleared dates as null', () => {
    const original = documentEdit(doc)
    expect(original.expires_on).toBe('')
    expect(documentPatch(original, { ...original })).toEqual({})
    expect(documentPatch(original, { ...original, title: ' 新标题 ', effective_on: '', expires_on: '2028-09-11' })).toEqual({
      title: '新标题',
      effective_on: null,
      expires_on: '2028-09-11',
    })
    expect(documentPatch(original, { ...original, title: `${original.title} ` })).toEqual({})
  })
})

describe('editing a certification matter', () => {
  const matter = {
    id: 3,
    name: '验资报告',
    legal_basis: '《社会团体登记管理条例》第十一条',
    issuing_body: '会计师事务所',
    purpose: '证明注册资金',
    notification_commitment: false,
  } as unknown as CertificationMatter

  it('sends only the changed fields, never the name', () => {
    const original = certificationEdit(matter)
    expect(certificationPatch(original, { ...original })).toEqual({})
    expect(certificationPatch(original, { ...original, purpose: ' 证明开办资金 ', notification_commitment: true })).toEqual({
      purpose: '证明开办资金',
      notification_commitment: true,
    })
    expect('name' in certificationPatch(original, { ...original, legal_basis: '新依据' })).toBe(false)
  })
})

describe('clean-up campaigns', () => {
  it('builds the campaign and checks an outcome before sending it', () => {
    expect(campaignPayload({ title: ' 2024年度清理 ', basis: ' 通知 ', started_on: '2024-10-09' })).toEqual({
      title: '2024年度清理',
      basis: '通知',
      started_on: '2024-10-09',
    })
    expect(outcomeProblems({ document: null, outcome: '', reason: ' ' })).toEqual([
      'registers.documentRequired',
      'registers.cleanupOutcomeRequired',
      'registers.reasonRequired',
    ])
    const ok = { document: 7, outcome: 'amend' as const, reason: ' 上位法修改 ' }
    expect(outcomeProblems(ok)).toEqual([])
    expect(outcomePayload(ok)).toEqual({ document: 7, outcome: 'amend', reason: '上位法修改' })
  })

  it('counts the documents whose status concluding changes', () => {
    expect(statusChanges([{ outcome: 'keep' }, { outcome: 'amend' }, { outcome: 'invalidate' }])).toBe(2)
  })
})

describe('conflicts in a published pool', () => {
  it('names each excluded pair with its reason', () => {
    const pool = {
      conflicts: [[5, 12], [6, 'x'], [6, 13]],
      names: { inspectors: { '5': '张明', '6': '李华' }, targets: { '12': '潜江市书法家协会' } },
      conflict_reasons: { '5:12': '配偶在该组织任理事' },
    }
    expect(poolConflicts(pool)).toEqual([
      { inspector: 5, inspectorName: '张明', organisation: 12, organisationName: '潜江市书法家协会', reason: '配偶在该组织任理事' },
      { inspector: 6, inspectorName: '李华', organisation: 13, organisationName: '#13', reason: '' },
    ])
    expect(poolConflicts(null)).toEqual([])
    expect(poolConflicts({ conflicts: 'bogus' })).toEqual([])
  })
})

describe('a register on the public site', () => {
  const pub = (id: number, state: string, reference = '2023-06-30') =>
    ({ id, notice: id + 100, notice_state: state, reference, register: 'certification_matters', created_at: '' }) as RegisterPublication

  it('tells the live notice from a newer draft', () => {
    const status = publicationStatus([pub(1, 'published'), pub(2, 'draft')])
    expect(status.latest?.id).toBe(2)
    expect(status.live?.id).toBe(1)
    expect(status.pending).toBe(true)
    expect(publicationStatus([pub(3, 'published')]).pending).toBe(false)
    expect(publicationStatus([]).latest).toBeNull()
  })

  it('keeps to one object when a reference is given', () => {
    const pubs = [pub(1, 'published', 'plan:4:round:1:results'), pub(2, 'draft', 'plan:5:round:1:results')]
    expect(publicationStatus(pubs, 'plan:4:round:1:results').latest?.id).toBe(1)
    expect(publicationStatus(pubs, 'plan:9:round:1:results').latest).toBeNull()
  })
})

describe('file sizes', () => {
  it('reads like people write them', () => {
    expect(fileSize(912)).toBe('912 B')
    expect(fileSize(14540)).toBe('14.2 KB')
    expect(fileSize(3.1 * 1024 * 1024)).toBe('3.1 MB')
  })
})
