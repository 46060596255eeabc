from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "zhifa.core"
    label = "core"
    verbose_name = "基础设施"

    def ready(self):
        # The API's default serializer fields (range-checked date-times), set here once, before any serializer
        # module is imported: zhifa.core.api.fields says why.
        from zhifa.core.api import fields

        fields.install()


class ZhifaAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with zhifa.core.admin.ZhifaAdminSite as `admin.site` (listed in INSTALLED_APPS)."""

    default = False  # zhifa.core's own config stays CoreConfig
    default_site = "zhifa.core.admin.ZhifaAdminSite"
