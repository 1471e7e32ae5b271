"""Group programs: staff form a circle from people ready to be matched, every member is told
in their own language, signs the group's agreement on My group, and the circle is under way
once all have signed (or staff start it with a reason)."""

from __future__ import annotations

from datetime import time
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.core.models import AuditEvent
from bridgeway.core.services import DomainError
from bridgeway.messaging.models import Conversation
from bridgeway.notifications.models import ContactSettings, Notification
from bridgeway.programs.models import EnrollmentStatus
from bridgeway.relationships import services as pair_services
from bridgeway.relationships.groups import services
from bridgeway.relationships.groups.models import MentoringGroup
from bridgeway.relationships.models import MentorRequest, Relationship
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory

pytestmark = pytest.mark.django_db
S = EnrollmentStatus


def _person(program: Any, name: str, role: str, **extra: Any) -> Any:
    person = PersonFactory(display_name=name, email=f"{name.lower()}@example.org", **extra)
    ContactSettings.objects.create(person=person, quiet_start=time(0), quiet_end=time(0))
    return EnrollmentFactory(program=program, person=person, role=role, status="ready")


@pytest.fixture
def circle(world: SimpleNamespace) -> SimpleNamespace:
    """A group program of agency A: two mentors, four mentees ready to be matched."""
    program = ProgramFactory(
        organization=world.agency_a, name="Nurses circle", slug="nurses", kind="group"
    )
    return SimpleNamespace(
        world=world,
        program=program,
        maya=_person(program, "Maya", "mentor", time_zone="America/Vancouver"),
        noah=_person(program, "Noah", "mentor"),
        amir=_person(program, "Amir", "mentee", preferred_language="fr"),
        bea=_person(program, "Bea", "mentee", time_zone="Asia/Manila"),
        cleo=_person(program, "Cleo", "mentee"),
        dev=_person(program, "Dev", "mentee"),
    )


def form(circle: SimpleNamespace, **overrides: Any) -> MentoringGroup:
    values: dict[str, Any] = {
        "program": circle.program,
        "name": "Spring nurses",
        "mentor_ids": [circle.maya.pk],
        "mentee_ids": [circle.amir.pk, circle.bea.pk, circle.cleo.pk],
        "by": circle.world.bob,
        **overrides,
    }
    return services.group_form(**values)


def sign_all(group: MentoringGroup) -> None:
    for member in group.members.select_related("enrollment__person"):
        person = member.enrollment.person
        services.agreement_sign(agreement=group.agreement, by=person, typed_name=person.name)
    group.refresh_from_db()


def test_staff_form_a_group_on_the_programs_page_and_each_member_is_told(
    client: Client, circle: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(circle.world.bob)
    list_url = reverse("relationships:staff_list", args=[circle.program.pk])
    assert (
        reverse("relationships:staff_groups", args=[circle.program.pk])
        in client.get(list_url).content.decode()
    )
    url = reverse("relationships:staff_groups", args=[circle.program.pk])
    page = client.get(url).content.decode()
    assert "Form a group" in page
    assert "Amir" in page
    assert "Maya" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "name": "Spring nurses",
                "mentors": [circle.maya.pk],
                "mentees": [circle.amir.pk, circle.bea.pk, circle.cleo.pk],
                "status": "active",  # mass assignment: ignored
            },
        )
    group = MentoringGroup.objects.get()
    assert response["Location"] == reverse("relationships:staff_group", args=[group.pk])
    assert group.status == MentoringGroup.Status.AGREEMENT
    for enrollment in (circle.maya, circle.amir, circle.bea, circle.cleo):
        enrollment.refresh_from_db()
        assert enrollment.status == S.MATCHED
    circle.dev.refresh_from_db()
    assert circle.dev.status == S.READY
    told = Notification.objects.filter(kind="relationships.group_started")
    assert told.count() == 4
    # Each in their own language: Amir's email is written in French.
    to_amir = next(m for m in mail.outbox if m.to == [circle.amir.person.email])
    to_bea = next(m for m in mail.outbox if m.to == [circle.bea.person.email])
    assert to_amir.body.startswith("Bonjour Amir")
    assert to_bea.body.startswith("Hello Bea")
    assert "Spring nurses" in to_amir.subject
    assert reverse("relationships:group", args=[group.pk]) in to_amir.body
    assert AuditEvent.objects.filter(action="relationships.group_form").count() == 1
    staff_page = client.get(response["Location"]).content.decode()
    assert "Bea" in staff_page
    assert "not signed yet" in staff_page


def test_limits_and_a_mentee_already_in_a_group_or_mentorship_are_refused_plainly(
    circle: SimpleNamespace, world: SimpleNamespace
) -> None:
    with pytest.raises(DomainError, match="one or two mentors"):
        form(circle, mentor_ids=[])
    with pytest.raises(DomainError, match="from 2 to 12 mentees"):
        form(circle, mentee_ids=[circle.amir.pk])
    with pytest.raises(DomainError, match="mentees of this program"):
        form(circle, mentee_ids=[circle.amir.pk, circle.noah.pk])
    form(circle)
    with pytest.raises(DomainError, match="Amir is not ready to be matched"):
        form(circle, mentor_ids=[circle.noah.pk], mentee_ids=[circle.amir.pk, circle.dev.pk])
    # Maya leads one group: her one place (the program's default) is taken.
    with pytest.raises(DomainError, match="Maya already leads 1 group"):
        form(circle, mentee_ids=[circle.dev.pk, _person(circle.program, "Eve", "mentee").pk])
    assert MentoringGroup.objects.count() == 1
    # A mentee in an open one-to-one mentorship (moved from another program) is refused.
    Relationship.objects.create(
        program=circle.program,
        mentee=circle.dev,
        mentor=_person(circle.program, "Omar", "mentor"),
        planned_end=timezone.localdate(),
    )
    fern = _person(circle.program, "Fern", "mentee")
    hana = _person(circle.program, "Hana", "mentee")
    MentorRequest.objects.create(
        program=circle.program, mentee=hana, mentor=circle.noah, source="mentee", status="waiting"
    )
    with pytest.raises(DomainError, match="Hana has a request waiting"):
        form(circle, mentor_ids=[circle.noah.pk], mentee_ids=[hana.pk, fern.pk])
    with pytest.raises(DomainError, match="Dev already has a mentorship under way"):
        form(circle, mentor_ids=[circle.noah.pk], mentee_ids=[circle.dev.pk, fern.pk])


def test_a_one_to_one_program_forms_no_group(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.bob)
    url = reverse("relationships:staff_groups", args=[world.program_a.pk])
    assert "not a group program" in client.get(url).content.decode()


def test_every_member_signs_on_my_group_and_the_group_is_under_way_with_its_conversation(
    client: Client, circle: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    group = form(circle)
    client.force_login(circle.bea.person)
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    url = reverse("relationships:group", args=[group.pk])
    assert url in dashboard
    page = client.get(url).content.decode()
    assert "Maya" in page
    assert "Amir" in page
    assert "Sign the group's agreement" in page
    # Only mentors set the terms; a mentee's post changes nothing.
    client.post(
        url,
        {"form": "terms", "meeting_frequency": "weekly", "channels": ["phone"], "response_days": 3},
    )
    group.agreement.refresh_from_db()
    assert group.agreement.meeting_frequency == "fortnightly"
    client.post(url, {"form": "sign", "typed_name": "Bea Santos"})
    assert "You signed. Waiting for the other members." in client.get(url).content.decode()
    again = client.post(url, {"form": "sign", "typed_name": "Bea"}, follow=True)
    assert "already signed" in again.content.decode() or "You signed" in again.content.decode()
    # A mentor changes the terms: Bea's signature was for other terms.
    client.force_login(circle.maya.person)
    client.post(
        url,
        {"form": "terms", "meeting_frequency": "weekly", "channels": ["video"], "response_days": 2},
    )
    assert group.agreement.signatures.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        sign_all(group)
    assert group.status == MentoringGroup.Status.ACTIVE
    conversation = Conversation.objects.get(pk=group.conversation_id)
    assert conversation.kind == Conversation.Kind.GROUP
    assert conversation.members.count() == 4
    assert Notification.objects.filter(kind="relationships.group_active").count() == 4
    assert any("Spring nurses" in m.subject for m in mail.outbox)
    page = client.get(url).content.decode()
    assert "Group messages" in page
    assert "Schedule a meeting" in page
    with pytest.raises(DomainError, match="already in force"):
        services.agreement_sign(agreement=group.agreement, by=circle.amir.person, typed_name="Amir")


def test_an_outsider_or_a_member_of_another_group_gets_404(
    client: Client, circle: SimpleNamespace
) -> None:
    group = form(circle)
    client.force_login(circle.dev.person)
    assert client.get(reverse("relationships:group", args=[group.pk])).status_code == 404
    client.force_login(circle.world.dave)  # staff of agency B
    assert client.get(reverse("relationships:staff_group", args=[group.pk])).status_code == 404
    with pytest.raises(DomainError, match="Only the group's members sign"):
        services.agreement_sign(agreement=group.agreement, by=circle.dev.person, typed_name="D")


def test_staff_start_the_group_without_signatures_only_with_a_reason(
    client: Client, circle: SimpleNamespace
) -> None:
    group = form(circle)
    client.force_login(circle.world.bob)
    url = reverse("relationships:staff_group", args=[group.pk])
    page = client.post(url, {"form": "waive", "reason": " "}).content.decode()
    assert "This field is required" in page or "Give the reason" in page
    group.refresh_from_db()
    assert group.status == MentoringGroup.Status.AGREEMENT
    client.post(url, {"form": "waive", "reason": "Amir signed on paper at the office."})
    group.refresh_from_db()
    assert group.status == MentoringGroup.Status.ACTIVE
    event = AuditEvent.objects.get(action="relationships.group_active")
    assert event.data["waived"] is True
    assert "signed on paper" in client.get(url).content.decode()
    other = form(
        circle,
        mentor_ids=[circle.noah.pk],
        mentee_ids=[circle.dev.pk, _person(circle.program, "Gus", "mentee").pk],
    )
    with pytest.raises(DomainError, match="Only the program's staff"):
        services.agreement_waive(agreement=other.agreement, by=circle.noah.person, reason="x")


def test_a_mentee_of_a_group_program_is_told_staff_form_groups_instead_of_asking_mentors(
    client: Client,
    circle: SimpleNamespace,
) -> None:
    client.force_login(circle.dev.person)
    page = client.get(reverse("relationships:ask", args=[circle.dev.pk])).content.decode()
    assert "the staff form small groups" in page
    assert "Choose up to three mentors" not in page
    with pytest.raises(DomainError, match="the staff form small groups"):
        pair_services.requests_send(
            mentee=circle.dev, mentor_ids=[circle.noah.pk], message="", by=circle.dev.person
        )


def test_a_mentee_waiting_for_a_group_is_not_sent_to_ask_mentors(
    client: Client, circle: SimpleNamespace
) -> None:
    """The dashboard tells a group program's mentee that the staff form the groups."""
    client.force_login(circle.dev.person)
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert "the staff form small groups of mentees" in dashboard
    assert reverse("relationships:ask", args=[circle.dev.pk]) not in dashboard
