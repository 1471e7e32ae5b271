from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "bridgeway.messaging"
    label = "messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        from bridgeway.messaging.audit import register_audit_details

        register_audit_details()
