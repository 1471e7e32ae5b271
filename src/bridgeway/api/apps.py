from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "bridgeway.api"
    label = "api"
    verbose_name = "API"
