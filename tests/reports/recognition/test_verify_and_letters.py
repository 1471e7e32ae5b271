"""The public verification page and API (genuine, revoked, unknown, limited), and letters to a
mentor's employer: asked with consent, issued and emailed with the PDF, or declined."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from bridgeway.core import limits
from bridgeway.core.models import AuditEvent
from bridgeway.notifications.outbox import deliveries_send_due
from bridgeway.reports.recognition import services
from bridgeway.reports.recognition.models import Certificate, LetterRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(finished: SimpleNamespace) -> Certificate:
    issued, _new = services.certificate_issue(
        enrollment=finished.frank_e, by=finished.alice, signer_title="Executive director"
    )
    return issued


def test_a_genuine_certificate_shows_what_it_shows(
    client: Client, certificate: Certificate
) -> None:
    typed = certificate.code_shown.lower()  # as a person might type it
    response = client.get(reverse("reports:verify"), {"code": typed}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "This document is genuine." in page
    for shown in ("Frank", "Agency A", "Welcome Hosts A", "Executive director", "11"):
        assert shown in page
    assert "frank@example.org" not in page
    assert response.headers["X-Robots-Tag"].startswith("noindex")


def test_a_revoked_certificate_says_so_without_the_reason(
    client: Client, certificate: Certificate, finished: SimpleNamespace
) -> None:
    services.certificate_revoke(certificate=certificate, by=finished.bob, reason="Secret reason")
    page = client.get(reverse("reports:verify_code", args=[certificate.code])).content.decode()
    assert "was revoked on" in page
    assert "no longer valid" in page
    assert "Secret reason" not in page
    assert "genuine" not in page


@pytest.mark.parametrize("code", ["ABCDEFGHJK", "short", "x" * 40, "ABCDE-FGHJK"])
def test_an_unknown_code_gets_one_answer(
    client: Client, certificate: Certificate, code: str
) -> None:
    response = client.get(reverse("reports:verify_code", args=[code]))
    assert response.status_code == 404
    assert "No certificate has this code." in response.content.decode()


def test_lookups_are_limited_per_connection(
    client: Client, certificate: Certificate, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.BRIDGEWAY_RATE_LIMITS = {**settings.BRIDGEWAY_RATE_LIMITS, "verify": "3/h"}
    monkeypatch.setattr(limits, "_clock", lambda: 1_000_000_040.0)  # no hour ends meanwhile
    url = reverse("reports:verify_code", args=["ABCDEFGHJK"])
    for _i in range(3):
        assert client.get(url).status_code == 404
    limited = client.get(reverse("reports:verify_code", args=[certificate.code]))
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 3600
    assert "Frank" not in limited.content.decode()
    assert "Please try again in" in limited.content.decode()


def test_the_api_verifies_too(client: Client, certificate: Certificate) -> None:
    answer = client.get(reverse("api:recognition-verify", args=[certificate.code_shown])).json()
    assert answer["name"] == "Frank"
    assert answer["valid"] is True
    assert answer["hours"] == 11.0
    missing = client.get(reverse("api:recognition-verify", args=["ABCDEFGHJK"]))
    assert missing.status_code == 404


def _ask(client: Client, finished: SimpleNamespace, **extra: str) -> object:
    client.force_login(finished.frank)
    data = {
        "letter-enrollment": finished.frank_e.pk,
        "letter-recipient_name": "Jeanne Roy",
        "letter-recipient_email": "Jeanne.Roy@Employer.example",
        "letter-employer": "Banque du Nord",
        "letter-language": "fr",
        "letter-send_by_email": "on",
        "letter-consent": "on",
        **extra,
    }
    return client.post(reverse("reports:recognition_letter_new"), data, follow=True)


def test_a_letter_needs_the_mentors_consent(client: Client, finished: SimpleNamespace) -> None:
    response = _ask(client, finished, **{"letter-consent": ""})
    assert "Confirm that the program may write to this person" in response.content.decode()
    assert not LetterRequest.objects.exists()


def test_the_letter_is_emailed_to_the_employer_with_the_pdf(
    client: Client, finished: SimpleNamespace
) -> None:
    _ask(client, finished)
    again = _ask(client, finished)  # a second click asks nothing twice
    assert "already asked for a letter" in again.content.decode()
    request = LetterRequest.objects.get()
    assert request.recipient_email == "jeanne.roy@employer.example"
    client.force_login(finished.bob)
    page = client.get(reverse("reports:recognition_program", args=[finished.program_a.pk]))
    assert "Jeanne Roy" in page.content.decode()
    mail.outbox.clear()
    client.post(
        reverse("reports:recognition_letter", args=[request.pk]),
        {"action": "issue", f"letter-{request.pk}-signer_title": "Coordinator"},
    )
    deliveries_send_due()
    [email] = [m for m in mail.outbox if m.to == ["jeanne.roy@employer.example"]]
    assert "Frank" in email.subject
    assert "Agency A" in email.subject
    [(name, content, mimetype)] = email.attachments
    letter = Certificate.objects.get(kind="employer_letter")
    assert name == f"letter-{letter.code_shown}.pdf"
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
    assert letter.language == "fr"
    assert letter.emailed_at is not None
    assert letter.recipient_name == "Jeanne Roy"
    assert letter.signer_title == "Coordinator"
    assert reverse("reports:verify_code", args=[letter.code]) in email.body
    assert AuditEvent.objects.filter(action="recognition.letter_issue").count() == 1
    # The mentor is told and downloads it too.
    client.force_login(finished.frank)
    download = client.get(reverse("reports:recognition_pdf", args=[letter.pk]))
    assert download["Content-Type"] == "application/pdf"


def test_a_declined_request_tells_the_mentor_why(client: Client, finished: SimpleNamespace) -> None:
    _ask(client, finished)
    request = LetterRequest.objects.get()
    client.force_login(finished.alice)
    client.post(
        reverse("reports:recognition_letter", args=[request.pk]),
        {"action": "decline", f"letter-{request.pk}-reason": "Hours not confirmed yet"},
    )
    request.refresh_from_db()
    assert request.status == "declined"
    assert not Certificate.objects.exists()
    client.force_login(finished.frank)
    page = client.get(reverse("reports:recognition_mine")).content.decode()
    assert "Hours not confirmed yet" in page


def test_a_mentee_cannot_ask_for_a_letter(client: Client, finished: SimpleNamespace) -> None:
    client.force_login(finished.erin)
    response = client.post(
        reverse("reports:recognition_letter_new"), {"letter-enrollment": finished.erin_e.pk}
    )
    assert response.status_code == 200
    assert not LetterRequest.objects.exists()


def test_the_api_lists_mine_and_lets_staff_issue_once(
    client: Client, finished: SimpleNamespace
) -> None:
    client.force_login(finished.bob)
    url = reverse("api:recognition-issue", args=[finished.erin_e.pk])
    first = client.post(url, {"signer_title": "Coordinator"}, content_type="application/json")
    again = client.post(url, {"signer_title": "Coordinator"}, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["code"] == again.json()["code"]
    listed = client.get(reverse("api:recognition-program", args=[finished.program_a.pk])).json()
    assert {row["name"] for row in listed} == {"Erin", "Frank"}
    client.force_login(finished.carol)
    assert (
        client.post(url, {"signer_title": "X"}, content_type="application/json").status_code == 404
    )
    client.force_login(finished.erin)
    [mine] = client.get(reverse("api:recognition-mine")).json()
    assert mine["code"] == first.json()["code"]
    client.force_login(finished.frank)
    assert client.get(reverse("api:recognition-mine")).json() == []


def test_when_the_signer_is_erased_certificates_show_a_former_staff_member(
    client: Client, certificate: Certificate, finished: SimpleNamespace
) -> None:
    from bridgeway.privacy.erasure.models import ErasureRequest
    from bridgeway.privacy.erasure.run import erasure_run
    from bridgeway.privacy.erasure.services import erasure_approve, erasure_request
    from bridgeway.reports.recognition.pdf import certificate_document
    from tests.reports.recognition.test_certificates import _text

    assert certificate.signer_name == "Alice"
    request = erasure_request(person=finished.alice, by=finished.alice)
    erasure_approve(request=request, by=finished.bob, organization=finished.agency_a)
    erasure_run(request_id=request.pk)  # the job approval starts, run here
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.DONE, request.last_error

    certificate.refresh_from_db()
    assert certificate.signer_name == ""
    assert certificate.signer_title == ""
    assert certificate.revoked_at is None  # still genuine for the mentee who holds it
    page = client.get(reverse("reports:verify_code", args=[certificate.code])).content.decode()
    assert "This document is genuine." in page
    assert "A former staff member" in page
    assert "Alice" not in page
    assert "Executive director" not in page
    drawn = _text(certificate_document(certificate=certificate))
    assert "A former staff member" in drawn
    assert "Agency A" in drawn
    assert "Alice" not in drawn
    api = client.get(reverse("api:recognition-verify", args=[certificate.code])).json()
    assert api["signer_name"] == "A former staff member"
