from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "zhifa.registry"
    label = "registry"
    verbose_name = "社会组织登记"
