from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.community.sessions.models import Session
from bridgeway.demo.network import DEMO_DOMAIN, demo_load
from bridgeway.demo.sessions import demo_sessions
from bridgeway.notifications.models import Timer

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_monthly_case_session_and_a_webinar_once(client: Client) -> None:
    demo_load()
    demo_sessions()
    demo_sessions()
    assert Session.objects.filter(title="Monthly case session for mentors").count() == 6
    webinar = Session.objects.get(title="Webinar: finding work in Canada")
    assert Timer.objects.filter(key=f"community-session:{webinar.pk}:invite").exists()
    client.force_login(Person.objects.get(email=f"mentee.yara@{DEMO_DOMAIN}"))
    page = client.get(reverse("community:sessions")).content.decode()
    assert "Webinar: finding work in Canada" in page
    assert "Monthly case session" not in page
