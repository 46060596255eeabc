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
export type Unit = Schemas['Unit']
export type UserCreateInput = Schemas['UserCreateRequest']
export type UserPatch = Schemas['PatchedUserRequest']
export type CredentialInput = Schemas['CredentialRequest']
export type CredentialPatch = Schemas['PatchedCredentialRequest']
export type CredentialCategory = NonNullable<Schemas['Credential']['category']>
export type PasswordResetResult = Schemas['PasswordResetResult']

// --- cases and legal reviews ---------------------------------------------------------------------
export type CaseSummary = Schemas['CaseList']
export type CaseDetail = Schemas['CaseDetail']
export type CaseActionOption = Schemas['CaseActionOption']
export type ActionField = Schemas['ActionField']
export type ActionReason = Schemas['ActionReason']
export type CaseWrite = Schemas['CaseWriteRequest']
export type CaseState = NonNullable<Schemas['CaseList']['state']>
export type CaseAction = Schemas['TransitionRequest']['action']
export type CaseTransition = Schemas['TransitionRequest']
export type CaseStatement = Schemas['StatementRequest']
export type CaseExecution = Schemas['ExecutionRequest']
export type InvestigativeRecord = Schemas['InvestigativeRecordRequest']
export type CaseTimelineEvent = Schemas['TimelineEvent']
export type CaseDeadline = Schemas['CaseDeadline']
export type CaseDocument = Schemas['Document']
export type CaseListQuery = NonNullable<operations['cases_list']['parameters']['query']>
export type PenaltyKind = NonNullable<Schemas['CaseList']['proposed_penalties']>[number]
export type EvidenceItem = Schemas['EvidenceItemList']
export type EvidenceItemDetail = Schemas['EvidenceItem']
export type EvidenceUpload = Schemas['Upload']
export type Review = Schemas['Review']
export type ReviewState = NonNullable<Schemas['Review']['state']>
export type ReviewListQuery = NonNullable<operations['reviews_list']['parameters']['query']>
export type ReviewOutcomeInput = Schemas['ReviewOutcomeRequest']
export type ChecklistTemplate = Schemas['Checklist']
export type ReviewPackage = Schemas['Package']
export type ReviewVerdict = Schemas['ItemVerdict']
/** A checklist item and the answers it takes (item 8, 移送, has its own: no_transfer / transfer). */
export type ChecklistItem = { number: number; text: string; options?: string[] }
