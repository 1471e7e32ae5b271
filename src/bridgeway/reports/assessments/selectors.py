"""Reads of the assessments: what a person has to answer and their own change; an
instrument for its program's staff; the paired change per question for a program (every
person, exact) and for the network (ready-made questions only, small counts held back)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from bridgeway.accounts.models import Person
from bridgeway.core.access import ANY_STAFF
from bridgeway.privacy.consent.models import Purpose
from bridgeway.privacy.consent.selectors import withdrawn_q
from bridgeway.programs.models import Program
from bridgeway.programs.selectors import program_get_for_staff
from bridgeway.reports.assessments.answers import display
from bridgeway.reports.assessments.models import (
    NUMERIC_KINDS,
    Assessment,
    AssessmentAnswer,
    Instrument,
    InstrumentQuestion,
    Moment,
)
from bridgeway.reports.assessments.stats import PairedChange, paired_change
from bridgeway.reports.figures import THRESHOLD, Figure, suppress_figure, suppress_partition

LATER_MOMENTS = [m for m in Moment.values if m != Moment.BEFORE]


def counted_answers() -> QuerySet[AssessmentAnswer]:
    """The answers reports count: not those of people who withdrew their consent to
    evaluation (left out of every report made after they withdrew)."""
    return AssessmentAnswer.objects.exclude(
        withdrawn_q(Purpose.EVALUATION, "assessment__enrollment__person")
    )


def assessments_for_person(*, person: Person) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(enrollment__person=person)
        .select_related("instrument__program")
        .order_by("completed_at", "-sent_at", "-pk")
    )


def assessment_get_for_person(*, person: Person, assessment_id: int) -> Assessment:
    """The same 404 for an assessment that does not exist and someone else's."""
    return get_object_or_404(
        Assessment.objects.select_related("instrument__program", "enrollment"),
        pk=assessment_id,
        enrollment__person=person,
    )


def questions_at(assessment: Assessment) -> list[InstrumentQuestion]:
    return [q for q in assessment.instrument.questions.all() if q.asked_at(assessment.moment)]


def answers_in_words(assessment: Assessment) -> list[tuple[str, str]]:
    by_question = {a.question_id: a.value for a in assessment.answers.all()}
    return [(q.label, display(q, by_question.get(q.pk))) for q in questions_at(assessment)]


@dataclass
class OwnChange:
    """A person's own before and latest answer to one numeric question."""

    question: str
    before: Any
    latest: Any
    latest_moment: str

    @property
    def change(self) -> Any:
        if self.before is None or self.latest is None:
            return None
        return self.latest - self.before


def own_changes(*, person: Person) -> list[tuple[Instrument, list[OwnChange]]]:
    """Per instrument the person answered before and later: each numeric question's change."""
    answers = (
        AssessmentAnswer.objects.filter(
            assessment__enrollment__person=person, question__kind__in=NUMERIC_KINDS
        )
        .select_related("question", "assessment__instrument__program")
        .order_by("assessment__sent_at", "pk")
    )
    found: dict[int, dict[int, OwnChange]] = defaultdict(dict)
    instruments: dict[int, Instrument] = {}
    for answer in answers:
        instrument = answer.assessment.instrument
        instruments[instrument.pk] = instrument
        row = found[instrument.pk].setdefault(
            answer.question_id, OwnChange(answer.question.label, None, None, "")
        )
        if answer.assessment.moment == Moment.BEFORE:
            row.before = answer.value
        else:
            row.latest = answer.value
            row.latest_moment = str(Moment(answer.assessment.moment).label)
    return [
        (instruments[pk], list(rows.values()))
        for pk, rows in found.items()
        if any(row.change is not None for row in rows.values())
    ]


def instruments_for_program(*, program: Program) -> QuerySet[Instrument]:
    return Instrument.objects.filter(program=program).order_by("audience", "pk")


def program_for_staff(
    *, person: Person, program_id: int, roles: tuple[str, ...] = ANY_STAFF
) -> Program:
    return program_get_for_staff(person=person, program_id=program_id, roles=roles)


def instrument_get_for_staff(
    *, person: Person, program_id: int, instrument_id: int, roles: tuple[str, ...] = ANY_STAFF
) -> Instrument:
    program = program_for_staff(person=person, program_id=program_id, roles=roles)
    return get_object_or_404(
        Instrument.objects.select_related("program__organization"),
        pk=instrument_id,
        program=program,
    )


def question_get(*, instrument: Instrument, question_id: int) -> InstrumentQuestion:
    return get_object_or_404(InstrumentQuestion, pk=question_id, instrument=instrument)


def sent_counts(*, instrument: Instrument) -> list[tuple[str, int, int]]:
    """(moment label, sent, answered) per moment of the instrument."""
    rows = []
    for moment in instrument.moments:
        sent = instrument.assessments.filter(moment=moment)
        rows.append(
            (str(Moment(moment).label), sent.count(), sent.exclude(completed_at=None).count())
        )
    return rows


@dataclass
class QuestionResult:
    question: InstrumentQuestion
    change: PairedChange
    # (person's name, before, after, change) for each pair, on the program's page only
    people: list[tuple[str, Any, Any, Any]] = field(default_factory=list)


def _paired_values(
    answers: QuerySet[AssessmentAnswer], after: str
) -> dict[Any, dict[int, dict[str, Any]]]:
    """{question: {enrollment: {moment: value}}} for the moments "before" and `after`."""
    found: dict[Any, dict[int, dict[str, Any]]] = defaultdict(lambda: defaultdict(dict))
    rows = answers.filter(assessment__moment__in=[Moment.BEFORE, after]).values_list(
        "question_id", "question__key", "assessment__enrollment_id", "assessment__moment", "value"
    )
    for question_id, _key, enrollment_id, moment, value in rows:
        if isinstance(value, int | float) and not isinstance(value, bool):
            found[question_id][enrollment_id][moment] = value
    return found


def program_results(*, instrument: Instrument, after: str) -> list[QuestionResult]:
    """Each numeric question's paired change from "before" to `after`, with each pair."""
    questions = [q for q in instrument.questions.all() if q.is_numeric]
    found = _paired_values(counted_answers().filter(question__in=questions), after)
    names = dict(
        instrument.program.enrollments.filter(role=instrument.audience).values_list(
            "pk", "person__display_name"
        )
    )
    results = []
    for question in questions:
        pairs = [
            (enrollment, moments[Moment.BEFORE], moments[after])
            for enrollment, moments in found.get(question.pk, {}).items()
            if Moment.BEFORE in moments and after in moments
        ]
        pairs.sort(key=lambda pair: (names.get(pair[0]) or "").casefold())
        results.append(
            QuestionResult(
                question=question,
                change=paired_change((before, later) for _e, before, later in pairs),
                people=[
                    (names.get(e) or "", before, later, later - before)
                    for e, before, later in pairs
                ],
            )
        )
    return results


@dataclass
class NetworkResult:
    audience: str
    label: str
    change: PairedChange
    hidden: bool

    @property
    def n_text(self) -> str:
        """The number of pairs, "fewer than 5" when small (the reports' suppression)."""
        return suppress_figure(Figure(label=self.label, value=self.change.n)).text()


def network_results(*, organization_ids: tuple[int, ...], after: str) -> list[NetworkResult]:
    """The ready-made questions' paired change over every program of the agencies; a question
    answered by fewer than 5 pairs shows no figures (figures.THRESHOLD)."""
    from bridgeway.reports.assessments.ready_made import READY_MADE

    answers = (
        counted_answers()
        .filter(
            question__instrument__program__organization_id__in=organization_ids,
            question__kind__in=NUMERIC_KINDS,
        )
        .exclude(question__instrument__ready_made="")
    )
    found = _paired_values(answers, after)
    keys = dict(
        InstrumentQuestion.objects.filter(pk__in=list(found)).values_list(
            "pk", "instrument__ready_made"
        )
    )
    by_key: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    question_keys = dict(
        InstrumentQuestion.objects.filter(pk__in=list(found)).values_list("pk", "key")
    )
    for question_id, people in found.items():
        for moments in people.values():
            if Moment.BEFORE in moments and after in moments:
                by_key[(keys[question_id], question_keys[question_id])].append(
                    (moments[Moment.BEFORE], moments[after])
                )
    results = []
    for name, spec in READY_MADE.items():
        for question in spec["questions"]:
            if question["kind"] not in NUMERIC_KINDS:
                continue
            change = paired_change(by_key.get((name, question["key"]), []))
            label = InstrumentQuestion(text=question["text"]).label
            results.append(
                NetworkResult(str(spec["audience_label"]), label, change, 0 < change.n < THRESHOLD)
            )
    return results


@dataclass
class ChoiceTable:
    """How many answered each choice of a single-choice question, at each moment."""

    label: str
    moments: list[str]
    # (choice label, [Figure per moment]); the last row is the total
    rows: list[tuple[str, list[Figure]]]


def choice_tables(
    *, questions: list[InstrumentQuestion], answers: QuerySet[AssessmentAnswer], suppress: bool
) -> list[ChoiceTable]:
    """Counts of each choice per moment (employment at intake, at closure and after). With
    `suppress`, each moment's column is held back as the network's tables are
    (figures.suppress_partition)."""
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    rows = (
        answers.values_list("question__key", "assessment__moment", "value")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for key, moment, value, n in rows:  # counted by the database, one row per answer given
        if isinstance(value, str):
            counts[(key, moment, value)] += n
    tables = []
    for question in questions:
        moments = [m for m in Moment.values if any(k[:2] == (question.key, m) for k in counts)]
        columns = []
        for moment in moments:
            cells = [
                Figure(label=label, value=counts[(question.key, moment, value)], key=value)
                for value, label in question.choice_labels().items()
            ]
            total = Figure(label="total", value=sum(int(c.value or 0) for c in cells), key="total")
            if suppress:
                cells, total = suppress_partition(cells, total)
            columns.append([*cells, total])
        labels = [*question.choice_labels().values(), str(_("Answered"))]
        table_rows = [(label, [column[i] for column in columns]) for i, label in enumerate(labels)]
        moment_labels = [str(Moment(m).label) for m in moments]
        tables.append(ChoiceTable(question.label, moment_labels, table_rows))
    return tables


def program_choice_tables(*, instrument: Instrument) -> list[ChoiceTable]:
    questions = [q for q in instrument.questions.all() if q.kind == "single_choice"]
    answers = counted_answers().filter(question__in=questions)
    return choice_tables(questions=questions, answers=answers, suppress=False)


def network_choice_tables(*, organization_ids: tuple[int, ...]) -> list[ChoiceTable]:
    """The ready-made employment question over the agencies' programs, held back under 5."""
    answers = counted_answers().filter(
        question__instrument__program__organization_id__in=organization_ids,
        question__instrument__ready_made="mentee",
        question__key="employment",
    )
    sample = InstrumentQuestion.objects.filter(
        instrument__ready_made="mentee", key="employment"
    ).first()
    if sample is None:
        return []
    return choice_tables(questions=[sample], answers=answers, suppress=True)
