"""What screening adds to other apps' pages: the readiness check, the participant's panel in
each enrollment card, and the staff panel on the agency page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.core.dashboard import TodoItem
from bridgeway.core.i18n import translated
from bridgeway.core.kept_queries import KeptObjects
from bridgeway.programs.models import Enrollment, EnrollmentStatus
from bridgeway.programs.next_steps import NextStep
from bridgeway.programs.screening import selectors
from bridgeway.programs.screening.models import (
    ScreeningCheck,
    ScreeningItem,
    SelfAssessment,
    SelfAssessmentQuestion,
    SelfAssessmentResult,
)

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization

S = EnrollmentStatus
IN_SCREENING = (S.APPLIED, S.SCREENING)


def readiness_blockers(enrollment: Enrollment) -> list[str]:
    """Not ready while a required check is not passed or waived, or has expired."""
    return selectors.checklist_blockers(enrollment=enrollment)


def next_steps(enrollment: Enrollment) -> list[NextStep]:
    """What screening will ask of this person: the self-assessment (mentors), then each check
    of the checklist not cleared yet, with where to name a reference."""
    steps = []
    if enrollment.role == Enrollment.Role.MENTOR and selectors.assessment_is_open(
        selectors.assessment_for_program(program=enrollment.program)
    ):
        steps.append(
            NextStep(
                _(
                    "Take the mentor self-assessment: a few questions on whether mentoring "
                    "fits you now."
                ),
                reverse("screening:self_assessment", args=[enrollment.pk]),
            )
        )
    for row in selectors.checklist(enrollment=enrollment):
        if row.is_cleared:
            continue
        if row.item.kind == row.item.Kind.REFERENCE:
            steps.append(
                NextStep(
                    _("Screening, “%(item)s”: name someone who can vouch for you.")
                    % {"item": row.item.name},
                    reverse("screening:references", args=[enrollment.pk]),
                )
            )
        else:
            instructions = translated(row.item.instructions) or _(
                "the coordinator arranges it with you."
            )
            steps.append(
                NextStep(
                    _("Screening, “%(item)s”: %(instructions)s")
                    % {"item": row.item.name, "instructions": instructions}
                )
            )
    return steps


def _open_assessment(program_id: int) -> QuerySet[SelfAssessment]:
    questions = SelfAssessmentQuestion.objects.filter(assessment=OuterRef("pk"))
    return SelfAssessment.objects.filter(Exists(questions), program_id=program_id)


def _latest_result(enrollment_id: int) -> QuerySet[SelfAssessmentResult]:
    return SelfAssessmentResult.objects.filter(enrollment_id=enrollment_id).order_by(
        "-created_at", "-id"
    )[:1]


# A mentor in one program (nearly everyone) reads these on each visit of the dashboard: their
# SQL is compiled once per process (core/kept_queries.py).
_kept_open_assessment = KeptObjects(_open_assessment, int)
_kept_latest_result = KeptObjects(_latest_result, int)


def _assessments_and_results(
    *, mentors: Sequence[Enrollment]
) -> tuple[dict[int, SelfAssessment], dict[int, SelfAssessmentResult]]:
    """The open self-assessment of each mentor's program (by program id) and each mentor's
    latest result of it (by enrollment id)."""
    if not mentors:
        return {}, {}
    if len(mentors) > 1:
        questions = SelfAssessmentQuestion.objects.filter(assessment=OuterRef("pk"))
        assessments = {
            found.program_id: found
            for found in SelfAssessment.objects.filter(
                Exists(questions), program_id__in={e.program_id for e in mentors}
            )
        }
        results = selectors.latest_results(
            enrollments=[e for e in mentors if e.program_id in assessments]
        )
        return assessments, results
    mentor = mentors[0]
    assessment = _kept_open_assessment.first(mentor.program_id)
    if assessment is None:
        return {}, {}
    result = _kept_latest_result.first(mentor.pk)
    return {mentor.program_id: assessment}, ({mentor.pk: result} if result else {})


# Asked by the dashboard with the person's enrollments (dashboard/reads.py), in the same
# statement: whether any checklist item applies to the enrollment's role, whether its program
# has an open self-assessment. An enrollment with neither is not read again; one read without
# them (any other caller) is read as before.
HINT_ITEMS = "panel_screening_items"
HINT_ASSESSMENT = "panel_screening_assessment"


def dashboard_hints() -> dict[str, Any]:
    items = ScreeningItem.objects.filter(
        Q(audience=OuterRef("role")) | Q(audience=ScreeningItem.Audience.BOTH),
        program_id=OuterRef("program_id"),
    )
    questions = SelfAssessmentQuestion.objects.filter(assessment=OuterRef("pk"))
    assessments = SelfAssessment.objects.filter(
        Exists(questions), program_id=OuterRef("program_id")
    )
    return {HINT_ITEMS: Exists(items), HINT_ASSESSMENT: Exists(assessments)}


def enrollment_panel(
    *, enrollments: Sequence[Enrollment], person: Person
) -> dict[int, dict[str, Any]]:
    """Each active enrollment's checklist (later on, only checks to renew) and, for mentors,
    the self-assessment: read for all the enrollments at once (none of those the dashboard
    found with neither)."""
    active = [e for e in enrollments if e.status in selectors.ACTIVE_STATUSES]
    checklists = selectors.checklists(
        enrollments=[e for e in active if getattr(e, HINT_ITEMS, True)]
    )
    mentors = [
        e for e in active if e.role == Enrollment.Role.MENTOR and getattr(e, HINT_ASSESSMENT, True)
    ]
    assessments, results = _assessments_and_results(mentors=mentors)
    contexts = {}
    for enrollment in active:
        rows = checklists.get(enrollment.pk, [])
        if enrollment.status not in IN_SCREENING:
            # Later on, only a check that needs renewing is worth the person's attention.
            rows = [row for row in rows if row.status == ScreeningCheck.Status.EXPIRED]
        assessment = result = advice = None
        if enrollment.role == Enrollment.Role.MENTOR:
            assessment = assessments.get(enrollment.program_id)
        if assessment is not None:
            result = results.get(enrollment.pk)
            if result is not None:
                passed = result.score >= assessment.threshold
                advice = translated(assessment.advice_above if passed else assessment.advice_below)
        if not rows and assessment is None:
            continue
        contexts[enrollment.pk] = {
            "enrollment": enrollment,
            "rows": rows,
            "assessment": assessment,
            "result": result,
            "advice": advice,
        }
    return contexts


def agency_panel(*, organization: Organization, person: Person) -> dict[str, Any] | None:
    return {
        "organization": organization,
        "waiting": selectors.queue_size(organization=organization),
        **selectors.expiry_summary(organization=organization),
    }


def todo(*, organization: Organization) -> list[TodoItem]:
    """The coordinator's to-do items from screening, each linked to the queue filtered on it."""
    counts = selectors.todo_counts(organization=organization)
    queue = reverse("screening:queue", args=[organization.slug])
    applied, screening = counts["applied"], counts["screening"]
    references, expired = counts["references"], counts["expired"]
    return [
        TodoItem(
            applied,
            ngettext(
                "%(count)d application to look at",
                "%(count)d applications to look at",
                applied,
            )
            % {"count": applied},
            f"{queue}?status=applied",
        ),
        TodoItem(
            references,
            ngettext(
                "%(count)d person named a reference that is not checked yet",
                "%(count)d people named a reference that is not checked yet",
                references,
            )
            % {"count": references},
            queue,
        ),
        TodoItem(
            screening,
            ngettext(
                "%(count)d person in screening: checks to record, then approve or decline",
                "%(count)d people in screening: checks to record, then approve or decline",
                screening,
            )
            % {"count": screening},
            f"{queue}?status=screening",
        ),
        TodoItem(
            expired,
            ngettext(
                "%(count)d person in the queue has an expired check to renew",
                "%(count)d people in the queue have an expired check to renew",
                expired,
            )
            % {"count": expired},
            f"{queue}?expired=on",
        ),
    ]
