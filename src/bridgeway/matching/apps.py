from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "bridgeway.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from bridgeway.core.dashboard import Panel, register_panel, register_todo
        from bridgeway.matching.panels import (
            agency_gap_panel,
            mentee_suggestions_panel,
            mentor_proposals_panel,
            staff_declines_panel,
            todo,
        )

        register_panel(
            Panel(
                kind="enrollment",
                template="matching/_panel_suggestions.html",
                context=mentee_suggestions_panel,
                order=60,
            )
        )
        register_panel(
            Panel(
                kind="enrollment",
                template="matching/_panel_proposals.html",
                context=mentor_proposals_panel,
                order=60,
            )
        )
        register_panel(
            Panel(
                kind="agency",
                template="matching/_panel_gap.html",
                context=agency_gap_panel,
                order=60,
            )
        )
        register_panel(
            Panel(
                kind="staff_enrollment",
                template="matching/_panel_staff_declines.html",
                context=staff_declines_panel,
                order=60,
            )
        )
        register_todo(todo, order=60)
        from bridgeway.core.audit import register_audit_detail, with_reason

        def proposal_detail(data: dict[str, Any]) -> str:
            return with_reason(_("mentor: %(mentor)s") % {"mentor": data["mentor"]}, data)

        register_audit_detail("matching.decline", proposal_detail)
        register_audit_detail("matching.withdraw", proposal_detail)
