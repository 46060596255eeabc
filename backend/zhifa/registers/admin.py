from django.contrib import admin

from zhifa.core.admin import register_read_only
from zhifa.registers.models import (
    AnnualReport,
    CertificationMatter,
    DiscretionBenchmark,
    CleanupCampaign,
    CleanupOutcome,
    DocumentAttachment,
    DocumentFiling,
    DocumentStatusChange,
    InspectionDraw,
    InspectionPlan,
    InspectionResult,
    InspectorConnection,
    NormativeDocument,
    PowerItem,
    PowerList,
    RegisterPublication,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatusChangeInline(ReadOnlyInline):
    model = DocumentStatusChange
    fields = ["from_status", "to_status", "on", "reason", "actor", "at"]
    readonly_fields = fields


class FilingInline(ReadOnlyInline):
    model = DocumentFiling
    fields = ["filing_body", "submitted_on", "filing_number", "result", "result_on"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = DocumentAttachment
    fields = ["name", "file", "sha256", "size", "uploaded_at"]
    readonly_fields = fields


@admin.register(NormativeDocument)
class NormativeDocumentAdmin(admin.ModelAdmin):
    """Status changes go through the API (they need a date and a reason and are recorded)."""

    list_display = ["number", "title", "issuing_unit", "issued_on", "status", "status_changed_on"]
    list_filter = ["status", "year"]
    search_fields = ["number", "title"]
    readonly_fields = ["agency", "number", "prefix", "year", "sequence", "status", "status_changed_on", "version",
                       "created_by"]
    inlines = [StatusChangeInline, FilingInline, AttachmentInline]

    def has_add_permission(self, request):
        return False


class OutcomeInline(ReadOnlyInline):
    model = CleanupOutcome
    fields = ["document", "outcome", "reason"]
    readonly_fields = fields


@admin.register(CleanupCampaign)
class CleanupCampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "started_on", "concluded_on", "state"]
    readonly_fields = ["agency", "state", "concluded_on", "version"]
    inlines = [OutcomeInline]

    def has_add_permission(self, request):
        return False


@admin.register(DiscretionBenchmark)
class DiscretionBenchmarkAdmin(admin.ModelAdmin):
    """Entries are added and repealed through the register's API (which checks them against their ground);
    the admin shows them and lets a superuser correct the wording of one not yet cited."""

    list_display = ["code", "agency", "ground", "circumstance", "effective_on", "repealed_on"]
    list_filter = ["agency", "ground"]
    search_fields = ["code", "circumstance", "conditions"]
    readonly_fields = ["agency", "code", "ground", "penalty_kinds", "fine_minimum", "fine_maximum", "effective_on",
                       "repealed_on", "repeal_reason", "version", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CertificationMatter)
class CertificationMatterAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "notification_commitment", "cancelled_on"]
    list_filter = ["status", "notification_commitment"]
    search_fields = ["name"]
    readonly_fields = ["agency", "status", "cancelled_on", "cancellation_basis", "version"]

    def has_add_permission(self, request):
        return False


class PowerItemInline(ReadOnlyInline):
    model = PowerItem
    fields = ["position", "code", "name", "kind", "legal_basis", "responsible_unit"]
    readonly_fields = fields


@admin.register(PowerList)
class PowerListAdmin(admin.ModelAdmin):
    """A power list is a fixed version: shown, never edited."""

    list_display = ["agency", "version", "effective_on", "created_at"]
    inlines = [PowerItemInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DrawInline(ReadOnlyInline):
    model = InspectionDraw
    fields = ["round", "seed_sha256", "pool_sha256", "committed_at", "drawn_at", "superseded_reason"]
    readonly_fields = fields


@admin.register(InspectionPlan)
class InspectionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "target_count", "state"]
    list_filter = ["state", "year"]
    readonly_fields = ["agency", "state", "version", "created_by"]
    inlines = [DrawInline]

    def has_add_permission(self, request):
        return False


@admin.register(InspectionResult)
class InspectionResultAdmin(admin.ModelAdmin):
    list_display = ["draw", "position", "organisation", "outcome", "inspected_on"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(InspectorConnection)
class InspectorConnectionAdmin(admin.ModelAdmin):
    list_display = ["inspector", "organisation", "reason", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "state", "computed_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(RegisterPublication)
class RegisterPublicationAdmin(admin.ModelAdmin):
    list_display = ["register", "reference", "notice", "created_at"]
    list_filter = ["register"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


# Written only through the workflow; shown read-only.
register_read_only(DocumentStatusChange, DocumentFiling, DocumentAttachment, CleanupOutcome, PowerItem, InspectionDraw)
