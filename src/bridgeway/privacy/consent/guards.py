"""What other apps ask before a processing a consent covers (listed in settings)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from bridgeway.core.services import DomainError
from bridgeway.notifications.preferences import TextConsent
from bridgeway.privacy.consent.models import Consent, Purpose
from bridgeway.privacy.consent.selectors import consent_withdrawn, consents_for_person, text_current
from bridgeway.privacy.consent.services import consent_give

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person


def texting_withdrawn(person_id: int) -> str:
    """BRIDGEWAY_TEXT_GUARDS: no SMS or WhatsApp once the person withdrew that consent."""
    if consent_withdrawn(person_id=person_id, purpose=Purpose.TEXTING):
        return _(
            "You withdrew your consent to text messages: nothing is sent by SMS or WhatsApp. "
            "Your notifications still reach you by email and in the app."
        )
    return ""


def texting_consent_read(person: Person) -> TextConsent:
    """BRIDGEWAY_TEXT_CONSENT: the texting consent as the notification preferences page shows
    it, with its current text in the reader's language."""
    state = next(s for s in consents_for_person(person=person) if s.purpose == Purpose.TEXTING)
    return TextConsent(
        holds=state.holds,
        withdrawn=state.withdrawn,
        version=state.text.version,
        text=state.text_now,
        given_at=state.current.given_at if state.holds and state.current else None,
        agreed_version=state.current.text.version if state.holds and state.current else None,
    )


def texting_consent_give(person: Person, version: int) -> None:
    """BRIDGEWAY_TEXT_CONSENT: agreed on the notification preferences page, to the version
    shown there; recorded like the page "What you agreed to" records it (a new record on the
    current text, its time, the audit log), its source "contact settings"."""
    if text_current(Purpose.TEXTING).version != version:
        raise DomainError(
            _("The text about text messages has just changed. Please read it again."),
            field="texts_consent",
        )
    consent_give(person=person, purpose=Purpose.TEXTING, source=Consent.Source.CONTACT)
