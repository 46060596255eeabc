/** The agency's staff for the pickers (officers to assign, hearing presiders), loaded once per page. */
import { ref } from 'vue'
import { listUsers } from '@/api/accounts'
import type { User } from '@/api/types'

const staff = ref<User[]>([])
let loading: Promise<void> | null = null

export function useStaff() {
  function ensure(): Promise<void> {
    loading ??= listUsers({ page_size: 500, is_active: true })
      .then((page) => {
        staff.value = page.results
      })
      .catch(() => {
        loading = null
      })
    return loading
  }
  return { staff, ensure }
}

/** Who may preside a hearing (行政处罚法第六十四条): the agency's officers, legal reviewers and leaders in service. */
export const PRESIDER_ROLES: readonly string[] = ['officer', 'legal_reviewer', 'leader']

/** The staff offered as a hearing's presider: in service, of a presiding role, and never an investigator of the case. */
export function hearingPresiders(users: User[], investigatorIds: Iterable<number>): User[] {
  const investigators = new Set(investigatorIds)
  return users.filter((u) => u.is_active && !!u.role && PRESIDER_ROLES.includes(u.role) && !investigators.has(u.id))
}

/** Officers holding a credential valid today: the only ones who may be assigned. */
export function credentialedOfficers(users: User[]): User[] {
  return users.filter((u) => u.role === 'officer' && u.is_active && u.credential)
}

export function personLabel(u: Pick<User, 'full_name' | 'username' | 'credential'>): string {
  const name = u.full_name || u.username
  return u.credential ? `${name}（${u.credential.number}）` : name
}
