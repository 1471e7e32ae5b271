from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "bridgeway.learning"
    label = "learning"
    verbose_name = _("Training and learning")

    def ready(self) -> None:
        from bridgeway.learning.library.audit import register_audit_details

        register_audit_details()
