"""Forms of the recognition pages. Several sit on one page, each with its own prefix so that
their fields keep ids of their own."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bridgeway.reports.recognition.models import CODE_LENGTH
from bridgeway.reports.recognition.services import REASON_MAX, TITLE_MAX


class SignerForm(forms.Form):
    signer_title = forms.CharField(
        label=_("Your title, printed under your name"),
        max_length=TITLE_MAX,
        help_text=_(
            "Certificates are signed for the agency with your name, this title and the date."
        ),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it revoked?"),
        max_length=REASON_MAX,
        help_text=_("Kept in the audit log. The verification page says only that it was revoked."),
    )


class LetterAnswerForm(forms.Form):
    signer_title = forms.CharField(
        label=_("Your title, printed under your name"), max_length=TITLE_MAX, required=False
    )
    reason = forms.CharField(
        label=_("Or decline, with a reason the mentor reads"),
        max_length=REASON_MAX,
        required=False,
    )


class LetterRequestForm(forms.Form):
    enrollment = forms.TypedChoiceField(label=_("Program"), coerce=int)
    recipient_name = forms.CharField(label=_("Your manager's or employer's name"), max_length=150)
    recipient_email = forms.EmailField(label=_("Their email address"))
    employer = forms.CharField(label=_("The organization you work for"), max_length=200)
    language = forms.ChoiceField(label=_("Language of the letter"))
    send_by_email = forms.BooleanField(
        label=_("The program emails the letter to them (you can always download it yourself)"),
        required=False,
        initial=True,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the program writes to this person about my mentoring: my name, "
            "the program, my hours and mentorships completed."
        ),
        required=False,
    )

    def __init__(self, *args: Any, programs: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enrollment"].choices = programs  # type: ignore[attr-defined]
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            (code, str(name)) for code, name in settings.LANGUAGES
        ]


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=CODE_LENGTH + 4,
        help_text=_("Ten letters and digits, printed at the bottom of the certificate or letter."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
