"""What other apps ask before a processing a consent covers (listed in settings)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from bridgeway.privacy.consent.models import Purpose
from bridgeway.privacy.consent.selectors import consent_withdrawn


def texting_withdrawn(person_id: int) -> str:
    """BRIDGEWAY_TEXT_GUARDS: no SMS or WhatsApp once the person withdrew that consent."""
    if consent_withdrawn(person_id=person_id, purpose=Purpose.TEXTING):
        return _(
            "You withdrew your consent to text messages: nothing is sent by SMS or WhatsApp. "
            "Your notifications still reach you by email and in the app."
        )
    return ""
