/** 执法公示 (disclosure): notices, their redaction, approval and withdrawal, and the publication alarms. */
import { api, unwrap } from './client'
import type { components, operations } from './schema'

type Schemas = components['schemas']

export type Notice = Schemas['Notice']
export type NoticeDetail = Schemas['NoticeDetail']
export type NoticeState = Schemas['NoticeStateEnum']
export type NoticeKind = Schemas['NoticeKindEnum']
export type NoticeStep = Schemas['NoticeStep']
export type DisclosureAlarm = Schemas['Alarm']
export type NoticeListQuery = NonNullable<operations['disclosures_list']['parameters']['query']>

export const NOTICE_STATES: NoticeState[] = [
  'draft',
  'redaction_checked',
  'approved',
  'publishing',
  'published',
  'withdrawing',
  'withdrawn',
  'expired',
  'not_published',
]
export const NOTICE_KINDS: NoticeKind[] = [
  'penalty_decision',
  'deregistration',
  'illegal_organisations',
  'withdrawal_statement',
  'general',
  'register',
]

export function listNotices(query: NoticeListQuery) {
  return unwrap(api.GET('/api/disclosures/', { params: { query } }))
}

export function getNotice(id: number): Promise<NoticeDetail> {
  return unwrap(api.GET('/api/disclosures/{id}/', { params: { path: { id } } }))
}

/** The version read is sent as If-Match: a 409 means someone else acted on the notice first. */
const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` })

export function checkRedaction(id: number, version: number): Promise<NoticeDetail> {
  return unwrap(api.POST('/api/disclosures/{id}/check-redaction/', { params: { path: { id } }, headers: ifMatch(version) }))
}

/** Approval publishes: a background task writes the notice to the public site. */
export function approveNotice(id: number, version: number): Promise<NoticeDetail> {
  return unwrap(api.POST('/api/disclosures/{id}/approve/', { params: { path: { id } }, headers: ifMatch(version) }))
}

export function withdrawNotice(id: number, reason: string): Promise<NoticeDetail> {
  return unwrap(api.POST('/api/disclosures/{id}/withdraw/', { params: { path: { id } }, body: { reason } }))
}

export function updateNotice(id: number, version: number, patch: Schemas['PatchedNoticeUpdateRequest']) {
  return unwrap(
    api.PATCH('/api/disclosures/{id}/', { params: { path: { id } }, body: patch, headers: ifMatch(version) }),
  )
}

export function disclosureAlarms(): Promise<DisclosureAlarm[]> {
  return unwrap(api.GET('/api/disclosures/alarms/'))
}
