from django.apps import AppConfig


class SanctionsConfig(AppConfig):
    name = "zhifa.sanctions"
    label = "sanctions"
    verbose_name = "非金钱处罚的执行"
