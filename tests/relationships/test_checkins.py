"""Check-ins: the mid-point check and the monthly question reach both people once; answers go
to staff; low answers, a call for help or a silent pair show on the at-risk list."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.core.services import DomainError
from bridgeway.notifications.models import Notification, Timer
from bridgeway.notifications.render import summary_in
from bridgeway.notifications.timers import timers_run_due
from bridgeway.relationships import agreements, checkins, services
from bridgeway.relationships.models import Relationship

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(cohort: SimpleNamespace) -> Relationship:
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=cohort.amal.person
    )
    relationship = services.request_accept(request=request, by=cohort.dana.person)
    agreements.agreement_waive(agreement=relationship.agreement, by=cohort.world.bob, reason="x")
    relationship.refresh_from_db()
    return relationship


def test_the_midpoint_and_monthly_questions_reach_both_once(
    pair: Relationship, cohort: SimpleNamespace
) -> None:
    assert pair.activated_at is not None
    midpoint = Timer.objects.get(key=f"relationship:{pair.pk}:midpoint")
    weeks = cohort.program.duration_weeks
    assert abs(midpoint.due_at - (pair.activated_at + timedelta(weeks=weeks) / 2)) < timedelta(
        days=1
    )
    timers_run_due(now=pair.activated_at + timedelta(days=31))
    timers_run_due(now=pair.activated_at + timedelta(days=32))
    asked = Notification.objects.filter(kind="relationships.check_in")
    assert asked.count() == 2  # the first monthly question, to each person, once
    assert summary_in(asked[0], "en").startswith("How is your mentorship going?")
    assert Timer.objects.filter(key=f"relationship:{pair.pk}:pulse:2", state="pending").exists()
    timers_run_due(now=midpoint.due_at + timedelta(minutes=1))
    texts = {
        summary_in(n, "en") for n in Notification.objects.filter(kind="relationships.check_in")
    }
    assert any(t.startswith("You are half-way through your mentorship.") for t in texts)


def test_answers_reach_staff_and_put_the_pair_on_the_at_risk_list(
    client: Client, pair: Relationship, cohort: SimpleNamespace
) -> None:
    assert checkins.at_risk(program=cohort.program) == {}
    client.force_login(cohort.amal.person)
    url = reverse("relationships:check_in", args=[pair.pk, "pulse", "2026-12"])
    page = client.post(url, {"score": "9"}).content.decode()
    assert "Select a valid choice." in page
    client.post(url, {"score": "2", "needs_help": "on", "comment": "We have not met yet."})
    with pytest.raises(DomainError, match="already answered"):
        checkins.check_in_submit(
            relationship=pair, by=cohort.amal.person, kind="pulse", round="2026-12", score=4
        )
    reasons = checkins.at_risk(program=cohort.program)[pair.pk]
    assert reasons == ["Asked for the program's help", "A low answer to a check-in"]
    client.force_login(cohort.world.bob)
    staff = reverse("relationships:staff_relationship", args=[pair.pk])
    page = client.get(staff).content.decode()
    assert "We have not met yet." in page
    client.post(staff, {"form": "contact", "note": "Called Amal; a meeting is set for Tuesday."})
    assert "Called Amal" in client.get(staff).content.decode()
    # The mentor never reads the mentee's answer.
    client.force_login(cohort.dana.person)
    assert (
        "We have not met yet."
        not in client.get(reverse("relationships:detail", args=[pair.pk])).content.decode()
    )
    assert client.get(staff).status_code == 404


def test_a_silent_pair_is_flagged_after_the_programs_number_of_days(
    pair: Relationship, cohort: SimpleNamespace
) -> None:
    assert pair.activated_at is not None
    days = cohort.program.inactivity_days
    assert (
        checkins.at_risk(program=cohort.program, now=pair.activated_at + timedelta(days=days - 1))
        == {}
    )
    later = pair.activated_at + timedelta(days=days + 1)
    assert checkins.at_risk(program=cohort.program, now=later)[pair.pk] == [
        f"No message, meeting or progress in {days} days"
    ]
    # A message between them is a sign of life too.
    from bridgeway.messaging.models import Conversation

    Conversation.objects.filter(relationship=pair).update(
        last_message_at=pair.activated_at + timedelta(days=days)
    )
    assert checkins.at_risk(program=cohort.program, now=later) == {}


def test_the_coordinators_list_filters_pairs_by_attention_and_status(
    client: Client, pair: Relationship, cohort: SimpleNamespace
) -> None:
    client.force_login(cohort.world.bob)
    url = reverse("relationships:staff_list", args=[cohort.program.pk])
    staff_url = reverse("relationships:staff_relationship", args=[pair.pk])
    assert staff_url not in client.get(url, {"show": "attention"}).content.decode()
    assert (
        "Nothing to show with this choice."
        in client.get(url, {"show": "attention"}).content.decode()
    )
    checkins.check_in_submit(
        relationship=pair, by=cohort.amal.person, kind="pulse", round="2026-12", score=1
    )
    assert staff_url in client.get(url, {"show": "attention"}).content.decode()
    assert staff_url in client.get(url, {"show": "active"}).content.decode()
    assert staff_url not in client.get(url, {"show": "closed"}).content.decode()


def test_the_last_messages_are_read_by_program_as_by_the_pairs_ids(
    pair: Relationship, cohort: SimpleNamespace
) -> None:
    """The list's last messages are read by joining on the program (kept compiled), with the
    same answer as reading the active pairs' conversations by their ids."""
    from bridgeway.messaging import selectors as messaging
    from bridgeway.messaging.models import Conversation

    moment = pair.activated_at
    assert moment is not None
    Conversation.objects.filter(relationship=pair).update(last_message_at=moment)
    active = Relationship.Status.ACTIVE.value
    assert messaging._last_messages_of_program.compiled() is not None
    by_program = messaging.last_message_times_of_program(
        program_id=cohort.program.pk, status=active
    )
    assert by_program == messaging.last_message_times(relationship_ids=[pair.pk])
    assert by_program == {pair.pk: moment}
    # Another program's, and a pair no longer active, are not among them.
    assert (
        messaging.last_message_times_of_program(program_id=cohort.world.program_b.pk, status=active)
        == {}
    )
    Relationship.objects.filter(pk=pair.pk).update(status=Relationship.Status.CLOSED)
    assert (
        messaging.last_message_times_of_program(program_id=cohort.program.pk, status=active) == {}
    )
