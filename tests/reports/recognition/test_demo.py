"""`make run` shows a mentor with hours, a certificate and a letter request."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.demo.network import DEMO_DOMAIN, demo_load
from bridgeway.demo.recognition import demo_recognition
from bridgeway.reports.recognition.models import Certificate, LetterRequest

pytestmark = pytest.mark.django_db


def test_the_demo_mentor_has_hours_a_certificate_and_a_request(client: Client) -> None:
    demo_load()
    demo_recognition()
    demo_recognition()
    [certificate] = Certificate.objects.all()
    assert certificate.minutes == 14 * 60
    assert LetterRequest.objects.count() == 1
    client.force_login(Person.objects.get(email=f"mentor.daniel@{DEMO_DOMAIN}"))
    page = client.get(reverse("reports:recognition_mine")).content.decode()
    assert "in every program where you mentor: 14." in page
    assert certificate.code_shown in page
    verify = client.get(reverse("reports:verify_code", args=[certificate.code]))
    assert "Daniel Cohen" in verify.content.decode()
