"""A partner employer for `make run`: Northern Engineering Ltd., a partner of Maple, whose
contact Laura Chen (`partner.laura`, two-step verification) reads the figures of seven
employees who mentor in Maple's professional cohort — Daniel Cohen and six past mentors of the
demo's history — and a letter recognizing one of them. Fatima Rahimi named it as her employer
too and waits for the staff to confirm. Written through the services, once (a second run finds
the partner and changes nothing)."""

from __future__ import annotations

from django.db import transaction

from bridgeway.accounts.models import Person
from bridgeway.core.models import Organization
from bridgeway.demo.network import DEMO_DOMAIN, DemoSignIn, _person, _totp
from bridgeway.programs.models import Enrollment
from bridgeway.reports.partners import links, services
from bridgeway.reports.partners.models import Partner
from bridgeway.reports.recognition import letters
from bridgeway.reports.recognition.hours import standings

PAST_MENTORS = 6


@transaction.atomic
def demo_partners() -> DemoSignIn | None:
    maple = Organization.objects.filter(slug="maple").first()
    coordinator = Person.objects.filter(email=f"maple.coordinator@{DEMO_DOMAIN}").first()
    admin = Person.objects.filter(email=f"maple.admin@{DEMO_DOMAIN}").first()
    if maple is None or coordinator is None or admin is None:
        return None
    laura = _person("partner.laura", "Laura Chen", "en", ["en", "zh"], "CA", "America/Toronto", [])
    sign_in = DemoSignIn(laura.email, "partner contact", _totp(laura))
    if Partner.objects.filter(organization=maple).exists():
        return sign_in
    partner = services.partner_create(
        by=admin,
        name="Northern Engineering Ltd.",
        domains=["northern-engineering.example"],
        network=maple.network,
        organization=maple,
    )
    contact = services.contact_invite(
        partner=partner, by=admin, email=laura.email, name="Laura Chen", language="en"
    )
    services.contact_accept(contact=contact, person=laura)
    mentors = Enrollment.objects.filter(
        program__slug="professional-bridge", role="mentor"
    ).select_related("person")
    employees = [
        *mentors.filter(person__email=f"mentor.daniel@{DEMO_DOMAIN}"),
        *mentors.filter(person__email__startswith="past.mentor.").order_by("pk")[:PAST_MENTORS],
    ]
    for enrollment in employees:
        link = links.link_request(
            person=enrollment.person,
            partner=partner,
            organization=maple,
            share_figures=True,
            share_letters=True,
        )
        links.link_confirm(link=link, by=coordinator)
    fatima = Person.objects.filter(email=f"mentor.fatima@{DEMO_DOMAIN}").first()
    if fatima is not None:
        links.link_request(
            person=fatima,
            partner=partner,
            organization=maple,
            share_figures=True,
            share_letters=False,
        )
    _a_letter(employees[1:], coordinator)
    return sign_in


def _a_letter(past: list[Enrollment], coordinator: Person) -> None:
    """A letter for the past mentor who logged the most hours: shared with the partner."""
    found = standings(Enrollment.objects.filter(pk__in=[e.pk for e in past]))
    busiest = max(past, key=lambda e: found[e.pk].minutes, default=None)
    if busiest is None or not found[busiest.pk].minutes:
        return
    request = letters.letter_request(
        enrollment=busiest,
        recipient_name="Laura Chen",
        recipient_email=f"partner.laura@{DEMO_DOMAIN}",
        employer="Northern Engineering Ltd.",
        language="en",
        send_by_email=False,
        consent=True,
    )
    letters.letter_issue(request=request, by=coordinator, signer_title="Program coordinator")
