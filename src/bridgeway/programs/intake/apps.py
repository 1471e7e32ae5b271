from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "bridgeway.programs.intake"
    label = "intake"
    verbose_name = _("Intake and referrals")

    def ready(self) -> None:
        from bridgeway.core.dashboard import Panel, register_panel, register_todo
        from bridgeway.programs.intake.panels import (
            incoming_referrals_panel,
            open_referrals_panel,
            todo,
        )

        register_panel(
            Panel(
                kind="enrollment",
                template="intake/_panel_open_referrals.html",
                context=open_referrals_panel,
            )
        )
        register_panel(
            Panel(
                kind="agency",
                template="intake/_panel_incoming_referrals.html",
                context=incoming_referrals_panel,
                order=50,
            )
        )
        register_todo(todo, order=50)
