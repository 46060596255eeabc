/** 执行 (enforcement of a decision): payments, deferral and instalments, the reminder, the court, closing; refunds. */
import { api, unwrap } from './client'
import type { components, operations } from './schema'

type Schemas = components['schemas']

export type Enforcement = Schemas['Enforcement']
export type EnforcementState = Schemas['EnforcementStateEnum']
export type EnforcementAction = Schemas['EnforcementActionEnum']
export type EnforcementOption = Schemas['ActionOption']
export type EnforcementActionWrite = Schemas['ActionRequest']
export type Balance = Schemas['Balance']
export type Refund = Schemas['Refund']
export type RefundState = Schemas['RefundStateEnum']
export type EnforcementListQuery = NonNullable<operations['enforcement_list']['parameters']['query']>
export type RefundListQuery = NonNullable<operations['refunds_list']['parameters']['query']>

export const ENFORCEMENT_STATES: EnforcementState[] = [
  'performing',
  'reminded',
  'applied',
  'accepted',
  'ordered',
  'performed',
  'enforced',
  'terminated',
  'voided',
]

export function listEnforcements(query: EnforcementListQuery) {
  return unwrap(api.GET('/api/enforcement/', { params: { query } }))
}

export function getEnforcement(id: number): Promise<Enforcement> {
  return unwrap(api.GET('/api/enforcement/{id}/', { params: { path: { id } } }))
}

/** 登记执行: opens the enforcement of a served decision that imposed a fine. */
export function openEnforcement(caseId: number): Promise<Enforcement> {
  return unwrap(api.POST('/api/enforcement/', { body: { case: caseId } }))
}

/** One step of the procedure; the version read goes as If-Match, so a 409 may also mean someone acted first. */
export function enforcementAct(id: number, version: number, body: EnforcementActionWrite): Promise<Enforcement> {
  return unwrap(
    api.POST('/api/enforcement/{id}/actions/', { params: { path: { id } }, headers: { 'If-Match': `"${version}"` }, body }),
  )
}

/** What is due on a date (the fine and the surcharge accrued to it), as decimal strings. */
export function enforcementBalance(id: number, asOf?: string): Promise<Balance> {
  return unwrap(
    api.GET('/api/enforcement/{id}/balance/', { params: { path: { id }, query: asOf ? { as_of: asOf } : {} } }),
  )
}

/** The court application package (ZIP), built by the server as a background export job. */
export function requestEnforcementPackage(id: number) {
  return unwrap(api.POST('/api/enforcement/{id}/package/', { params: { path: { id } } }))
}

export function listRefunds(query: RefundListQuery) {
  return unwrap(api.GET('/api/refunds/', { params: { query } }))
}

/** 退还罚款: the leader approves and records the voucher. */
export function recordRefund(id: number, body: Schemas['RefundRecordRequest']): Promise<Refund> {
  return unwrap(api.POST('/api/refunds/{id}/refund/', { params: { path: { id } }, body }))
}
