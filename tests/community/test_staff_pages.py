"""Staff open and change spaces: an agency's for the agency and its programs, network admins
for the network; every change is in the audit log."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.community.models import Space
from bridgeway.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_coordinator_opens_a_program_space_for_mentors(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.bob)
    url = reverse("community:agency_spaces", args=["agency-a"])
    assert "No space yet" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "where": str(world.program_a.pk),
            "name": "Mentors of Welcome Hosts",
            "audience": "mentors",
            "sector": "21",
            "organization": str(world.agency_b.pk),
        },
        follow=True,
    )
    space = Space.objects.get()
    assert (space.level, space.program, space.organization) == (
        "program",
        world.program_a,
        world.agency_a,
    )
    assert space.sector == "21"
    assert "Occupation group 21" in response.content.decode()
    assert AuditEvent.objects.filter(organization=world.agency_a, action="community.space_create")


def test_a_bad_occupation_code_is_explained(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.bob)
    response = client.post(
        reverse("community:agency_spaces", args=["agency-a"]),
        {"name": "Tech", "audience": "everyone", "sector": "IT"},
    )
    assert "Write a NOC code in digits" in response.content.decode()
    assert not Space.objects.exists()


def test_another_agencys_staff_cannot_open_or_change_a_space(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    client.force_login(world.carol)
    assert client.get(reverse("community:agency_spaces", args=["agency-a"])).status_code == 404
    response = client.post(
        reverse("community:space_edit", args=[spaces.agency.pk]),
        {"name": "Taken", "audience": "everyone"},
    )
    assert response.status_code == 404
    spaces.agency.refresh_from_db()
    assert spaces.agency.name == "Agency A lounge"


def test_staff_change_a_space_and_it_is_audited(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    client.force_login(world.alice)
    response = client.post(
        reverse("community:space_edit", args=[spaces.agency.pk]),
        {"name": "Agency A lounge", "audience": "mentees", "description": "For newcomers"},
    )
    assert response.status_code == 302
    spaces.agency.refresh_from_db()
    assert spaces.agency.audience == "mentees"
    event = AuditEvent.objects.get(action="community.space_update")
    assert event.data["fields"] == ["description", "audience"]


def test_the_network_admin_opens_a_network_space(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.grace)
    client.post(
        reverse("community:network_spaces"), {"name": "Jobs in Canada", "audience": "everyone"}
    )
    space = Space.objects.get()
    assert (space.level, space.organization) == ("network", None)
    client.force_login(world.erin)
    assert "Jobs in Canada" in client.get(reverse("community:home")).content.decode()


def test_participants_do_not_reach_the_staff_pages(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    assert client.get(reverse("community:agency_spaces", args=["agency-a"])).status_code == 404
    assert client.get(reverse("community:network_spaces")).status_code == 404
    assert client.get(reverse("community:space_edit", args=[spaces.agency.pk])).status_code == 404
