"""Reads of consents by purpose. Every app that stops a processing when a consent is withdrawn
asks here (`consent_withdrawn`, `withdrawn_people`, `withdrawn_q`); a person who never answered
for a purpose is not "withdrawn": what they agreed to at intake still holds (docs/privacy.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from bridgeway.core.i18n import translated
from bridgeway.core.kept_queries import KeptObjects, KeptRows
from bridgeway.privacy.consent.models import (
    INTAKE_PURPOSES,
    REQUIRED,
    Consent,
    Purpose,
    PurposeText,
)
from bridgeway.privacy.consent.texts import VERSION_1

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person


def withdrawn_people(purpose: str) -> QuerySet[Consent, int]:
    """The ids of the people whose consent for `purpose` is withdrawn now: a subquery for
    `person_id__in=`, so that a pool of thousands is filtered by the database."""
    return Consent.objects.filter(
        purpose=purpose, current=True, withdrawn_at__isnull=False
    ).values_list("person_id", flat=True)


def withdrawn_q(purpose: str, person_path: str = "person") -> Q:
    """A filter that matches the rows whose person (reached by `person_path`) withdrew."""
    return Q(**{f"{person_path}__in": withdrawn_people(purpose)})


def _withdrawn_exists(person_id: int, purpose: str) -> QuerySet[Consent, tuple[int]]:
    # Rows of one value, not flat ones: a kept query reads tuples.
    return (
        withdrawn_people(purpose)
        .filter(person_id=person_id)
        .values_list("person_id")
        .order_by()[:1]
    )


# Asked by every mentee's suggestions and ask page: its SQL compiled once per process.
_kept_withdrawn_exists = KeptRows(_withdrawn_exists, int, str)


def consent_withdrawn(*, person_id: int | None, purpose: str) -> bool:
    if person_id is None:
        return False
    return bool(_kept_withdrawn_exists.list(person_id, str(purpose)))


def _withdrawn(person_id: int, purpose: str) -> QuerySet[Consent]:
    return Consent.objects.filter(
        person_id=person_id, purpose=purpose, current=True, withdrawn_at__isnull=False
    ).order_by("-id")[:1]


# Asked on every dashboard: its SQL compiled once per process.
_kept_withdrawn = KeptObjects(_withdrawn, int, str)


def withdrawn_since(*, person_id: int, purpose: str) -> datetime | None:
    """When the person withdrew the consent, if it is withdrawn now."""
    found = _kept_withdrawn.first(person_id, str(purpose))
    return found.withdrawn_at if found is not None else None


def _publish_missing() -> None:
    have = set(PurposeText.objects.values_list("purpose", flat=True).distinct())
    for purpose, text in VERSION_1.items():
        if purpose not in have:
            PurposeText.objects.get_or_create(purpose=purpose, version=1, defaults={"text": text})


def _published(now: datetime) -> dict[str, PurposeText]:
    found: dict[str, PurposeText] = {}
    for text in PurposeText.objects.filter(published_at__lte=now).order_by("purpose", "-version"):
        found.setdefault(text.purpose, text)
    return found


def texts_current() -> dict[str, PurposeText]:
    """The newest published text of every purpose. A database with none gets version 1."""
    found = _published(timezone.now())
    if len(found) < len(Purpose.values):
        _publish_missing()
        found = _published(timezone.now())
    return found


def text_current(purpose: str) -> PurposeText:
    return texts_current()[purpose]


def meaning_version(text: PurposeText) -> int:
    """The version whose meaning `text` carries: the newest up to it that changed meaning."""
    changed = (
        PurposeText.objects.filter(
            purpose=text.purpose, version__lte=text.version, meaning_changed=True
        )
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return changed or 1


@dataclass(frozen=True)
class PurposeState:
    """A purpose as the person's page shows it: the text now, their current record (if any)
    and every record they ever had, newest first."""

    purpose: str
    label: str
    required: bool
    text: PurposeText
    current: Consent | None
    history: list[Consent]

    @property
    def holds(self) -> bool:
        return self.current is not None and self.current.withdrawn_at is None

    @property
    def state(self) -> str:
        return "given" if self.holds else "withdrawn" if self.withdrawn else "not_answered"

    @property
    def text_now(self) -> str:
        """The current text in the reader's language (the site's language if missing)."""
        return translated(self.text.text)

    @property
    def changed_since(self) -> bool:
        """The person answered on an earlier version than the one shown now."""
        return self.current is not None and self.current.text_id != self.text.pk

    @property
    def withdrawn(self) -> bool:
        return self.current is not None and self.current.withdrawn_at is not None

    @property
    def outdated(self) -> bool:
        """They agreed to a version whose meaning a newer one changed."""
        return (
            self.holds
            and self.current is not None
            and (self.current.text.version < meaning_version(self.text))
        )


def consents_for_person(*, person: Person) -> list[PurposeState]:
    """Every purpose in its order, with what `person` gave and withdrew (two queries)."""
    texts = texts_current()
    records = list(Consent.objects.filter(person=person).select_related("text").order_by("-pk"))
    states = []
    for purpose, label in Purpose.choices:
        history = [r for r in records if r.purpose == purpose]
        states.append(
            PurposeState(
                purpose=purpose,
                label=str(label),
                required=purpose in REQUIRED,
                text=texts[purpose],
                current=next((r for r in history if r.current), None),
                history=history,
            )
        )
    return states


def purposes_to_ask_again(*, person: Person) -> list[PurposeState]:
    """The consents the person holds on a version whose meaning has changed since."""
    return [state for state in consents_for_person(person=person) if state.outdated]


def texts_history() -> list[tuple[str, list[PurposeText]]]:
    """Every version of every purpose's text, newest first, by purpose in their order."""
    texts = list(PurposeText.objects.select_related("published_by").order_by("-version"))
    return [
        (str(label), [t for t in texts if t.purpose == code]) for code, label in Purpose.choices
    ]


@dataclass(frozen=True)
class IntakePurpose:
    """A purpose the intake records, as its page lists it: the name and current text in the
    reader's language, and the version (posted back, so that the version read is recorded)."""

    purpose: str
    label: str
    version: int
    text: str


def intake_purposes() -> list[IntakePurpose]:
    """The purposes agreeing at intake records, with their current texts (INTAKE_PURPOSES)."""
    texts = texts_current()
    return [
        IntakePurpose(
            purpose=str(purpose),
            label=str(Purpose(purpose).label),
            version=texts[purpose].version,
            text=translated(texts[purpose].text),
        )
        for purpose in INTAKE_PURPOSES
    ]
