from django.contrib import admin

from zhifa.core.admin import register_read_only
from zhifa.litigation.models import Hearing, Matter, MatterDeadline


class HearingInline(admin.TabularInline):
    model = Hearing
    extra = 0


class MatterDeadlineInline(admin.TabularInline):
    model = MatterDeadline
    extra = 0
    readonly_fields = ["kind", "basis", "start_date", "due_date", "met_on"]


@admin.register(Matter)
class MatterAdmin(admin.ModelAdmin):
    list_display = ["external_number", "body", "kind", "plaintiff", "received_on", "state", "outcome"]
    list_filter = ["kind", "state", "outcome"]
    search_fields = ["external_number", "plaintiff"]
    inlines = [HearingInline, MatterDeadlineInline]


# Written only through the workflow; shown read-only.
register_read_only(MatterDeadline, Hearing)
