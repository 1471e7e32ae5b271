"""Each metric on the hand-built network of conftest.py, whose right answers are known."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from bridgeway.relationships.checkins import at_risk
from bridgeway.reports.report import Report, report_build
from bridgeway.reports.scope import Scope
from tests.factories import ProgramFactory
from tests.reports.conftest import YEAR_2025, at, enroll, meeting, pair

pytestmark = pytest.mark.django_db


def _agency(known: SimpleNamespace, **filters: object) -> Report:
    organization = known.program.organization
    scope = Scope(level="agency", organization_ids=(organization.pk,), organization=organization)
    return report_build(scope=scope, chosen=replace(YEAR_2025, **filters))


def _values(report: Report, table: str) -> dict[str, object]:
    found = report.table(table)
    figures = [*found.rows, *found.extra, *([found.total] if found.total else [])]
    return {figure.key: figure.value for figure in figures}


def test_applications_split_by_where_they_stand(known: SimpleNamespace) -> None:
    values = _values(_agency(known), "pipeline")
    assert values["total"] == 7
    assert (values["matched"], values["ready"], values["in_progress"], values["left"]) == (
        3,
        2,
        1,
        1,
    )
    assert values["conversion"] == pytest.approx(100 * 5 / 7)
    assert values["match_rate"] == pytest.approx(60.0)


def test_time_to_match_and_the_waiting_list(known: SimpleNamespace) -> None:
    values = _values(_agency(known), "timing")
    assert values["matched"] == 3
    assert values["median"] == pytest.approx(20.0)
    assert values["p90"] == pytest.approx(40.0)
    assert values["waiting"] == 1
    assert values["wait_median"] == pytest.approx(10.0, abs=0.01)


def test_pairs_meetings_hours_and_at_risk(known: SimpleNamespace) -> None:
    values = _values(_agency(known), "activity")
    assert values["active"] == 2  # the 2024 pair and the January pair
    assert values["groups"] == 0
    assert values["started"] == 3
    assert values["meetings"] == 2  # the meeting nobody held does not count
    assert values["hours"] == pytest.approx(2.5)
    assert values["at_risk"] == 2


def test_meetings_held_count_each_meeting_answered_yes_in_the_period_once(
    known: SimpleNamespace,
) -> None:
    """The mentee said "yes" on New Year's Eve and the mentor two days later: the meeting is
    held in the period (the mentor's answer is in it) and counts once, with the mentor's hour
    only. A meeting answered "yes" twice in the period counts once with both people's time.
    A pair of another agency, its logs in the period, changes nothing. Each log is counted
    by the mentorship it keeps, which is its meeting's."""
    before = _values(_agency(known), "activity")
    edge = meeting(
        known.r1,
        at("2024-12-31"),
        (known.r1.mentee.person, "met", 30),
        (known.r1.mentor.person, "met", 60),
    )
    edge.logs.filter(person=known.r1.mentor.person).update(created_at=at("2025-01-02"))
    meeting(
        known.r1,
        at("2025-06-01"),
        (known.r1.mentee.person, "met", 45),
        (known.r1.mentor.person, "met", 45),
    )
    other = ProgramFactory()
    elsewhere = pair(
        enroll(other, "mentee", at("2024-09-01")),
        enroll(other, "mentor", at("2024-09-01")),
        at("2024-10-01"),
    )
    meeting(elsewhere, at("2025-06-01"), (elsewhere.mentee.person, "met", 600))
    assert {log.relationship_id for log in edge.logs.all()} == {known.r1.pk}
    after = _values(_agency(known), "activity")
    assert after["meetings"] == before["meetings"] + 2
    assert after["hours"] == pytest.approx(before["hours"] + (60 + 45 + 45) / 60)


def test_at_risk_counts_the_pairs_the_coordinator_s_list_shows(known: SimpleNamespace) -> None:
    listed = at_risk(program=known.program)
    assert set(listed) == {known.r1.pk, known.ongoing.pk}
    assert _values(_agency(known), "activity")["at_risk"] == len(listed)


def test_at_risk_reads_each_program_s_own_inactivity_days(known: SimpleNamespace) -> None:
    """Two more programs of the agency, each with a pair whose last meeting was 20 days ago:
    quiet for the program that alerts after 7 days, not for the one that waits 180. Each pair
    is judged by its own program's days, as the coordinator's list of each program does."""
    organization = known.program.organization
    before = _values(_agency(known), "activity")["at_risk"]
    twenty_days_ago = timezone.now() - timedelta(days=20)
    for days in (7, 180):
        program = ProgramFactory(organization=organization, inactivity_days=days)
        found = pair(
            enroll(program, "mentee", at("2024-09-01")),
            enroll(program, "mentor", at("2024-09-01")),
            at("2024-10-01"),
        )
        meeting(found, twenty_days_ago, (found.mentee.person, "met", 30))
        assert len(at_risk(program=program)) == (1 if days == 7 else 0)
    assert _values(_agency(known), "activity")["at_risk"] == before + 1


def test_concerns_by_category(known: SimpleNamespace) -> None:
    values = _values(_agency(known), "concerns")
    assert values["conduct"] == 2
    assert values["safety"] == 1
    assert values["language"] == 0
    assert values["total"] == 3


def test_closures_by_reason(known: SimpleNamespace) -> None:
    values = _values(_agency(known), "closures")
    assert values["completed"] == 1
    assert values["not_working"] == 1
    assert values["total"] == 2
    assert values["completed_share"] == pytest.approx(50.0)
    assert "flash_held" not in values  # automatic reasons only when they happened


def test_satisfaction_and_goals(known: SimpleNamespace) -> None:
    satisfaction = _values(_agency(known), "satisfaction")
    assert (satisfaction["s5"], satisfaction["s4"], satisfaction["s3"]) == (1, 1, 0)
    assert (satisfaction["s2"], satisfaction["s1"], satisfaction["total"]) == (1, 0, 3)
    assert satisfaction["mentee_mean"] == pytest.approx(3.5)
    assert satisfaction["mentor_mean"] == pytest.approx(4.0)
    assert satisfaction["recommend"] == pytest.approx(200 / 3)
    goals = _values(_agency(known), "goals")
    assert (goals["yes"], goals["partly"], goals["no"], goals["total"]) == (1, 1, 1, 3)
    assert goals["goals_met"] == 1


def test_repeat_mentors_and_mentees_who_became_mentors(known: SimpleNamespace) -> None:
    values = _values(_agency(known), "mentors")
    assert values["applications"] == 3
    assert values["mentors"] == 3
    assert values["repeat"] == 1  # Ximena mentored in 2024
    assert values["alumni"] == 1  # the February mentee


def test_mentorships_started_month_by_month(known: SimpleNamespace) -> None:
    values = _values(_agency(known), "monthly")
    assert (values["2025-01-01"], values["2025-02-01"], values["2025-03-01"]) == (1, 1, 0)
    assert values["2025-04-01"] == 1
    assert values["total"] == 3
    assert len(_agency(known).table("monthly").rows) == 12


@pytest.mark.parametrize(
    ("filters", "applications", "started"),
    [
        ({"country": "SY"}, 1, 1),
        ({"language": "ar"}, 1, 1),
        ({"language": "en"}, 1, 1),
        ({"language": "fr"}, 0, 0),
        ({"sector": "3"}, 1, 1),
        ({"sector": "2"}, 0, 0),
        ({"cohort": "2025-01"}, 7, 3),
        ({"cohort": "2024-09"}, 0, 0),
        (
            {"start": YEAR_2025.start.replace(month=2), "end": YEAR_2025.start.replace(month=3)},
            2,
            1,
        ),
    ],
)
def test_filters(known: SimpleNamespace, filters: dict, applications: int, started: int) -> None:
    report = _agency(known, **filters)
    assert report.figure("pipeline", "total").value == applications
    assert report.figure("activity", "started").value == started


def test_a_program_filter_counts_that_program_alone(known: SimpleNamespace, program_b) -> None:
    report = _agency(known, program_id=program_b.pk)
    assert report.figure("pipeline", "total").value == 0
    assert report.figure("activity", "active").value == 0


def test_another_agency_s_report_counts_none_of_it(known: SimpleNamespace, program_b) -> None:
    organization = program_b.organization
    scope = Scope(level="agency", organization_ids=(organization.pk,), organization=organization)
    report = report_build(scope=scope, chosen=YEAR_2025)
    assert report.figure("pipeline", "total").value == 0
    assert report.figure("concerns", "total").value == 0
