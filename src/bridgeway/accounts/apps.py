from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "bridgeway.accounts"
    label = "accounts"
    verbose_name = _("People")

    def ready(self) -> None:
        # Sessions note when a person signs in (the staff time limits, "sign out everywhere").
        from bridgeway.accounts import sessions  # noqa: F401
