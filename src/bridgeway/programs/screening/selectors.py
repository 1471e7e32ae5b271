"""Reads for screening, each scoped by the caller: views resolve the program or enrollment with
programs.selectors (the same 404 for another agency's id), then ask here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from bridgeway.core.i18n import translated
from bridgeway.core.kept_queries import KeptObjects, KeptRows
from bridgeway.core.services import DomainError
from bridgeway.core.subqueries import SubqueryCount
from bridgeway.programs.models import Enrollment, EnrollmentStatus, Program
from bridgeway.programs.screening.models import (
    Reference,
    ScreeningCheck,
    ScreeningItem,
    SelfAssessment,
    SelfAssessmentChoice,
    SelfAssessmentQuestion,
    SelfAssessmentResult,
)

if TYPE_CHECKING:
    from bridgeway.core.models import Organization

S = EnrollmentStatus
QUEUE_STATUSES = (S.APPLIED, S.SCREENING)
# Statuses in which a person still takes part, so their checks still matter.
ACTIVE_STATUSES = (S.APPLIED, S.SCREENING, S.TRAINING, S.READY, S.WAITLISTED, S.MATCHED)
C = ScreeningCheck.Status


def local_date(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


# --- Checklist items ----------------------------------------------------------------------------


def items_for_program(*, program: Program) -> QuerySet[ScreeningItem]:
    return ScreeningItem.objects.filter(program=program).order_by("order", "id")


def item_get_for_program(*, program: Program, item_id: int) -> ScreeningItem:
    return get_object_or_404(items_for_program(program=program), pk=item_id)


def items_for_enrollment(*, enrollment: Enrollment) -> QuerySet[ScreeningItem]:
    """The items that apply to this person's role in the program."""
    return items_for_program(program=enrollment.program).filter(
        audience__in=[enrollment.role, ScreeningItem.Audience.BOTH]
    )


@dataclass(frozen=True)
class ChecklistRow:
    item: ScreeningItem
    check: ScreeningCheck | None

    @property
    def status(self) -> str:
        if self.check is None:
            return C.PENDING
        if self.check.status == C.PASSED and not self.check.is_cleared:
            return C.EXPIRED
        return self.check.status

    @property
    def is_cleared(self) -> bool:
        return self.check is not None and self.check.is_cleared

    @property
    def status_label(self) -> str:
        return str(C(self.status).label)


def checklist(*, enrollment: Enrollment) -> list[ChecklistRow]:
    """The items of the program that apply to the person's role, in order, each with its
    check (None when not checked yet): `checklists` of one enrollment."""
    return checklists(enrollments=[enrollment])[enrollment.pk]


def _program_items(program_id: int) -> QuerySet[ScreeningItem]:
    return ScreeningItem.objects.filter(program_id=program_id).order_by("order", "id")


def _enrollment_checks(enrollment_id: int) -> QuerySet[ScreeningCheck]:
    return ScreeningCheck.objects.filter(enrollment_id=enrollment_id).select_related("checked_by")


# Read at every readiness check (each change to "ready", a mentor's mentorship closing) and on
# the checklist's pages: compiled once per process (core/kept_queries.py).
_kept_items = KeptObjects(_program_items, int)
_kept_checks = KeptObjects(_enrollment_checks, int)


def checklists(*, enrollments: Sequence[Enrollment]) -> dict[int, list[ChecklistRow]]:
    """`checklist` of many enrollments in two queries."""
    result: dict[int, list[ChecklistRow]] = {e.pk: [] for e in enrollments}
    if not enrollments:
        return result
    items: dict[int, list[ScreeningItem]] = defaultdict(list)
    program_ids = {e.program_id for e in enrollments}
    if len(program_ids) == 1:  # most people: one program, its SQL compiled once per process
        found = _kept_items.list(next(iter(program_ids)))
    else:
        found = list(
            ScreeningItem.objects.filter(program_id__in=program_ids).order_by("order", "id")
        )
    for item in found:
        items[item.program_id].append(item)
    if not any(
        item.audience in (enrollment.role, ScreeningItem.Audience.BOTH)
        for enrollment in enrollments
        for item in items[enrollment.program_id]
    ):
        return result  # no checklist for these people
    found_checks = (
        _kept_checks.list(enrollments[0].pk)
        if len(enrollments) == 1
        else ScreeningCheck.objects.filter(enrollment__in=list(enrollments)).select_related(
            "checked_by"
        )
    )
    checks = {(check.enrollment_id, check.item_id): check for check in found_checks}
    for enrollment in enrollments:
        result[enrollment.pk] = [
            ChecklistRow(item=item, check=checks.get((enrollment.pk, item.pk)))
            for item in items[enrollment.program_id]
            if item.audience in (enrollment.role, ScreeningItem.Audience.BOTH)
        ]
    return result


def enrollments_held_back_by_item(*, item: ScreeningItem) -> list[Enrollment]:
    """The people in training in the item's program whom this item keeps from being ready: it
    is required, it applies to their role, and their check is neither passed (still valid) nor
    waived. Read before staff change the item, to know whom the change may let through."""
    if not item.required:
        return []
    roles = (
        Enrollment.Role.values if item.audience == ScreeningItem.Audience.BOTH else [item.audience]
    )
    cleared = ScreeningCheck.objects.filter(item=item, enrollment=OuterRef("pk")).filter(
        _is_cleared(timezone.now())
    )
    return list(
        Enrollment.objects.filter(program_id=item.program_id, status=S.TRAINING, role__in=roles)
        .exclude(Exists(cleared))
        .select_related("person")
        .order_by("pk")
    )


def _is_cleared(now: datetime) -> Q:
    """Checks that no longer block: waived, or passed and still valid (as `is_cleared`)."""
    return Q(status=C.WAIVED) | Q(status=C.PASSED) & (
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def checklist_blockers(*, enrollment: Enrollment) -> list[str]:
    """Why the required checks do not allow this enrollment to go on, in plain words."""
    reasons = []
    for row in checklist(enrollment=enrollment):
        if not row.item.required or row.is_cleared:
            continue
        if row.status == C.EXPIRED and row.check is not None and row.check.expires_at:
            reasons.append(
                _("Screening: “%(item)s” expired on %(date)s.")
                % {"item": row.item.name, "date": local_date(row.check.expires_at)}
            )
        elif row.status == C.FAILED:
            reasons.append(_("Screening: “%(item)s” did not pass.") % {"item": row.item.name})
        else:
            reasons.append(_("Screening: “%(item)s” is not done yet.") % {"item": row.item.name})
    return reasons


# --- Self-assessment ----------------------------------------------------------------------------


def assessment_for_program(*, program: Program) -> SelfAssessment | None:
    """The program's self-assessment with its questions and answers, or None."""
    return (
        SelfAssessment.objects.filter(program=program)
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=SelfAssessmentQuestion.objects.order_by("order", "id").prefetch_related(
                    Prefetch(
                        "choices", queryset=SelfAssessmentChoice.objects.order_by("order", "id")
                    )
                ),
            )
        )
        .first()
    )


def assessment_is_open(assessment: SelfAssessment | None) -> bool:
    """A self-assessment counts once it has at least one question."""
    return assessment is not None and bool(assessment.questions.all())


def question_get(*, assessment: SelfAssessment, question_id: int) -> SelfAssessmentQuestion:
    return get_object_or_404(
        SelfAssessmentQuestion.objects.filter(assessment=assessment).prefetch_related("choices"),
        pk=question_id,
    )


def open_assessments_for_programs(*, program_ids: set[int]) -> dict[int, SelfAssessment]:
    """The self-assessments of these programs that have a question, by program id."""
    if not program_ids:
        return {}
    assessments = SelfAssessment.objects.filter(program_id__in=program_ids).prefetch_related(
        "questions"
    )
    return {a.program_id: a for a in assessments if assessment_is_open(a)}


def latest_results(*, enrollments: Sequence[Enrollment]) -> dict[int, SelfAssessmentResult]:
    """Each enrollment's latest self-assessment result, in one query."""
    if not enrollments:
        return {}
    latest = (
        SelfAssessmentResult.objects.filter(enrollment_id=OuterRef("enrollment_id"))
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    results = SelfAssessmentResult.objects.filter(
        enrollment__in=list(enrollments), pk=Subquery(latest)
    )
    return {result.enrollment_id: result for result in results}


def latest_result(*, enrollment: Enrollment) -> SelfAssessmentResult | None:
    return (
        SelfAssessmentResult.objects.filter(enrollment=enrollment)
        .order_by("-created_at", "-id")
        .first()
    )


def assessment_blockers(*, enrollment: Enrollment) -> list[str]:
    """A mentor needs a self-assessment score at or above the program's threshold."""
    if enrollment.role != Enrollment.Role.MENTOR:
        return []
    assessment = assessment_for_program(program=enrollment.program)
    if assessment is None or not assessment_is_open(assessment):
        return []
    result = latest_result(enrollment=enrollment)
    if result is None:
        return [_("The mentor has not taken the self-assessment yet.")]
    if result.score < assessment.threshold:
        return [
            _("The self-assessment score is %(score)s; this program needs %(threshold)s.")
            % {"score": result.score, "threshold": assessment.threshold}
        ]
    return []


def approval_blockers(*, enrollment: Enrollment) -> list[str]:
    return checklist_blockers(enrollment=enrollment) + assessment_blockers(enrollment=enrollment)


# --- The coordinator's queue -------------------------------------------------------------------


def _expired_checks(now: datetime) -> QuerySet[ScreeningCheck]:
    return ScreeningCheck.objects.filter(item__required=True).filter(
        Q(status=C.EXPIRED) | Q(status=C.PASSED, expires_at__lte=now)
    )


def _queue_base(*, organization: Organization) -> QuerySet[Enrollment]:
    now = timezone.now()
    applicable = ScreeningItem.objects.filter(program=OuterRef("program")).filter(
        Q(audience=ScreeningItem.Audience.BOTH) | Q(audience=OuterRef("role"))
    )
    cleared = (
        ScreeningCheck.objects.filter(enrollment=OuterRef("pk"))
        .filter(Q(item__audience=ScreeningItem.Audience.BOTH) | Q(item__audience=OuterRef("role")))
        .filter(_is_cleared(now))
    )
    score = SelfAssessmentResult.objects.filter(enrollment=OuterRef("pk")).order_by(
        "-created_at", "-id"
    )
    return Enrollment.objects.filter(
        program__organization=organization, status__in=QUEUE_STATUSES
    ).annotate(
        items_total=SubqueryCount(applicable.values("pk")),
        items_cleared=SubqueryCount(cleared.values("pk")),
        latest_score=Subquery(score.values("score")[:1]),
        has_expired=Exists(_expired_checks(now).filter(enrollment=OuterRef("pk"))),
    )


def program_choices(*, organization: Organization) -> list[tuple[int, str]]:
    return list(
        Program.objects.filter(organization=organization)
        .order_by("name", "pk")
        .values_list("pk", "name")
    )


def screening_queue(
    *,
    organization: Organization,
    program_id: int | None = None,
    role: str = "",
    status: str = "",
    expired: bool = False,
    query: str = "",
) -> QuerySet[Enrollment]:
    """Applied and in-screening enrollments of the agency, the longest waiting first."""
    enrollments = _queue_base(organization=organization)
    if program_id:
        enrollments = enrollments.filter(program_id=program_id)
    if role:
        enrollments = enrollments.filter(role=role)
    if status:
        enrollments = enrollments.filter(status=status)
    if expired:
        now = timezone.now()
        enrollments = enrollments.filter(
            Exists(_expired_checks(now).filter(enrollment=OuterRef("pk")))
        )
    if query:
        enrollments = enrollments.filter(
            Q(person__display_name__icontains=query) | Q(person__email__icontains=query)
        )
    return enrollments.select_related("person", "program").order_by("status_changed_at", "pk")


def screening_queue_counts(*, organization: Organization) -> dict[str, Any]:
    """How many people each filter option holds, over the whole queue."""
    base = _queue_base(organization=organization)
    counts = base.aggregate(
        total=Count("pk"),
        applied=Count("pk", filter=Q(status=S.APPLIED)),
        screening=Count("pk", filter=Q(status=S.SCREENING)),
        mentor=Count("pk", filter=Q(role=Enrollment.Role.MENTOR)),
        mentee=Count("pk", filter=Q(role=Enrollment.Role.MENTEE)),
        expired=Count("pk", filter=Q(has_expired=True)),
    )
    per_program = (
        Enrollment.objects.filter(program__organization=organization, status__in=QUEUE_STATUSES)
        .values_list("program_id")
        .annotate(n=Count("pk"))
    )
    counts["programs"] = dict(per_program)
    return counts


def _todo_counts(organization_id: int, now: datetime) -> QuerySet[Enrollment, tuple[int, ...]]:
    """The four counts of `todo_counts` as one row of the agency (no row when its queue is
    empty)."""
    recorded = ScreeningCheck.objects.filter(
        enrollment=OuterRef("enrollment"), item=OuterRef("item")
    ).exclude(status=C.PENDING)
    unchecked_reference = Reference.objects.filter(enrollment=OuterRef("pk")).exclude(
        Exists(recorded)
    )
    expired = _expired_checks(now).filter(enrollment=OuterRef("pk"))
    return (
        Enrollment.objects.filter(
            program__organization_id=organization_id, status__in=QUEUE_STATUSES
        )
        .order_by()
        .values("program__organization_id")
        .annotate(
            applied=Count("pk", filter=Q(status=S.APPLIED)),
            screening=Count("pk", filter=Q(status=S.SCREENING)),
            unchecked_references=Count("pk", filter=Q(Exists(unchecked_reference))),
            expired=Count("pk", filter=Q(Exists(expired))),
        )
        .values_list("applied", "screening", "unchecked_references", "expired")
    )


# Compiled once per process, run with the agency's id and the moment (the coordinators'
# dashboard).
_kept_todo_counts = KeptRows(_todo_counts, int, datetime)
TODO_COUNTS = ("applied", "screening", "references", "expired")


def todo_counts(*, organization: Organization) -> dict[str, int]:
    """What waits for the agency's coordinators in screening, in one query: applications
    not looked at yet, people in screening, references a person named that no check records
    yet, and people in the queue with an expired check."""
    rows = _kept_todo_counts.list(organization.pk, timezone.now())
    return dict(zip(TODO_COUNTS, rows[0] if rows else (0,) * len(TODO_COUNTS), strict=True))


def queue_size(*, organization: Organization) -> int:
    return Enrollment.objects.filter(
        program__organization=organization, status__in=QUEUE_STATUSES
    ).count()


def expiry_summary(*, organization: Organization, days: int = 30) -> dict[str, Any]:
    """Required checks of people still taking part: how many expire within `days`, how many
    have expired (a matched person keeps their match, so staff must renew it with them), and
    the first few of each. One query when there is nothing to show, two otherwise."""
    now = timezone.now()
    soon = now + timedelta(days=days)
    active = ScreeningCheck.objects.filter(
        enrollment__program__organization=organization,
        enrollment__status__in=ACTIVE_STATUSES,
        item__required=True,
    )
    is_expired = Q(status=C.EXPIRED) | Q(status=C.PASSED, expires_at__lte=now)
    is_expiring = Q(status=C.PASSED, expires_at__gt=now, expires_at__lte=soon)
    counts = active.aggregate(
        expired_count=Count("pk", filter=is_expired),
        expiring_count=Count("pk", filter=is_expiring),
    )
    expired: list[ScreeningCheck] = []
    expiring: list[ScreeningCheck] = []
    if counts["expired_count"] or counts["expiring_count"]:
        rows = (
            active.filter(is_expired | is_expiring)
            .select_related("enrollment__person", "enrollment__program", "item")
            .order_by("expires_at", "pk")
        )
        for check in rows[:20]:
            target = expiring if check.status == C.PASSED and check.is_cleared else expired
            if len(target) < 5:
                target.append(check)
    return {**counts, "expired": expired, "expiring": expiring, "days": days}


def assessment_score(
    *, assessment: SelfAssessment, answers: dict[int, int]
) -> tuple[int, list[dict[str, Any]]]:
    """Score answers (question id → answer id) from 0 to 100, with a copy of each question and
    answer as asked. Raises DomainError naming the first question left unanswered."""
    points = maximum = 0
    copied = []
    for question in assessment.questions.all():
        choices = {choice.pk: choice for choice in question.choices.all()}
        chosen = choices.get(answers.get(question.pk, 0))
        if chosen is None:
            raise DomainError(
                _("Choose an answer to “%(question)s”.") % {"question": translated(question.text)},
                field=f"question_{question.pk}",
            )
        best = max(choice.points for choice in choices.values())
        points += chosen.points
        maximum += best
        copied.append(
            {"question": question.text, "answer": chosen.text, "points": chosen.points, "max": best}
        )
    return (round(100 * points / maximum) if maximum else 0), copied


def assessment_for_prospect(*, program_id: int) -> SelfAssessment:
    """A published program's open self-assessment, for someone thinking of applying as a
    mentor; any other id is the same 404 as one that does not exist."""
    assessment = (
        SelfAssessment.objects.select_related("program__organization")
        .filter(program_id=program_id, program__is_published=True)
        .first()
    )
    if assessment is None or not assessment_is_open(assessment):
        raise Http404
    return assessment


def reference_items_for(*, enrollment: Enrollment) -> list[tuple[ScreeningItem, Reference | None]]:
    """The reference checks of the person's checklist, each with the reference they named."""
    items = [
        item
        for item in items_for_enrollment(enrollment=enrollment)
        if item.kind == ScreeningItem.Kind.REFERENCE
    ]
    named = {r.item_id: r for r in Reference.objects.filter(enrollment=enrollment)}
    return [(item, named.get(item.pk)) for item in items]


def references_for(*, enrollment: Enrollment) -> dict[int, Reference]:
    """The references the person named, by checklist item, for their agency's staff."""
    return {r.item_id: r for r in Reference.objects.filter(enrollment=enrollment)}
