from django.apps import AppConfig


class LitigationConfig(AppConfig):
    name = "zhifa.litigation"
    label = "litigation"
    verbose_name = "行政复议与应诉"
