from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "bridgeway.learning"
    label = "learning"
    verbose_name = _("Training and learning")

    def ready(self) -> None:
        from bridgeway.core.dashboard import Panel, register_panel
        from bridgeway.learning.panels import agency_training_panel, enrollment_training_panel

        register_panel(
            Panel(
                kind="enrollment",
                template="learning/_panel_progress.html",
                context=enrollment_training_panel,
                order=50,
            )
        )
        register_panel(
            Panel(
                kind="agency",
                template="learning/_panel_agency.html",
                context=agency_training_panel,
                order=50,
            )
        )
