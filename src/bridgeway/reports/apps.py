from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "bridgeway.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from bridgeway.reports import audit
        from bridgeway.reports.funders.audit import register as register_funders
        from bridgeway.reports.partners.audit import register as register_partners
        from bridgeway.reports.recognition import audit as recognition_audit

        audit.register()
        recognition_audit.register()
        register_funders()
        register_partners()
