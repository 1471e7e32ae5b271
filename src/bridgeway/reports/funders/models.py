"""Mapping files an agency uploaded, kept as uploaded, one row per version: a new version is a
new row, so an export always names the exact mapping it used. The mappings Bridgeway ships are
files (funders/mappings/), not rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Organization


class FunderMapping(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="funder_mappings"
    )
    key = models.SlugField(_("key"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    funder = models.CharField(_("funder"), max_length=120)
    name = models.CharField(_("name"), max_length=120)
    text = models.TextField(_("mapping file"))
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("funder mapping")
        verbose_name_plural = _("funder mappings")
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key", "version"], name="funder_mapping_one_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key}-v{self.version}"
