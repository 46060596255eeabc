/**
 * What the signed-in user may do, mirroring the backend's rules (the rules.py module of each backend app). The server
 * enforces them; the app only hides what would be refused.
 */
import type { Me, Role } from '@/api/types'

export type Capability =
  | 'registry.view' // every staff member of the agency
  | 'registry.edit' // administrators and officers holding a valid enforcement credential
  | 'system.users' // administrators
  | 'cases.view' // every staff member of the agency
  | 'cases.create' // officers holding a valid enforcement credential
  | 'reviews.view' // legal reviewers, leaders and legal advisers
  | 'reviews.open' // one review: as reviews.view, and officers (the server shows them the reviews of their cases)
  | 'evidence.view' // every staff member of the agency (the recorder ledger)
  | 'evidence.items' // officers, legal reviewers and leaders (evidence items and their custody)
  | 'evidence.devices' // leaders and administrators register recorders
  | 'evidence.dispose' // leaders and credentialed officers request disposal of evidence past its retention
  | 'evidence.decide' // leaders approve or refuse disposal
  | 'evidence.alarms' // leaders and administrators (fixity alarms)
  | 'evidence.accessLog' // leaders (the agency's whole evidence access log)
  | 'litigation.view' // every staff member of the agency
  | 'litigation.create' // legal advisers, leaders and administrators log new matters
  | 'litigation.work' // legal advisers, leaders, legal reviewers and officers (hearings, the evidence package)
  | 'enforcement.view' // officers and leaders (the server lets every staff member read)
  | 'enforcement.refunds' // leaders approve refunds; officers see them
  | 'disclosure.view' // every staff member of the agency
  | 'disclosure.edit' // disclosure editors (redaction check, withdrawal)
  | 'disclosure.approve' // disclosure editors and leaders (approval publishes)
  | 'registers.view' // every staff member of the agency
  | 'registers.edit' // register keepers: administrators, leaders, legal reviewers, disclosure editors
  | 'registers.draw' // random-inspection draws: leaders and administrators

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
    case 'cases.view':
    case 'evidence.view':
    case 'litigation.view':
    case 'disclosure.view':
    case 'registers.view':
      return true
    case 'enforcement.view':
      return user.role === 'officer' || user.role === 'leader'
    case 'enforcement.refunds':
      return user.role === 'leader' || user.role === 'officer'
    case 'litigation.create':
      return ['legal_adviser', 'leader', 'administrator'].includes(user.role ?? '')
    case 'litigation.work':
      return ['legal_adviser', 'leader', 'legal_reviewer', 'officer'].includes(user.role ?? '')
    case 'evidence.items':
      return user.role === 'officer' || user.role === 'legal_reviewer' || user.role === 'leader'
    case 'evidence.devices':
      return user.role === 'leader' || user.role === 'administrator'
    case 'evidence.dispose':
      return user.role === 'leader' || (user.role === 'officer' && perms.includes('enforce'))
    case 'evidence.decide':
      return user.role === 'leader'
    case 'evidence.accessLog':
      return user.role === 'leader'
    case 'evidence.alarms':
      return user.role === 'leader' || user.role === 'administrator' || perms.includes('administer')
    case 'cases.create':
      return user.role === 'officer' && perms.includes('enforce')
    case 'reviews.view':
      return user.role === 'legal_reviewer' || user.role === 'leader' || user.role === 'legal_adviser'
    case 'reviews.open':
      return ['legal_reviewer', 'leader', 'legal_adviser', 'officer'].includes(user.role ?? '')
    case 'disclosure.edit':
      return user.role === 'disclosure_editor'
    case 'disclosure.approve':
      return user.role === 'disclosure_editor' || user.role === 'leader'
    case 'registers.edit':
      return ['administrator', 'leader', 'legal_reviewer', 'disclosure_editor'].includes(user.role ?? '')
    case 'registers.draw':
      return user.role === 'administrator' || user.role === 'leader'
    case 'registry.edit':
      return perms.includes('administer') || perms.includes('enforce')
    case 'system.users':
      return user.role === 'administrator' || perms.includes('administer')
  }
}
