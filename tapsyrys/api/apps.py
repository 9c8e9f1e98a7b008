from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tapsyrys.api"
    label = "api"
    verbose_name = "API"
