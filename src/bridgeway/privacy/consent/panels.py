"""Dashboard panels: on a participant's enrollment card, what a withdrawn matching profile
means for them; on the staff page of an enrollment, which consents the person withdrew and
the link to their consents (read-only)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import DateTimeField, OuterRef, Subquery

from bridgeway.privacy.consent.models import PROFILE_WITHDRAWN_NOTE, Consent, Purpose
from bridgeway.privacy.consent.selectors import withdrawn_since

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.programs.models import Enrollment


# Asked by the dashboard with the person's enrollments (dashboard/reads.py), in the same
# statement: `withdrawn_since` of the enrollment's person for the matching profile (None when
# it is not withdrawn). Enrollments read without it (any other caller) are read as before.
HINT_WITHDRAWN = "panel_profile_withdrawn_at"


def dashboard_hints() -> dict[str, Any]:
    withdrawn = Consent.objects.filter(
        person_id=OuterRef("person_id"),
        purpose=Purpose.MATCHING_PROFILE,
        current=True,
        withdrawn_at__isnull=False,
    ).order_by("-id")
    return {
        HINT_WITHDRAWN: Subquery(withdrawn.values("withdrawn_at")[:1], output_field=DateTimeField())
    }


def profile_withdrawn_panel(
    *, enrollments: Sequence[Enrollment], person: Person
) -> dict[int, dict[str, Any]]:
    """On each of the person's own cards: they are not suggested while it is withdrawn."""
    own = [e for e in enrollments if e.person_id == person.pk]
    if not own:
        return {}
    if hasattr(own[0], HINT_WITHDRAWN):
        since = getattr(own[0], HINT_WITHDRAWN)
    else:
        since = withdrawn_since(person_id=person.pk, purpose=Purpose.MATCHING_PROFILE)
    if since is None:
        return {}
    note = str(PROFILE_WITHDRAWN_NOTE)
    return {e.pk: {"note": note, "since": since} for e in own}


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
