/** Non-monetary penalties carried out: 限期停止活动 (sealing, report, lifting) and the 严重违法失信名单. */
import { api, unwrap } from './client'
import type { components } from './schema'

type Schemas = components['schemas']

export type StopOrder = Schemas['StopOrder']
export type StopOrderWrite = Schemas['StopOrderRequest']
export type StopOrderActionWrite = Schemas['StopOrderActionRequest']
export type CreditListing = Schemas['CreditListing']

export function listStopOrders(caseId: number) {
  return unwrap(api.GET('/api/stop-orders/', { params: { query: { case: caseId } } }))
}

/** 封存: the sealing of a served 限期停止活动 decision, with its period. */
export function sealStopOrder(body: StopOrderWrite): Promise<StopOrder> {
  return unwrap(api.POST('/api/stop-orders/', { body }))
}

/** 收到整改报告 or 解除封存 (refused before the period ends). */
export function stopOrderAct(id: number, body: StopOrderActionWrite): Promise<StopOrder> {
  return unwrap(api.POST('/api/stop-orders/{id}/actions/', { params: { path: { id } }, body }))
}

export function listCreditListings(caseId: number) {
  return unwrap(api.GET('/api/credit-listings/', { params: { query: { case: caseId } } }))
}

/** 列入严重违法失信名单. */
export function createCreditListing(caseId: number, listedOn: string): Promise<CreditListing> {
  return unwrap(api.POST('/api/credit-listings/', { body: { case: caseId, listed_on: listedOn } }))
}
