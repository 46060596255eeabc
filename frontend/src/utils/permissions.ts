/**
 * What the signed-in user may do, mirroring the backend's rules (the rules.py module of each backend app). The server
 * enforces them; the app only hides what would be refused.
 */
import type { Me, Role } from '@/api/types'

export type Capability =
  | 'registry.view' // every staff member of the agency
  | 'registry.edit' // administrators and officers holding a valid enforcement credential
  | 'system.users' // administrators

export const ROLES: Role[] = [
  'officer',
  'legal_reviewer',
  'leader',
  'legal_adviser',
  'disclosure_editor',
  'administrator',
]

export function can(user: Pick<Me, 'role' | 'permissions' | 'is_active'> | null | undefined, capability: Capability) {
  if (!user || !user.is_active) return false
  const perms = user.permissions ?? []
  switch (capability) {
    case 'registry.view':
      return true
    case 'registry.edit':
      return perms.includes('administer') || perms.includes('enforce')
    case 'system.users':
      return user.role === 'administrator' || perms.includes('administer')
  }
}
