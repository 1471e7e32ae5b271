"""Reads of questionnaires and profiles. The matching engine's seam is `questions_for_program`
and `answers_and_vectors_for_program`; staff and participants reach programs and enrollments
through the scoped selectors of programs.selectors first."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from bridgeway.accounts.models import AccessibilityNeed, ContactMode
from bridgeway.core.access import staff_organizations
from bridgeway.core.kept_queries import KeptObjects, KeptRows
from bridgeway.core.models import Organization
from bridgeway.privacy.consent.models import Purpose
from bridgeway.privacy.consent.selectors import consent_withdrawn, withdrawn_people, withdrawn_q
from bridgeway.programs.models import Enrollment, EnrollmentStatus, Program
from bridgeway.programs.questionnaires.models import Answer, Audience, Question, QuestionKind
from bridgeway.programs.questionnaires.values import display_value, is_empty, vector_is_current

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

# How a profile states a need to the people who meet the person: plainly, in the third person.
NEED_STATEMENTS: dict[str, Any] = {
    AccessibilityNeed.CAPTIONS: _("Needs captions on video calls"),
    AccessibilityNeed.INTERPRETER: _("Needs an interpreter"),
    AccessibilityNeed.SCREEN_READER: _("Uses a screen reader: send text, not images of text"),
    AccessibilityNeed.LARGE_TEXT: _("Needs large text"),
    AccessibilityNeed.PLAIN_LANGUAGE: _("Needs plain language"),
    AccessibilityNeed.SIGN_LANGUAGE: _("Communicates in sign language"),
}
CONTACT_STATEMENTS: dict[str, Any] = {
    ContactMode.MESSAGES: _("Prefers written messages"),
    ContactMode.VIDEO: _("Prefers video calls"),
    ContactMode.PHONE: _("Prefers phone calls"),
    ContactMode.IN_PERSON: _("Prefers to meet in person"),
}


def questions_for_program(*, program: Program) -> QuerySet[Question]:
    """Every question of the program in order: the seam the matching engine reads."""
    return Question.objects.filter(program=program).order_by("position", "id")


def questions_for_role(*, program: Program, role: str) -> QuerySet[Question]:
    return questions_for_program(program=program).filter(audience__in=[role, Audience.BOTH])


def question_get_for_program(*, program: Program, question_id: int) -> Question:
    """A question of this program; another program's question is the same 404 as none."""
    return get_object_or_404(
        Question.objects.select_related("program"), program=program, pk=question_id
    )


def answers_for_program(*, program: Program) -> dict[int, dict[str, Any]]:
    """{enrollment id: {question key: answer}} for every enrollment of the program, in one
    query: the matching engine's view of the profiles."""
    return answers_and_vectors_for_program(program=program)[0]


def answers_and_vectors_for_program(
    *, program: Program, enrollments: QuerySet[Enrollment] | None = None
) -> tuple[dict[int, dict[str, Any]], dict[int, dict[str, str]]]:
    """`answers_for_program` and, in the same query, {enrollment id: {question key: vector}}
    of the free-text answers whose stored vector the running engine reads (a vector from an
    older engine format is left out: the engine analyses that text itself). `enrollments`
    (of this program) keeps the answers of those enrollments only, in the same one query."""
    return answers_and_vectors_from_rows(answer_rows_for_program(program.pk, enrollments))


def answer_rows_for_program(
    program_id: int, enrollments: QuerySet[Enrollment] | None = None
) -> QuerySet[Answer, tuple[int, str, Any, str]]:
    """The rows `answers_and_vectors_for_program` reads: (enrollment id, question key, value,
    text vector)."""
    rows = Answer.objects.filter(enrollment__program_id=program_id, question__program_id=program_id)
    # Matching does not use sensitive answers of people who withdrew that consent.
    rows = rows.exclude(
        (Q(question__kind__in=SENSITIVE_KINDS) | Q(question__is_sensitive=True))
        & withdrawn_q(Purpose.SENSITIVE, "enrollment__person")
    )
    if enrollments is not None:
        rows = rows.filter(enrollment__in=enrollments.values("pk"))
    return rows.values_list("enrollment_id", "question__key", "value", "text_vector")


def answers_and_vectors_from_rows(
    rows: Iterable[tuple[int, str, Any, str]],
) -> tuple[dict[int, dict[str, Any]], dict[int, dict[str, str]]]:
    answers: dict[int, dict[str, Any]] = {}
    vectors: dict[int, dict[str, str]] = {}
    for enrollment_id, key, value, vector in rows:
        answers.setdefault(enrollment_id, {})[key] = value
        if vector_is_current(vector):
            vectors.setdefault(enrollment_id, {})[key] = vector
    return answers, vectors


def answers_for_enrollment(*, enrollment: Enrollment) -> dict[str, Any]:
    rows = Answer.objects.filter(enrollment=enrollment, question__program_id=enrollment.program_id)
    return dict(rows.values_list("question__key", "value"))


def profile_completeness(enrollment: Enrollment) -> tuple[int, int]:
    """(required questions answered, required questions) for the enrollment's role, in one
    query."""
    counts = completeness_counts(enrollment)
    return counts["answered"], counts["required"]


# The program's questions, each with whether the enrollment answered it: a readiness check at
# every change to "ready" (a mentor's mentorship closing), a profile page. One query, compiled
# once per process (core/kept_queries.py) and run with the program's and enrollment's ids.
_questions_answered = KeptRows(
    lambda program_id, enrollment_id: (
        Question.objects.filter(program_id=program_id)
        .annotate(
            answered=Exists(
                Answer.objects.filter(question_id=OuterRef("pk"), enrollment_id=enrollment_id)
            )
        )
        .order_by()
        .values_list("pk", "audience", "is_required", "answered")
    ),
    int,
    int,
)


def completeness_counts(enrollment: Enrollment) -> dict[str, int]:
    """{"total", "required", "answered"}: the questions asked of the enrollment's role, those
    required, and those required that it answered."""
    counts = {"total": 0, "required": 0, "answered": 0}
    for _pk, audience, required, answered in _questions_answered.list(
        enrollment.program_id, enrollment.pk
    ):
        if audience not in (enrollment.role, Audience.BOTH):
            continue
        counts["total"] += 1
        if required:
            counts["required"] += 1
            counts["answered"] += bool(answered)
    return counts


def _program_questions(program_id: int) -> QuerySet[Question]:
    return Question.objects.filter(program_id=program_id).only(
        "pk", "program_id", "audience", "is_required"
    )


def _required_answers(enrollment_id: int) -> QuerySet[Answer]:
    return Answer.objects.filter(enrollment_id=enrollment_id, question__is_required=True).only(
        "pk", "enrollment_id", "question_id"
    )


_kept_questions = KeptObjects(_program_questions, int)
_kept_answers = KeptObjects(_required_answers, int)


def completeness_counts_for(*, enrollments: Sequence[Enrollment]) -> dict[int, dict[str, int]]:
    """`completeness_counts` of many enrollments, in two queries."""
    counts = {e.pk: {"total": 0, "required": 0, "answered": 0} for e in enrollments}
    if not enrollments:
        return counts
    questions: dict[int, list[tuple[int, str, bool]]] = defaultdict(list)
    program_ids = {e.program_id for e in enrollments}
    if len(program_ids) == 1:  # most people: one program, its SQL compiled once per process
        found = [
            (q.pk, q.program_id, q.audience, q.is_required)
            for q in _kept_questions.list(next(iter(program_ids)))
        ]
    else:
        found = list(
            Question.objects.filter(program_id__in=program_ids).values_list(
                "pk", "program_id", "audience", "is_required"
            )
        )
    for pk, program_id, audience, required in found:
        questions[program_id].append((pk, audience, required))
    asks_required = any(required for rows in questions.values() for _pk, _a, required in rows)
    answered: set[tuple[int, int]] = set()
    if asks_required and len(enrollments) == 1:
        answered = {(a.enrollment_id, a.question_id) for a in _kept_answers.list(enrollments[0].pk)}
    elif asks_required:
        answered = set(
            Answer.objects.filter(
                enrollment__in=[e.pk for e in enrollments], question__is_required=True
            ).values_list("enrollment_id", "question_id")
        )
    for enrollment in enrollments:
        row = counts[enrollment.pk]
        for pk, audience, required in questions[enrollment.program_id]:
            if audience not in (enrollment.role, Audience.BOTH):
                continue
            row["total"] += 1
            if required:
                row["required"] += 1
                row["answered"] += (enrollment.pk, pk) in answered
    return counts


def enrollments_held_back_by_question(*, question: Question) -> list[Enrollment]:
    """The people in training in the question's program whose profile this question keeps
    incomplete: it is required, asked of their role, and they have not answered it. Read
    before staff change the question, to know whom the change may let through."""
    if not question.is_required:
        return []
    roles = [role for role in Enrollment.Role.values if question.asked_of(role)]
    answered = Answer.objects.filter(question=question, enrollment=OuterRef("pk"))
    return list(
        Enrollment.objects.filter(
            program_id=question.program_id, status=EnrollmentStatus.TRAINING, role__in=roles
        )
        .exclude(Exists(answered))
        .select_related("person")
        .order_by("pk")
    )


@dataclass(frozen=True)
class ProfileRow:
    question: Question
    value: Any
    display: str

    @property
    def answered(self) -> bool:
        return not is_empty(self.value)


@dataclass(frozen=True)
class ProfileCard:
    """What the people who meet a participant should know, for the profile card template.
    Accessibility needs come first and in plain words."""

    enrollment: Enrollment
    needs: list[str]
    contact: str
    rows: list[ProfileRow] = field(default_factory=list)
    answered: int = 0
    required: int = 0
    heading_level: int = 2

    @property
    def sub_heading_level(self) -> int:
        return min(self.heading_level + 1, 6)


SENSITIVE_HIDDEN = _("Hidden: this person withdrew their consent to sensitive information.")
# The answers that can tell of a disability or of health (privacy: consent by purpose).
SENSITIVE_KINDS = frozenset({QuestionKind.ACCOMMODATION_NEEDS})


def is_sensitive(question: Question) -> bool:
    """Accommodation needs always; any other question its staff marked sensitive."""
    return question.kind in SENSITIVE_KINDS or question.is_sensitive


def _row(question: Question, value: Any, hidden: bool) -> ProfileRow:
    if hidden and is_sensitive(question) and not is_empty(value):
        return ProfileRow(question, value, str(SENSITIVE_HIDDEN))
    return ProfileRow(question, value, display_value(question, value))


def profile_rows(*, enrollment: Enrollment, hidden: bool = False) -> list[ProfileRow]:
    """The questions asked of the enrollment's role, each with the person's answer; `hidden`:
    the sensitive answers are not shown (the person withdrew that consent)."""
    questions = list(questions_for_role(program=enrollment.program, role=enrollment.role))
    values = dict(Answer.objects.filter(enrollment=enrollment).values_list("question_id", "value"))
    return [_row(q, values.get(q.pk), hidden) for q in questions]


def accessibility_statements(person: Person, hidden: bool = False) -> tuple[list[str], str]:
    needs = [str(NEED_STATEMENTS.get(need, need)) for need in person.accessibility_needs or []]
    if hidden and needs:
        needs = [str(SENSITIVE_HIDDEN)]
    return needs, str(CONTACT_STATEMENTS.get(person.contact_mode, ""))


def profile_card(*, enrollment: Enrollment, heading_level: int = 2) -> ProfileCard:
    """The card a staff page or a match page shows for one participant. The caller has checked
    that the viewer may see this enrollment."""
    hidden = consent_withdrawn(person_id=enrollment.person_id, purpose=Purpose.SENSITIVE)
    rows = profile_rows(enrollment=enrollment, hidden=hidden)
    needs, contact = accessibility_statements(enrollment.person, hidden)
    required = [row for row in rows if row.question.is_required]
    return ProfileCard(
        enrollment=enrollment,
        needs=needs,
        contact=contact,
        rows=rows,
        answered=sum(row.answered for row in required),
        required=len(required),
        heading_level=heading_level,
    )


def profile_cards(
    *,
    enrollments: Sequence[Enrollment],
    heading_level: int = 2,
    questions: Sequence[Question] | None = None,
    hidden: set[int] | None = None,
) -> dict[int, ProfileCard]:
    """`profile_card` of many enrollments of one program and role, in two queries (one when
    the caller gives the program's `questions`, in their order, as it read them; one fewer
    when it gives `hidden`, the people among them who withdrew their consent to sensitive
    information)."""
    if not enrollments:
        return {}
    first = enrollments[0]
    if questions is None:
        questions = list(questions_for_role(program=first.program, role=first.role))
    else:
        questions = [q for q in questions if q.audience in (first.role, Audience.BOTH)]
    values: dict[int, dict[int, Any]] = defaultdict(dict)
    for enrollment_id, question_id, value in Answer.objects.filter(
        enrollment__in=[e.pk for e in enrollments]
    ).values_list("enrollment_id", "question_id", "value"):
        values[enrollment_id][question_id] = value
    if hidden is None:
        hidden = set(
            withdrawn_people(Purpose.SENSITIVE).filter(
                person_id__in=[e.person_id for e in enrollments]
            )
        )
    cards = {}
    for enrollment in enrollments:
        answers = values[enrollment.pk]
        withdrawn = enrollment.person_id in hidden
        rows = [_row(q, answers.get(q.pk), withdrawn) for q in questions]
        needs, contact = accessibility_statements(enrollment.person, withdrawn)
        required = [row for row in rows if row.question.is_required]
        cards[enrollment.pk] = ProfileCard(
            enrollment=enrollment,
            needs=needs,
            contact=contact,
            rows=rows,
            answered=sum(row.answered for row in required),
            required=len(required),
            heading_level=heading_level,
        )
    return cards


def program_get_for_participant(*, person: Person, program_id: int) -> Program:
    """A program the person is enrolled in; anything else is the same 404 as a missing id."""
    return get_object_or_404(
        Program.objects.filter(enrollments__person=person).distinct(), pk=program_id
    )


def program_get_for_reader(*, person: Person, program_id: int) -> tuple[Program, set[str]]:
    """A program whose questions the person may read, and the roles whose questions they see:
    staff of its agency see every question, participants those asked of their role."""
    program = Program.objects.filter(
        pk=program_id, organization__in=staff_organizations(person)
    ).first()
    if program is not None:
        return program, {Audience.MENTEE, Audience.MENTOR}
    roles = set(
        Enrollment.objects.filter(program_id=program_id, person=person).values_list(
            "role", flat=True
        )
    )
    if not roles:
        raise Http404
    return Program.objects.get(pk=program_id), roles


def questionnaire_overview(*, organization: Organization) -> QuerySet[Program]:
    """The agency's programs with the number of questions each asks."""
    return (
        Program.objects.filter(organization=organization)
        .annotate(question_count=Count("questions"))
        .order_by("name", "pk")
    )


def answers_of_kinds(*, enrollments: QuerySet[Enrollment], kinds: Sequence[str]) -> list[Any]:
    """(question kind, answer) of these enrollments' answers to questions of `kinds`, the most
    recently changed first: how another app reads a person's profile (the library's "for you")."""
    rows = Answer.objects.filter(
        enrollment__in=enrollments.values("pk"), question__kind__in=list(kinds)
    ).order_by("-updated_at", "-pk")
    return list(rows.values_list("question__kind", "value"))
