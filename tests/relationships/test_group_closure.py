"""Closing a group: a mentor or the program's staff, with a reason; every member is told and
asked the four questions; planned meetings are cancelled, the conversation turns read-only,
the mentors' places are free and the mentees' enrollments close."""

from __future__ import annotations

from datetime import time, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.core.models import AuditEvent
from bridgeway.core.services import DomainError
from bridgeway.messaging.models import Conversation
from bridgeway.messaging.services import write_refusal
from bridgeway.notifications.models import Notification
from bridgeway.programs.models import EnrollmentStatus
from bridgeway.relationships.groups import meetings, services
from bridgeway.relationships.groups.models import GroupClosureSurvey, GroupMeeting, MentoringGroup
from bridgeway.relationships.selectors import places_taken
from tests.relationships.test_groups import circle, form, sign_all  # noqa: F401

pytestmark = pytest.mark.django_db
S = EnrollmentStatus


@pytest.fixture
def active(circle: SimpleNamespace) -> MentoringGroup:  # noqa: F811
    group = form(circle)
    sign_all(group)
    return group


def test_a_mentor_closes_the_group_after_asking_and_everyone_is_asked_how_it_went(
    client: Client,
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    maya = circle.maya.person
    assert places_taken(circle.program) == {circle.maya.pk: 1}
    meeting = meetings.meeting_schedule(
        group=active,
        by=maya,
        kind="phone",
        day=timezone.localdate() + timedelta(days=3),
        at=time(10, 0),
    )
    client.force_login(circle.amir.person)  # a mentee: no close link, and refused
    assert (
        "Close this group"
        not in client.get(reverse("relationships:group", args=[active.pk])).content.decode()
    )
    url = reverse("relationships:group_close", args=[active.pk])
    page = client.post(url, {"reason": "goals_met"}).content.decode()
    assert "Les mentors du groupe le terminent" in page  # Amir reads French
    active.refresh_from_db()
    assert active.status == MentoringGroup.Status.ACTIVE
    client.force_login(maya)
    page = client.get(url).content.decode()
    assert "Every member is told" in page
    assert "The program&#x27;s staff ended it" not in page
    response = client.post(url, {"reason": "goals_met", "status": "active"})
    assert response["Location"] == reverse("relationships:group_survey", args=[active.pk])
    active.refresh_from_db()
    assert active.status == MentoringGroup.Status.CLOSED
    assert active.close_reason == "goals_met"
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (GroupMeeting.Status.CANCELLED, 1)
    conversation = Conversation.objects.get(pk=active.conversation_id)
    assert "closed" in write_refusal(conversation=conversation, author=maya)
    assert Notification.objects.filter(kind="relationships.group_closed").count() == 4
    assert AuditEvent.objects.filter(action="relationships.group_close").count() == 1
    for enrollment, status in (
        (circle.maya, S.READY),  # her place is free for the next group
        (circle.amir, S.CLOSED),
        (circle.bea, S.CLOSED),
    ):
        enrollment.refresh_from_db()
        assert enrollment.status == status
    assert places_taken(circle.program) == {}
    # The survey, once per member; staff read it.
    client.force_login(circle.bea.person)
    survey_url = reverse("relationships:group_survey", args=[active.pk])
    answers = {
        "satisfaction": "4",
        "goals_achieved": "partly",
        "would_recommend": "yes",
        "continue_informally": "no",
        "comments": "Good peers",
    }
    client.post(survey_url, answers)
    assert "You have answered" in client.get(survey_url).content.decode()
    with pytest.raises(DomainError, match="already answered"):
        services.survey_submit(
            group=active,
            by=circle.bea.person,
            satisfaction=5,
            goals_achieved="yes",
            would_recommend=True,
            continue_informally=True,
        )
    assert GroupClosureSurvey.objects.count() == 1
    client.force_login(circle.world.bob)
    staff_page = client.get(reverse("relationships:staff_group", args=[active.pk])).content.decode()
    assert "Good peers" in staff_page
    assert "0 members answered" in staff_page  # the cancelled meeting
    with pytest.raises(DomainError, match="already closed"):
        services.group_close(group=active, by=maya, reason="completed")


def test_staff_close_a_group_with_their_own_reason_and_other_agencies_cannot(
    client: Client,
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    with pytest.raises(DomainError, match="Choose a reason"):
        services.group_close(group=active, by=circle.maya.person, reason="staff")
    with pytest.raises(DomainError, match="Only the group's mentors or the program's staff"):
        services.group_close(group=active, by=circle.world.dave, reason="staff")
    client.force_login(circle.world.bob)
    url = reverse("relationships:staff_group", args=[active.pk])
    page = client.post(url, {"form": "close", "reason": "other", "note": " "}).content.decode()
    assert "Say in a few words why it closes" in page
    client.post(url, {"form": "close", "reason": "staff"})
    active.refresh_from_db()
    assert active.status == MentoringGroup.Status.CLOSED
    assert active.closed_by == circle.world.bob


def test_a_mentor_leading_two_groups_keeps_matched_until_the_last_closes(
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    circle.maya.capacity = 2
    circle.maya.save()
    first = form(circle)
    second = form(circle, name="Autumn nurses", mentee_ids=[circle.dev.pk, _extra(circle).pk])
    services.group_close(group=first, by=circle.maya.person, reason="completed")
    circle.maya.refresh_from_db()
    assert circle.maya.status == S.MATCHED
    services.group_close(group=second, by=circle.maya.person, reason="completed")
    circle.maya.refresh_from_db()
    assert circle.maya.status == S.READY


def _extra(circle: SimpleNamespace) -> Any:  # noqa: F811
    from tests.relationships.test_groups import _person

    return _person(circle.program, "Hana", "mentee")


def test_members_write_in_the_group_conversation_until_it_closes(
    client: Client,
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    from bridgeway.messaging.models import Message

    url = reverse("messaging:conversation", args=[active.conversation_id])
    client.force_login(circle.dev.person)  # not in the group
    assert client.get(url).status_code == 404
    client.force_login(circle.bea.person)
    client.post(url, {"body": "Hello everyone, see you Tuesday"})
    assert Message.objects.filter(conversation_id=active.conversation_id).count() == 1
    services.group_close(group=active, by=circle.maya.person, reason="completed")
    page = client.get(url).content.decode()
    assert "Hello everyone" in page
    client.post(url, {"body": "One more thing"})
    assert Message.objects.filter(conversation_id=active.conversation_id).count() == 1
