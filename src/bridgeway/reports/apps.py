from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "bridgeway.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from bridgeway.reports.partners.audit import register as register_partners
        from bridgeway.reports.recognition.audit import register

        register()
        register_partners()
