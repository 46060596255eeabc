from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zhifa.audit"
    label = "audit"
    verbose_name = "审计与留痕"

    def ready(self):
        from zhifa.audit import signals  # noqa: F401 - connects the Celery task context
