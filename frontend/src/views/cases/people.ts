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

/** Officers holding a credential valid today: the only ones who may be assigned. */
export function credentialedOfficers(users: User[]): User[] {
  return users.filter((u) => u.role === 'officer' && u.is_active && u.credential)
}

export function personLabel(u: Pick<User, 'full_name' | 'username' | 'credential'>): string {
  const name = u.full_name || u.username
  return u.credential ? `${name}（${u.credential.number}）` : name
}
