from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records written only by the procedure (deadlines, steps, numbers): the admin may look, not touch."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def register_read_only(*models) -> None:
    for model in models:
        admin.site.register(model, ReadOnlyAdmin)
