"""The intake API: suggestions and submission, public, with the page's own rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from bridgeway.accounts.models import Person
from bridgeway.core import limits
from bridgeway.programs.intake.models import IntakeSubmission
from bridgeway.programs.models import Enrollment

pytestmark = pytest.mark.django_db

ANSWERS = {
    "help": ["settle"],
    "country": "MA",
    "arrival_date": "2099-09-01",
    "languages": ["ar"],
}


def test_suggestions_list_the_programs_that_fit_with_reasons(
    client: Client, hosts: Any, careers: Any
) -> None:
    response = client.post("/api/v1/intake/suggestions/", ANSWERS, content_type="application/json")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()] == ["Welcome Before Arrival"]
    assert "Helps before you arrive" in response.json()[0]["reasons"]


def test_bad_answers_name_the_field(client: Client) -> None:
    data = {**ANSWERS, "country": "CA", "languages": ["xx"]}
    response = client.post("/api/v1/intake/suggestions/", data, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"languages"}
    data = {**ANSWERS, "country": "CA"}
    response = client.post("/api/v1/intake/suggestions/", data, content_type="application/json")
    assert response.json() == {"city": ["Tell us the city where you live in Canada."]}


def test_the_consent_text_comes_in_the_callers_language(client: Client) -> None:
    response = client.get("/api/v1/intake/consent/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()["version"] == 1
    assert "courriel" in response.json()["text"]
    # The purposes agreeing records, each with its version and text in French too.
    purposes = {p["purpose"]: p for p in response.json()["purposes"]}
    assert set(purposes) == {"participation", "matching_profile"}
    assert purposes["matching_profile"]["version"] == 1
    assert "profil de jumelage" in purposes["matching_profile"]["text"]


def test_submitting_creates_the_person_and_emails_the_link(
    client: Client, hosts: Any, django_capture_on_commit_callbacks: Any
) -> None:
    data = {
        **ANSWERS,
        "programs": [hosts.pk],
        "name": "Samira",
        "email": "samira@example.org",
        "consent": True,
        "consent_version": 1,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/intake/", data, content_type="application/json")
    assert response.status_code == 202
    person = Person.objects.get(email="samira@example.org")
    assert person.time_zone == "Africa/Casablanca"
    assert Enrollment.objects.filter(person=person, program=hosts).exists()
    token = IntakeSubmission.objects.get(person=person).token
    assert f"/start/confirm/{token}/" in mail.outbox[-1].body


def test_submitting_without_consent_writes_nothing(client: Client, hosts: Any) -> None:
    data = {**ANSWERS, "programs": [hosts.pk], "name": "S", "email": "s@example.org"}
    response = client.post(
        "/api/v1/intake/",
        {**data, "consent": False, "consent_version": 1},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "consent" in response.json()
    assert not Person.objects.filter(email="s@example.org").exists()


def test_the_answer_is_the_same_for_an_existing_address(
    client: Client, hosts: Any, erin: Person
) -> None:
    data = {**ANSWERS, "programs": [hosts.pk], "name": "X", "consent": True, "consent_version": 1}
    known = client.post(
        "/api/v1/intake/", {**data, "email": "erin@example.org"}, content_type="application/json"
    )
    unknown = client.post(
        "/api/v1/intake/", {**data, "email": "new@example.org"}, content_type="application/json"
    )
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert not Enrollment.objects.filter(person=erin, program=hosts).exists()


def test_the_endpoints_are_in_the_openapi_schema(client: Client) -> None:
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert {"/api/v1/intake/", "/api/v1/intake/suggestions/", "/api/v1/intake/consent/"} <= set(
        paths
    )


def test_applications_with_one_address_are_limited(
    client: Client, hosts: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.BRIDGEWAY_RATE_LIMITS = {**settings.BRIDGEWAY_RATE_LIMITS, "intake_email": "1/h"}
    monkeypatch.setattr(limits, "_clock", lambda: 1_000_000_040.0)  # no hour ends meanwhile
    data = {
        **ANSWERS,
        "programs": [hosts.pk],
        "name": "Samira",
        "email": "samira@example.org",
        "consent": True,
        "consent_version": 1,
    }
    assert client.post("/api/v1/intake/", data, content_type="application/json").status_code == 202
    again = {**data, "email": " Samira@Example.org"}
    refused = client.post("/api/v1/intake/", again, content_type="application/json")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many applications were made with this email address." in refused.json()["detail"]
    assert IntakeSubmission.objects.count() == 1
