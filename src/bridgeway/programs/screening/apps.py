from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "bridgeway.programs.screening"
    label = "screening"
    verbose_name = _("Screening")

    def ready(self) -> None:
        from bridgeway.core.dashboard import Panel, register_panel, register_todo
        from bridgeway.programs.screening import panels

        register_panel(
            Panel(
                kind="enrollment",
                template="screening/panels/enrollment.html",
                context=panels.enrollment_panel,
                order=20,
            )
        )
        register_panel(
            Panel(
                kind="agency",
                template="screening/panels/agency.html",
                context=panels.agency_panel,
                order=20,
            )
        )
        register_todo(panels.todo, order=10)
