/**
 * 制度台账 (registers): normative documents, certification matters, power and responsibility lists,
 * random-inspection plans and their verifiable draws, and the annual enforcement report.
 */
import { api, unwrap } from './client'
import type { components, operations } from './schema'

type Schemas = components['schemas']

export type NormativeDocument = Schemas['NormativeDocument']
export type NormativeDocumentDetail = Schemas['NormativeDocumentDetail']
export type DocumentStatus = Schemas['NormativeDocumentStatusEnum']
export type Filing = Schemas['Filing']
export type FilingResult = Schemas['FilingResultEnum']
export type CertificationMatter = Schemas['CertificationMatter']
export type CertificationStatus = Schemas['CertificationMatterStatusEnum']
export type PowerList = Schemas['PowerList']
export type PowerItem = Schemas['PowerItem']
export type PowerKind = Schemas['PowerKindEnum']
export type InspectionPlan = Schemas['InspectionPlan']
export type InspectionPlanState = Schemas['InspectionPlanStateEnum']
export type InspectionDraw = Schemas['InspectionDraw']
export type Verification = Schemas['Verification']
export type AnnualReport = Schemas['AnnualReport']
export type DocumentListQuery = NonNullable<operations['registers_normative_documents_list']['parameters']['query']>

export const DOCUMENT_STATUSES: DocumentStatus[] = ['valid', 'amended', 'invalid', 'repealed']
export const FILING_RESULTS: FilingResult[] = ['pending', 'filed', 'correction_required', 'rejected']
export const POWER_KINDS: PowerKind[] = ['penalty', 'licensing', 'inspection', 'enforcement', 'other']
export const PLAN_STATES: InspectionPlanState[] = ['draft', 'committed', 'drawn', 'concluded']
export type InspectionOutcome = Schemas['InspectionOutcomeEnum']
/** The outcomes an inspector records (pending is the state before). */
export const INSPECTION_OUTCOMES: InspectionOutcome[] = ['no_problem', 'problems_rectified', 'case_filed', 'not_found']

export function listDocuments(query: DocumentListQuery) {
  return unwrap(api.GET('/api/registers/normative-documents/', { params: { query } }))
}

export function getDocument(id: number): Promise<NormativeDocumentDetail> {
  return unwrap(api.GET('/api/registers/normative-documents/{id}/', { params: { path: { id } } }))
}

/** 状态变更: valid → amended / invalid / repealed, on a date, with the reason. */
export function changeDocumentStatus(id: number, body: Schemas['StatusChangeWriteRequest']): Promise<NormativeDocumentDetail> {
  return unwrap(api.POST('/api/registers/normative-documents/{id}/status/', { params: { path: { id } }, body }))
}

/** 报送备案审查: sent to the filing body (e.g. the county justice bureau) on a date. */
export function submitFiling(id: number, body: Schemas['FilingWriteRequest']): Promise<NormativeDocumentDetail> {
  return unwrap(api.POST('/api/registers/normative-documents/{id}/filings/', { params: { path: { id } }, body }))
}

/** 备案审查结果. */
export function recordFilingResult(id: number, body: Schemas['FilingResultRequest']): Promise<NormativeDocumentDetail> {
  return unwrap(api.POST('/api/registers/normative-documents/{id}/filing-result/', { params: { path: { id } }, body }))
}

/** 登记规范性文件; the number is checked and normalised by the server (潜民政发〔2023〕37号). */
export function createDocument(body: Schemas['NormativeDocumentCreateRequest']): Promise<NormativeDocumentDetail> {
  return unwrap(api.POST('/api/registers/normative-documents/', { body }))
}

export function listCertificationMatters(query: NonNullable<operations['registers_certification_matters_list']['parameters']['query']>) {
  return unwrap(api.GET('/api/registers/certification-matters/', { params: { query } }))
}

/** 登记保留的证明事项, with the legal basis that sets it. */
export function createCertificationMatter(body: Schemas['CertificationMatterWriteRequest']): Promise<CertificationMatter> {
  return unwrap(api.POST('/api/registers/certification-matters/', { body }))
}

export function cancelCertificationMatter(id: number, body: Schemas['CancelRequest']): Promise<CertificationMatter> {
  return unwrap(api.POST('/api/registers/certification-matters/{id}/cancel/', { params: { path: { id } }, body }))
}

/** The agency's discretion benchmark entries (裁量基准) on a ground, for a decision to cite. */
export function listDiscretionBenchmarks(ground?: number) {
  return unwrap(api.GET('/api/registers/discretion-benchmarks/', { params: { query: { ground, page_size: 100, ordering: 'code' } } }))
}

export type DiscretionBenchmark = Schemas['DiscretionBenchmark']
export type DiscretionBenchmarkInput = Schemas['DiscretionBenchmarkWriteRequest']
export type DiscretionBenchmarkQuery = NonNullable<operations['registers_discretion_benchmarks_list']['parameters']['query']>

/** The register of 裁量基准 entries, a page at a time (optionally those on one ground). */
export function listDiscretionBenchmarkPage(query: DiscretionBenchmarkQuery) {
  return unwrap(api.GET('/api/registers/discretion-benchmarks/', { params: { query } }))
}

/** 登记裁量基准条目: within what its ground provides (penalty kinds, fixed-amount fine range). */
export function createDiscretionBenchmark(body: DiscretionBenchmarkInput): Promise<DiscretionBenchmark> {
  return unwrap(api.POST('/api/registers/discretion-benchmarks/', { body }))
}

/** 废止: from a day after it took effect, with the reason; the entry stays, as decisions cite it. */
export function repealDiscretionBenchmark(id: number, version: number, body: Schemas['RepealRequest']): Promise<DiscretionBenchmark> {
  return unwrap(
    api.POST('/api/registers/discretion-benchmarks/{id}/repeal/', {
      params: { path: { id } },
      headers: { 'If-Match': `"${version}"` },
      body,
    }),
  )
}

export function listPowerLists() {
  return unwrap(api.GET('/api/registers/power-lists/', { params: { query: { page_size: 50, ordering: '-effective_on' } } }))
}

/** A new, complete version of the power and responsibility list. */
export function createPowerList(body: Schemas['PowerListCreateRequest']): Promise<PowerList> {
  return unwrap(api.POST('/api/registers/power-lists/', { body }))
}

export function createInspectionPlan(body: Schemas['InspectionPlanCreateRequest']): Promise<InspectionPlan> {
  return unwrap(api.POST('/api/registers/inspection-plans/', { body }))
}

/** Fix the pool and the seed, and publish their digests; a drawn plan gets a new round only with a reason. */
export function commitInspectionPlan(id: number, version: number, reason = ''): Promise<InspectionPlan> {
  return unwrap(
    api.POST('/api/registers/inspection-plans/{id}/commit/', {
      params: { path: { id } },
      headers: { 'If-Match': `"${version}"` },
      body: { reason },
    }),
  )
}

/** One drawn target's result (the drawn inspectors or a register keeper). */
export function recordInspectionResult(id: number, body: Schemas['InspectionResultWriteRequest']): Promise<InspectionPlan> {
  return unwrap(api.POST('/api/registers/inspection-plans/{id}/results/', { params: { path: { id } }, body }))
}

export function listInspectionPlans(query: NonNullable<operations['registers_inspection_plans_list']['parameters']['query']>) {
  return unwrap(api.GET('/api/registers/inspection-plans/', { params: { query } }))
}

export function getInspectionPlan(id: number): Promise<InspectionPlan> {
  return unwrap(api.GET('/api/registers/inspection-plans/{id}/', { params: { path: { id } } }))
}

/** Draw with the seed committed beforehand (leaders and administrators). */
export function drawInspection(id: number): Promise<InspectionPlan> {
  return unwrap(api.POST('/api/registers/inspection-plans/{id}/draw/', { params: { path: { id } } }))
}

/** Re-run every round's draw from the published pool, seed and algorithm. */
export function verifyInspection(id: number): Promise<Verification[]> {
  return unwrap(api.GET('/api/registers/inspection-plans/{id}/verify/', { params: { path: { id } } }))
}

export function listAnnualReports() {
  return unwrap(api.GET('/api/registers/annual-reports/', { params: { query: { page_size: 50, ordering: '-year' } } }))
}

/** Compute (or recompute) a year's draft report. */
export function prepareAnnualReport(year: number): Promise<AnnualReport> {
  return unwrap(api.POST('/api/registers/annual-reports/', { body: { year } }))
}

/** Submit for publication: a notice draft goes to the disclosure editors. */
export function submitAnnualReport(id: number, version: number): Promise<AnnualReport> {
  return unwrap(
    api.POST('/api/registers/annual-reports/{id}/submit/', { params: { path: { id } }, headers: { 'If-Match': `"${version}"` } }),
  )
}

export const annualReportXlsxUrl = (id: number) => `/api/registers/annual-reports/${id}/xlsx/`

// ---- editing a document and a certification matter ------------------------------------------------

export type DocumentPatch = Schemas['PatchedNormativeDocumentUpdateRequest']
export type CertificationPatch = Schemas['PatchedCertificationMatterUpdateRequest']
export type DocumentAttachment = Schemas['Attachment']

/** 修改标题、制发单位、施行日期、有效期或全文 (the number, the issue date and the status are not edited). */
export function updateDocument(id: number, version: number, body: DocumentPatch): Promise<NormativeDocumentDetail> {
  return unwrap(
    api.PATCH('/api/registers/normative-documents/{id}/', { params: { path: { id } }, headers: { 'If-Match': `"${version}"` }, body }),
  )
}

/** 上传附件 (multipart: the file and an optional display name). */
export function uploadDocumentAttachment(id: number, file: File, name = ''): Promise<NormativeDocumentDetail> {
  const form = new FormData()
  form.append('file', file, file.name)
  form.append('name', name)
  return unwrap(
    api.POST('/api/registers/normative-documents/{id}/attachments/', {
      params: { path: { id } },
      // The generated type describes the multipart fields; the FormData built above carries them.
      body: { file: '', name },
      bodySerializer: () => form,
    }),
  )
}

/** 修改设定依据、开具单位、用途或告知承诺制 (the name is not edited; a cancelled matter is not edited). */
export function updateCertificationMatter(id: number, version: number, body: CertificationPatch): Promise<CertificationMatter> {
  return unwrap(
    api.PATCH('/api/registers/certification-matters/{id}/', { params: { path: { id } }, headers: { 'If-Match': `"${version}"` }, body }),
  )
}

// ---- 规范性文件清理 ------------------------------------------------------------------------------

export type CleanupCampaign = Schemas['CleanupCampaign']
export type CleanupOutcome = Schemas['CleanupOutcome']
export type CleanupOutcomeKind = Schemas['CleanupOutcomeKindEnum']
export const CLEANUP_OUTCOMES: CleanupOutcomeKind[] = ['keep', 'amend', 'invalidate']

export function listCleanupCampaigns(query: NonNullable<operations['registers_cleanup_campaigns_list']['parameters']['query']>) {
  return unwrap(api.GET('/api/registers/cleanup-campaigns/', { params: { query } }))
}

export function getCleanupCampaign(id: number): Promise<CleanupCampaign> {
  return unwrap(api.GET('/api/registers/cleanup-campaigns/{id}/', { params: { path: { id } } }))
}

/** 开始一次清理. */
export function createCleanupCampaign(body: Schemas['CleanupCampaignCreateRequest']): Promise<CleanupCampaign> {
  return unwrap(api.POST('/api/registers/cleanup-campaigns/', { body }))
}

/** One document's outcome (继续有效 / 修订 / 宣布失效), with the reason; recording again replaces it. */
export function recordCleanupOutcome(id: number, body: Schemas['CleanupOutcomeWriteRequest']): Promise<CleanupCampaign> {
  return unwrap(api.POST('/api/registers/cleanup-campaigns/{id}/outcomes/', { params: { path: { id } }, body }))
}

/** 完成清理: the documents' statuses change and the notice of the results is drafted. */
export function concludeCleanupCampaign(id: number, version: number, concludedOn: string): Promise<CleanupCampaign> {
  return unwrap(
    api.POST('/api/registers/cleanup-campaigns/{id}/conclude/', {
      params: { path: { id } },
      headers: { 'If-Match': `"${version}"` },
      body: { concluded_on: concludedOn },
    }),
  )
}

// ---- inspection personnel and their connections (回避) ------------------------------------------

export type Personnel = Schemas['Personnel']
export type InspectorConnection = Schemas['InspectorConnection']

/** 行政执法人员名单: the officers holding a valid enforcement credential on the day (default today). */
export function listPersonnel(on?: string): Promise<Personnel[]> {
  return unwrap(api.GET('/api/registers/personnel/', { params: { query: on ? { on } : {} } }))
}

export function listInspectorConnections(query: NonNullable<operations['registers_inspection_connections_list']['parameters']['query']>) {
  return unwrap(api.GET('/api/registers/inspection-connections/', { params: { query } }))
}

/** 登记回避关系: the inspector is then never drawn to inspect the organisation. */
export function createInspectorConnection(body: Schemas['InspectorConnectionRequest']): Promise<InspectorConnection> {
  return unwrap(api.POST('/api/registers/inspection-connections/', { body }))
}

// ---- publishing a register to the public disclosure site ---------------------------------------------

export type RegisterPublication = Schemas['RegisterPublication']
export type RegisterKind = Schemas['RegisterKindEnum']

export function listRegisterPublications(register: RegisterKind, pageSize = 5) {
  return unwrap(api.GET('/api/registers/publications/', { params: { query: { register, ordering: '-id', page_size: pageSize } } }))
}

/** Draft the notice carrying the register's current public content; the disclosure editors check and approve it. */
export function publishRegister(register: RegisterKind, objectId?: number): Promise<RegisterPublication> {
  return unwrap(api.POST('/api/registers/publications/', { body: { register, ...(objectId ? { object_id: objectId } : {}) } }))
}
