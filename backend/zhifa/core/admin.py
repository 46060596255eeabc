import pgtrigger
from django.contrib import admin, messages
from django.db import DatabaseError, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse


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


def delete_protected(model) -> bool:
    """Whether PostgreSQL refuses to delete the model's rows (an append-only or never-deleted trigger)."""
    return any(isinstance(trigger, pgtrigger.Protect) and trigger.condition is None
               and "DELETE" in str(trigger.operation).upper() for trigger in getattr(model._meta, "triggers", []))


def refused_by_trigger(exc: Exception) -> bool:
    return isinstance(exc, DatabaseError) and "pgtrigger: Cannot" in str(exc)


REFUSED_MESSAGE = "数据库拒绝了这次修改或删除：该记录（或随之删除的记录）只能追加，不能修改或删除。如需更正，请新增一条更正记录。"


class ProtectedRowsAdmin:
    """What the admin does about rows PostgreSQL keeps (zhifa's pgtrigger Protect triggers): it offers no
    delete for an append-only model, and a delete or edit the trigger refuses anyway (a cascade to an
    append-only table, an issued document's text) is answered with a message on the page, not an HTML 500.
    ZhifaAdminSite gives it to every ModelAdmin registered."""

    def has_delete_permission(self, request, obj=None):
        return not delete_protected(self.model) and super().has_delete_permission(request, obj)

    def _refusal(self, request, exc):
        if not refused_by_trigger(exc):
            raise exc
        self.message_user(request, REFUSED_MESSAGE, messages.ERROR)
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist",
                                            current_app=self.admin_site.name))

    def delete_view(self, request, object_id, extra_context=None):
        try:
            with transaction.atomic():  # the refused statement rolls back to here, the request carries on
                return super().delete_view(request, object_id, extra_context)
        except DatabaseError as exc:
            return self._refusal(request, exc)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            with transaction.atomic():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except DatabaseError as exc:
            return self._refusal(request, exc)

    def changelist_view(self, request, extra_context=None):  # the "delete selected" action
        try:
            with transaction.atomic():
                return super().changelist_view(request, extra_context)
        except DatabaseError as exc:
            return self._refusal(request, exc)


class ZhifaAdminSite(admin.AdminSite):
    """The admin site (zhifa.core.apps.ZhifaAdminConfig makes it `admin.site`): every ModelAdmin registered,
    the project's and third-party ones, gets ProtectedRowsAdmin."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ProtectedRowsAdmin):
            admin_class = type(admin_class.__name__, (ProtectedRowsAdmin, admin_class),
                               {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__})
        return super().register(model_or_iterable, admin_class, **options)
