from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BreachesConfig(AppConfig):
    name = "bridgeway.privacy.breaches"
    label = "privacy_breaches"
    verbose_name = _("Breach register")

    def ready(self) -> None:
        from bridgeway.privacy.breaches.audit import register_audit_details

        register_audit_details()
