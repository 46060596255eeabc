from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "zhifa.registers"
    label = "registers"
    verbose_name = "执法信息登记簿"

