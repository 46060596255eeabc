/** The "log a lead" form: its fields, the checks made before sending, and the request body. */
import type { CaseWrite } from '@/api/types'

export interface LeadForm {
  title: string
  source: '' | 'report' | 'inspection' | 'annual_inspection' | 'transfer' | 'other'
  source_detail: string
  reporter_name: string
  reporter_contact: string
  received_on: string
  party_kind: 'organisation' | 'illegal_organisation' | 'person'
  organisation: number | null
  illegal_organisation: number | null
  person_name: string
  person_id_number: string
  grounds: number[]
  facts: string
  act_date: string
  act_continuing: boolean
  act_ended_on: string
  involves_safety: boolean
  officers: number[]
}

export function emptyLead(today: string, me: number | null): LeadForm {
  return {
    title: '',
    source: '',
    source_detail: '',
    reporter_name: '',
    reporter_contact: '',
    received_on: today,
    party_kind: 'organisation',
    organisation: null,
    illegal_organisation: null,
    person_name: '',
    person_id_number: '',
    grounds: [],
    facts: '',
    act_date: '',
    act_continuing: false,
    act_ended_on: '',
    involves_safety: false,
    officers: me ? [me] : [],
  }
}

/** Date problems the server would also refuse, as message keys per field. */
export function leadDateProblems(form: LeadForm, today: string): Partial<Record<keyof LeadForm, string>> {
  const problems: Partial<Record<keyof LeadForm, string>> = {}
  for (const name of ['received_on', 'act_date', 'act_ended_on'] as const) {
    if (form[name] && form[name] > today) problems[name] = 'cases.dateFuture'
  }
  if (form.act_date && form.received_on && form.act_date > form.received_on) problems.act_date ??= 'cases.actAfterReceived'
  return problems
}

export function leadBody(form: LeadForm): CaseWrite {
  const body: CaseWrite = {
    title: form.title.trim(),
    source: form.source as CaseWrite['source'],
    source_detail: form.source_detail,
    received_on: form.received_on,
    party_kind: form.party_kind,
    grounds: form.grounds,
    facts: form.facts,
    act_date: form.act_date || null,
    act_continuing: form.act_continuing,
    act_ended_on: form.act_continuing ? form.act_ended_on || null : null,
    involves_safety: form.involves_safety,
    officers: form.officers,
  }
  if (form.source === 'report') {
    body.reporter_name = form.reporter_name
    body.reporter_contact = form.reporter_contact
  }
  if (form.party_kind === 'organisation') body.organisation = form.organisation
  if (form.party_kind === 'illegal_organisation') body.illegal_organisation = form.illegal_organisation
  if (form.party_kind === 'person') {
    body.person_name = form.person_name
    body.person_id_number = form.person_id_number
  }
  return body
}

/**
 * The legal bases that apply to the party: for a registered organisation, those of its type (社会团体、民办非企业
 * 单位、基金会 each have their own regulation) and those that name no type; for any other party, all of them.
 * The server refuses any other on the `grounds` field.
 */
export function groundsFor<G extends { organisation_types?: string[] }>(
  grounds: G[],
  partyKind: string | null | undefined,
  organisationType: string | null | undefined,
): G[] {
  if (partyKind !== 'organisation' || !organisationType) return grounds
  return grounds.filter((g) => !g.organisation_types?.length || g.organisation_types.includes(organisationType))
}
