"""The participants' and the staff's pages of group sessions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.community.sessions import registration as places
from bridgeway.community.sessions.models import Registration, Session
from bridgeway.core.models import AuditEvent
from tests.community.sessions.conftest import send_emails

pytestmark = pytest.mark.django_db


def test_a_participant_sees_the_empty_list_then_registers_once(
    client: Client, world: SimpleNamespace, schedule: Callable[..., Session]
) -> None:
    client.force_login(world.erin)
    page = client.get(reverse("community:sessions")).content.decode()
    assert "No session is planned for you right now" in page

    session = schedule()
    page = client.get(reverse("community:sessions")).content.decode()
    assert "Job search in Canada" in page
    detail = client.get(reverse("community:session", args=[session.pk])).content.decode()
    assert "meet.example.org" not in detail  # the link is for people with a place
    assert "<strong>résumé</strong>" in detail
    assert "<dt>Language spoken</dt><dd>English</dd>" in detail  # its name, not blank

    url = reverse("community:session_register", args=[session.pk])
    client.post(url, {"action": "register"})
    client.post(url, {"action": "register"})  # a double submit
    assert Registration.objects.filter(session=session, person=world.erin).count() == 1
    detail = client.get(reverse("community:session", args=[session.pk])).content.decode()
    assert "You have a place." in detail
    assert "https://meet.example.org/job-search" in detail

    client.post(url, {"action": "cancel"})
    assert Registration.objects.get(person=world.erin).status == "cancelled"


def test_other_agencies_and_other_audiences_do_not_see_the_session(
    client: Client, world: SimpleNamespace, schedule: Callable[..., Session]
) -> None:
    session = schedule(audience="mentors")
    for person in (world.erin, world.carol, world.mallory):
        client.force_login(person)
        assert client.get(reverse("community:session", args=[session.pk])).status_code == 404
        response = client.post(reverse("community:session_register", args=[session.pk]))
        assert response.status_code == 404
    assert not Registration.objects.exists()


def test_staff_schedule_change_and_cancel_and_registrants_are_told(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.bob)
    new = reverse("community:sessions_agency_new", args=["agency-a"])
    assert (
        "No session yet"
        in client.get(reverse("community:sessions_agency", args=["agency-a"])).content.decode()
    )
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    data = {
        "scope": f"program:{world.program_a.pk}",
        "title": "Networking 101",
        "description": "",
        "audience": "mentees",
        "language": "en",
        "day": day,
        "at": "18:00",
        "duration_minutes": "60",
        "capacity": "30",
        "join_kind": "link",
        "join_link": "https://webinar.example.org/101",
        "client_key": "k1",
    }
    response = client.post(new, data)
    client.post(new, data)  # a double submit
    session = Session.objects.get()
    assert response.url == reverse("community:session_manage", args=[session.pk])
    assert AuditEvent.objects.filter(action="community.session_create").count() == 1
    places.register(session=session, person=world.erin)

    manage = reverse("community:session_manage", args=[session.pk])
    page = client.get(manage).content.decode()
    assert "Erin" in page
    assert "Nobody is waiting." in page
    client.post(manage, {**data, "action": "change", "at": "19:00"})
    session.refresh_from_db()
    assert session.sequence == 1
    client.post(manage, {"action": "cancel"})
    session.refresh_from_db()
    assert session.is_cancelled
    subjects = [m.subject for m in send_emails() if world.erin.email in m.to]
    assert any(s.startswith("Changed:") for s in subjects)
    assert any(s.startswith("Cancelled:") for s in subjects)


def test_the_form_explains_what_is_wrong(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.bob)
    new = reverse("community:sessions_agency_new", args=["agency-a"])
    response = client.post(
        new,
        {
            "scope": f"agency:{world.agency_a.pk}",
            "title": "Big webinar",
            "audience": "everyone",
            "language": "en",
            "day": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "at": "12:00",
            "duration_minutes": "60",
            "capacity": "200",
            "join_kind": "call",
        },
    )
    assert response.status_code == 400
    assert "give an external link for more places" in response.content.decode()
    response = client.post(new, {"scope": f"agency:{world.agency_a.pk}", "day": "2020-01-01"})
    assert response.status_code == 400
    assert not Session.objects.exists()


def test_after_the_session_staff_mark_attendance_and_add_the_recording(
    client: Client, world: SimpleNamespace, schedule: Callable[..., Session]
) -> None:
    session = schedule()
    places.register(session=session, person=world.erin)
    places.register(session=session, person=world.frank)
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(world.bob)
    manage = reverse("community:session_manage", args=[session.pk])
    client.post(manage, {"action": "attendance", f"came_{world.erin.pk}": "on"})
    attended = dict(Registration.objects.values_list("person_id", "attended"))
    assert attended == {world.erin.pk: True, world.frank.pk: False}
    client.post(manage, {"action": "recording", "link": "https://video.example.org/rec"})

    client.force_login(world.erin)
    page = client.get(reverse("community:sessions")).content.decode()
    assert "https://video.example.org/rec" in page
    assert any("Recording" in m.subject for m in send_emails() if world.erin.email in m.to)


def test_agency_b_staff_cannot_manage_agency_as_sessions(
    client: Client, world: SimpleNamespace, schedule: Callable[..., Session]
) -> None:
    session = schedule()
    client.force_login(world.carol)
    manage = reverse("community:session_manage", args=[session.pk])
    assert client.get(manage).status_code == 404
    assert client.post(manage, {"action": "cancel"}).status_code == 404
    session.refresh_from_db()
    assert not session.is_cancelled
