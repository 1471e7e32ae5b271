"""What changed for the programs' participants, on the dashboards: the paired change per
assessment question (reports/assessments: the same pairs, means and 95% interval as an
instrument's results page) and employment at each moment.

The period picks the people: a pair counts when its answer at the end of the mentorship
(closure) was given in the period, compared with the same person's answer before the
program, whenever that was. The participant filters apply to the person who answered.
The ready-made questions of every program of the report add up (their keys are the same
everywhere); a question written by a program's staff has its own row. Employment counts the
answers to the ready-made "paid work" question given in the period, at each moment. Two
queries per table, whatever the number of answers."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import F, FloatField, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from bridgeway.core.i18n import translated
from bridgeway.programs.models import Program
from bridgeway.reports.assessments.models import (
    NUMERIC_KINDS,
    AssessmentAnswer,
    InstrumentQuestion,
    Moment,
)
from bridgeway.reports.assessments.ready_made import READY_MADE
from bridgeway.reports.assessments.selectors import choice_tables, counted_answers
from bridgeway.reports.assessments.stats import PairedChange, PairSums, change_of
from bridgeway.reports.figures import Figure, Grid, Row, Words
from bridgeway.reports.scope import ReportFilter, participant_q

AFTER = Moment.CLOSURE
# (audience, ready-made name, key) for a ready-made question; (audience, question id, key)
# for one a program's staff wrote.
GroupKey = tuple[str, str | int, str]


def _group(question: InstrumentQuestion) -> GroupKey:
    ready = question.instrument.ready_made
    if ready and any(q["key"] == question.key for q in READY_MADE[ready]["questions"]):
        return (question.instrument.audience, ready, question.key)
    return (question.instrument.audience, question.pk, question.key)


def after_label() -> str:
    return _("Mean %(moment)s") % {"moment": str(Moment(AFTER).label).lower()}


def _reading(change: PairedChange) -> str:
    if change.n == 0:
        return _("No pairs yet")
    if not change.has_interval:
        return _("Too few pairs for an interval")
    if change.clearly_up:
        return _("Higher: the whole interval is above zero")
    if change.clearly_down:
        return _("Lower: the whole interval is below zero")
    return _("No clear change: the interval includes zero")


def _row(label: str, group: str, change: PairedChange, key: str) -> Row:
    n = change.n
    return Row(
        label=label,
        group=group,
        key=key,
        n=n,
        cells=[
            Figure(_("Pairs (n)"), n, key="n"),
            Figure(_("Mean before"), change.mean_before, unit="mean", n=n, key="before"),
            Figure(after_label(), change.mean_after, unit="mean", n=n, key="after"),
            Figure(_("Mean change"), change.mean_change, unit="change", n=n, key="change"),
            Figure(_("Interval: lower end"), change.ci_low, unit="change", n=n, key="low"),
            Figure(_("Interval: upper end"), change.ci_high, unit="change", n=n, key="high"),
            Words(_reading(change)),
        ],
    )


def _sums(programs: QuerySet[Program], chosen: ReportFilter) -> dict[int, PairSums]:
    """{question id: the sums of its pairs} for the ends answered in the period. The database
    pairs each end's answer with the same person's answer before and adds the pairs up, so no
    answer travels to Python."""
    start, end = chosen.window()
    number = Cast("value", FloatField())
    # The answers at the end given in the period, and every answer before the program. A
    # person has at most one answer to a question at each moment (an assessment is unique per
    # instrument, enrollment and moment, an answer per assessment and question), so joining
    # the two on the question and the person pairs them: the database looks each end's
    # "before" up by those keys rather than reading every answer of the questions and grouping
    # them by person (a quarter less of its time at the benchmark's size).
    ends = (
        counted_answers()
        .filter(
            assessment__moment=AFTER,
            assessment__completed_at__gte=start,
            assessment__completed_at__lt=end,
            question__kind__in=NUMERIC_KINDS,
            question__instrument__program__in=programs,
        )
        .exclude(value=None)
        .filter(participant_q(chosen, "assessment__enrollment"))
        .annotate(pair_question=F("question_id"), pair_person=F("assessment__enrollment_id"))
        .annotate(pair_value=number)
        .values_list("pair_question", "pair_person", "pair_value")
        .order_by()
    )
    befores = (
        AssessmentAnswer.objects.filter(assessment__moment=Moment.BEFORE)
        .exclude(value=None)
        .annotate(pair_question=F("question_id"), pair_person=F("assessment__enrollment_id"))
        .annotate(pair_value=number)
        .values_list("pair_question", "pair_person", "pair_value")
        .order_by()
    )
    ends_sql, ends_params = ends.query.sql_with_params()
    befores_sql, befores_params = befores.query.sql_with_params()
    # Both sides are the ORM's own queries; only the join and the sums are written here.
    change = "(a.pair_value - b.pair_value)"
    sums = (
        f"COUNT(*), SUM(b.pair_value), SUM(a.pair_value), SUM({change}), SUM({change} * {change})"
    )
    sql = (
        f"SELECT a.pair_question, {sums} FROM ({ends_sql}) AS a "  # noqa: S608  # nosec B608
        f"INNER JOIN ({befores_sql}) AS b "
        "ON b.pair_question = a.pair_question AND b.pair_person = a.pair_person "
        "GROUP BY a.pair_question"
    )
    params = (*ends_params, *befores_params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            question: PairSums(n, float(b), float(a), float(c), float(sq))
            for question, n, b, a, c, sq in cursor.fetchall()
        }


def change_table(programs: QuerySet[Program], chosen: ReportFilter) -> Grid:
    questions = InstrumentQuestion.objects.filter(
        instrument__program__in=programs, kind__in=NUMERIC_KINDS
    )
    listed = list(
        questions.select_related("instrument__program").order_by(
            "instrument__audience", "instrument__program__name", "instrument_id", "position", "pk"
        )
    )
    sums = _sums(programs, chosen)
    grouped: dict[GroupKey, PairSums] = {}
    labels: dict[GroupKey, tuple[str, str]] = {}
    for question in listed:
        key = _group(question)
        grouped[key] = grouped.get(key, PairSums()) + sums.get(question.pk, PairSums())
        if key not in labels:
            instrument = question.instrument
            if isinstance(key[1], str):
                spec = READY_MADE[key[1]]
                text = next(q["text"] for q in spec["questions"] if q["key"] == question.key)
                labels[key] = (translated(text), str(spec["audience_label"]))
            else:
                labels[key] = (question.label, f"{instrument.program.name}: {instrument.name}")
    ordered = sorted(grouped, key=lambda k: (k[0], isinstance(k[1], int), _position(k)))
    rows = [
        _row(labels[key][0], labels[key][1], change_of(grouped[key]), "-".join(map(str, key)))
        for key in ordered
    ]
    level = _("%(value)s%%") % {"value": 95}
    return Grid(
        key="change",
        title=_("Assessment change"),
        description=_(
            "Answers before the program and at the end of the mentorship, question by "
            "question, of the people who answered at the end in the period: how many pairs of "
            "answers, the means, the mean change and its %(level)s confidence interval (from "
            "its lower to its upper end)."
        )
        % {"level": level},
        column=_("Question"),
        group_column=_("Asked of"),
        columns=[
            _("Pairs (n)"),
            _("Mean before"),
            after_label(),
            _("Mean change"),
            _("Interval: lower end"),
            _("Interval: upper end"),
            _("Reading"),
        ],
        rows=rows,
        empty=_("No program of this report asks an assessment with numeric questions."),
    )


def _position(key: GroupKey) -> int:
    """A ready-made question keeps its place in the instrument; others keep the list's."""
    if isinstance(key[1], str):
        keys = [q["key"] for q in READY_MADE[key[1]]["questions"]]
        return keys.index(key[2])
    return 0


def employment_table(programs: QuerySet[Program], chosen: ReportFilter) -> Grid:
    start, end = chosen.window()
    asked = InstrumentQuestion.objects.filter(
        instrument__program__in=programs, instrument__ready_made="mentee", key="employment"
    )
    sample = asked.order_by("pk").first()
    tables = []
    if sample is not None:
        answers = (
            counted_answers()
            .filter(
                question__in=asked,
                assessment__completed_at__gte=start,
                assessment__completed_at__lt=end,
            )
            .filter(participant_q(chosen, "assessment__enrollment"))
        )
        tables = choice_tables(questions=[sample], answers=answers, suppress=False)
    columns: list[Any] = tables[0].moments if tables else []
    rows = [Row(label=label, cells=[*cells]) for label, cells in tables[0].rows] if tables else []
    return Grid(
        key="employment",
        title=_("Employment"),
        description=_(
            "Answers to the ready-made question “Do you have paid work now?” given in the "
            "period, at each moment it is asked: before the program, at the end of the "
            "mentorship, and 3 and 6 months after. Each moment counts whoever answered then."
        ),
        column=_("Answer"),
        columns=columns if rows and columns else [],
        rows=rows[:-1] if columns else [],
        total=rows[-1] if columns else None,
        partition=True,
        empty=_("No answers yet."),
    )
