from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhifa.core"
    label = "core"
    verbose_name = "基础设施"

    def ready(self):
        # The API's default serializer fields (range-checked date-times), set here once, before any serializer
        # module is imported: zhifa.core.api.fields says why.
        from zhifa.core.api import fields

        fields.install()
