"""A mentor says how much they can take on: a break from new mentees until a date, and how
many mentees at once. Both take effect on suggestions and new requests at once; requests
already sent still wait for the mentor's answer."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError
from bridgeway.programs.models import Enrollment, EnrollmentRole
from bridgeway.relationships.reoffer import break_end_schedule, reoffer_soon

MAX_PAUSE = timedelta(days=365)
MAX_CAPACITY = 50


def places_held(mentor: Enrollment) -> int:
    from bridgeway.relationships.selectors import places_taken

    return places_taken(mentor.program).get(mentor.pk, 0)


@transaction.atomic
def mentor_availability_set(
    *, mentor: Enrollment, by: Person, paused_until: date | None, capacity: int
) -> Enrollment:
    locked = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=mentor.pk)
    )
    if locked.person_id != by.pk or locked.role != EnrollmentRole.MENTOR:
        raise DomainError(_("Only the mentor can change their availability."))
    today = timezone.localdate()
    if paused_until is not None:
        if paused_until < today:
            raise DomainError(_("Choose a day from today on, or leave it empty."), "paused_until")
        if paused_until > today + MAX_PAUSE:
            raise DomainError(
                _("A break can last until %(date)s at most.")
                % {"date": formats.date_format(today + MAX_PAUSE, "DATE_FORMAT")},
                "paused_until",
            )
    if not 1 <= capacity <= MAX_CAPACITY:
        raise DomainError(
            ngettext(
                "Choose between 1 and %(max)d mentee.",
                "Choose between 1 and %(max)d mentees.",
                MAX_CAPACITY,
            )
            % {"max": MAX_CAPACITY},
            "capacity",
        )
    was_paused = locked.paused_until is not None and locked.paused_until >= today
    before_until = locked.paused_until
    before_capacity = locked.capacity or locked.program.mentor_capacity_default
    locked.paused_until = paused_until
    locked.capacity = capacity
    locked.save(update_fields=["paused_until", "capacity"])
    # A place may free up: more mentees at once, or the break ended early; or later, when the
    # break ends by itself.
    break_end_schedule(mentor=locked, before=before_until, after=paused_until)
    if paused_until is None and was_paused:
        reoffer_soon(mentor=locked, why="break_ended")
    elif capacity > before_capacity:
        reoffer_soon(mentor=locked, why="capacity")
    return locked
