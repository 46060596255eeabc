from django.contrib import admin

from zhifa.core.admin import register_read_only
from zhifa.disclosure.models import ArchiveMonth, Notice, NoticeStep, Publication


class NoticeStepInline(admin.TabularInline):
    model = NoticeStep
    extra = 0
    readonly_fields = ["action", "actor", "note", "at"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """Notices move through the API workflow; the admin shows them."""

    list_display = ["title", "kind", "state", "due_date", "published_at", "publication_end"]
    list_filter = ["kind", "state", "severity"]
    search_fields = ["title"]
    inlines = [NoticeStepInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["notice", "action", "path", "sha256", "at"]

    def has_change_permission(self, request, obj=None):
        return False


# Written only through the workflow (the month counts by publishing); shown read-only.
register_read_only(NoticeStep, ArchiveMonth)
