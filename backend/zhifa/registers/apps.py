from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "zhifa.registers"
    label = "registers"
    verbose_name = "执法信息登记簿"

    def ready(self):
        from zhifa.disclosure.signals import notice_published
        from zhifa.registers.receivers import mark_annual_report_published

        notice_published.connect(mark_annual_report_published, dispatch_uid="registers-annual-report-published")
