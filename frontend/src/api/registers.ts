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
