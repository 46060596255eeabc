from django.contrib import admin

from zhifa.sanctions.models import CreditListing, SanctionDeadline, StopOrder


class ReadOnly(admin.ModelAdmin):
    """Written through services (the sealing and lifting, the listing); the admin only shows them."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StopOrder)
class StopOrderAdmin(ReadOnly):
    list_display = ["sealing_number", "case", "starts_on", "ends_on", "lifted_on"]


@admin.register(SanctionDeadline)
class SanctionDeadlineAdmin(ReadOnly):
    list_display = ["stop_order", "kind", "due_date", "remind_on", "met_on"]


@admin.register(CreditListing)
class CreditListingAdmin(ReadOnly):
    list_display = ["organisation", "case", "listed_on", "removed_on"]
