"""The PDF copy of a signed agreement: each person's copy in their language and time zone, the
text in the language each signed, an Arabic name drawn, the staff's copy, a tagged PDF, the copy
attached to the email that says the agreement is in force, and nobody else gets it."""

from __future__ import annotations

import zoneinfo
from datetime import time
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation
from weasyprint import Document
from weasyprint.formatting_structure import boxes

from bridgeway.notifications.models import ContactSettings
from bridgeway.notifications.outbox import deliveries_send_due
from bridgeway.relationships import agreements, services
from bridgeway.relationships.agreement_pdf import PDF_OPTIONS, agreement_document
from bridgeway.relationships.models import Agreement, Relationship

pytestmark = pytest.mark.django_db

ARABIC_NAME = "أمل حداد"


def _text(document: Document) -> str:
    """The text as WeasyPrint laid it out on the pages, before it is written as a PDF."""
    found: list[str] = []

    def walk(box: Any) -> None:
        if isinstance(box, boxes.TextBox):
            found.append(box.text)
        for child in getattr(box, "children", []):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(found)


@pytest.fixture
def pair(cohort: SimpleNamespace) -> Relationship:
    amal, dana = cohort.amal.person, cohort.dana.person
    amal.display_name, amal.time_zone, amal.preferred_language = ARABIC_NAME, "Asia/Manila", "fr"
    dana.time_zone = "America/Toronto"
    amal.save()
    dana.save()
    for person in (amal, dana):  # no quiet hours: the emails of these tests go out at once
        ContactSettings.objects.create(person=person, quiet_start=time(0), quiet_end=time(0))
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=amal
    )
    return services.request_accept(request=request, by=dana)


def _sign_both(pair: Relationship, cohort: SimpleNamespace) -> Agreement:
    agreement = pair.agreement
    agreements.agreement_terms(
        agreement=agreement,
        by=cohort.dana.person,
        meeting_frequency="weekly",
        channels=["phone", "in_person"],
        response_days=3,
    )
    with translation.override("fr"):  # Amal reads and signs the French text
        agreements.agreement_sign(
            agreement=agreement, by=cohort.amal.person, typed_name=ARABIC_NAME
        )
    with translation.override("en"):
        agreements.agreement_sign(agreement=agreement, by=cohort.dana.person, typed_name="Dana")
    agreement.refresh_from_db()
    return agreement


def _local(moment: Any, zone: str, language: str = "en") -> str:
    with translation.override(language):
        return formats.date_format(moment.astimezone(zoneinfo.ZoneInfo(zone)), "DATETIME_FORMAT")


def test_each_copy_has_the_names_the_terms_both_texts_and_the_signatures_in_the_readers_zone(
    pair: Relationship, cohort: SimpleNamespace
) -> None:
    agreement = _sign_both(pair, cohort)
    assert (agreement.mentee_signed_language, agreement.mentor_signed_language) == ("fr", "en")
    dana = cohort.dana.person
    text = _text(agreement_document(agreement=agreement, reader=dana))
    for expected in (
        "Mentoring agreement",
        ARABIC_NAME,
        "Dana",
        cohort.program.name,
        "Every week",
        "Phone, In person",
        "within 3 days",
        formats.date_format(pair.planned_end, "DATE_FORMAT"),
        "What we share stays between us.",  # the English text Dana signed
        agreements.default_texts()["fr"].split(".")[0],  # and the French one Amal signed
        f"typing their name “{ARABIC_NAME}”, on {_local(agreement.mentee_signed_at, 'America/Toronto')}",
        f"typing their name “Dana”, on {_local(agreement.mentor_signed_at, 'America/Toronto')}",
        "Toronto",
    ):
        assert expected in text, expected
    # Amal's copy: in French, the same signatures at Manila's time.
    amal_copy = _text(agreement_document(agreement=agreement, reader=cohort.amal.person))
    assert _local(agreement.mentor_signed_at, "Asia/Manila", "fr") in amal_copy
    assert "Manila" in amal_copy


def test_the_pdf_is_tagged_with_its_language_and_title(
    pair: Relationship, cohort: SimpleNamespace
) -> None:
    agreement = _sign_both(pair, cohort)
    document = agreement_document(agreement=agreement, reader=cohort.dana.person)
    pdf = document.write_pdf(**PDF_OPTIONS, uncompressed_pdf=True)
    assert pdf.startswith(b"%PDF-1.7")
    for marker in (b"/StructTreeRoot", b"/MarkInfo", b"/Lang (en)", b"/DisplayDocTitle"):
        assert marker in pdf


def test_the_pair_and_the_staff_download_it_and_nobody_else(
    client: Client, pair: Relationship, cohort: SimpleNamespace
) -> None:
    _sign_both(pair, cohort)
    mine = reverse("relationships:agreement_pdf", args=[pair.pk])
    staff = reverse("relationships:staff_agreement_pdf", args=[pair.pk])
    client.force_login(cohort.amal.person)
    page = client.get(reverse("relationships:detail", args=[pair.pk])).content.decode()
    assert mine in page
    response = client.get(mine)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(staff).status_code == 404  # a party is not the program's staff
    client.force_login(cohort.world.bob)  # the program's coordinator
    page = client.get(reverse("relationships:staff_relationship", args=[pair.pk])).content.decode()
    assert staff in page
    assert client.get(staff).content.startswith(b"%PDF")
    assert client.get(mine).status_code == 404  # staff are not one of the pair
    client.force_login(cohort.fay.person)  # another mentor of the same program
    assert client.get(mine).status_code == 404
    client.force_login(cohort.world.carol)  # another agency's admin
    assert client.get(staff).status_code == 404


def test_an_agreement_not_yet_signed_has_no_copy_and_says_so(
    client: Client, pair: Relationship, cohort: SimpleNamespace
) -> None:
    mine = reverse("relationships:agreement_pdf", args=[pair.pk])
    client.force_login(cohort.dana.person)
    detail = reverse("relationships:detail", args=[pair.pk])
    assert mine not in client.get(detail).content.decode()
    response = client.get(mine, follow=True)
    assert response.redirect_chain == [(detail, 302)]
    assert "The PDF copy is ready once the agreement is in force" in response.content.decode()


def test_a_copy_started_by_staff_gives_the_reason(
    pair: Relationship, cohort: SimpleNamespace
) -> None:
    agreements.agreement_waive(
        agreement=pair.agreement, by=cohort.world.bob, reason="Amal signed on paper."
    )
    agreement = Agreement.objects.get(pk=pair.agreement.pk)
    text = _text(agreement_document(agreement=agreement, reader=cohort.dana.person))
    assert "without both signatures" in text
    assert "Amal signed on paper." in text
    assert cohort.world.bob.name in text
    assert "has not signed" not in text


def test_the_email_saying_it_is_in_force_carries_the_copy(
    pair: Relationship, cohort: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        _sign_both(pair, cohort)
    mail.outbox.clear()
    deliveries_send_due()
    [email] = [m for m in mail.outbox if m.to == [cohort.amal.person.email] and m.attachments]
    assert "Dana" in email.subject
    [(name, content, mimetype)] = email.attachments
    assert (name, mimetype) == (f"agreement-{pair.pk}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
