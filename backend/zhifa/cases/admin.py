from django.contrib import admin

from zhifa.core.admin import ReadOnlyAdmin, register_read_only
from zhifa.cases.models import (
    Case,
    CaseDeadline,
    CaseOfficer,
    Document,
    GroundFineRange,
    NumberSequence,
    Preservation,
    Recusal,
    TimelineEvent,
    ViolationGround,
)


class CaseOfficerInline(admin.TabularInline):
    model = CaseOfficer
    extra = 0


class CaseDeadlineInline(admin.TabularInline):
    model = CaseDeadline
    extra = 0
    readonly_fields = ["kind", "basis", "start_date", "due_date", "provisional", "met_on"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Cases move only through the procedure (the API); the admin shows them read-only."""

    list_display = ["number", "title", "party_name", "state", "received_on", "filed_on", "decided_on"]
    list_filter = ["state", "is_major", "source", "agency"]
    search_fields = ["number", "title", "party_name"]
    inlines = [CaseOfficerInline, CaseDeadlineInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TimelineEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ["case", "kind", "action", "from_state", "to_state", "occurred_on", "actor"]
    list_filter = ["kind", "action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GroundFineRangeInline(admin.TabularInline):
    """The ground's statutory fine ranges: an amount in yuan, or a multiple of the illegal turnover or gains."""

    model = GroundFineRange
    extra = 0


@admin.register(ViolationGround)
class ViolationGroundAdmin(admin.ModelAdmin):
    list_display = ["code", "regulation", "article", "title", "active"]
    list_filter = ["regulation", "active"]
    inlines = [GroundFineRangeInline]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    """An issued document is shown, never edited or deleted (PostgreSQL refuses both): a correction is a new
    document naming the one it replaces."""

    list_display = ["number", "kind", "case", "issued_on", "replaces"]
    list_filter = ["kind"]


admin.site.register(Preservation)


# Written only through the workflow (a ground's fine ranges through the ground's page); shown read-only.
register_read_only(NumberSequence, CaseOfficer, CaseDeadline, Recusal, GroundFineRange)
