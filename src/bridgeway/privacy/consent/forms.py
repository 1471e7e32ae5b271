"""The forms of consent by purpose: answering again at sign-in, publishing a new text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bridgeway.core.i18n import TranslatedTextField
from bridgeway.privacy.consent.models import Purpose
from bridgeway.privacy.consent.selectors import PurposeState

AGREE = "agree"
REFUSE = "refuse"
LATER = "later"


class AskAgainForm(forms.Form):
    """One question per purpose whose text changed meaning since the person agreed to it."""

    def __init__(self, *args: Any, states: list[PurposeState], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.states = states
        for state in states:
            choices = [(AGREE, _("I agree"))]
            if state.required:
                # Said no to taking part is leaving the program: the page says how.
                choices.append((LATER, _("Ask me at my next sign-in")))
            else:
                choices.append((REFUSE, _("I do not agree: withdraw this consent")))
            self.fields[state.purpose] = forms.ChoiceField(
                label=state.label,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer for this purpose.")},
            )


class PublishTextForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    text = TranslatedTextField(
        label=_("Text"),
        multiline=True,
        max_length=5000,
        help_text=_(
            "In plain words, in every language: what, who sees it, why, and what "
            "withdrawing changes."
        ),
    )
    meaning_changed = forms.BooleanField(
        label=_("The meaning changed: ask everyone who agreed to an earlier version again"),
        required=False,
        initial=True,
        help_text=_(
            "Leave it unticked for a correction of wording or spelling: nobody is asked again."
        ),
    )

    def clean_text(self) -> dict[str, str]:
        text: dict[str, str] = self.cleaned_data["text"]
        missing = [str(name) for code, name in settings.LANGUAGES if not text.get(code)]
        if missing:
            raise forms.ValidationError(
                _("Write the text in every language: %(languages)s is missing.")
                % {"languages": ", ".join(missing)}
            )
        return text
