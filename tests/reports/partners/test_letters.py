"""A letter recognizing a mentor reaches their employer's partner contacts when the mentor
shares their letters with it: a notification and an email in each contact's language with the
PDF, and a line on the partner's page — which goes when the mentor stops sharing."""

from __future__ import annotations

from datetime import time
from types import SimpleNamespace

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from bridgeway.core.models import AuditEvent
from bridgeway.notifications.models import ContactSettings, Notification
from bridgeway.notifications.outbox import deliveries_send_due
from bridgeway.reports.partners import links
from bridgeway.reports.partners.models import EmployerLink, Partner, SharedLetter
from bridgeway.reports.recognition import letters, services
from bridgeway.reports.recognition.models import Certificate
from tests.reports.partners.conftest import contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(finished: SimpleNamespace) -> SimpleNamespace:
    """Frank (who finished a mentorship, tests/reports/recognition/conftest.py) works for
    Acme and shares his letters with it; Acme has two contacts, one reading French."""
    partner = Partner.objects.create(
        network=finished.agency_a.network, organization=finished.agency_a, name="Acme"
    )
    link = links.link_request(
        person=finished.frank,
        partner=partner,
        organization=finished.agency_a,
        share_figures=False,
        share_letters=True,
    )
    links.link_confirm(link=link, by=finished.bob)
    dana = contact(partner, "dana@acme.example")
    luc = contact(partner, "luc@acme.example", language="fr")
    for person in (dana, luc):
        ContactSettings.objects.update_or_create(
            person=person, defaults={"quiet_start": time(0), "quiet_end": time(0)}
        )
    return SimpleNamespace(**vars(finished), partner=partner, link=link, dana=dana, luc=luc)


def _issue(linked: SimpleNamespace) -> Certificate:
    request = letters.letter_request(
        enrollment=linked.frank_e,
        recipient_name="Jeanne Roy",
        recipient_email="jeanne.roy@acme.example",
        employer="Acme",
        language="en",
        send_by_email=False,
        consent=True,
    )
    return letters.letter_issue(request=request, by=linked.bob, signer_title="Coordinator")


def test_the_letter_reaches_each_contact_with_the_pdf(
    client: Client, linked: SimpleNamespace
) -> None:
    mail.outbox.clear()
    letter = _issue(linked)
    shared = SharedLetter.objects.get()
    assert (shared.partner, shared.certificate) == (linked.partner, letter)
    told = Notification.objects.filter(kind="partners.letter")
    assert {n.person for n in told} == {linked.dana, linked.luc}
    deliveries_send_due()
    emails = {m.to[0]: m for m in mail.outbox if m.to[0].endswith("@acme.example")}
    assert set(emails) == {"dana@acme.example", "luc@acme.example"}
    for email in emails.values():
        assert "Frank" in email.subject
        [(name, content, kind)] = email.attachments
        assert (name, kind) == (f"letter-{letter.code_shown}.pdf", "application/pdf")
        assert content.startswith(b"%PDF")
        assert letter.code_shown in email.body
    assert AuditEvent.objects.get(action="partners.letter_share").data["contacts"] == 2
    # The page lists it, and the contact downloads it.
    client.force_login(linked.dana)
    page = client.get(reverse("reports:partner", args=[linked.partner.pk])).content.decode()
    assert "Download the letter for Frank (PDF)" in page
    download = client.get(reverse("reports:partner_letter_pdf", args=[shared.pk]))
    assert download["Content-Type"] == "application/pdf"
    # A contact of another partner cannot.
    other = Partner.objects.create(
        network=linked.agency_a.network, organization=linked.agency_a, name="Other"
    )
    client.force_login(contact(other, "eve@other.example"))
    assert client.get(reverse("reports:partner_letter_pdf", args=[shared.pk])).status_code == 404


def test_a_mentor_who_does_not_share_letters_keeps_them_to_themselves(
    linked: SimpleNamespace,
) -> None:
    links.link_update(
        link=linked.link, person=linked.frank, share_figures=True, share_letters=False
    )
    _issue(linked)
    assert not SharedLetter.objects.exists()
    assert not Notification.objects.filter(kind="partners.letter").exists()


def test_an_unconfirmed_link_shares_no_letter(linked: SimpleNamespace) -> None:
    EmployerLink.objects.filter(pk=linked.link.pk).update(status="requested")
    _issue(linked)
    assert not SharedLetter.objects.exists()


def test_a_certificate_of_participation_is_not_a_letter(linked: SimpleNamespace) -> None:
    services.certificate_issue(enrollment=linked.frank_e, by=linked.bob, signer_title="Coordinator")
    assert not SharedLetter.objects.exists()


def test_the_letter_leaves_the_page_when_the_mentor_stops_sharing(
    client: Client, linked: SimpleNamespace
) -> None:
    _issue(linked)
    shared = SharedLetter.objects.get()
    links.link_end(link=linked.link, by=linked.frank)
    client.force_login(linked.dana)
    page = client.get(reverse("reports:partner", args=[linked.partner.pk])).content.decode()
    assert "No letter yet." in page
    assert client.get(reverse("reports:partner_letter_pdf", args=[shared.pk])).status_code == 404


def test_a_revoked_letter_says_so_and_is_not_downloaded(
    client: Client, linked: SimpleNamespace
) -> None:
    letter = _issue(linked)
    services.certificate_revoke(certificate=letter, by=linked.bob, reason="Issued in error")
    shared = SharedLetter.objects.get()
    client.force_login(linked.dana)
    page = client.get(reverse("reports:partner", args=[linked.partner.pk])).content.decode()
    assert "it is no longer valid" in page
    assert client.get(reverse("reports:partner_letter_pdf", args=[shared.pk])).status_code == 404


def test_a_network_partner_receives_letters_of_every_agency(linked: SimpleNamespace) -> None:
    Partner.objects.filter(pk=linked.partner.pk).update(organization=None)
    _issue(linked)
    assert SharedLetter.objects.count() == 1


def test_the_api_lists_the_letters(linked: SimpleNamespace) -> None:
    from rest_framework.test import APIClient

    letter = _issue(linked)
    api = APIClient()
    api.force_authenticate(linked.dana)
    [row] = api.get(reverse("api:partner-letters", args=[linked.partner.pk])).json()
    assert (row["name"], row["code"], row["revoked_at"]) == ("Frank", letter.code_shown, None)
