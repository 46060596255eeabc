from django.contrib import admin

from zhifa.core.admin import register_read_only
from zhifa.reviews.models import Catalogue, CatalogueEntry, ChecklistTemplate, ItemVerdict, Package, Review


class CatalogueEntryInline(admin.TabularInline):
    model = CatalogueEntry
    extra = 0


@admin.register(Catalogue)
class CatalogueAdmin(admin.ModelAdmin):
    list_display = ["agency", "version", "effective_on", "published_at"]
    inlines = [CatalogueEntryInline]


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["version", "active", "created_at"]


class PackageInline(admin.StackedInline):
    model = Package
    extra = 0
    readonly_fields = ["number", "submitted_by", "submitted_on", "content", "content_sha256", "outcome", "opinion"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["case", "state", "reviewer", "submitted_on", "due_date", "concluded_on"]
    list_filter = ["state"]
    inlines = [PackageInline]


# Written only through the workflow; shown read-only.
register_read_only(CatalogueEntry, Package, ItemVerdict)
