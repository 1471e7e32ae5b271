"""A mentor and their employer: the mentor names it with their consent and the staff confirm,
or the staff suggest it and the mentor agrees; either ends it. Nothing counts before both have
agreed, and the mentor reads what they agreed to."""

from __future__ import annotations

from datetime import time
from types import SimpleNamespace

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from bridgeway.core.models import AuditEvent
from bridgeway.notifications.models import ContactSettings, Notification
from bridgeway.notifications.outbox import deliveries_send_due
from bridgeway.programs.models import Enrollment
from bridgeway.reports.partners import links, selectors
from bridgeway.reports.partners.models import EmployerLink, Partner
from bridgeway.reports.recognition.models import LetterRequest
from tests.factories import EnrollmentFactory, PersonFactory

pytestmark = pytest.mark.django_db

MY_EMPLOYER = "reports:my_employer"


@pytest.fixture
def acme(world: SimpleNamespace) -> Partner:
    return Partner.objects.create(
        network=world.agency_a.network,
        organization=world.agency_a,
        name="Acme Engineering",
        domains=["acme.example"],
    )


def _name_employer(client: Client, partner: Partner, **shares: str) -> str:
    data = {"employer-partner": str(partner.pk), **{f"employer-{k}": v for k, v in shares.items()}}
    return client.post(reverse(MY_EMPLOYER), data, follow=True).content.decode()


def test_a_mentor_names_their_employer_and_the_staff_confirm(
    client: Client, world: SimpleNamespace, acme: Partner
) -> None:
    client.force_login(world.frank)
    page = client.get(reverse(MY_EMPLOYER)).content.decode()
    assert "Acme Engineering · Agency A" in page
    assert "checked" not in page  # nothing is ticked for them
    page = _name_employer(client, acme, share_figures="on")
    assert "The staff of Agency A will confirm that you work for Acme Engineering" in page
    link = EmployerLink.objects.get(person=world.frank)
    assert (link.status, link.share_figures, link.share_letters) == ("requested", True, False)
    assert "counted in the figures that the contacts of Acme Engineering read" in (
        link.consent_statement
    )
    assert link.consent_language == "en"
    # The agency's staff see it waiting, on their to-do list and the partner's page.
    [item] = selectors.todo(organization=world.agency_a)
    assert item.count == 1
    assert "1 mentor named a partner as their employer" in item.text
    client.force_login(world.bob)
    page = client.get(reverse("reports:partner_manage", args=[acme.pk])).content.decode()
    assert "Confirm that Frank works there" in page
    client.post(
        reverse("reports:partner_link_answer", args=[link.pk]),
        {f"link-{link.pk}-action": "confirm"},
    )
    link.refresh_from_db()
    assert link.status == "active"
    assert link.confirmed_by == world.bob
    told = Notification.objects.get(kind="partners.link_confirmed", person=world.frank)
    assert told.params == {"link": link.pk}
    assert AuditEvent.objects.filter(action="partners.link_confirm", subject=world.frank).exists()
    # A second click changes nothing and tells no one twice.
    links.link_confirm(link=link, by=world.bob)
    assert Notification.objects.filter(kind="partners.link_confirmed").count() == 1


def test_the_mentor_must_choose_something_to_share(
    client: Client, world: SimpleNamespace, acme: Partner
) -> None:
    client.force_login(world.frank)
    page = _name_employer(client, acme)
    assert "Choose what to share: your figures, your letters, or both." in page
    assert not EmployerLink.objects.exists()


def test_a_partner_of_another_agency_cannot_be_named(
    client: Client, world: SimpleNamespace
) -> None:
    other = Partner.objects.create(
        network=world.agency_b.network, organization=world.agency_b, name="Other Co"
    )
    client.force_login(world.frank)
    assert "Other Co" not in client.get(reverse(MY_EMPLOYER)).content.decode()
    page = _name_employer(client, other, share_figures="on")
    assert "None of the agencies where you mentor has a partner employer yet" in page
    assert not EmployerLink.objects.exists()
    with pytest.raises(links.DomainError, match="Choose an employer from the list"):
        links.link_request(
            person=world.frank,
            partner=other,
            organization=world.agency_a,
            share_figures=True,
            share_letters=False,
        )


def test_a_mentee_cannot_name_an_employer(
    client: Client, world: SimpleNamespace, acme: Partner
) -> None:
    client.force_login(world.erin)
    page = client.get(reverse(MY_EMPLOYER)).content.decode()
    assert "Once you mentor in a program" in page
    _name_employer(client, acme, share_figures="on")
    assert not EmployerLink.objects.exists()


def test_naming_the_same_employer_twice_keeps_one_request(
    world: SimpleNamespace, acme: Partner
) -> None:
    kwargs = {
        "person": world.frank,
        "partner": acme,
        "organization": world.agency_a,
        "share_figures": True,
        "share_letters": True,
    }
    links.link_request(**kwargs)
    with pytest.raises(links.DomainError, match="already named"):
        links.link_request(**kwargs)
    assert EmployerLink.objects.count() == 1


def test_the_staff_suggest_and_the_mentor_agrees(
    client: Client, world: SimpleNamespace, acme: Partner
) -> None:
    client.force_login(world.bob)
    client.post(
        reverse("reports:partner_link_new", args=[acme.pk]), {"link-email": "FRANK@example.org"}
    )
    link = EmployerLink.objects.get(person=world.frank)
    assert link.status == "proposed"
    assert link.consent_at is None
    assert (link.share_figures, link.share_letters) == (False, False)
    assert Notification.objects.filter(kind="partners.link_proposed", person=world.frank).exists()
    client.force_login(world.frank)
    page = client.get(reverse(MY_EMPLOYER)).content.decode()
    assert "Agency A thinks you may work there" in page
    client.post(
        reverse("reports:my_employer_link", args=[link.pk]),
        {f"link-{link.pk}-action": "accept", f"link-{link.pk}-share_letters": "on"},
    )
    link.refresh_from_db()
    assert (link.status, link.share_figures, link.share_letters) == ("active", False, True)
    assert link.confirmed_by == world.bob
    assert "letters recognizing my mentoring" in link.consent_statement


def test_a_suggestion_declined_shares_nothing(
    client: Client, world: SimpleNamespace, acme: Partner
) -> None:
    link = links.link_propose(
        partner=acme, enrollment=Enrollment.objects.get(person=world.frank), by=world.bob
    )
    client.force_login(world.frank)
    client.post(
        reverse("reports:my_employer_link", args=[link.pk]), {f"link-{link.pk}-action": "end"}
    )
    link.refresh_from_db()
    assert (link.status, link.ending) == ("ended", "declined")


def test_an_unknown_address_is_named_on_the_form(
    client: Client, world: SimpleNamespace, acme: Partner
) -> None:
    client.force_login(world.bob)
    page = client.post(
        reverse("reports:partner_link_new", args=[acme.pk]), {"link-email": "nobody@example.org"}
    ).content.decode()
    assert "No mentor of your agency&#x27;s programs has this address." in page
    # A mentee is not a mentor.
    page = client.post(
        reverse("reports:partner_link_new", args=[acme.pk]), {"link-email": "erin@example.org"}
    ).content.decode()
    assert "No mentor of your agency" in page
    assert not EmployerLink.objects.exists()


def test_the_staff_end_a_link_with_a_reason_the_mentor_reads(
    client: Client, world: SimpleNamespace, acme: Partner
) -> None:
    link = links.link_request(
        person=world.frank,
        partner=acme,
        organization=world.agency_a,
        share_figures=True,
        share_letters=False,
    )
    links.link_confirm(link=link, by=world.bob)
    client.force_login(world.bob)
    url = reverse("reports:partner_link_answer", args=[link.pk])
    client.post(url, {f"link-{link.pk}-action": "end"})
    link.refresh_from_db()
    assert link.status == "active"  # a reason is needed
    ContactSettings.objects.update_or_create(
        person=world.frank, defaults={"quiet_start": time(0), "quiet_end": time(0)}
    )
    client.post(url, {f"link-{link.pk}-action": "end", f"link-{link.pk}-reason": "Left in May"})
    link.refresh_from_db()
    assert (link.status, link.ending, link.end_reason) == ("ended", "unlinked", "Left in May")
    told = Notification.objects.get(kind="partners.link_ended")
    assert told.person == world.frank
    client.force_login(world.frank)
    page = client.get(reverse(MY_EMPLOYER)).content.decode()
    assert "The reason: Left in May" in page
    deliveries_send_due()
    [email] = [m for m in mail.outbox if "Your link to Acme Engineering has ended" in m.subject]
    assert email.to == ["frank@example.org"]
    assert "The reason: Left in May" in email.body


def test_the_mentor_changes_what_they_share_and_sharing_nothing_ends_it(
    client: Client, world: SimpleNamespace, acme: Partner
) -> None:
    link = links.link_request(
        person=world.frank,
        partner=acme,
        organization=world.agency_a,
        share_figures=True,
        share_letters=True,
    )
    client.force_login(world.frank)
    url = reverse("reports:my_employer_link", args=[link.pk])
    client.post(url, {f"link-{link.pk}-action": "update", f"link-{link.pk}-share_figures": "on"})
    link.refresh_from_db()
    assert (link.status, link.share_figures, link.share_letters) == ("requested", True, False)
    page = client.post(url, {f"link-{link.pk}-action": "update"}, follow=True).content.decode()
    assert "You chose to share nothing" in page
    link.refresh_from_db()
    assert (link.status, link.ending) == ("ended", "withdrawn")
    # The employer can be named again.
    assert "Acme Engineering" in client.get(reverse(MY_EMPLOYER)).content.decode()


def test_another_mentors_link_is_not_found(
    client: Client, world: SimpleNamespace, acme: Partner
) -> None:
    link = links.link_request(
        person=world.frank,
        partner=acme,
        organization=world.agency_a,
        share_figures=True,
        share_letters=True,
    )
    client.force_login(world.erin)
    response = client.post(
        reverse("reports:my_employer_link", args=[link.pk]), {f"link-{link.pk}-action": "end"}
    )
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.status == "requested"


def test_suggestions_come_from_work_email_and_letter_requests(
    client: Client, world: SimpleNamespace, acme: Partner
) -> None:
    by_address = EnrollmentFactory(
        program=world.program_a,
        person=PersonFactory(email="lee@acme.example", display_name="Lee"),
        role="mentor",
    )
    LetterRequest.objects.create(
        enrollment=Enrollment.objects.get(person=world.frank),
        recipient_name="Boss",
        recipient_email="boss@ACME.example",
        employer="Somewhere",
        language="en",
    )
    # A mentee at the domain, and a mentor of agency B at the domain, are not suggested.
    EnrollmentFactory(
        program=world.program_a, person=PersonFactory(email="kim@acme.example"), role="mentee"
    )
    EnrollmentFactory(
        program=world.program_b,
        person=PersonFactory(email="bo@acme.example", display_name="Bo"),
        role="mentor",
    )
    found = selectors.suggestions(person=world.bob, partner=acme)
    assert [(s.enrollment.person.name, s.by_email, s.by_letter) for s in found] == [
        ("Frank", False, True),
        ("Lee", True, False),
    ]
    client.force_login(world.bob)
    client.post(reverse("reports:partner_link_new", args=[acme.pk]), {"enrollment": by_address.pk})
    assert EmployerLink.objects.get().person.name == "Lee"
    assert [
        s.enrollment.person.name for s in selectors.suggestions(person=world.bob, partner=acme)
    ] == ["Frank"]


def test_the_proposal_reaches_the_mentor_in_their_language(
    world: SimpleNamespace, acme: Partner
) -> None:
    world.frank.preferred_language = "fr"
    world.frank.save(update_fields=["preferred_language"])
    links.link_propose(
        partner=acme, enrollment=Enrollment.objects.get(person=world.frank), by=world.bob
    )
    notification = Notification.objects.get(kind="partners.link_proposed")
    from bridgeway.notifications.render import render

    rendered = render(notification)
    with translation.override("fr"):
        expected = str(
            translation.gettext("Do you work for %(partner)s?") % {"partner": "Acme Engineering"}
        )
    assert rendered.subject == expected
