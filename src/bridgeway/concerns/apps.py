from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "bridgeway.concerns"
    label = "concerns"
    verbose_name = _("Concerns")

    def ready(self) -> None:
        from bridgeway.concerns.audit import register_audit_details

        register_audit_details()
