"""`make run` shows consents by purpose and the breach register, once."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.demo.network import DEMO_DOMAIN, demo_load
from bridgeway.demo.privacy import demo_privacy
from bridgeway.privacy.breaches.models import Breach
from bridgeway.privacy.consent.models import Consent

pytestmark = pytest.mark.django_db


def test_the_demo_has_consents_and_a_register_once(client: Client) -> None:
    demo_load()
    demo_privacy()
    counts = (Consent.objects.count(), Breach.objects.count())
    demo_privacy()
    assert (Consent.objects.count(), Breach.objects.count()) == counts
    client.force_login(Person.objects.get(email=f"mentee.iryna@{DEMO_DOMAIN}"))
    page = client.get(reverse("consent:mine")).content.decode()
    assert "Withdrawn" in page
    client.force_login(Person.objects.get(email=f"maple.admin@{DEMO_DOMAIN}"))
    register = client.get(reverse("breaches:agency", args=["maple"])).content.decode()
    assert "laptop was stolen" in register
    assert "wrong mentor" in register or "another mentor" in register
