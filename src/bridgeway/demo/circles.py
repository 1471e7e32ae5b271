"""The demo's circles at Maple: a peer-support circle for mentors led by Daniel Cohen (a
seasoned mentor: he completed a mentorship in the professional cohort, demo/recognition.py),
which Fatima joined and which meets monthly; and a circle of mentees around a shared need,
"Finding work in health care", led by Fatima Rahimi and joined by request: Yara is in it (with
a first topic and messages), Jose's request waits for Fatima's answer. Written through the
services, once (a second run finds them); run after the recognition demo."""

from __future__ import annotations

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.community import services as forum
from bridgeway.community.circles import members, membership, scheduling, services
from bridgeway.community.circles.models import Circle
from bridgeway.community.sessions.recurrence import Repeat
from bridgeway.community.sessions.services import SessionFields
from bridgeway.core.models import Organization
from bridgeway.demo.network import DEMO_DOMAIN
from bridgeway.messaging.services import message_send

PEER = """A small circle of Maple's mentors who meet once a month to talk about what works, \
what is hard, and what to pass on to staff.

- **Confidential**: what a mentee shares stays anonymised here.
- **Practical**: bring one situation, leave with one idea.
- Led by Daniel, who completed a mentorship in the Professional Bridge cohort."""

HEALTH = """For mentees of Maple who trained as nurses, technicians or doctors abroad and \
look for work in health care in Canada: licensing, bridging programs, first jobs while you wait."""


def _person(local: str) -> Person:
    return Person.objects.get(email=f"{local}@{DEMO_DOMAIN}")


@transaction.atomic
def demo_circles() -> None:
    maple = Organization.objects.filter(slug="maple").first()
    if maple is None or Circle.objects.filter(organization=maple).exists():
        return
    coordinator = _person("maple.coordinator")
    daniel, fatima = _person("mentor.daniel"), _person("mentor.fatima")
    peer = services.circle_create(
        by=coordinator,
        organization=maple,
        program=None,
        kind="mentors",
        fields=services.CircleFields(
            name="Mentors' peer circle",
            need="What works, what is hard, and what to pass on to staff",
            sector="",
            language="en",
            description=PEER,
            capacity=12,
            joining="open",
        ),
        leader=daniel,
    )
    membership.circle_join(circle=peer, person=fatima)
    scheduling.circle_session_create(
        circle=peer,
        by=daniel,
        fields=SessionFields(
            title="Peer circle: monthly check-in",
            description="One situation each, fifteen minutes each.",
            audience="everyone",
            language="en",
            day=timezone.localdate() + timedelta(days=9),
            at=time(19, 30),
            time_zone="America/Toronto",
            duration_minutes=60,
            capacity=13,
            join_link="https://meet.example.org/maple-peer-circle",
        ),
        repeat=Repeat(frequency="monthly", count=4),
    )
    health = services.circle_create(
        by=coordinator,
        organization=maple,
        program=None,
        kind="mentees",
        fields=services.CircleFields(
            name="Finding work in health care",
            need="Licensing, bridging programs and first jobs in health care",
            sector="3",
            language="en",
            description=HEALTH,
            capacity=8,
            joining="approval",
        ),
        leader=fatima,
    )
    yara = _person("mentee.yara")
    asked = membership.circle_join(
        circle=health, person=yara, note="I was a pharmacist in Damascus."
    )
    members.request_decide(circle=health, member=asked, by=fatima, approve=True)
    membership.circle_join(
        circle=health, person=_person("mentee.jose"), note="I was a lab technician in Manila."
    )
    forum.topic_create(
        space=health.space,
        by=fatima,
        title="Start here: where each of us is in the licensing process",
        body=(
            "Say which profession you trained in, and which step you are at. No step is too early."
        ),
    )
    health.refresh_from_db()
    if health.conversation is not None:
        message_send(
            conversation=health.conversation,
            author=fatima,
            body="Welcome, Yara! Our first session is next week; bring your questions.",
        )
        message_send(
            conversation=health.conversation,
            author=yara,
            body="Thank you! I will bring my credential assessment letter.",
        )
