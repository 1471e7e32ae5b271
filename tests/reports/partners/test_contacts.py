"""Partners and their contacts as staff and contacts meet them: an agency admin adds a partner
and invites a contact, who accepts with the invited address, sets up two-step verification and
then reads the partner's figures — and nothing else: no other partner, no agency page, no
participant. The network's admins run the network's partners and never see who is linked."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from bridgeway.core.models import AuditEvent
from bridgeway.notifications.models import Notification
from bridgeway.notifications.outbox import deliveries_send_due
from bridgeway.programs.models import Enrollment
from bridgeway.reports.partners import services
from bridgeway.reports.partners.models import Partner, PartnerContact
from tests.factories import PersonFactory, enable_mfa
from tests.reports.partners.conftest import contact

pytestmark = pytest.mark.django_db


def test_an_agency_admin_adds_a_partner_with_its_domains(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.alice)
    url = reverse("reports:partners_agency", args=["agency-a"])
    page = client.post(
        url, {"partner-name": "Acme", "partner-domains": "www.Acme.example, @acme.ca"}, follow=True
    ).content.decode()
    partner = Partner.objects.get()
    assert (partner.organization, partner.domains) == (world.agency_a, ["acme.example", "acme.ca"])
    assert "Acme is a partner of the agency." in page
    event = AuditEvent.objects.get(action="partners.create")
    assert event.organization == world.agency_a
    log = client.get(reverse("core:agency_audit", args=["agency-a"])).content.decode()
    assert "Partner employer added" in log


def test_a_public_email_service_is_no_employers_domain(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.alice)
    page = client.post(
        reverse("reports:partners_agency", args=["agency-a"]),
        {"partner-name": "Acme", "partner-domains": "acme.example gmail.com"},
    ).content.decode()
    assert "gmail.com is a public email service" in page
    page = client.post(
        reverse("reports:partners_agency", args=["agency-a"]),
        {"partner-name": "Acme", "partner-domains": "not a domain"},
    ).content.decode()
    assert "is not an email domain" in page
    assert not Partner.objects.exists()


def test_a_coordinator_reads_the_partners_but_does_not_add_one(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.bob)
    url = reverse("reports:partners_agency", args=["agency-a"])
    page = client.get(url).content.decode()
    assert "No partner employer yet." in page
    assert "Add a partner employer" not in page
    assert client.post(url, {"partner-name": "Acme"}).status_code == 403
    assert not Partner.objects.exists()


def test_two_partners_of_an_agency_cannot_share_a_name(world: SimpleNamespace) -> None:
    services.partner_create(
        by=world.alice,
        name="Acme",
        domains=[],
        network=world.agency_a.network,
        organization=world.agency_a,
    )
    with pytest.raises(services.DomainError, match="already a partner with this name"):
        services.partner_create(
            by=world.alice,
            name="ACME ",
            domains=[],
            network=world.agency_a.network,
            organization=world.agency_a,
        )
    # Another agency may have its own Acme.
    services.partner_create(
        by=world.carol,
        name="Acme",
        domains=[],
        network=world.agency_b.network,
        organization=world.agency_b,
    )


def _invite(client: Client, partner: Partner, email: str, language: str = "en") -> None:
    client.post(
        reverse("reports:partner_contact_invite", args=[partner.pk]),
        {"contact-name": "Dana Lee", "contact-email": email, "contact-language": language},
    )


def test_a_contact_is_invited_in_their_language_and_joins_with_two_step_sign_in(
    client: Client, northern: SimpleNamespace
) -> None:
    client.force_login(northern.alice)
    mail.outbox.clear()
    _invite(client, northern.partner, "dana@northern.example", language="fr")
    invited = PartnerContact.objects.get(email="dana@northern.example")
    deliveries_send_due()
    [email] = [m for m in mail.outbox if m.to == ["dana@northern.example"]]
    assert "Northern Engineering" in email.subject
    # Written in the language chosen for an address without an account (no catalog is
    # compiled for new text in the tests: the language is what the outbox is told).
    assert Notification.objects.get(kind="partners.invitation").language == "fr"
    join = reverse("reports:partner_join", args=[invited.token])
    assert join in email.body
    dana = PersonFactory(email="dana@northern.example", display_name="Dana Lee")
    # Someone else signed in does not see the invitation.
    client.force_login(northern.mallory)
    assert client.get(join).status_code == 404
    client.force_login(dana)
    assert "Accept the invitation" in client.get(join).content.decode()
    response = client.post(join)
    invited.refresh_from_db()
    assert (invited.status, invited.person) == ("active", dana)
    # Two-step verification before any figure.
    assert response.url == reverse("reports:partner", args=[northern.partner.pk])
    response = client.get(response.url)
    assert response.url == reverse("accounts:mfa_required")
    notice = client.get(response.url).content.decode()
    assert "The figures you are invited to read come from people" in notice
    enable_mfa(dana)
    page = client.get(reverse("reports:partner", args=[northern.partner.pk])).content.decode()
    assert "Northern Engineering: your employees who mentor" in page
    assert "Employees who mentor and are counted" in page
    assert AuditEvent.objects.filter(action="partners.contact_accept", actor=dana).exists()


def test_a_contact_sees_numbers_and_never_a_name(client: Client, northern: SimpleNamespace) -> None:
    dana = contact(northern.partner, "dana@northern.example")
    client.force_login(dana)
    page = client.get(
        reverse("reports:partner", args=[northern.partner.pk]),
        {"start": "2025-01-01", "end": "2025-12-31"},
    ).content.decode()
    assert "January to March 2025" in page
    assert "9.5 h" in page
    assert "4.2 out of 5" in page
    for name in ("Mia", "Noah", "Omar", "Pia", "Quinn", "Rosa", "Sam", "Tara", "Uma"):
        assert f">{name}" not in page, name
        assert f" {name} " not in page, name
    assert "mia@northern.example" not in page


def test_a_contact_reaches_nothing_else(client: Client, northern: SimpleNamespace) -> None:
    dana = contact(northern.partner, "dana@northern.example")
    other = Partner.objects.create(
        network=northern.agency_b.network, organization=northern.agency_b, name="Other"
    )
    client.force_login(dana)
    assert client.get(reverse("reports:partner", args=[other.pk])).status_code == 404
    mentor = Enrollment.objects.get(person__display_name="Mia", program=northern.program_a)
    for url in (
        reverse("core:agency_overview", args=["agency-a"]),
        reverse("reports:agency", args=["agency-a"]),
        reverse("reports:partners_agency", args=["agency-a"]),
        reverse("reports:partner_manage", args=[northern.partner.pk]),
        reverse("programs:staff_enrollment", args=[mentor.pk]),
        reverse("programs:staff_program", args=[northern.program_a.pk]),
        reverse("reports:recognition_program", args=[northern.program_a.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_removed_contact_no_longer_sees_the_partner(
    client: Client, northern: SimpleNamespace
) -> None:
    dana = contact(northern.partner, "dana@northern.example")
    row = PartnerContact.objects.get(person=dana)
    client.force_login(northern.alice)
    page = client.get(reverse("reports:partner_manage", args=[northern.partner.pk])).content
    assert b"dana@northern.example" in page
    client.post(reverse("reports:partner_contact_remove", args=[row.pk]))
    row.refresh_from_db()
    assert row.status == "removed"
    client.force_login(dana)
    assert client.get(reverse("reports:partner", args=[northern.partner.pk])).status_code == 404
    # Their old invitation link no longer works either.
    assert (
        "no longer valid"
        in client.get(reverse("reports:partner_join", args=[row.token])).content.decode()
    )


def test_an_expired_invitation_cannot_be_accepted(
    client: Client, northern: SimpleNamespace
) -> None:
    client.force_login(northern.alice)
    _invite(client, northern.partner, "late@northern.example")
    invited = PartnerContact.objects.get(email="late@northern.example")
    PartnerContact.objects.filter(pk=invited.pk).update(
        invited_at=invited.invited_at.replace(year=invited.invited_at.year - 1)
    )
    late = PersonFactory(email="late@northern.example")
    client.force_login(late)
    page = client.post(
        reverse("reports:partner_join", args=[invited.token]), follow=True
    ).content.decode()
    assert "This invitation is no longer valid" in page
    invited.refresh_from_db()
    assert invited.status == "invited"


def test_the_staff_of_the_agency_read_the_same_page(
    client: Client, northern: SimpleNamespace
) -> None:
    client.force_login(northern.bob)
    response = client.get(reverse("reports:partner", args=[northern.partner.pk]))
    assert response.status_code == 200
    client.force_login(northern.carol)
    assert client.get(reverse("reports:partner", args=[northern.partner.pk])).status_code == 404


def test_the_network_admin_runs_a_network_partner_without_seeing_who_is_linked(
    client: Client, northern: SimpleNamespace
) -> None:
    partner = northern.partner
    partner.organization = None
    partner.save(update_fields=["organization"])
    client.force_login(northern.grace)
    page = client.get(reverse("reports:partner_manage", args=[partner.pk])).content.decode()
    assert "7 mentors are linked to this employer" in page  # Tara shares letters only
    assert "Mia" not in page
    assert "Invite a contact" in page
    # Agency B's staff link their own mentors to it, and see none of agency A's.
    client.force_login(northern.carol)
    page = client.get(reverse("reports:partner_manage", args=[partner.pk])).content.decode()
    assert "None of your mentors is linked to this employer yet." in page
    assert "Mia" not in page
    assert "Invite a contact" not in page
    assert client.get(reverse("reports:partner", args=[partner.pk])).status_code == 404
    # Agency A's coordinator sees A's mentors.
    client.force_login(northern.bob)
    page = client.get(reverse("reports:partner_manage", args=[partner.pk])).content.decode()
    assert "Mia" in page


def test_the_csv_and_pdf_hold_the_same_figures(client: Client, northern: SimpleNamespace) -> None:
    dana = contact(northern.partner, "dana@northern.example")
    client.force_login(dana)
    url = reverse("reports:partner_export", args=[northern.partner.pk, "csv"])
    period = {"start": "2025-01-01", "end": "2025-12-31"}
    response = client.get(url, {"table": "meetings", **period})
    text = response.content.decode("utf-8-sig")
    assert "January to March 2025,5" in text
    assert "April to June 2025,fewer than 5" in text
    assert "The whole period,10" in text
    assert client.get(url, {"table": "nope"}).status_code == 404
    pdf = client.get(reverse("reports:partner_export", args=[northern.partner.pk, "pdf"]), period)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_api_gives_the_figures_to_a_contact_only(
    client: Client, northern: SimpleNamespace
) -> None:
    from rest_framework.test import APIClient

    api = APIClient()
    dana = contact(northern.partner, "dana@northern.example")
    api.force_authenticate(dana)
    assert api.get(reverse("api:partners-mine")).json() == [
        {"id": northern.partner.pk, "name": "Northern Engineering", "agency": "Agency A"}
    ]
    data = api.get(
        reverse("api:partner-figures", args=[northern.partner.pk]),
        {"start": "2025-01-01", "end": "2025-12-31"},
    ).json()
    assert data["enough"] is True
    summary = next(t for t in data["tables"] if t["key"] == "summary")
    by_key = {row["key"]: row for row in summary["rows"]}
    assert by_key["meetings"]["number"] == 10
    assert by_key["completed"] == {
        "key": "completed",
        "name": "Mentorships completed in the period",
        "unit": "count",
        "number": None,
        "text": "fewer than 5",
        "hidden": True,
    }
    bad = api.get(
        reverse("api:partner-figures", args=[northern.partner.pk]),
        {"start": "2025-12-31", "end": "2025-01-01"},
    )
    assert bad.status_code == 400
    # Without two-step verification, nothing.
    plain = contact(northern.partner, "plain@northern.example", mfa=False)
    api.force_authenticate(plain)
    assert api.get(reverse("api:partner-figures", args=[northern.partner.pk])).status_code == 403
    api.force_authenticate(northern.carol)
    assert api.get(reverse("api:partner-figures", args=[northern.partner.pk])).status_code == 404


def test_the_openapi_schema_describes_the_partner_endpoints(client: Client) -> None:
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    paths = schema["paths"]
    for path in (
        "/api/v1/partners/",
        "/api/v1/partners/{id}/figures/",
        "/api/v1/partners/{id}/letters/",
        "/api/v1/staff/partners/{id}/links/",
        "/api/v1/staff/partner-links/{id}/",
    ):
        assert path in paths, path
    figure = schema["components"]["schemas"]["Figure"]["properties"]
    assert figure["number"]["type"] == "number"
    assert figure["hidden"]["type"] == "boolean"
