"""Certificates of participation: who finished and their hours, issuing (one, everyone,
again), the PDF read back in English and French with an Arabic name, revoking with a reason."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from weasyprint import Document
from weasyprint.formatting_structure import boxes

from bridgeway.core.models import AuditEvent
from bridgeway.core.services import DomainError
from bridgeway.notifications.models import Notification
from bridgeway.programs.models import Enrollment
from bridgeway.reports.recognition import services
from bridgeway.reports.recognition.hours import milestones, standings
from bridgeway.reports.recognition.models import CODE_ALPHABET, Certificate
from bridgeway.reports.recognition.pdf import certificate_document, certificate_html
from tests.factories import EnrollmentFactory, PersonFactory

pytestmark = pytest.mark.django_db

ARABIC_NAME = "أمل حداد"


def _text(document: Document) -> str:
    found: list[str] = []

    def walk(box: Any) -> None:
        if isinstance(box, boxes.TextBox):
            found.append(box.text)
        for child in getattr(box, "children", []):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(found)


def test_hours_and_completed_mentorships_per_person(finished: SimpleNamespace) -> None:
    found = standings(Enrollment.objects.filter(program=finished.program_a))
    assert found[finished.frank_e.pk].minutes == 660
    assert found[finished.frank_e.pk].completed == 1
    assert found[finished.erin_e.pk].minutes == 60  # the meeting not held counts nothing
    reached = [m.label for m in milestones(minutes=660, completed=1) if m.reached]
    assert reached == ["First mentorship completed", "10 hours of mentoring"]


def test_issuing_twice_returns_the_same_certificate(finished: SimpleNamespace) -> None:
    first, new = services.certificate_issue(
        enrollment=finished.erin_e, by=finished.alice, signer_title="Director"
    )
    again, new_again = services.certificate_issue(
        enrollment=finished.erin_e, by=finished.bob, signer_title="Coordinator"
    )
    assert (new, new_again) == (True, False)
    assert again.pk == first.pk
    assert again.signer_name == "Alice"
    assert len(first.code) == 10
    assert set(first.code) <= set(CODE_ALPHABET)
    assert AuditEvent.objects.filter(action="recognition.issue").count() == 1
    assert Notification.objects.filter(kind="recognition.issued", person=finished.erin).count() == 1


def test_everyone_who_finished_at_once_and_again(finished: SimpleNamespace) -> None:
    EnrollmentFactory(program=finished.program_a, person=PersonFactory(), role="mentee")
    issued = services.certificates_issue_for_program(
        program=finished.program_a, by=finished.alice, signer_title="Director"
    )
    assert issued == (2, 0)
    assert services.certificates_issue_for_program(
        program=finished.program_a, by=finished.alice, signer_title="Director"
    ) == (0, 2)
    assert Certificate.objects.count() == 2


def test_someone_who_has_not_finished_gets_no_certificate(world: SimpleNamespace) -> None:
    with pytest.raises(DomainError, match="has not completed a mentorship"):
        services.certificate_issue(
            enrollment=Enrollment.objects.get(person=world.erin), by=world.alice, signer_title="X"
        )


def test_a_mentorship_that_ended_early_is_not_finished(world: SimpleNamespace) -> None:
    from tests.reports.recognition.conftest import finished_pair

    erin = Enrollment.objects.get(person=world.erin)
    finished_pair(erin, Enrollment.objects.get(person=world.frank), reason="not_working")
    with pytest.raises(DomainError):
        services.certificate_issue(enrollment=erin, by=world.alice, signer_title="X")


def test_the_title_is_needed(finished: SimpleNamespace) -> None:
    with pytest.raises(DomainError, match="title"):
        services.certificate_issue(enrollment=finished.erin_e, by=finished.alice, signer_title=" ")


@pytest.mark.parametrize(
    ("language", "said"), [("en", "Certificate of participation"), ("fr", "septembre 2025")]
)
def test_the_pdf_reads_back_with_the_arabic_name_signature_and_code(
    finished: SimpleNamespace, language: str, said: str
) -> None:
    finished.frank.display_name, finished.frank.preferred_language = ARABIC_NAME, language
    finished.frank.save()
    certificate, _new = services.certificate_issue(
        enrollment=finished.frank_e, by=finished.alice, signer_title="Executive director"
    )
    text = _text(certificate_document(certificate=certificate))
    for expected in (
        ARABIC_NAME,
        "Agency A",
        "Welcome Hosts A",
        "Alice",
        "Executive director",
        certificate.code_shown,
        "11",
        said,
    ):
        assert expected in text, expected
    html = certificate_html(certificate=certificate)
    assert f'lang="{language}"' in html
    assert "<bdi>" + ARABIC_NAME + "</bdi>" in html


def test_the_pdf_is_tagged_with_its_language(finished: SimpleNamespace) -> None:
    from bridgeway.relationships.agreement_pdf import PDF_OPTIONS

    certificate, _new = services.certificate_issue(
        enrollment=finished.erin_e, by=finished.alice, signer_title="Director"
    )
    document = certificate_document(certificate=certificate)
    pdf = document.write_pdf(**PDF_OPTIONS, uncompressed_pdf=True)
    for marker in (b"/StructTreeRoot", b"/MarkInfo", b"/Lang (en)", b"/DisplayDocTitle"):
        assert marker in pdf


def test_revoking_needs_a_reason_is_audited_and_happens_once(finished: SimpleNamespace) -> None:
    certificate, _new = services.certificate_issue(
        enrollment=finished.erin_e, by=finished.alice, signer_title="Director"
    )
    with pytest.raises(DomainError):
        services.certificate_revoke(certificate=certificate, by=finished.bob, reason="  ")
    services.certificate_revoke(certificate=certificate, by=finished.bob, reason="Wrong program")
    with pytest.raises(DomainError, match="already revoked"):
        services.certificate_revoke(certificate=certificate, by=finished.bob, reason="Again")
    event = AuditEvent.objects.get(action="recognition.revoke")
    assert event.data["reason"] == "Wrong program"
    assert event.actor == finished.bob
    # After a revocation a new certificate (with a new code) can be issued.
    fresh, new = services.certificate_issue(
        enrollment=finished.erin_e, by=finished.alice, signer_title="Director"
    )
    assert new
    assert fresh.code != certificate.code


def test_staff_issue_and_revoke_on_the_program_page(
    client: Client, finished: SimpleNamespace
) -> None:
    client.force_login(finished.bob)
    page = reverse("reports:recognition_program", args=[finished.program_a.pk])
    response = client.get(page)
    assert response.status_code == 200
    assert b"Frank" in response.content
    assert b"11" in response.content
    response = client.post(
        reverse("reports:recognition_issue_all", args=[finished.program_a.pk]),
        {"signer_title": "Coordinator"},
        follow=True,
    )
    assert "2 certificates issued" in response.content.decode()
    certificate = Certificate.objects.get(enrollment=finished.erin_e)
    response = client.post(
        reverse("reports:recognition_issue", args=[finished.erin_e.pk]),
        {"signer_title": "Coordinator"},
        follow=True,
    )
    assert "nothing was issued twice" in response.content.decode()
    pdf = client.get(reverse("reports:recognition_staff_pdf", args=[certificate.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    client.post(
        reverse("reports:recognition_revoke", args=[certificate.pk]),
        {f"revoke-{certificate.pk}-reason": "Issued by mistake"},
    )
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Issued by mistake"


def test_the_holder_downloads_their_own_and_nobody_else(
    client: Client, finished: SimpleNamespace
) -> None:
    certificate, _new = services.certificate_issue(
        enrollment=finished.erin_e, by=finished.alice, signer_title="Director"
    )
    url = reverse("reports:recognition_pdf", args=[certificate.pk])
    client.force_login(finished.erin)
    assert client.get(url)["Content-Type"] == "application/pdf"
    page = client.get(reverse("reports:recognition_mine")).content.decode()
    assert certificate.code_shown in page
    for outsider in (finished.frank, finished.mallory, finished.carol):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(finished.carol)  # another agency's staff
    assert (
        client.get(reverse("reports:recognition_staff_pdf", args=[certificate.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("reports:recognition_program", args=[finished.program_a.pk])).status_code
        == 404
    )
    revoke = reverse("reports:recognition_revoke", args=[certificate.pk])
    assert client.post(revoke, {f"revoke-{certificate.pk}-reason": "x"}).status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_the_mentor_sees_hours_and_milestones(client: Client, finished: SimpleNamespace) -> None:
    client.force_login(finished.frank)
    page = client.get(reverse("reports:recognition_mine")).content.decode()
    assert "in every program where you mentor: 11." in page
    assert "1 mentorship completed." in page
    assert "Reached:" in page
    assert "25 hours of mentoring" in page
