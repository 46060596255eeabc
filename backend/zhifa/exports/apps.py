from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "zhifa.exports"
    label = "exports"
    verbose_name = "导出任务"

    def ready(self):
        # The built-in export kinds register themselves with the registry on import.
        from zhifa.exports import case_ledger  # noqa: F401
