"""What holds an erasure back: an open concern case about the person or raised by them. Worked
out when read, so a hold lifts by itself when the last case closes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.concerns.models import Concern


@dataclass(frozen=True)
class Hold:
    concern_id: int
    raised_by_person: bool

    def for_staff(self) -> str:
        """Why, in the reader's language (the active one)."""
        if self.raised_by_person:
            return _("Concern %(number)s, raised by this person, is still open.") % {
                "number": self.concern_id
            }
        return _("Concern %(number)s, about this person, is still open.") % {
            "number": self.concern_id
        }

    def for_person(self) -> str:
        if self.raised_by_person:
            return _(
                "A concern you raised is still being handled. Your data is kept until staff "
                "close it, so that they can finish looking into it."
            )
        return _(
            "A concern about a mentorship or program you took part in is still being handled. "
            "Your data is kept until staff close it, for the people involved."
        )


def holds_for(person: Person) -> list[Hold]:
    open_cases = Concern.objects.filter(
        Q(reporter=person) | Q(about=person), status__in=Concern.OPEN
    ).order_by("pk")
    return [
        Hold(concern_id=pk, raised_by_person=reporter_id == person.pk)
        for pk, reporter_id in open_cases.values_list("pk", "reporter_id")
    ]


def held_person_ids(person_ids: list[int]) -> set[int]:
    """Of these people, those an open concern holds (one query, for lists)."""
    rows = Concern.objects.filter(
        Q(reporter_id__in=person_ids) | Q(about_id__in=person_ids), status__in=Concern.OPEN
    ).values_list("reporter_id", "about_id")
    wanted = set(person_ids)
    return {pk for pair in rows for pk in pair if pk in wanted}
