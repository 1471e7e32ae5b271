"""Giving and withdrawing a consent by purpose. Each give writes a new record on the current
text; a withdrawal stamps the current record. Both are idempotent: a second click changes
nothing. The processing each purpose covers reads `selectors.withdrawn_people`, so a withdrawal
takes effect for the next suggestion, text message, referral or report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError, audit_record
from bridgeway.privacy.consent.models import (
    INTAKE_PURPOSES,
    REQUIRED,
    Consent,
    Purpose,
    PurposeText,
)
from bridgeway.privacy.consent.selectors import text_current

if TYPE_CHECKING:
    from bridgeway.core.models import Organization


def _purpose_clean(purpose: str) -> str:
    if purpose not in Purpose.values:
        raise DomainError(_("Choose one of the purposes listed."), field="purpose")
    return purpose


def _current_for_update(person: Person, purpose: str) -> Consent | None:
    # Lock the person's row: two clicks on two devices give one record, not two.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    return (
        Consent.objects.select_related("text").filter(person=person, purpose=purpose, current=True)
    ).first()


@transaction.atomic
def consent_give(
    *, person: Person, purpose: str, source: str, language: str = "", version: int | None = None
) -> Consent:
    """The person agrees to the current text of `purpose` (or to `version`, the one they read:
    an intake confirmed days after it was filled in). Already agreed to it, or to a newer one:
    nothing changes. Withdrawn, or agreed to an older version: a new record, the old one kept."""
    purpose = _purpose_clean(purpose)
    text = text_current(purpose)
    if version is not None and version != text.version:
        text = PurposeText.objects.filter(purpose=purpose, version=version).first() or text
    current = _current_for_update(person, purpose)
    if (
        current is not None
        and current.holds
        and (current.text_id == text.pk or current.text.version > text.version)
    ):
        return current
    if current is not None:
        current.current = False
        current.save(update_fields=["current"])
    consent = Consent.objects.create(
        person=person,
        purpose=purpose,
        text=text,
        given_at=timezone.now(),
        source=source,
        language=language or translation.get_language() or "",
    )
    audit_record(
        actor=person,
        action="consent.give",
        target=consent,
        subject=person,
        summary=f"{purpose} v{text.version}",
        data={"purpose": purpose, "version": text.version},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, person: Person, purpose: str, source: str) -> Consent:
    """The person withdraws `purpose` from now on. A required consent is not withdrawn here:
    the person leaves the program instead. Never given: the refusal is recorded as such."""
    purpose = _purpose_clean(purpose)
    if purpose in REQUIRED:
        raise DomainError(
            _(
                "Taking part in a program needs this consent. To withdraw it, leave the "
                "program from your dashboard."
            ),
            field="purpose",
        )
    current = _current_for_update(person, purpose)
    if current is not None and current.withdrawn_at is not None:
        return current
    now = timezone.now()
    if current is None:
        current = Consent.objects.create(
            person=person,
            purpose=purpose,
            text=text_current(purpose),
            given_at=None,
            withdrawn_at=now,
            source=source,
            language=translation.get_language() or "",
        )
    else:
        current.withdrawn_at = now
        current.save(update_fields=["withdrawn_at"])
    audit_record(
        actor=person,
        action="consent.withdraw",
        target=current,
        subject=person,
        summary=f"{purpose} v{current.text.version}",
        data={"purpose": purpose, "version": current.text.version},
    )
    return current


def consents_give_at_intake(
    *, person: Person, language: str = "", versions: dict[str, int] | None = None
) -> None:
    """Agreeing at intake records each purpose the intake page lists (INTAKE_PURPOSES), on the
    version of its text the page showed (`versions`; an intake made before the page listed
    them has none: the current versions, as it always did)."""
    for purpose in INTAKE_PURPOSES:
        consent_give(
            person=person,
            purpose=purpose,
            source=Consent.Source.INTAKE,
            language=language,
            version=(versions or {}).get(purpose),
        )


@transaction.atomic
def purpose_text_publish(
    *, purpose: str, text: dict[str, str], meaning_changed: bool, by: Person
) -> PurposeText:
    """A new version of a purpose's text, shown from now on. When its meaning changed, the
    people who agreed to an earlier version are asked again at their next sign-in."""
    purpose = _purpose_clean(purpose)
    newest = (
        PurposeText.objects.select_for_update().filter(purpose=purpose).order_by("-version").first()
    )
    if newest is not None and newest.text == text:
        raise DomainError(_("This is the text already published. Change it first."), field="text")
    published = PurposeText.objects.create(
        purpose=purpose,
        version=(newest.version + 1) if newest is not None else 1,
        text=text,
        meaning_changed=meaning_changed,
        published_by=by,
    )
    audit_record(
        actor=by,
        action="consent.text_publish",
        target=published,
        subject=None,
        summary=f"{purpose} v{published.version}",
        data={"purpose": purpose, "version": published.version},
    )
    return published


def consents_audit_staff_view(*, person: Person, by: Person, organization: Organization) -> None:
    """A staff member read a person's consents: one row in the agency's audit log."""
    audit_record(
        actor=by,
        organization=organization,
        action="consent.staff_view",
        subject=person,
        summary=person.email,
    )
