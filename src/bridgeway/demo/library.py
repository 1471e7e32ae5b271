"""The demo's resource library: a network-wide guide in English and French, and one resource
for each program (a pre-arrival checklist, a mentors' first-meeting checklist as a document, a
plain-language business plan guide, questions for a career conversation). Written through the
services, once (a second run finds them). The reports' past mentees and mentors
(demo/reports.py) opened some of them over the months, so the dashboards' resource use has
figures."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.models import Membership, Network
from bridgeway.demo.network import DEMO_DOMAIN
from bridgeway.learning.library import services
from bridgeway.learning.library.models import Kind, Resource, ResourceView
from bridgeway.programs.models import Enrollment, Program

FIRST_MEETING = """First meeting with your mentee — a checklist

1. Introduce yourself: your work, how you came to it, what you enjoy about it.
2. Ask what brought them here and what they hope for in the next four months.
3. Agree how you will meet (video, phone, in person) and how often.
4. Write down two or three goals together.
5. Set the date of your next meeting before you say goodbye.
"""


def _staff_of(program: Program, admin: Person) -> Person:
    member = Membership.objects.filter(organization=program.organization).first()
    return member.person if member is not None else admin


def _program_resource(slug: str, admin: Person, **fields: Any) -> None:
    program = Program.objects.select_related("organization").get(slug=slug)
    services.resource_create(
        by=_staff_of(program, admin),
        network=program.organization.network,
        program=program,
        **fields,
    )


def demo_library() -> None:
    network = Network.objects.get(slug="demo")
    # Ask-an-Expert's demo may have published an answer into the library already.
    if Resource.objects.filter(network=network).exclude(kind=Kind.ANSWER).exists():
        return
    admin = Person.objects.get(email=f"network@{DEMO_DOMAIN}")
    first_weeks = services.resource_create(
        by=admin,
        network=network,
        kind="link",
        version={
            "language": "en",
            "title": "Your first weeks in Canada",
            "summary": "A social insurance number, a bank account, a health card and a phone "
            "plan: what to do first, in order.",
            "url": "https://www.canada.ca/en/immigration-refugees-citizenship/services/new-immigrants.html",
        },
        topics=["money", "health", "housing"],
        arrival="after",
    )
    services.version_add(
        resource=first_weeks,
        by=admin,
        language="fr",
        title="Vos premières semaines au Canada",
        summary="Numéro d'assurance sociale, compte bancaire, carte santé et forfait "
        "téléphonique : quoi faire d'abord, dans l'ordre.",
        url="https://www.canada.ca/fr/immigration-refugies-citoyennete/services/nouveaux-immigrants.html",
    )
    _program_resource(
        "welcome-hosts",
        admin,
        kind="link",
        version={
            "language": "fr",
            "title": "Avant votre arrivée : la liste à vérifier",
            "summary": "Documents à apporter, reconnaissance des diplômes, premier logement.",
            "url": "https://www.canada.ca/fr/immigration-refugies-citoyennete/services/nouveaux-immigrants/preparer-vie-canada.html",
        },
        topics=["housing", "credentials"],
        arrival="before",
    )
    _program_resource(
        "professional-bridge",
        admin,
        kind="document",
        version={"language": "en", "title": "First meeting with your mentee: a checklist"},
        file=SimpleUploadedFile("first-meeting.txt", FIRST_MEETING.encode()),
        audience="mentors",
        topics=["mentoring"],
    )
    _program_resource(
        "enterprise-ability",
        admin,
        kind="link",
        version={
            "language": "en",
            "title": "A business plan in plain language",
            "summary": "The parts of a business plan, one page each, with examples.",
            "url": "https://www.canada.ca/en/services/business/start.html",
        },
        topics=["business", "accessibility"],
    )
    _program_resource(
        "career-conversations",
        admin,
        kind="link",
        version={
            "language": "en",
            "title": "Questions for a career conversation",
            "summary": "What to ask a professional about their occupation in one hour.",
            "url": "https://www.jobbank.gc.ca/career-planning",
        },
        topics=["networking", "job_search"],
    )
    _past_views(network)


def _past_views(network: Network) -> None:
    """Views (one per person, resource and day) by the reports' past participants, each of
    the resources of their network or their program, on days since they applied."""
    rng = random.Random(1502)
    today = timezone.localdate()
    past = Enrollment.objects.filter(
        program__organization__network=network, person__email__startswith="past."
    ).select_related("program")
    views = []
    for enrollment in past.order_by("pk"):
        mine = Resource.objects.filter(network=network, level="network") | Resource.objects.filter(
            program=enrollment.program
        )
        since = max((today - timezone.localdate(enrollment.created_at)).days, 1)
        for resource in mine:
            for _ in range(rng.choice([0, 0, 1, 2, 3])):
                day = today - timedelta(days=rng.randint(0, since))
                views.append(ResourceView(resource=resource, person=enrollment.person, day=day))
    ResourceView.objects.bulk_create(views, ignore_conflicts=True)
