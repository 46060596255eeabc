from django.contrib import admin

from zhifa.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "due_on", "created_at", "read_at"]
    list_filter = ["kind"]
