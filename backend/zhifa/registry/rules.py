import rules

from zhifa.accounts.rules import is_administrator, is_credentialed_officer, is_staff_member

# Registry data is shared by the whole agency; keeping it up to date is the registration staff's job,
# done here by administrators and by officers holding a valid enforcement credential.
can_view_registry = is_staff_member
can_edit_registry = is_administrator | is_credentialed_officer

rules.add_perm("registry.view_organisation", can_view_registry)
rules.add_perm("registry.change_organisation", can_edit_registry)
