from django.contrib import admin

from zhifa.enforcement.models import Enforcement, Payment


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    readonly_fields = ["paid_on", "amount", "principal", "surcharge", "receipt_number", "bank", "recorded_by"]


@admin.register(Enforcement)
class EnforcementAdmin(admin.ModelAdmin):
    list_display = ["case", "state", "fine", "served_on", "applied_on", "closed_on"]
    list_filter = ["state"]
    readonly_fields = [f.name for f in Enforcement._meta.fields]
    inlines = [PaymentInline]
