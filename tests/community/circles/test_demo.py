from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.community.circles.models import Circle, CircleMember
from bridgeway.community.sessions.models import Session
from bridgeway.demo.circles import demo_circles
from bridgeway.demo.network import DEMO_DOMAIN, demo_load
from bridgeway.demo.recognition import demo_recognition

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_mentors_peer_circle_and_a_mentee_circle_once(client: Client) -> None:
    demo_load()
    demo_recognition()
    demo_circles()
    demo_circles()
    peer = Circle.objects.get(name="Mentors' peer circle")
    health = Circle.objects.get(name="Finding work in health care")
    assert peer.leader_vouched_by is None  # Daniel completed a mentorship
    assert Session.objects.filter(circle=peer).count() == 4
    statuses = dict(
        CircleMember.objects.filter(circle=health).values_list("person__email", "status")
    )
    assert statuses == {
        f"mentor.fatima@{DEMO_DOMAIN}": "active",
        f"mentee.yara@{DEMO_DOMAIN}": "active",
        f"mentee.jose@{DEMO_DOMAIN}": "requested",
    }
    client.force_login(Person.objects.get(email=f"mentee.yara@{DEMO_DOMAIN}"))
    page = client.get(reverse("community:circles")).content.decode()
    assert "Finding work in health care" in page
    assert "This circle is for the mentors of Maple" in page
    assert client.get(reverse("community:space", args=[health.space_id])).status_code == 200
    client.force_login(Person.objects.get(email=f"mentor.fatima@{DEMO_DOMAIN}"))
    page = client.get(reverse("community:circle", args=[health.pk])).content.decode()
    assert "I was a lab technician in Manila." in page
