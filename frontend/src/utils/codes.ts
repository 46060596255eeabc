/** The code lists of CONTRACT.md and the registry, in display order, with their tag colours. */
import type { IllegalOrganisationStatus, InspectionResult, OrganisationStatus, OrganisationType } from '@/api/types'

export const ORG_TYPES = ['social_group', 'private_non_enterprise', 'foundation'] as const satisfies readonly OrganisationType[]

export const ORG_STATUSES = [
  'normal',
  'abnormal',
  'deregistered',
  'cancelled',
  'banned',
] as const satisfies readonly OrganisationStatus[]

export const INSPECTION_RESULTS = [
  'qualified',
  'basically_qualified',
  'unqualified',
  'not_inspected',
] as const satisfies readonly InspectionResult[]

export const ILLEGAL_STATUSES = [
  'under_investigation',
  'announced',
  'banned',
  'dissolved',
] as const satisfies readonly IllegalOrganisationStatus[]

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

export const ORG_STATUS_TAG: Record<OrganisationStatus, TagType> = {
  normal: 'success',
  abnormal: 'warning',
  deregistered: 'danger',
  cancelled: 'info',
  banned: 'danger',
}

export const INSPECTION_TAG: Record<InspectionResult, TagType> = {
  qualified: 'success',
  basically_qualified: 'primary',
  unqualified: 'danger',
  not_inspected: 'warning',
}

export const ILLEGAL_STATUS_TAG: Record<IllegalOrganisationStatus, TagType> = {
  under_investigation: 'warning',
  announced: 'danger',
  banned: 'info',
  dissolved: 'success',
}

export const CHART_COLOURS = ['#1e5aa8', '#2f9e8f', '#e0a526', '#c0392b', '#7a5ea8', '#8a96a8']
