from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "bridgeway.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from bridgeway.core.audit import register_audit_detail, with_reason

        def proposal_detail(data: dict[str, Any]) -> str:
            return with_reason(_("mentor: %(mentor)s") % {"mentor": data["mentor"]}, data)

        register_audit_detail("matching.decline", proposal_detail)
        register_audit_detail("matching.withdraw", proposal_detail)
