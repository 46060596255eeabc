from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from zhifa.accounts.models import Agency, EnforcementCredential, SavedView, Unit, User
from zhifa.core.admin import register_read_only


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "region_code", "case_number_prefix"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "agency"]
    list_filter = ["agency"]


class CredentialInline(admin.TabularInline):
    model = EnforcementCredential
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "role", "unit", "legal_qualification_kind", "legal_certificate_number",
                    "is_active"]
    list_filter = ["role", "unit", "is_active", "legal_qualification_kind"]
    search_fields = ["username", "full_name", "legal_certificate_number"]
    inlines = [CredentialInline]
    fieldsets = DjangoUserAdmin.fieldsets + (
        ("执法信息", {"fields": ("full_name", "role", "unit")}),
        ("法制审核资格（行政处罚法第五十八条第二款）",
         {"fields": ("legal_qualification_kind", "legal_certificate_number", "legal_qualification_date")}),
    )


@admin.register(EnforcementCredential)
class EnforcementCredentialAdmin(admin.ModelAdmin):
    list_display = ["number", "holder", "category", "valid_from", "valid_to", "revoked"]
    list_filter = ["category", "revoked"]
    search_fields = ["number", "holder__full_name"]


# Each user keeps their own through the workbench; shown read-only.
register_read_only(SavedView)
