"""After a group closes: its mentees who finished are invited to mentor (the pair's one-step
alumni path), and staff send a mentee who wants to go on back to the waiting list at their
place ("find a new group")."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.core.models import AuditEvent
from bridgeway.core.services import DomainError
from bridgeway.notifications.models import Notification
from bridgeway.programs.models import Enrollment, EnrollmentStatus, StatusChange, WaitlistEntry
from bridgeway.programs.waitlist import waitlist_sync
from bridgeway.relationships.groups import alumni, membership, services
from bridgeway.relationships.groups.models import GroupMember, MentoringGroup
from tests.relationships.test_groups import circle, form, sign_all  # noqa: F401

pytestmark = pytest.mark.django_db
S = EnrollmentStatus


@pytest.fixture
def active(circle: SimpleNamespace) -> MentoringGroup:  # noqa: F811
    group = form(circle)
    sign_all(group)
    return group


def test_mentees_who_finished_are_invited_to_mentor_in_one_step(
    client: Client,
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.group_close(group=active, by=circle.maya.person, reason="completed")
    invited = Notification.objects.filter(kind="relationships.group_alumni_invitation")
    assert sorted(n.person_id for n in invited) == sorted(
        e.person_id for e in (circle.amir, circle.bea, circle.cleo)
    )  # the mentees, not the mentor
    url = reverse("relationships:group_become_mentor", args=[active.pk])
    to_bea = next(m for m in mail.outbox if m.to == [circle.bea.person.email] and url in m.body)
    assert to_bea.subject == "Would you mentor someone in Nurses circle?"
    client.force_login(circle.bea.person)
    assert url in client.get(reverse("relationships:group", args=[active.pk])).content.decode()
    page = client.get(url).content.decode()
    assert "Become a mentor" in page
    response = client.post(url)
    mentor = Enrollment.objects.get(program=circle.program, person=circle.bea.person, role="mentor")
    assert response["Location"] == reverse("programs:applied", args=[mentor.pk])
    circle.bea.refresh_from_db()
    assert circle.bea.status == S.ALUMNI
    again = client.post(url, follow=True)  # a second click applies nothing twice
    assert "already applied to mentor" in again.content.decode()
    assert Enrollment.objects.filter(person=circle.bea.person, role="mentor").count() == 1
    with pytest.raises(DomainError, match="Only the group's mentees"):
        alumni.become_mentor(group=active, by=circle.maya.person)


def test_no_invitation_after_an_early_close_or_for_someone_who_left(
    client: Client,
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    amir = GroupMember.objects.get(group=active, enrollment=circle.amir)
    membership.member_leave(group=active, member=amir, by=circle.amir.person, reason="moved_on")
    services.group_close(group=active, by=circle.world.bob, reason="goals_met")
    invited = {
        n.person_id
        for n in Notification.objects.filter(kind="relationships.group_alumni_invitation")
    }
    assert circle.amir.person_id not in invited
    with pytest.raises(DomainError, match="Only the group's mentees"):
        alumni.become_mentor(group=active, by=circle.amir.person)
    other = form(
        circle,
        name="Autumn",
        mentor_ids=[circle.noah.pk],
        mentee_ids=[circle.dev.pk, _ready(circle, "Zoe").pk],
    )
    sign_all(other)
    services.group_close(group=other, by=circle.noah.person, reason="not_working")
    assert not Notification.objects.filter(
        kind="relationships.group_alumni_invitation", params__group=other.pk
    ).exists()
    client.force_login(circle.dev.person)
    url = reverse("relationships:group_become_mentor", args=[other.pk])
    response = client.post(url, follow=True)
    assert "This invitation opens when a group has finished." in response.content.decode()


def _ready(circle: SimpleNamespace, name: str) -> Enrollment:  # noqa: F811
    from tests.relationships.test_groups import _person

    return _person(circle.program, name, "mentee")


def test_staff_find_a_new_group_for_a_mentee_who_keeps_their_place(
    client: Client,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    now = timezone.now()
    StatusChange.objects.create(enrollment=circle.amir, from_status="training", to_status="ready")
    StatusChange.objects.filter(enrollment=circle.amir).update(changed_at=now - timedelta(days=40))
    waitlist_sync(enrollment=circle.dev)
    WaitlistEntry.objects.filter(enrollment=circle.dev).update(joined_at=now - timedelta(days=5))
    group = form(circle)
    sign_all(group)
    services.group_close(group=group, by=circle.maya.person, reason="no_time")
    client.force_login(circle.world.bob)
    url = reverse("relationships:staff_group", args=[group.pk])
    page = client.get(url).content.decode()
    assert "Find a new group for Amir" in page
    amir = GroupMember.objects.get(group=group, enrollment=circle.amir)
    client.post(url, {"form": "rematch", "member": amir.pk})
    circle.amir.refresh_from_db()
    assert circle.amir.status == S.READY
    order = list(
        WaitlistEntry.objects.filter(program=circle.program)
        .order_by("position")
        .values_list("enrollment_id", flat=True)
    )
    assert order == [circle.amir.pk, circle.dev.pk]
    again = client.post(url, {"form": "rematch", "member": amir.pk}, follow=True)
    assert "Amir is already looking again" in again.content.decode()
    assert AuditEvent.objects.filter(action="relationships.group_rematch").count() == 1
    page = client.get(url).content.decode()
    assert "Find a new group for Amir" not in page
    # The staff's group form lists him in the waiting list's order, first.
    forming = client.get(reverse("relationships:staff_groups", args=[circle.program.pk]))
    text = forming.content.decode()
    # (The list of mentees waiting above the form is ordered by waiting time, not this order.)
    choices = text[text.index('<form method="post" novalidate') :]
    assert choices.index("Amir") < choices.index("Dev")
    # Members cannot do it, nor staff of another agency.
    bea = GroupMember.objects.get(group=group, enrollment=circle.bea)
    with pytest.raises(DomainError, match="Only the program's staff"):
        alumni.rematch(group=group, member=bea, by=circle.maya.person)
    client.force_login(circle.world.carol)
    assert client.post(url, {"form": "rematch", "member": bea.pk}).status_code == 404
    circle.bea.refresh_from_db()
    assert circle.bea.status == S.CLOSED
