from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.demo.library import demo_library
from bridgeway.demo.network import DEMO_DOMAIN, demo_load
from bridgeway.learning.library.models import Resource

pytestmark = pytest.mark.django_db


def test_the_demo_library_has_a_network_guide_and_one_resource_per_program(
    client: Client,
) -> None:
    demo_load()
    demo_library()
    demo_library()
    assert Resource.objects.count() == 5
    assert Resource.objects.filter(level="network").get().versions.count() == 2
    client.force_login(Person.objects.get(email=f"mentee.yara@{DEMO_DOMAIN}"))
    page = client.get(reverse("learning:library")).content.decode()
    assert "Avant votre arrivée" in page
    assert "First meeting with your mentee" not in page
