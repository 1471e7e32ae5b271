from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "bridgeway.core"
    label = "core"
    verbose_name = _("Network and agencies")

    def ready(self) -> None:
        from bridgeway.core import checks  # noqa: F401 - registers the deployment checks
