from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "zhifa.enforcement"
    label = "enforcement"
    verbose_name = "处罚决定的执行"
