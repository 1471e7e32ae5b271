from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "bridgeway.programs"
    label = "programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        from bridgeway.programs.audit import register_audit_details

        register_audit_details()
