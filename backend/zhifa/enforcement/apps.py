from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "zhifa.enforcement"
    label = "enforcement"
    verbose_name = "处罚决定的执行"

    def ready(self):
        from zhifa.enforcement import package  # noqa: F401 - registers the application package export kind
