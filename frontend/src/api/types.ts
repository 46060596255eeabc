/**
 * Named shapes from the generated OpenAPI types, for use in components and stores.
 * Enums are taken from the fields that use them, not from the generator's enum names, which shift
 * when another model adds an enum of the same name.
 */
import type { components, operations } from './schema'

type Schemas = components['schemas']

export type Me = Schemas['Me']
export type User = Schemas['User']
export type Credential = Schemas['Credential']
export type Role = NonNullable<Schemas['Me']['role']>
export type Organisation = Schemas['Organisation']
export type OrganisationPatch = Schemas['PatchedOrganisationRequest']
export type OrganisationType = Schemas['Organisation']['type']
export type OrganisationStatus = NonNullable<Schemas['Organisation']['status']>
export type AnnualInspection = Schemas['AnnualInspection']
export type InspectionResult = Schemas['AnnualInspection']['result']
export type IllegalOrganisation = Schemas['IllegalOrganisation']
export type IllegalOrganisationStatus = NonNullable<Schemas['IllegalOrganisation']['status']>
export type HistoryEvent = Schemas['HistoryEvent']
export type ImportReport = Schemas['ImportReport']

export type OrganisationListQuery = NonNullable<operations['organisations_list']['parameters']['query']>
export type IllegalOrganisationListQuery = NonNullable<
  operations['illegal_organisations_list']['parameters']['query']
>
export type AnnualInspectionListQuery = NonNullable<operations['annual_inspections_list']['parameters']['query']>
export type UserListQuery = NonNullable<operations['users_list']['parameters']['query']>
