"""The demo's group: Kwame's Launch circle under way, with a newcomer who signed, a call for
help on the coordinator's list, a staff contact and a mentee back on the waiting list."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.demo.groups import demo_groups
from bridgeway.demo.network import DEMO_DOMAIN, demo_load
from bridgeway.programs.models import Program, WaitlistEntry
from bridgeway.relationships.groups.models import MentoringGroup

pytestmark = pytest.mark.django_db


def test_the_demo_group_shows_check_ins_contacts_and_members_who_came_and_went(
    client: Client,
) -> None:
    demo_load()
    demo_groups()
    demo_groups()  # a second run finds it
    group = MentoringGroup.objects.get()
    assert group.status == MentoringGroup.Status.ACTIVE
    assert group.members.filter(left_at__isnull=True).count() == 4  # Kwame and three mentees
    program = Program.objects.get(slug="enterprise-ability")
    assert WaitlistEntry.objects.filter(
        program=program, enrollment__person__email=f"mentee.leila@{DEMO_DOMAIN}"
    ).exists()
    client.force_login(Person.objects.get(email=f"prairie.coordinator@{DEMO_DOMAIN}"))
    listing = client.get(reverse("relationships:staff_list", args=[program.pk])).content.decode()
    assert "Group “Launch circle”" in listing
    assert "Asked for the program&#x27;s help" in listing
    page = client.get(reverse("relationships:staff_group", args=[group.pk])).content.decode()
    assert "captions on the video calls often fail" in page
    assert "another video service" in page
    assert "Leila Nasser" in page
