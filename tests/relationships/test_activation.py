"""A mentee ready to be matched who starts no mentorship is reminded a week before the
program's activation window closes, then staff are told and see it on their to-do list; once."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from bridgeway.core.dashboard import agency_todo
from bridgeway.notifications.models import Notification
from bridgeway.notifications.render import summary_in
from bridgeway.relationships import services
from bridgeway.relationships.activation import activation_sweep

pytestmark = pytest.mark.django_db


def test_a_mentee_who_does_not_start_is_reminded_then_flagged_once(
    cohort: SimpleNamespace,
) -> None:
    program = cohort.program
    ready_since = cohort.amal.status_changed_at
    days = program.mentee_activation_days
    assert activation_sweep(now=ready_since + timedelta(days=days - 8)) == 0
    activation_sweep(now=ready_since + timedelta(days=days - 6))
    activation_sweep(now=ready_since + timedelta(days=days - 5))  # again: nobody told twice
    [reminder] = Notification.objects.filter(
        person=cohort.amal.person, kind="relationships.activation_reminder"
    )
    assert summary_in(reminder, "en").startswith(
        "You have not started a mentorship in Welcome Hosts A yet. Ask mentors before"
    )
    assert not Notification.objects.filter(kind="relationships.activation_flag").exists()
    activation_sweep(now=ready_since + timedelta(days=days + 1))
    flags = Notification.objects.filter(kind="relationships.activation_flag")
    assert {n.person for n in flags} == {cohort.world.alice, cohort.world.bob}
    amal_flag = flags.filter(params__enrollment=cohort.amal.pk).first()
    assert amal_flag is not None
    assert summary_in(amal_flag, "en") == (
        f"Amal has not started a mentorship in Welcome Hosts A within {days} days."
    )


def test_the_to_do_list_counts_mentees_past_the_window_and_not_those_who_started(
    cohort: SimpleNamespace,
) -> None:
    past = timezone.now() - timedelta(days=cohort.program.mentee_activation_days + 1)
    for mentee in (cohort.amal, cohort.chen):
        type(mentee).objects.filter(pk=mentee.pk).update(status_changed_at=past)
    texts = [item.text for item in agency_todo(organization=cohort.world.agency_a)]
    assert "2 mentees have not started a mentorship in time" in texts
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=cohort.amal.person
    )
    services.request_accept(request=request, by=cohort.dana.person)
    texts = [item.text for item in agency_todo(organization=cohort.world.agency_a)]
    assert "1 mentee has not started a mentorship in time" in texts


def test_in_a_group_program_the_mentee_is_not_asked_to_choose_mentors(
    cohort: SimpleNamespace,
) -> None:
    """The staff form a group program's circles: the mentee has no mentor to ask (they are
    told the staff form the groups: test_group_activation.py); the staff are flagged at the
    end as for pairs."""
    from bridgeway.programs.models import Program

    Program.objects.filter(pk=cohort.program.pk).update(kind=Program.Kind.GROUP)
    ready_since = cohort.amal.status_changed_at
    days = cohort.program.mentee_activation_days
    activation_sweep(now=ready_since + timedelta(days=days - 6))
    activation_sweep(now=ready_since + timedelta(days=days + 1))
    assert not Notification.objects.filter(kind="relationships.activation_reminder").exists()
    flags = Notification.objects.filter(kind="relationships.activation_flag")
    assert {n.person for n in flags} == {cohort.world.alice, cohort.world.bob}
