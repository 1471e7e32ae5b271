"""The demo's community: a network space open to everyone with a welcome topic and a first
reply, and a mentors' space of Maple's Professional Bridge. Written through the services,
once (a second run finds them)."""

from __future__ import annotations

from django.db import transaction

from bridgeway.accounts.models import Person
from bridgeway.community import moderation, services
from bridgeway.community.models import Space
from bridgeway.core.models import Network
from bridgeway.demo.network import DEMO_DOMAIN
from bridgeway.programs.models import EnrollmentRole, Program

WELCOME = """Welcome! This space is open to everyone in the network's programs: mentees, \
mentors and alumni of every agency.

- Introduce yourself: where you are, what you hope to find here.
- Ask anything about settling in; someone has probably been through it.
- Be kind, and keep personal details (addresses, phone numbers) for private messages."""


@transaction.atomic
def demo_community() -> None:
    network = Network.objects.get(slug="demo")
    if Space.objects.filter(network=network).exists():
        return
    admin = Person.objects.get(email=f"network@{DEMO_DOMAIN}")
    welcome = services.space_create(
        by=admin,
        network=network,
        name="Welcome to the network",
        description="Introduce yourself, ask questions, share what helped you settle in.",
    )
    topic = services.topic_create(
        space=welcome, by=admin, title="Welcome — start here", body=WELCOME
    )
    services.topic_pin(topic=topic, by=admin, pinned=True)
    services.reply_create(
        topic=topic,
        by=Person.objects.get(email=f"mentor.fatima@{DEMO_DOMAIN}"),
        body="Hello from Toronto! I host newcomers with Maple. Ask me about the first weeks.",
    )
    cohort = Program.objects.select_related("organization").get(slug="professional-bridge")
    coordinator = Person.objects.filter(memberships__organization=cohort.organization).first()
    corner = services.space_create(
        by=coordinator or admin,
        network=network,
        program=cohort,
        name="Mentors' corner",
        description="Mentors of the cohort compare notes: first meetings, goals, referrals.",
        audience="mentors",
    )
    _moderation(corner, coordinator or admin)
    if coordinator is not None:
        _prompts(cohort, coordinator)


def _prompts(cohort: Program, coordinator: Person) -> None:
    """Curriculum mode: the first week's prompt, already in the conversations under way, and
    the second week's, scheduled."""
    from datetime import timedelta

    from django.utils import timezone

    from bridgeway.community.curriculum import services as curriculum
    from bridgeway.notifications.models import Timer
    from bridgeway.notifications.timers import timer_cancel

    first = curriculum.prompt_schedule(
        program=cohort,
        texts={
            "en": {"title": "Week 1: your goals", "body": WEEK_ONE_EN},
            "fr": {"title": "Semaine 1 : vos objectifs", "body": WEEK_ONE_FR},
        },
        send_at=timezone.now() + timedelta(minutes=1),
        by=coordinator,
    )
    key = f"{curriculum.TIMER}:{first.pk}"
    curriculum.prompt_post(Timer.objects.get(key=key))  # posted now, for the demo
    timer_cancel(key=key)
    curriculum.prompt_schedule(
        program=cohort,
        texts={
            "en": {"title": "Week 2: your first month", "body": WEEK_TWO_EN},
            "fr": {"title": "Semaine 2 : votre premier mois", "body": WEEK_TWO_FR},
        },
        send_at=timezone.now() + timedelta(days=7),
        by=coordinator,
    )


WEEK_ONE_EN = """Share **one goal** for the next three months with each other, and one step \
you can take this week. Reply here when you have."""
WEEK_ONE_FR = """Partagez **un objectif** pour les trois prochains mois, et un pas que vous \
pouvez faire cette semaine. Répondez ici quand c'est fait."""
WEEK_TWO_EN = """What surprised you most in your first month? Name one person you could meet \
in your field."""
WEEK_TWO_FR = """Qu'est-ce qui vous a le plus surpris pendant votre premier mois ? Nommez une \
personne de votre domaine que vous pourriez rencontrer."""


def _moderation(corner: Space, staff: Person) -> None:
    """A mentor moderates the corner; a reported reply and a newcomer's held topic wait in its
    queue (the corner holds a person's first two posts)."""
    mentors = list(
        Person.objects.filter(
            enrollments__program=corner.program, enrollments__role=EnrollmentRole.MENTOR
        ).order_by("pk")[:2]
    )
    if len(mentors) < 2:
        return
    lead, newcomer = mentors
    moderation.moderator_add(space=corner, by=staff, person=lead)
    topic = services.topic_create(
        space=corner,
        by=lead,
        title="First meetings: what worked for you?",
        body="I start with *their* questions, then we set one goal together.",
    )
    reply = services.reply_create(
        topic=topic, by=newcomer, body="Book a coffee chat with my firm: 50% off this week!"
    )
    moderation.report_create(by=lead, topic=topic, reply=reply, reason="spam", text="An ad.")
    services.space_update(space=corner, by=staff, hold_first_posts=2)
    services.topic_create(
        space=corner,
        by=newcomer,
        title="Hello from a new mentor",
        body="I join the cohort this month. Any advice for a first meeting by video?",
    )
