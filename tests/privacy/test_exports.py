"""A person's copy of their data: asked from their account or by their agency's staff, built in
the background, emailed as a link that only they can open for 7 days, then removed."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.models import AuditEvent
from bridgeway.privacy.exports import services
from bridgeway.privacy.exports.models import ExportRequest
from bridgeway.programs.models import Enrollment

pytestmark = pytest.mark.django_db


def _ask(client: Client, capture: Any) -> Any:
    with capture(execute=True):
        return client.post(reverse("privacy_exports:mine"), follow=True)


def _link_in_email(person: Person) -> str:
    email = next(m for m in mail.outbox if m.to == [person.email])
    return next(line for line in email.body.splitlines() if "/account/data/download/" in line)


def test_a_person_asks_from_their_account_and_downloads_by_the_emailed_link(
    client: Client, erin: Person, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(erin)
    preferences = client.get(reverse("accounts:preferences")).content.decode()
    assert reverse("privacy_exports:mine") in preferences

    page = _ask(client, django_capture_on_commit_callbacks).content.decode()

    assert "We are preparing a copy of your data" in page
    export = ExportRequest.objects.get(person=erin)
    assert export.status == ExportRequest.Status.READY
    assert export.expires_at is not None
    assert export.expires_at - export.built_at == timedelta(days=7)  # type: ignore[operator]
    link = _link_in_email(erin).strip()
    response = client.get(link[link.index("/account/") :])
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    assert "README.txt" in archive.namelist()
    assert "erin@example.org" in archive.read("accounts/people.json").decode()
    export.refresh_from_db()
    assert export.delivered_at is not None
    mine = client.get(reverse("privacy_exports:mine")).content.decode()
    assert "Download the zip" in mine


def test_a_second_ask_while_one_is_prepared_says_when_the_first_was_asked(
    client: Client, erin: Person
) -> None:
    client.force_login(erin)
    client.post(reverse("privacy_exports:mine"))  # no commit here: it stays pending
    page = client.post(reverse("privacy_exports:mine"), follow=True).content.decode()
    assert "You already asked for a copy of your data on" in page
    assert ExportRequest.objects.filter(person=erin).count() == 1


def test_someone_else_s_link_is_a_404_page_and_an_expired_one_a_410_page(
    client: Client, erin: Person, frank: Person, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(erin)
    _ask(client, django_capture_on_commit_callbacks)
    export = ExportRequest.objects.get(person=erin)
    link = services.download_url(export)

    client.force_login(frank)
    response = client.get(link)
    assert response.status_code == 404
    assert "opens only for the person it was made for" in response.content.decode()

    client.force_login(erin)
    assert client.get(link + "x").status_code == 404
    ExportRequest.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    response = client.get(link)
    assert response.status_code == 410
    assert "This download link has expired" in response.content.decode()


def test_the_hourly_job_removes_files_whose_link_expired(
    erin: Person, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.export_ask(person=erin, asked_by=erin)
    export = ExportRequest.objects.get(person=erin)
    name = export.stored_name
    assert services.storage().exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.exports_expire_due(now=timezone.now() + timedelta(days=6)) == 0
        assert services.exports_expire_due(now=timezone.now() + timedelta(days=8)) == 1

    export.refresh_from_db()
    assert export.status == ExportRequest.Status.EXPIRED
    assert export.expired_at is not None
    assert export.stored_name == ""
    assert not services.storage().exists(name)


def test_staff_ask_for_a_participant_with_a_reason_and_it_is_audited(
    client: Client, bob: Person, erin: Person, django_capture_on_commit_callbacks: Any
) -> None:
    enrollment = Enrollment.objects.get(person=erin)
    client.force_login(bob)
    staff_page = client.get(reverse("programs:staff_enrollment", args=[enrollment.pk]))
    assert reverse("privacy_exports:staff_ask", args=[enrollment.pk]) in staff_page.content.decode()
    url = reverse("privacy_exports:staff_ask", args=[enrollment.pk])
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200
    assert not ExportRequest.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "She asked by phone"})

    assert response.status_code == 302
    export = ExportRequest.objects.get(person=erin)
    assert export.asked_by == bob
    assert export.reason == "She asked by phone"
    event = AuditEvent.objects.get(action="privacy.export_ask")
    assert event.subject == erin
    assert event.actor == bob
    assert any(m.to == [erin.email] for m in mail.outbox)  # the copy goes to her, not to staff
    assert not any(m.to == [bob.email] for m in mail.outbox)


def test_staff_of_another_agency_get_404(client: Client, dave: Person, erin: Person) -> None:
    enrollment = Enrollment.objects.get(person=erin)
    client.force_login(dave)
    url = reverse("privacy_exports:staff_ask", args=[enrollment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "curious"}).status_code == 404
    assert not ExportRequest.objects.exists()


def test_staff_see_requests_nearing_thirty_days_first(
    client: Client, bob: Person, erin: Person, agency_a: Any
) -> None:
    ExportRequest.objects.create(
        person=erin, asked_by=erin, asked_at=timezone.now() - timedelta(days=25)
    )
    client.force_login(bob)
    page = client.get(reverse("privacy_exports:staff_list", args=[agency_a.slug])).content.decode()
    assert "Not answered after 23 days or more" in page
    assert "25 days since they asked" in page
    overview = client.get(reverse("core:agency_overview", args=[agency_a.slug])).content.decode()
    assert "1 request for personal data is close to its 30-day limit" in overview


def test_the_api_asks_once_and_lists_the_person_s_requests(
    client: Client, erin: Person, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(erin)
    url = reverse("api:privacy-exports-mine")
    first = client.post(url)
    assert first.status_code == 201
    assert first.json()["status"] == "pending"
    second = client.post(url)
    assert second.status_code == 400
    assert "You already asked" in str(second.json())

    with django_capture_on_commit_callbacks(execute=True):
        services.export_build(export_id=first.json()["id"])
    listed = client.get(url).json()
    assert [row["status"] for row in listed] == ["ready"]
    assert "/account/data/download/" in listed[0]["download_url"]


def test_the_schema_lists_the_exports_endpoint(client: Client, erin: Person) -> None:
    client.force_login(erin)
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    assert "/api/v1/me/exports/" in schema["paths"]


def test_asking_too_often_is_refused_with_when_to_try_again(
    client: Client, erin: Person, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.BRIDGEWAY_RATE_LIMITS = {**settings.BRIDGEWAY_RATE_LIMITS, "export": "1/d"}
    client.force_login(erin)
    _ask(client, django_capture_on_commit_callbacks)
    response = client.post(reverse("api:privacy-exports-mine"))
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert ExportRequest.objects.filter(person=erin).count() == 1


def test_a_build_that_fails_tells_the_person_to_ask_again(
    erin: Person, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    def broken(**kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(services, "export_write", broken)
    export = services.export_ask(person=erin, asked_by=erin)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(OSError, match="disk full"),
    ):
        services.export_build(export_id=export.pk)

    export.refresh_from_db()
    assert export.status == ExportRequest.Status.FAILED
    email = next(m for m in mail.outbox if m.to == [erin.email])
    assert "We could not prepare the copy of your data" in email.body
    services.export_ask(person=erin, asked_by=erin)  # a failed request does not block a new one


def test_building_twice_builds_once(erin: Person, django_capture_on_commit_callbacks: Any) -> None:
    export = services.export_ask(person=erin, asked_by=erin)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.export_build(export_id=export.pk) is not None
        assert services.export_build(export_id=export.pk) is None
    assert len([m for m in mail.outbox if m.to == [erin.email]]) == 1


def test_the_export_is_in_the_person_s_language(erin: Person) -> None:
    from bridgeway.privacy.exports.builder import export_write

    erin.preferred_language = "fr"
    erin.save()
    out = io.BytesIO()
    export_write(person=erin, out=out)
    archive = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    profile = archive.read("accounts/people.json").decode()
    assert '"Langue préférée": "fr"' in profile  # the fields' names in her language
