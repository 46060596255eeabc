from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "zhifa.evidence"
    label = "evidence"
    verbose_name = "证据与执法记录"

    def ready(self):
        # The case file (卷宗) is an export kind of the background job engine.
        from django.apps import apps

        if apps.is_installed("zhifa.exports"):
            from zhifa.evidence import casefile  # noqa: F401
