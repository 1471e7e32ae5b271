from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ErasureConfig(AppConfig):
    name = "bridgeway.privacy.erasure"
    label = "privacy_erasure"
    verbose_name = _("Erasure of a person's data")
