from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.demo.erasure import demo_erasure
from bridgeway.demo.network import DEMO_DOMAIN, demo_load
from bridgeway.privacy.erasure.models import ErasureRequest

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_request_waiting_and_one_on_hold_once(client: Client) -> None:
    demo_load()
    demo_erasure()
    demo_erasure()
    assert ErasureRequest.objects.count() == 2
    client.force_login(Person.objects.get(email=f"maple.coordinator@{DEMO_DOMAIN}"))
    url = reverse("privacy_erasure:staff_list", args=["maple"])
    waiting = client.get(url).content.decode()
    assert "María Restrepo" in waiting
    assert "Chidi Eze" not in waiting
    held = client.get(url + "?show=held").content.decode()
    assert "Chidi Eze" in held
    assert "raised by this person, is still open" in held
