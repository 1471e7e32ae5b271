"""The demo's group sessions: a monthly case session for the network's mentors (six dates, an
external link) and a webinar for Maple's mentees, to which the mentees on Maple's waiting lists
are invited; Yara has a place in it. Written through the services, once (a second run finds
them)."""

from __future__ import annotations

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.community.news.models import PostScope
from bridgeway.community.news.selectors import Scope
from bridgeway.community.sessions import registration, services
from bridgeway.community.sessions.models import Session
from bridgeway.community.sessions.recurrence import Repeat
from bridgeway.core.models import Network, Organization
from bridgeway.demo.network import DEMO_DOMAIN

CASE_SESSION = """A monthly hour for mentors: bring a situation from your mentorship \
(anonymised), and think it through with other mentors and a coordinator.

- **Listening** when a mentee is discouraged
- **Boundaries**: what a mentor does, and what to pass on to staff
- **Resources** that helped other pairs"""

WEBINAR = """How hiring works in Canada: reading a job posting, a Canadian-style résumé, \
informational interviews and references. Questions welcome in English or French.

The webinar is recorded; people with a place get the recording afterwards."""


@transaction.atomic
def demo_sessions() -> None:
    network = Network.objects.get(slug="demo")
    if Session.objects.filter(network=network).exists():
        return
    maple = Organization.objects.get(slug="maple")
    admin = Person.objects.get(email=f"network@{DEMO_DOMAIN}")
    coordinator = Person.objects.get(email=f"maple.coordinator@{DEMO_DOMAIN}")
    first_day = timezone.localdate() + timedelta(days=12)
    services.session_create(
        by=admin,
        scope=Scope(level=PostScope.NETWORK, network=network),
        fields=services.SessionFields(
            title="Monthly case session for mentors",
            description=CASE_SESSION,
            audience="mentors",
            language="en",
            day=first_day,
            at=time(19, 0),
            time_zone="America/Toronto",
            duration_minutes=60,
            capacity=12,
            join_link="https://meet.example.org/bridgeway-case-session",
        ),
        repeat=Repeat(frequency="monthly", count=6),
    )
    [webinar] = services.session_create(
        by=coordinator,
        scope=Scope(level=PostScope.AGENCY, network=network, organization=maple),
        fields=services.SessionFields(
            title="Webinar: finding work in Canada",
            description=WEBINAR,
            audience="mentees",
            language="en",
            day=timezone.localdate() + timedelta(days=5),
            at=time(12, 0),
            time_zone="America/Toronto",
            duration_minutes=90,
            capacity=100,
            join_link="https://webinar.example.org/finding-work",
        ),
    )
    registration.register(
        session=webinar, person=Person.objects.get(email=f"mentee.yara@{DEMO_DOMAIN}")
    )
