from django.contrib import admin

from zhifa.registry.models import AnnualInspection, IllegalOrganisation, Organisation


class AnnualInspectionInline(admin.TabularInline):
    model = AnnualInspection
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "credit_code", "legal_representative", "registration_date", "status"]
    list_filter = ["type", "status", "agency"]
    search_fields = ["name", "credit_code", "legal_representative"]
    readonly_fields = ["version", "created_at", "updated_at", "credit_code_warning"]
    inlines = [AnnualInspectionInline]


@admin.register(AnnualInspection)
class AnnualInspectionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "result", "concluded_on"]
    list_filter = ["year", "result"]
    search_fields = ["organisation__name"]


@admin.register(IllegalOrganisation)
class IllegalOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "activity_area", "discovered_on", "status", "announced_on"]
    list_filter = ["status"]
    search_fields = ["name"]
