"""The worker sends emails by the batch: what they say is loaded once for the batch (not once
per email), each still in its recipient's language, and one email that cannot be written does
not hold up the others."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bridgeway.notifications.digests import digests_send_due
from bridgeway.notifications.models import Delivery, Preference
from bridgeway.notifications.outbox import deliveries_send_due, notify
from tests.clock import next_local
from tests.factories import EnrollmentFactory, PersonFactory

pytestmark = pytest.mark.django_db

KIND = "programs.application_received"


def _applicants(count: int, programs: list[Any]) -> list[Any]:
    """People who applied, every other one reading French, each told their application is in."""
    enrollments = []
    for n in range(count):
        person = PersonFactory(
            display_name=f"Applicant {n}", preferred_language="fr" if n % 2 else "en"
        )
        enrollment = EnrollmentFactory(program=programs[n % len(programs)], person=person)
        notify(
            kind=KIND,
            event=f"enrollment:{enrollment.pk}:applied",
            person=person,
            role="mentee",
            params={"enrollment": enrollment.pk},
            url="/dashboard/",
            organization=enrollment.program.organization,
        )
        enrollments.append(enrollment)
    return enrollments


def _enrollment_queries(queries: CaptureQueriesContext) -> int:
    return sum('FROM "programs_enrollment"' in q["sql"] for q in queries.captured_queries)


def test_a_batch_loads_its_enrollments_once_per_language_and_each_email_names_its_program(
    program_a: Any, program_b: Any
) -> None:
    enrollments = _applicants(12, [program_a, program_b])
    with CaptureQueriesContext(connection) as queries:
        assert deliveries_send_due(now=timezone.now() + timedelta(days=1)) == 12
    assert _enrollment_queries(queries) == 2  # English and French: not one per email
    by_address = {message.to[0]: message for message in mail.outbox}
    for enrollment in enrollments:
        message = by_address[enrollment.person.email]
        program = enrollment.program.name
        if enrollment.person.preferred_language == "fr":
            assert message.subject == f"Votre candidature à {program} est reçue"
        else:
            assert message.subject == f"Your application to {program} is received"
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}


def test_an_email_whose_rows_are_gone_waits_for_a_retry_and_the_others_go_out(
    program_a: Any,
) -> None:
    _applicants(3, [program_a])
    notify(
        kind=KIND,
        event="enrollment:gone:applied",
        person=PersonFactory(),
        role="mentee",
        params={"enrollment": 999_999},  # withdrawn and deleted before the worker came
        url="/dashboard/",
    )
    now = timezone.now() + timedelta(days=1)
    assert deliveries_send_due(now=now) == 3
    assert len(mail.outbox) == 3
    gone = Delivery.objects.get(notification__event="enrollment:gone:applied")
    assert gone.state == "queued"
    assert gone.attempts == 1
    assert gone.due_at > now
    assert "DoesNotExist" in gone.last_error


def test_weekly_summaries_sent_together_each_list_their_own_items(
    program_a: Any, program_b: Any
) -> None:
    enrollments = _applicants(6, [program_a, program_b])
    people = [e.person for e in enrollments]
    # They had chosen a weekly summary: the notifications above wait for it.
    Delivery.objects.update(state="digest", frequency="weekly")
    for person in people:
        Preference.objects.create(person=person, kind=KIND, channel="email", frequency="weekly")
    monday_morning = next_local(time(8, 5), "America/Toronto", weekday=0)
    assert digests_send_due(now=monday_morning) == 6
    with CaptureQueriesContext(connection) as queries:
        assert deliveries_send_due(now=monday_morning) == 6
    assert _enrollment_queries(queries) == 2  # one per language for all six summaries
    by_address = {message.to[0]: message for message in mail.outbox}
    for enrollment in enrollments:
        body = by_address[enrollment.person.email].body
        other = program_b if enrollment.program == program_a else program_a
        assert enrollment.program.name in body
        assert other.name not in body


def test_building_more_summaries_costs_one_statement_each_not_a_round_per_person(
    program_a: Any, program_b: Any
) -> None:
    monday_morning = next_local(time(8, 5), "America/Toronto", weekday=0)
    counts = []
    for people in (3, 9):
        _applicants(people, [program_a, program_b])
        Delivery.objects.filter(state="queued", notification__kind=KIND).update(
            state="digest", frequency="weekly"
        )
        with CaptureQueriesContext(connection) as queries:
            assert digests_send_due(now=monday_morning) == people
        counts.append(len(queries))
        monday_morning += timedelta(days=7)
    assert counts[1] - counts[0] == 9 - 3  # the UPDATE that files each one's items
    assert Delivery.objects.filter(state="in_digest").count() == 12
    assert Delivery.objects.filter(state="queued").count() == 12  # one summary each
