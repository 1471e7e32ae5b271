from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgeway.privacy.exports.services import REASON_MAX


class StaffExportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you ask for this person's data?"),
        help_text=_(
            "For example: they asked us by phone. The reason is kept in the agency's audit log."
        ),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
