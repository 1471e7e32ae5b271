"""The rows of a funder export, read a chunk at a time so that memory stays flat however many
there are: one row per participant served (or enrolled) in the period, per mentorship active in
it, or per meeting held in it, in the agency's programs (or one of them).

Each chunk costs a fixed number of queries: the chunk itself, the answers to the questions the
mapping reads, and the meetings, groups and referrals its figures count.

A meeting is *held* when at least one of the two said "we met". Its minutes, for a person, are
the ones they logged, or the other person's when they logged none. A group meeting counts for
a member who logged it themselves."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet
from django.utils import timezone

from bridgeway.core.models import Organization
from bridgeway.privacy.consent.models import Purpose
from bridgeway.privacy.consent.selectors import withdrawn_people
from bridgeway.programs.intake.models import Referral
from bridgeway.programs.models import Enrollment, EnrollmentStatus, Program
from bridgeway.programs.questionnaires.models import Answer as AnswerRow
from bridgeway.programs.questionnaires.selectors import SENSITIVE_KINDS
from bridgeway.relationships.groups.models import GroupMeetingLog, GroupMember
from bridgeway.relationships.models import Meeting, MeetingLog, Relationship
from bridgeway.reports.funders.catalogue import Answer, Figures, RowData
from bridgeway.reports.funders.mapping import Mapping
from bridgeway.reports.scope import ReportFilter

CHUNK = 500
M = TypeVar("M", bound=Model)
MET = MeetingLog.Outcome.MET
ENDED = (
    EnrollmentStatus.WITHDRAWN,
    EnrollmentStatus.DECLINED,
    EnrollmentStatus.CLOSED,
    EnrollmentStatus.ALUMNI,
)
AGREED = (Referral.Status.CONSENTED, Referral.Status.ACCEPTED)


@dataclass(frozen=True)
class Selection:
    """Whose rows: an agency's programs, or one of them, over whole days (both included)."""

    organization: Organization
    start: date
    end: date
    program: Program | None = None

    def window(self) -> tuple[datetime, datetime]:
        return ReportFilter(start=self.start, end=self.end).window()

    def programs(self) -> QuerySet[Program]:
        found = Program.objects.filter(organization=self.organization)
        return found.filter(pk=self.program.pk) if self.program is not None else found


def _pair_active(start: datetime, end: datetime, prefix: str = "") -> Q:
    """A mentorship that had started (its agreement signed) and not yet closed in the period."""
    return Q(**{f"{prefix}activated_at__lt": end}) & (
        Q(**{f"{prefix}closed_at__isnull": True}) | Q(**{f"{prefix}closed_at__gte": start})
    )


def _member_active(start: datetime, end: datetime) -> Q:
    return (
        Q(joined_at__lt=end)
        & (Q(left_at__isnull=True) | Q(left_at__gte=start))
        & _pair_active(start, end, "group__")
    )


def _chunks(found: QuerySet[M]) -> Iterator[list[M]]:
    last = 0
    while True:
        chunk = list(found.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def participants(mapping: Mapping, selection: Selection) -> QuerySet[Enrollment]:
    start, end = selection.window()
    found = Enrollment.objects.filter(program__in=selection.programs())
    if mapping.role != "any":
        found = found.filter(role=mapping.role)
    if mapping.include == "served":
        pairs = Relationship.objects.filter(_pair_active(start, end)).filter(
            Q(mentee=OuterRef("pk")) | Q(mentor=OuterRef("pk"))
        )
        groups = GroupMember.objects.filter(_member_active(start, end), enrollment=OuterRef("pk"))
        found = found.filter(Exists(pairs) | Exists(groups))
    else:
        found = found.filter(created_at__lt=end).exclude(
            status__in=ENDED, status_changed_at__lt=start
        )
    return found.select_related("person", "program__organization")


def relationships(selection: Selection) -> QuerySet[Relationship]:
    start, end = selection.window()
    return Relationship.objects.filter(
        _pair_active(start, end), program__in=selection.programs()
    ).select_related("mentee__person", "mentee__program__organization", "mentor__person")


def meetings(selection: Selection) -> QuerySet[Meeting]:
    start, end = selection.window()
    held = MeetingLog.objects.filter(meeting=OuterRef("pk"), outcome=MET)
    return Meeting.objects.filter(
        Exists(held),
        relationship__program__in=selection.programs(),
        starts_at__gte=start,
        starts_at__lt=end,
    ).select_related(
        "relationship__mentee__person",
        "relationship__mentee__program__organization",
        "relationship__mentor__person",
    )


def rows(mapping: Mapping, selection: Selection) -> Iterator[RowData]:
    """Every row of the export, in a stable order (by Bridgeway's number)."""
    keys = mapping.question_keys()
    if mapping.rows == "participant":
        for chunk in _chunks(participants(mapping, selection)):
            answers = _answers([e.pk for e in chunk], keys)
            figures = _participant_figures(chunk, selection)
            hidden = _sensitive_hidden(chunk)
            for enrollment in chunk:
                yield _row(selection, enrollment, answers, figures[enrollment.pk], hidden)
    elif mapping.rows == "relationship":
        for pairs in _chunks(relationships(selection)):
            answers = _answers([r.mentee_id for r in pairs], keys)
            pair_logs = _pair_logs([r.pk for r in pairs], selection)
            hidden = _sensitive_hidden([r.mentee for r in pairs])
            for pair in pairs:
                held = _held_minutes(pair_logs.get(pair.pk, {}), pair.mentee.person_id)
                counted = Figures(meetings=len(held), minutes=sum(held))
                yield _row(selection, pair.mentee, answers, counted, hidden, relationship=pair)
    else:
        for held_meetings in _chunks(meetings(selection)):
            answers = _answers([m.relationship.mentee_id for m in held_meetings], keys)
            logs = _meeting_logs([m.pk for m in held_meetings])
            hidden = _sensitive_hidden([m.relationship.mentee for m in held_meetings])
            for meeting in held_meetings:
                pair = meeting.relationship
                minutes = _minutes_for(logs.get(meeting.pk, []), pair.mentee.person_id) or 0
                yield _row(
                    selection,
                    pair.mentee,
                    answers,
                    Figures(),
                    hidden,
                    relationship=pair,
                    meeting=meeting,
                    meeting_minutes=minutes,
                )


def _sensitive_hidden(enrollments: list[Enrollment]) -> set[int]:
    """The people of a chunk who withdrew their consent to sensitive information."""
    people = {e.person_id for e in enrollments}
    return set(withdrawn_people(Purpose.SENSITIVE).filter(person_id__in=people))


def _row(
    selection: Selection,
    enrollment: Enrollment,
    answers: dict[int, dict[str, Answer]],
    figures: Figures,
    hidden: set[int],
    **more: Any,
) -> RowData:
    withdrawn = enrollment.person_id in hidden
    own = answers.get(enrollment.pk, {})
    if withdrawn:
        own = {k: a for k, a in own.items() if not a.sensitive}
    return RowData(
        enrollment=enrollment,
        start=selection.start,
        end=selection.end,
        answers=own,
        figures=figures,
        sensitive_hidden=withdrawn,
        **more,
    )


def _answers(enrollment_ids: list[int], keys: list[str]) -> dict[int, dict[str, Answer]]:
    found: dict[int, dict[str, Answer]] = defaultdict(dict)
    if not keys:
        return found
    stored = AnswerRow.objects.filter(
        enrollment_id__in=enrollment_ids, question__key__in=keys
    ).values_list(
        "enrollment_id",
        "question__key",
        "question__kind",
        "question__choices",
        "value",
        "question__is_sensitive",
    )
    for enrollment_id, key, kind, choices, value, marked in stored:
        labels = {c["value"]: c.get("label", {}) for c in choices or [] if isinstance(c, dict)}
        found[enrollment_id][key] = Answer(
            kind=kind, value=value, choices=labels, sensitive=marked or kind in SENSITIVE_KINDS
        )
    return found


Logs = dict[int, list[tuple[int, str, int]]]  # meeting id → [(person id, outcome, minutes)]


def _meeting_logs(meeting_ids: list[int]) -> Logs:
    found: Logs = defaultdict(list)
    stored = MeetingLog.objects.filter(meeting_id__in=meeting_ids).values_list(
        "meeting_id", "person_id", "outcome", "minutes"
    )
    for meeting_id, person_id, outcome, minutes in stored:
        found[meeting_id].append((person_id, outcome, minutes))
    return found


def _pair_logs(relationship_ids: list[int], selection: Selection) -> dict[int, Logs]:
    """{relationship id: its meetings' logs}, for meetings in the period."""
    start, end = selection.window()
    found: dict[int, Logs] = defaultdict(lambda: defaultdict(list))
    stored = MeetingLog.objects.filter(
        meeting__relationship_id__in=relationship_ids,
        meeting__starts_at__gte=start,
        meeting__starts_at__lt=end,
    ).values_list("meeting__relationship_id", "meeting_id", "person_id", "outcome", "minutes")
    for relationship_id, meeting_id, person_id, outcome, minutes in stored:
        found[relationship_id][meeting_id].append((person_id, outcome, minutes))
    return found


def _minutes_for(logs: list[tuple[int, str, int]], person_id: int) -> int | None:
    """A held meeting's minutes for the person (theirs, else the other's); None if not held."""
    met = [(person, minutes) for person, outcome, minutes in logs if outcome == MET]
    if not met:
        return None
    own = [minutes for person, minutes in met if person == person_id]
    return own[0] if own else max(minutes for _person, minutes in met)


def _held_minutes(logs: Logs, person_id: int) -> list[int]:
    minutes = (_minutes_for(meeting_logs, person_id) for meeting_logs in logs.values())
    return [m for m in minutes if m is not None]


def _participant_figures(chunk: list[Enrollment], selection: Selection) -> dict[int, Figures]:
    start, end = selection.window()
    ids = [e.pk for e in chunk]
    people = {e.pk: e.person_id for e in chunk}
    found = {pk: Figures() for pk in ids}
    pairs = list(
        Relationship.objects.filter(_pair_active(start, end))
        .filter(Q(mentee_id__in=ids) | Q(mentor_id__in=ids))
        .values_list("pk", "mentee_id", "mentor_id", "activated_at", "closed_at")
    )
    logs = _pair_logs([pk for pk, *_rest in pairs], selection)
    for pk, mentee_id, mentor_id, activated, closed in pairs:
        for enrollment_id in (mentee_id, mentor_id):
            if enrollment_id in found and activated is not None:
                held = _held_minutes(logs.get(pk, {}), people[enrollment_id])
                _add(found[enrollment_id], activated, closed, len(held), sum(held))
    members = list(
        GroupMember.objects.filter(_member_active(start, end), enrollment_id__in=ids).values_list(
            "enrollment_id", "group_id", "joined_at", "left_at", "group__activated_at",
            "group__closed_at",
        )
    )  # fmt: skip
    group_logs: dict[tuple[int, int], list[int]] = defaultdict(list)
    stored = GroupMeetingLog.objects.filter(
        meeting__group_id__in={m[1] for m in members},
        person_id__in=people.values(),
        outcome=MET,
        meeting__starts_at__gte=start,
        meeting__starts_at__lt=end,
    ).values_list("meeting__group_id", "person_id", "minutes")
    for group_id, person_id, minutes in stored:
        group_logs[(group_id, person_id)].append(minutes)
    for enrollment_id, group_id, joined, left, activated, closed in members:
        logged = group_logs.get((group_id, people[enrollment_id]), [])
        ends = [moment for moment in (left, closed) if moment is not None]
        began = max(joined, activated) if activated is not None else joined
        _add(found[enrollment_id], began, min(ends, default=None), len(logged), sum(logged))
    referrals = (
        Referral.objects.filter(
            from_enrollment_id__in=ids, status__in=AGREED, created_at__gte=start, created_at__lt=end
        )
        .values("from_enrollment_id")
        .annotate(n=Count("pk"))
    )
    for row in referrals:
        found[row["from_enrollment_id"]].referrals = row["n"]
    return found


def _add(
    figures: Figures, began: datetime, ended: datetime | None, meetings: int, minutes: int
) -> None:
    figures.mentorships += 1
    figures.meetings += meetings
    figures.minutes += minutes
    first = timezone.localdate(began)
    figures.first_on = min(figures.first_on or first, first)
    if ended is None:
        figures.ongoing = True
    else:
        last = timezone.localdate(ended)
        figures.last_on = max(figures.last_on or last, last)
