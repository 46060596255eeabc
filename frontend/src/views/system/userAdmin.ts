/**
 * The logic of the user administration page, apart from the page: the unit tree, the payloads sent for a new or
 * an edited user, and how a credential stands on a given day.
 */
import type { Credential, Role, Unit, User, UserCreateInput, UserPatch } from '@/api/types'

/** A node of the unit tree: the agency at the root (id 0: every unit), its units below. */
export interface UnitNode {
  id: number
  label: string
  children?: UnitNode[]
}

export function unitTree(agencyName: string, units: readonly Pick<Unit, 'id' | 'name'>[]): UnitNode[] {
  const children = [...units]
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id - b.id)
    .map((unit) => ({ id: unit.id, label: unit.name }))
  return [{ id: 0, label: agencyName, children }]
}

export interface UserForm {
  username: string
  full_name: string
  unit: number | null
  role: Role | ''
  password: string
}

export const blankUserForm = (unit: number | null = null): UserForm => ({
  username: '',
  full_name: '',
  unit,
  role: 'officer',
  password: '',
})

/** The body of POST /api/users/: names trimmed, the password as typed (spaces count in a password). */
export function createPayload(form: UserForm): UserCreateInput {
  return {
    username: form.username.trim(),
    full_name: form.full_name.trim(),
    unit: form.unit,
    role: form.role || undefined,
    password: form.password,
  }
}

/** The body of PATCH /api/users/{id}/: only what changed, so that the history records only that. */
export function editPatch(original: Pick<User, 'full_name' | 'unit' | 'role'>, form: UserForm): UserPatch {
  const patch: UserPatch = {}
  const fullName = form.full_name.trim()
  if (fullName !== (original.full_name ?? '')) patch.full_name = fullName
  if (form.unit !== (original.unit ?? null)) patch.unit = form.unit
  if (form.role && form.role !== original.role) patch.role = form.role
  return patch
}

export type CredentialStanding = 'valid' | 'expired' | 'revoked' | 'notYet'

/** How a credential stands on `today` (YYYY-MM-DD, the server's date): a revoked one is revoked whatever its dates. */
export function credentialStanding(
  credential: Pick<Credential, 'revoked' | 'valid_from' | 'valid_to'>,
  today: string,
): CredentialStanding {
  if (credential.revoked) return 'revoked'
  if (today < credential.valid_from) return 'notYet'
  if (today > credential.valid_to) return 'expired'
  return 'valid'
}

export const STANDING_TAG: Record<CredentialStanding, 'success' | 'info' | 'warning' | 'danger'> = {
  valid: 'success',
  notYet: 'warning',
  expired: 'info',
  revoked: 'danger',
}
