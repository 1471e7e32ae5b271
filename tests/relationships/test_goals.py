"""Goals: set together, progress written, met; when all are met and the program closes on
goals, both are asked whether to close."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.core.services import DomainError
from bridgeway.notifications.models import Notification
from bridgeway.relationships import agreements, goals, services
from bridgeway.relationships.models import Goal, Relationship

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


def test_goals_met_ask_both_whether_to_close(pair: Relationship, cohort: SimpleNamespace) -> None:
    amal, dana = cohort.amal.person, cohort.dana.person
    first = goals.goal_add(relationship=pair, by=amal, title="  Five   applications ")
    second = goals.goal_add(
        relationship=pair,
        by=dana,
        title="Practise an interview",
        due_date=timezone.localdate() + timedelta(days=30),
    )
    assert first.title == "Five applications"
    goals.goal_note(goal=first, by=amal, text="Sent two.")
    goals.goal_met(goal=first, by=amal)
    assert not Notification.objects.filter(kind="relationships.goals_met").exists()
    goals.goal_met(goal=second, by=dana)
    asked = Notification.objects.filter(kind="relationships.goals_met")
    assert {n.person for n in asked} == {amal, dana}
    assert asked[0].url.endswith("/close/?reason=goals_met")
    with pytest.raises(DomainError, match="already met"):
        goals.goal_met(goal=second, by=dana)


def test_bad_goals_are_refused_with_a_clear_message(
    pair: Relationship, cohort: SimpleNamespace
) -> None:
    amal = cohort.amal.person
    with pytest.raises(DomainError, match="Write the goal"):
        goals.goal_add(relationship=pair, by=amal, title="   ")
    with pytest.raises(DomainError, match="from today on"):
        goals.goal_add(
            relationship=pair,
            by=amal,
            title="x",
            due_date=timezone.localdate() - timedelta(days=1),
        )
    with pytest.raises(DomainError, match="Only the mentee and the mentor"):
        goals.goal_add(relationship=pair, by=cohort.fay.person, title="Mine")
    assert not Goal.objects.exists()


def test_the_goals_page(client: Client, pair: Relationship, cohort: SimpleNamespace) -> None:
    client.force_login(cohort.amal.person)
    url = reverse("relationships:goals", args=[pair.pk])
    page = client.post(url, {"form": "add", "title": ""}).content.decode()
    assert "This field is required." in page
    client.post(url, {"form": "add", "title": "Five applications", "measure": "five sent"})
    goal = Goal.objects.get()
    client.post(url, {"form": "note", "goal": str(goal.pk), "text": "Sent two."})
    client.post(url, {"form": "met", "goal": str(goal.pk)})
    goal.refresh_from_db()
    assert goal.status == "met"
    page = client.get(url).content.decode()
    assert "Sent two." in page
    client.force_login(cohort.fay.person)
    assert client.get(url).status_code == 404
