from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "bridgeway.programs.questionnaires"
    label = "questionnaires"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        from bridgeway.core.dashboard import Panel, register_panel
        from bridgeway.programs.questionnaires.panels import agency_panel, profile_panel

        register_panel(
            Panel(
                kind="enrollment",
                template="questionnaires/_panel_profile.html",
                context=profile_panel,
                order=50,
            )
        )
        register_panel(
            Panel(kind="agency", template="questionnaires/_panel_agency.html", context=agency_panel)
        )
