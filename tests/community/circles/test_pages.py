"""The participants' pages of circles (the list, a circle's page, join, ask, leave; the
leader's requests and sessions) and the staff's pages (open, change, name a leader, close,
members)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.community.circles.membership import circle_join
from bridgeway.community.circles.models import Circle, CircleMember
from bridgeway.community.sessions.models import Session
from bridgeway.core.models import AuditEvent
from tests.community.circles.conftest import complete_mentorship
from tests.factories import EnrollmentFactory, PersonFactory

pytestmark = pytest.mark.django_db
Status = CircleMember.Status


def _page(client: Client, name: str, *args: object) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_a_mentee_finds_a_circle_joins_once_and_reaches_its_space_and_conversation(
    client: Client, people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    client.force_login(people.erin)
    page = _page(client, "community:circles")
    assert "You are not in a circle yet" in page
    assert "No other circle is open in your programs right now" in page

    circle = open_circle()
    page = _page(client, "community:circles")
    assert "Job search in health care" in page
    assert "Open: you can join" in page
    detail = _page(client, "community:circle", circle.pk)
    assert "<strong>every month</strong>" in detail
    assert "Led by" not in detail
    assert "Frank" in detail

    url = reverse("community:circle_join", args=[circle.pk])
    client.post(url)
    client.post(url)  # a double submit
    assert CircleMember.objects.filter(circle=circle, person=people.erin).count() == 1
    detail = _page(client, "community:circle", circle.pk)
    circle.refresh_from_db()
    assert "You are a member." in detail
    assert reverse("community:space", args=[circle.space_id]) in detail
    assert reverse("messaging:conversation", args=[circle.conversation_id]) in detail
    assert _page(client, "community:space", circle.space_id).count("The space of the circle") == 1

    client.post(reverse("community:circle_leave", args=[circle.pk]))
    assert "You can join again" in _page(client, "community:circles")
    assert client.get(reverse("community:space", args=[circle.space_id])).status_code == 404


def test_the_list_says_why_a_circle_is_not_for_them(
    client: Client, people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    open_circle()
    open_circle(kind="mentors", name="Mentors' peer circle")
    client.force_login(people.ivan)
    page = _page(client, "community:circles")
    assert "You can join once your application to Welcome Hosts A is accepted." in page
    assert "This circle is for the mentors of Welcome Hosts A." in page
    response = client.post(reverse("community:circle_join", args=[Circle.objects.first().pk]))
    assert response.status_code == 302
    assert not CircleMember.objects.filter(person=people.ivan).exists()


def test_people_outside_the_circles_scope_get_404(
    client: Client, people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    circle = open_circle()
    b_mentee = PersonFactory(display_name="B mentee")
    EnrollmentFactory(program=people.program_b, person=b_mentee, role="mentee", status="ready")
    for person in (b_mentee, people.carol, people.mallory):
        client.force_login(person)
        assert "Job search" not in _page(client, "community:circles")
        for name in ("community:circle", "community:circle_join", "community:circle_leave"):
            method = client.get if name == "community:circle" else client.post
            assert method(reverse(name, args=[circle.pk])).status_code == 404
    assert CircleMember.objects.filter(circle=circle).count() == 1  # the leader


def test_the_leader_answers_requests_and_schedules_a_session(
    client: Client, people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    circle = open_circle(joining="approval")
    client.force_login(people.erin)
    client.post(reverse("community:circle_join", args=[circle.pk]), {"note": "Nurse from Manila"})
    assert "You asked to join." in _page(client, "community:circle", circle.pk)
    asked = CircleMember.objects.get(person=people.erin)
    # A member who does not lead sees no leader's tools.
    new_session = reverse("community:circle_session_new", args=[circle.pk])
    assert client.get(new_session).status_code == 404

    client.force_login(people.frank)
    page = _page(client, "community:circle", circle.pk)
    assert "Nurse from Manila" in page
    assert "You lead this circle." in page
    client.post(
        reverse("community:circle_decide", args=[circle.pk, asked.pk]), {"action": "approve"}
    )
    asked.refresh_from_db()
    assert asked.status == Status.ACTIVE

    assert client.post(new_session, {"title": ""}).status_code == 400
    day = (timezone.localdate() + timedelta(days=8)).isoformat()
    data = {
        "title": "Our first meeting",
        "description": "",
        "language": "en",
        "day": day,
        "at": "18:30",
        "duration_minutes": "60",
        "capacity": "5",
        "join_kind": "call",
        "join_link": "",
        "client_key": "k-1",
    }
    client.post(new_session, data)
    client.post(new_session, data)  # sent twice: once
    [session] = Session.objects.filter(circle=circle)
    page = _page(client, "community:circle", circle.pk)
    assert "Our first meeting" in page
    client.force_login(people.erin)
    assert "The members of the circle" in _page(client, "community:session", session.pk)
    client.force_login(people.hana)
    assert client.get(reverse("community:session", args=[session.pk])).status_code == 404

    client.force_login(people.frank)
    client.post(reverse("community:circle_session_cancel", args=[circle.pk, session.pk]))
    session.refresh_from_db()
    assert session.is_cancelled


def test_staff_open_change_and_close_a_circle_with_an_audit_trail(
    client: Client, people: SimpleNamespace
) -> None:
    complete_mentorship(people.frank, people.program_a)
    client.force_login(people.bob)
    assert "No circle yet" in _page(client, "community:circles_agency", "agency-a")
    new = reverse("community:circles_agency_new", args=["agency-a"])
    page = _page(client, "community:circles_agency_new", "agency-a")
    assert "completed mentorships: 1" in page
    assert "no completed mentorship yet" in page

    assert client.post(new, {"kind": "mentors"}).status_code == 400
    data = {
        "scope": "agency",
        "kind": "mentors",
        "name": "Peer circle for mentors",
        "need": "",
        "sector": "",
        "language": "en",
        "description": "",
        "capacity": "12",
        "joining": "open",
        "leader": str(people.gina.pk),
        "client_key": "c-1",
    }
    response = client.post(new, data)
    assert response.status_code == 400
    assert "has not completed a mentorship here yet" in response.content.decode()
    client.post(new, {**data, "leader": str(people.frank.pk)})
    client.post(new, {**data, "leader": str(people.frank.pk)})  # sent twice: once
    circle = Circle.objects.get()
    assert circle.level == "agency"
    assert circle.program is None
    assert "Peer circle for mentors" in _page(client, "community:circles_agency", "agency-a")

    manage = reverse("community:circle_manage", args=[circle.pk])
    client.post(manage, {**data, "action": "change", "capacity": "8"})
    client.post(manage, {"action": "leader", "leader": str(people.gina.pk), "vouch": "on"})
    client.post(manage, {"action": "close", "note": "The pilot ended."})
    circle.refresh_from_db()
    assert (circle.capacity, circle.status) == (8, "closed")
    assert "The pilot ended." in _page(client, "community:circle_manage", circle.pk)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"community.circle_create", "community.circle_update"} <= actions
    assert {"community.circle_leader", "community.circle_close"} <= actions


def test_staff_invite_approve_and_take_out_members(
    client: Client, people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    circle = open_circle(joining="approval")
    asked = circle_join(circle=circle, person=people.hana)
    client.force_login(people.bob)
    members = reverse("community:circle_members", args=[circle.pk])
    page = _page(client, "community:circle_members", circle.pk)
    assert "Hana" in page
    assert "No invitation waits for an answer." in page

    response = client.post(members, {"action": "invite", "email": "nobody@example.org"})
    assert response.status_code == 400
    assert "Nobody the circle is for has this address" in response.content.decode()
    client.post(members, {"action": "invite", "email": "ERIN@example.org"})
    assert CircleMember.objects.get(person=people.erin).status == Status.INVITED

    decide = reverse("community:circle_decide", args=[circle.pk, asked.pk])
    response = client.post(decide, {"action": "approve", "back": "staff"})
    assert response.headers["Location"] == members
    client.post(members, {"action": "remove", "member": str(asked.pk), "note": "Asked to leave"})
    asked.refresh_from_db()
    assert asked.status == Status.REMOVED
    assert AuditEvent.objects.filter(action="community.circle_remove", subject=people.hana)


def test_other_agencies_staff_get_404_on_the_staff_pages(
    client: Client, people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    circle = open_circle()
    client.force_login(people.carol)
    for name in ("community:circle_manage", "community:circle_members"):
        assert client.get(reverse(name, args=[circle.pk])).status_code == 404
        assert client.post(reverse(name, args=[circle.pk]), {"action": "close"}).status_code == 404
    assert client.get(reverse("community:circles_agency", args=["agency-a"])).status_code == 404
    circle.refresh_from_db()
    assert circle.is_active


def test_the_header_leads_to_the_community_once_a_circle_is_open_to_them(
    client: Client, people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    client.force_login(people.hana)
    link = f'href="{reverse("community:home")}"'
    assert link not in _page(client, "core:dashboard")
    open_circle()
    assert link in _page(client, "core:dashboard")
    assert reverse("community:circles") in _page(client, "community:home")
