"""Dashboard panels: on a participant's enrollment card, what a withdrawn matching profile
means for them; on the staff page of an enrollment, which consents the person withdrew and
the link to their consents (read-only)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bridgeway.privacy.consent.models import PROFILE_WITHDRAWN_NOTE, Consent, Purpose
from bridgeway.privacy.consent.selectors import withdrawn_since

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.programs.models import Enrollment


def profile_withdrawn_panel(
    *, enrollments: Sequence[Enrollment], person: Person
) -> dict[int, dict[str, Any]]:
    """On each of the person's own cards: they are not suggested while it is withdrawn."""
    since = withdrawn_since(person_id=person.pk, purpose=Purpose.MATCHING_PROFILE)
    if since is None:
        return {}
    note = str(PROFILE_WITHDRAWN_NOTE)
    return {e.pk: {"note": note, "since": since} for e in enrollments if e.person_id == person.pk}


def staff_consents_panel(*, enrollment: Enrollment, person: Person) -> dict[str, Any]:
    """The purposes the participant withdrew (labels only) and the link to the details."""
    withdrawn = (
        Consent.objects.filter(
            person_id=enrollment.person_id, current=True, withdrawn_at__isnull=False
        )
        .order_by("purpose")
        .values_list("purpose", flat=True)
    )
    return {
        "enrollment": enrollment,
        "withdrawn": [str(Purpose(code).label) for code in withdrawn],
    }
