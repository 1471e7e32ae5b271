from __future__ import annotations

import subprocess
import sys

import pytest
from django.db import connection

from bridgeway.accounts.models import Person
from bridgeway.core.models import Membership, Organization
from bridgeway.demo.network import demo_load
from bridgeway.programs.models import Enrollment, Program


@pytest.mark.django_db
def test_the_demo_network_loads_twice_without_changing() -> None:
    first = demo_load()
    counts = [m.objects.count() for m in (Organization, Program, Person, Membership, Enrollment)]
    second = demo_load()
    assert counts == [
        m.objects.count() for m in (Organization, Program, Person, Membership, Enrollment)
    ]
    assert [s.totp_secret for s in first] == [s.totp_secret for s in second]
    assert counts[0] == 2
    assert set(Program.objects.values_list("purpose", flat=True)) >= {
        "hosting",
        "professional",
        "entrepreneurship",
    }
    assert Program.objects.filter(is_pre_arrival=True).exists()
    time_zones = set(Person.objects.values_list("time_zone", flat=True))
    assert len(time_zones) >= 5
    # Someone is a mentee in one agency and a mentor in another.
    assert Enrollment.objects.filter(
        person__email="mentee.iryna@demo.bridgeway.test", role="mentor"
    ).exists()


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert connection.settings_dict["OPTIONS"]["timeout"] >= 5


def test_the_bridgeway_command_lists_its_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bridgeway.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    for command in ("serve", "worker", "match-file", "demo"):
        assert command in result.stdout


@pytest.mark.django_db
def test_the_rich_demo_gives_every_capability_something_to_show_and_runs_twice() -> None:
    from bridgeway.demo.rich import demo_enrich
    from bridgeway.learning.models import TrainingModule
    from bridgeway.programs.models import WaitlistEntry
    from bridgeway.programs.questionnaires.models import Answer, Question
    from bridgeway.programs.questionnaires.selectors import profile_completeness

    demo_load()
    demo_enrich()
    counts = [
        m.objects.count() for m in (Question, Answer, TrainingModule, Enrollment, WaitlistEntry)
    ]
    demo_enrich()
    assert counts == [
        m.objects.count() for m in (Question, Answer, TrainingModule, Enrollment, WaitlistEntry)
    ]
    questions, answers, modules, _enrollments, waiting = counts
    assert questions > 15
    assert modules >= 4
    assert waiting >= 10
    from bridgeway.relationships.models import Meeting, MentorRequest, Relationship

    assert Relationship.objects.filter(status="active").count() == 2
    assert MentorRequest.objects.filter(status="waiting").count() == 1
    assert Meeting.objects.filter(status="scheduled").count() == 1
    cohort = Enrollment.objects.filter(program__slug="professional-bridge")
    complete = [profile_completeness(e) for e in cohort]
    assert all(done == total for done, total in complete)
    assert answers >= cohort.count() * 4


@pytest.mark.django_db
def test_every_demo_enrollment_is_where_its_steps_put_it() -> None:
    """Nobody in the demo is "ready" with training unfinished or checks missing, in training
    without having passed screening, or waiting without a place on the waiting list."""
    from bridgeway.demo.rich import PAST_SCREENING, PAST_TRAINING, demo_enrich
    from bridgeway.programs.readiness import readiness_blockers
    from bridgeway.programs.screening.selectors import approval_blockers

    demo_load()
    demo_enrich()
    problems = []
    for enrollment in Enrollment.objects.select_related("program", "person").order_by("pk"):
        where = f"{enrollment.person.email} in {enrollment.program.slug} ({enrollment.status})"
        if enrollment.status in PAST_TRAINING and (blockers := readiness_blockers(enrollment)):
            problems.append(f"{where}: {blockers}")
        if enrollment.status in PAST_SCREENING and (
            blockers := approval_blockers(enrollment=enrollment)
        ):
            problems.append(f"{where}: {blockers}")
        waits = enrollment.role == "mentee" and enrollment.status in ("ready", "waitlisted")
        has_place = hasattr(enrollment, "waitlist_entry")
        if waits and not has_place:
            problems.append(f"{where}: no place on the waiting list")
        if has_place and not waits:
            problems.append(f"{where}: a place on the waiting list without waiting")
    assert not problems, "\n".join(problems)
    assert Enrollment.objects.filter(status="ready").count() >= 10  # a board worth looking at
