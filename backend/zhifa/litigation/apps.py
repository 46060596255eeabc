from django.apps import AppConfig


class LitigationConfig(AppConfig):
    name = "zhifa.litigation"
    label = "litigation"
    verbose_name = "行政复议与应诉"

    def ready(self):
        from zhifa.litigation import package  # noqa: F401 - registers the court package export kind
