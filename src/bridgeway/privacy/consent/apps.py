from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "bridgeway.privacy.consent"
    label = "privacy_consent"
    verbose_name = _("Consent by purpose")

    def ready(self) -> None:
        from bridgeway.privacy.consent.audit import register_audit_details

        register_audit_details()
