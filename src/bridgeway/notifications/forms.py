from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgeway.notifications.models import ContactSettings
from bridgeway.notifications.preferences import TextConsent
from bridgeway.notifications.texting import phone_display


class ContactForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"),
        required=False,
        max_length=40,
        help_text=_(
            "With the country code if you are outside Canada, for example +63 917 123 4567."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    sms = forms.BooleanField(
        label=_("Send me text messages (SMS) for what needs an answer"), required=False
    )
    whatsapp = forms.BooleanField(
        label=_("Send me WhatsApp messages for what needs an answer"), required=False
    )
    quiet_start = forms.TimeField(
        label=_("Quiet hours start"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_end = forms.TimeField(
        label=_("Quiet hours end"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_(
            "In your own time zone. Emails and messages wait until the end of your quiet hours. "
            "Leave both empty for 21:00 to 08:00."
        ),
    )

    @classmethod
    def initial_for(cls, contact: ContactSettings) -> dict[str, Any]:
        return {
            "phone": phone_display(contact.phone) if contact.phone else "",
            "sms": contact.can_text("sms"),
            "whatsapp": contact.can_text("whatsapp"),
            "quiet_start": contact.quiet_start,
            "quiet_end": contact.quiet_end,
        }


class TextConsentForm(forms.Form):
    """Beside the contact form, in the same submit, while the consent to text messages does not
    hold: its text (shown by the page) and a box to agree to it. Turning a text channel on needs
    the box ticked (services.contact_update refuses it otherwise)."""

    texts_consent = forms.BooleanField(
        label=_("I agree to receive text messages as this text describes"), required=False
    )
    texts_consent_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, consent: TextConsent, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"texts_consent_version": consent.version})
        super().__init__(*args, **kwargs)
        self.consent = consent

    @property
    def agreed(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data["texts_consent"])

    @property
    def version(self) -> int:
        return int(self.cleaned_data.get("texts_consent_version") or self.consent.version)
