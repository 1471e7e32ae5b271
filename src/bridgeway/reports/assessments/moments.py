"""When an instrument is sent: before the program (when the person is accepted — ready to
match — or, for someone matched straight away, when their mentorship starts), at the
mid-point of their mentorship, when it closes, and 3 and 6 months after it closed.

Each moment is a durable timer per enrollment (notifications/timers.py), set only when the
program has an active instrument for the person's role at that moment, and set once: a mentor
with several mentees gets each moment once, from their first mentorship. When the timer goes
off, `send_due` writes one Assessment per instrument (unique per enrollment and moment) and
one notification with a link, in the person's language; a second run sends nothing twice."""

from __future__ import annotations

import calendar
from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from bridgeway.core.kept_queries import KeptRows
from bridgeway.notifications.models import Timer
from bridgeway.notifications.outbox import notify
from bridgeway.notifications.timers import timer_schedule
from bridgeway.privacy.consent.models import Purpose
from bridgeway.privacy.consent.selectors import consent_withdrawn
from bridgeway.programs.models import Enrollment, EnrollmentStatus
from bridgeway.relationships.models import Relationship
from bridgeway.reports.assessments.models import Assessment, Instrument, Moment

TIMER_KIND = "reports.assessment_send"
FOLLOW_UP_MONTHS = {Moment.FOLLOW_UP_3: 3, Moment.FOLLOW_UP_6: 6}
# Follow-ups are not sent to someone who has since withdrawn or been declined.
GONE = {EnrollmentStatus.WITHDRAWN, EnrollmentStatus.DECLINED}


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later (the month's last day when it is shorter)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


# The program's active instruments, by the roles they ask: read at every change of status to
# "ready" and at every mentorship's start and close, so compiled once per process
# (core/kept_queries.py) and run with the program's id.
_active_instruments = KeptRows(
    lambda program_id: Instrument.objects.filter(program_id=program_id, is_active=True).values_list(
        "audience", "moments"
    ),
    int,
)


def _moments_wanted(enrollments: tuple[Enrollment, ...]) -> dict[int, set[str]]:
    """The moments the program's active instruments ask at, for each enrollment's role (by
    enrollment id): one query for the enrollments of one program."""
    program_id = enrollments[0].program_id
    roles = {enrollment.role for enrollment in enrollments}
    by_role: dict[str, set[str]] = {}
    for audience, moments in _active_instruments.list(program_id):
        if audience in roles:
            by_role.setdefault(audience, set()).update(moments)
    return {enrollment.pk: by_role.get(enrollment.role, set()) for enrollment in enrollments}


def _schedule(enrollment: Enrollment, moment: str, due_at: datetime, wanted: set[str]) -> None:
    key = f"assessment:{enrollment.pk}:{moment}"
    if moment not in wanted or Timer.objects.filter(key=key).exists():
        return
    timer_schedule(
        kind=TIMER_KIND,
        key=key,
        due_at=due_at,
        payload={"enrollment": enrollment.pk, "moment": moment},
        organization=enrollment.program.organization,
    )


def enrollment_ready(enrollment: Enrollment) -> None:
    """The enrollment became ready to match: the "before" assessment goes now."""
    wanted = _moments_wanted((enrollment,))[enrollment.pk]
    _schedule(enrollment, Moment.BEFORE, timezone.now(), wanted)


def relationship_started(relationship: Relationship) -> None:
    """A mentorship became active: "before" for anyone who has not had it, and the mid-point
    half-way to the planned end."""
    start = relationship.activated_at or timezone.now()
    end = datetime.combine(relationship.planned_end, start.timetz())
    pair = (relationship.mentee, relationship.mentor)
    wanted = _moments_wanted(pair)
    for enrollment in pair:
        _schedule(enrollment, Moment.BEFORE, start, wanted[enrollment.pk])
        if end > start:
            _schedule(enrollment, Moment.MIDPOINT, start + (end - start) / 2, wanted[enrollment.pk])


def relationship_closed(
    relationship: Relationship, *, ready_again: tuple[Enrollment, ...] = ()
) -> None:
    """A mentorship closed: the closure assessment now, the follow-ups 3 and 6 months on.
    `ready_again`: those of the pair who became ready to match in the same change (a mentor
    free for their next mentee), whose "before" assessment goes now, as `enrollment_ready`
    sends it, from the same read of the program's instruments."""
    closed = relationship.closed_at or timezone.now()
    pair = (relationship.mentee, relationship.mentor)
    wanted = _moments_wanted(pair)
    for enrollment in ready_again:
        _schedule(enrollment, Moment.BEFORE, timezone.now(), wanted[enrollment.pk])
    for enrollment in pair:
        _schedule(enrollment, Moment.CLOSURE, closed, wanted[enrollment.pk])
        for moment, months in FOLLOW_UP_MONTHS.items():
            _schedule(enrollment, moment, add_months(closed, months), wanted[enrollment.pk])


def send_due(timer: Timer) -> None:
    """Timer handler: send the enrollment's instruments for the moment."""
    moment = str(timer.payload.get("moment", ""))
    enrollment = (
        Enrollment.objects.filter(pk=timer.payload.get("enrollment"))
        .select_related("person", "program__organization")
        .first()
    )
    if enrollment is None or moment not in Moment.values or enrollment.status in GONE:
        return
    instruments = Instrument.objects.filter(
        program_id=enrollment.program_id, audience=enrollment.role, is_active=True
    ).order_by("pk")
    for instrument in instruments:
        if moment in instrument.moments:
            assessment_send(instrument=instrument, enrollment=enrollment, moment=moment)


def assessment_send(
    *, instrument: Instrument, enrollment: Enrollment, moment: str
) -> Assessment | None:
    """Write the sending and tell the person; None when it was already sent, or when the
    person withdrew their consent to evaluation (they are not asked for new assessments)."""
    if consent_withdrawn(person_id=enrollment.person_id, purpose=Purpose.EVALUATION):
        return None
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                instrument=instrument, enrollment=enrollment, moment=moment
            )
    except IntegrityError:
        return None
    notify(
        kind="reports.assessment",
        event=f"assessment:{assessment.pk}",
        person=enrollment.person,
        role=enrollment.role,
        params={"assessment": assessment.pk, "moment": moment},
        url=reverse("reports:assessment", args=[assessment.pk]),
        organization=enrollment.program.organization,
    )
    return assessment
