from django.contrib import admin

from zhifa.enforcement.models import Arrangement, Enforcement, EnforcementDeadline, Payment, Refund, Ruling


class ReadOnly(admin.ModelAdmin):
    """Enforcement is written through its procedure (services.enforcement_act); the admin only shows it."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    can_delete = False
    readonly_fields = ["paid_on", "amount", "principal", "surcharge", "receipt_number", "bank", "recorded_by"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enforcement)
class EnforcementAdmin(ReadOnly):
    list_display = ["case", "state", "fine", "served_on", "applied_on", "closed_on"]
    list_filter = ["state"]
    inlines = [PaymentInline]


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ["enforcement", "paid_on", "amount", "principal", "surcharge", "receipt_number"]


@admin.register(Arrangement)
class ArrangementAdmin(ReadOnly):
    list_display = ["enforcement", "kind", "state", "applied_on", "decided_on"]


@admin.register(Ruling)
class RulingAdmin(ReadOnly):
    list_display = ["enforcement", "kind", "ruled_on", "number"]


@admin.register(EnforcementDeadline)
class EnforcementDeadlineAdmin(ReadOnly):
    list_display = ["enforcement", "kind", "start_date", "due_date", "met_on"]


@admin.register(Refund)
class RefundAdmin(ReadOnly):
    list_display = ["case", "state", "amount", "due_on", "refunded_on", "voucher_number"]
    list_filter = ["state"]
