from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "bridgeway.privacy.exports"
    label = "privacy_exports"
    verbose_name = _("Personal data exports")

    def ready(self) -> None:
        from bridgeway.privacy.exports import audit

        audit.register()
