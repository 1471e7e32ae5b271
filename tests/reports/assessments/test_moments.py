"""Each moment — before (when accepted), mid-point, closure, 3 and 6 months after — reaches
each person once, by a durable timer, with a link, in their language."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bridgeway.notifications.models import Notification, Timer
from bridgeway.notifications.outbox import deliveries_send_due
from bridgeway.notifications.timers import timers_run_due
from bridgeway.programs.models import Enrollment
from bridgeway.programs.services import enrollment_set_status
from bridgeway.relationships import closure
from bridgeway.relationships.models import Relationship
from bridgeway.reports.assessments.models import Assessment
from bridgeway.reports.assessments.moments import add_months
from tests.matching.conftest import add_person, mentee_answers

pytestmark = pytest.mark.django_db


def _screened(cohort: SimpleNamespace, **person: str) -> Enrollment:
    return add_person(
        cohort.program,
        name="Rana",
        role="mentee",
        answers=mentee_answers(),
        status="screening",
        **person,
    )


def _run_twice(when) -> None:  # type: ignore[no-untyped-def]
    timers_run_due(now=when)
    timers_run_due(now=when + timedelta(minutes=5))


def test_every_moment_reaches_the_mentee_once(pair: Relationship, cohort: SimpleNamespace) -> None:
    amal = cohort.amal
    assert pair.activated_at is not None
    _run_twice(timezone.now())
    midpoint = Timer.objects.get(key=f"assessment:{amal.pk}:midpoint")
    _run_twice(midpoint.due_at + timedelta(minutes=1))
    closure.relationship_close(relationship=pair, by=amal.person, reason="goals_met")
    pair.refresh_from_db()
    assert pair.closed_at is not None
    _run_twice(timezone.now() + timedelta(minutes=1))
    for months in (3, 6):
        _run_twice(add_months(pair.closed_at, months) + timedelta(minutes=1))
    sent = Assessment.objects.filter(enrollment=amal)
    assert sorted(sent.values_list("moment", flat=True)) == sorted(
        ["before", "midpoint", "closure", "follow_up_3", "follow_up_6"]
    )
    told = Notification.objects.filter(kind="reports.assessment", person=amal.person)
    assert told.count() == 5
    assert {n.url for n in told} == {reverse("reports:assessment", args=[a.pk]) for a in sent}
    # The mentor's instrument has no follow-ups: before, mid-point and closure only.
    assert sorted(
        Assessment.objects.filter(enrollment=cohort.dana).values_list("moment", flat=True)
    ) == ["before", "closure", "midpoint"]


def test_the_follow_ups_wait_three_and_six_months(pair: Relationship, cohort) -> None:  # type: ignore[no-untyped-def]
    closure.relationship_close(relationship=pair, by=cohort.amal.person, reason="goals_met")
    pair.refresh_from_db()
    three = Timer.objects.get(key=f"assessment:{cohort.amal.pk}:follow_up_3")
    six = Timer.objects.get(key=f"assessment:{cohort.amal.pk}:follow_up_6")
    assert three.due_at == add_months(pair.closed_at, 3)
    assert six.due_at == add_months(pair.closed_at, 6)
    timers_run_due(now=three.due_at - timedelta(minutes=1))
    assert not Assessment.objects.filter(moment="follow_up_3").exists()


def test_acceptance_sends_before_once_by_email_in_the_person_s_language(
    cohort: SimpleNamespace, instruments: SimpleNamespace
) -> None:
    enrollment = _screened(cohort, preferred_language="fr")
    person = enrollment.person
    enrollment_set_status(enrollment=enrollment, status="ready", by=cohort.world.bob)
    _run_twice(timezone.now())
    # Back through screening and ready again: still one "before".
    enrollment_set_status(enrollment=enrollment, status="screening", by=cohort.world.bob)
    enrollment_set_status(enrollment=enrollment, status="ready", by=cohort.world.bob)
    _run_twice(timezone.now())
    deliveries_send_due(now=timezone.now() + timedelta(minutes=1))
    assert Assessment.objects.filter(enrollment=enrollment).count() == 1
    [email] = [m for m in mail.outbox if m.to == [person.email]]
    assert "Votre recherche d’emploi et votre confiance" in email.body
    assessment = Assessment.objects.get(enrollment=enrollment)
    assert reverse("reports:assessment", args=[assessment.pk]) in email.body


def test_no_instrument_sets_no_timer(cohort: SimpleNamespace) -> None:
    enrollment = _screened(cohort)
    enrollment_set_status(enrollment=enrollment, status="ready", by=cohort.world.bob)
    assert not Timer.objects.filter(key__startswith="assessment:").exists()


def test_a_paused_instrument_is_not_sent(cohort, instruments) -> None:  # type: ignore[no-untyped-def]
    instruments.mentee.is_active = False
    instruments.mentee.save()
    enrollment = _screened(cohort)
    enrollment_set_status(enrollment=enrollment, status="ready", by=cohort.world.bob)
    _run_twice(timezone.now())
    assert not Assessment.objects.filter(enrollment=enrollment).exists()


def test_add_months_keeps_the_day_or_the_month_s_last() -> None:
    start = timezone.now().replace(year=2026, month=8, day=31)
    assert add_months(start, 6).date().isoformat() == "2027-02-28"
    assert add_months(start, 3).date().isoformat() == "2026-11-30"
