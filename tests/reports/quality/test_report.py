"""The report on the hand-built program (conftest.py): which pairs count, the score bands, each
rule's groups and readings, the mentors' answers, several programs, and a fixed number of
queries."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bridgeway.programs.questionnaires.models import Question
from bridgeway.reports.quality.analysis import MatchQuality, quality_report
from bridgeway.reports.quality.selectors import criteria_met
from bridgeway.reports.scope import ReportFilter, Scope
from tests.factories import ProgramFactory
from tests.reports.quality.conftest import YEAR_2025, closed_pair, reasons_for, rule

pytestmark = pytest.mark.django_db


def _report(agency, chosen: ReportFilter = YEAR_2025, side: str = "mentee") -> MatchQuality:
    scope = Scope(level="agency", organization_ids=(agency.pk,), organization=agency)
    return quality_report(scope=scope, chosen=chosen, side=side)  # type: ignore[arg-type]


def test_a_rule_is_met_with_half_of_its_points_or_more() -> None:
    found = criteria_met(
        [
            {"criterion": "occupation", "points": 20.0, "max_points": 40.0},
            {"criterion": "time_zone", "points": 4.99, "max_points": 10.0},
            {"criterion": "city", "points": 0.0, "max_points": 0.0},  # not answered
            {"criterion": "exclude", "points": 0.0, "max_points": 0.0},
        ]
    )
    assert found == {"occupation": True, "time_zone": False}


def test_only_closed_pairs_of_the_period_with_a_score_and_an_answer_count(
    known: SimpleNamespace, agency_a
) -> None:
    report = _report(agency_a)
    assert report.read.closed == 22  # twenty, one without an answer, one without a score
    assert (report.read.without_answer, report.read.without_score) == (1, 1)
    assert report.n == 20


def test_the_pairs_split_into_four_bands_of_five_by_score(known: SimpleNamespace, agency_a):
    bands = _report(agency_a).bands
    assert [(band.low, band.high, band.n) for band in bands] == [
        (50, 58, 5),
        (60, 68, 5),
        (70, 78, 5),
        (80, 88, 5),
    ]
    assert [band.satisfaction.value for band in bands] == pytest.approx([3.4, 3.4, 4.8, 4.8])
    assert [band.goals.value for band in bands] == pytest.approx([0.4, 0.0, 0.8, 1.0])
    lowest = bands[0].satisfaction
    assert (lowest.low, lowest.high) == (
        pytest.approx(2.7199, abs=1e-4),
        pytest.approx(4.0801, abs=1e-4),
    )


def test_the_highest_band_against_the_lowest(known: SimpleNamespace, agency_a) -> None:
    report = _report(agency_a)
    assert report.band_satisfaction is not None
    assert report.band_goals is not None
    assert report.band_satisfaction.difference == pytest.approx(1.4)
    assert report.band_satisfaction.reading == "higher"  # 4.24–5 against 2.72–4.08
    # 5 of 5 against 2 of 5: Wilson 57–100% against 12–77%, which overlap.
    assert report.band_goals.difference == pytest.approx(0.6)
    assert report.band_goals.reading == "no_difference"


def test_each_rule_compares_pairs_who_met_it_with_those_who_did_not(
    known: SimpleNamespace, agency_a
) -> None:
    rules = {result.rule.key: result for result in _report(agency_a).rules}
    assert list(rules) == ["occupation", "time_zone", "about", "languages"]
    occupation = rules["occupation"]
    assert (occupation.met, occupation.not_met) == (10, 10)
    assert occupation.satisfaction.first.value == pytest.approx(4.8)
    assert occupation.satisfaction.second.value == pytest.approx(3.4)
    assert occupation.satisfaction.reading == "higher"
    assert occupation.goals.first.value == pytest.approx(0.9)
    assert occupation.goals.second.value == pytest.approx(0.2)
    assert occupation.goals.reading == "higher"
    assert occupation.rule.weight == 8
    assert occupation.rule.label == "What is your field of work?"
    time_zone = rules["time_zone"]
    assert time_zone.satisfaction.first.value == pytest.approx(4.0)
    assert time_zone.satisfaction.second.value == pytest.approx(4.2)
    assert time_zone.satisfaction.reading == "no_difference"
    assert (rules["about"].met, rules["about"].not_met) == (0, 20)
    assert rules["about"].satisfaction.reading == "too_few"
    assert rules["about"].satisfaction.first.value is None
    # No question asks about languages any more; the pairs were matched on it.
    assert not rules["languages"].current
    assert rules["languages"].rule.label == "languages"
    assert rules["languages"].satisfaction.second.value is None


def test_the_summary_names_only_clear_differences(known: SimpleNamespace, agency_a) -> None:
    clear = _report(agency_a).clear
    assert [(result.rule.key, measure, c.reading) for result, measure, c in clear] == [
        ("occupation", "satisfaction", "higher"),
        ("occupation", "goals", "higher"),
    ]


def test_the_mentors_answers_can_be_read_instead(known: SimpleNamespace, agency_a) -> None:
    report = _report(agency_a, side="mentor")
    # The pair whose mentee did not answer has its mentor's answer; the twenty mentors all
    # answered 4 and "partly".
    assert (report.n, report.read.without_answer) == (21, 0)
    occupation = report.rules[0]
    assert occupation.satisfaction.first.value == pytest.approx(4.0)
    assert occupation.goals.first.value == 0.0
    assert occupation.satisfaction.reading == "no_difference"
    assert report.clear == []


def test_a_shorter_period_and_the_participant_filters_narrow_the_pairs(
    known: SimpleNamespace, agency_a
) -> None:
    spring = ReportFilter(start=datetime(2025, 2, 1).date(), end=datetime(2025, 3, 31).date())
    report = _report(agency_a, spring)
    assert report.n == 6  # closed on Feb 1, 11, 21, Mar 3, 13, 23
    assert len(report.bands) == 1
    assert report.band_satisfaction is None
    nobody = ReportFilter(start=YEAR_2025.start, end=YEAR_2025.end, country="SY")
    assert _report(agency_a, nobody).read.closed == 0


def test_over_several_programs_a_rule_is_the_same_key_without_a_weight(
    known: SimpleNamespace, agency_a
) -> None:
    other = ProgramFactory(organization=agency_a, name="Career Bridge A", slug="career-a")
    rule(other, "occupation", "occupation", "same_value", 3, "Your occupation")
    for _ in range(2):
        closed_pair(
            other,
            score=90,
            reasons=reasons_for(19),
            closed=datetime(2025, 9, 1, tzinfo=UTC),
            surveys=[("mentee", 5, "yes")],
        )
    rules = {result.rule.key: result for result in _report(agency_a).rules}
    assert rules["occupation"].met == 12
    assert rules["occupation"].rule.weight is None
    assert rules["occupation"].rule.program_id is None
    one = ReportFilter(start=YEAR_2025.start, end=YEAR_2025.end, program_id=other.pk)
    alone = {result.rule.key: result for result in _report(agency_a, one).rules}
    assert alone["occupation"].met == 2
    assert alone["occupation"].rule.weight == 3
    assert alone["occupation"].rule.program_id == other.pk


def test_the_report_reads_as_often_with_more_pairs(known: SimpleNamespace, agency_a) -> None:
    with CaptureQueriesContext(connection) as before:
        _report(agency_a)
    for i in range(20):
        closed_pair(
            known.program,
            score=40 + i,
            reasons=reasons_for(i),
            closed=datetime(2025, 10, 1, tzinfo=UTC),
            surveys=[("mentee", 4, "yes")],
        )
    Question.objects.filter(program=known.program, key="about").update(rule_weight=5)
    with CaptureQueriesContext(connection) as after:
        assert _report(agency_a).n == 40
    assert len(after) == len(before) == 3
