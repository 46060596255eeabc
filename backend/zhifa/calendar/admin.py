"""Admin pages. Saves and deletes go through the services, so the cached calendar is dropped."""

from django.contrib import admin

from zhifa.calendar import services
from zhifa.calendar.models import CalendarDay, CalendarYear


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "note"]
    list_filter = ["kind", "name"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
    ordering = ["-date"]

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in ("date", "kind", "name", "note")}
        if change:
            services.calendar_day_update(day=obj, **fields)
        else:
            saved, _ = services.calendar_day_set(**fields)
            obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.calendar_day_delete(day=obj)

    def delete_queryset(self, request, queryset):
        for day in queryset:
            services.calendar_day_delete(day=day)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "complete", "published_on", "note"]
    list_filter = ["source", "complete"]
    fields = ["year", "source", "complete", "published_on", "note"]
    readonly_fields = ["source"]
    ordering = ["-year"]

    def get_readonly_fields(self, request, obj=None):
        # The year is the record's identity; to withdraw a year, clear "complete" instead.
        return ["year", "source"] if obj else ["source"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        mark = services.calendar_year_mark_complete if obj.complete else services.calendar_year_mark_incomplete
        obj.pk = mark(year=obj.year, published_on=obj.published_on, note=obj.note).pk
