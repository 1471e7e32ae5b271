"""What the pages of signed-in people show, on top of the network of bench/seed_network.py:
coordinators, mentorships under way with their conversations, and forum spaces with topics.

    python bench/seed_network.py --people 10000 --mentorships 0.3    # both, into the database

Written through the services people and staff use, so every row the pages read is there as
the app writes it (statuses and their history, agreements signed, the conversation opened,
notifications in the bell, unread counts, topics followed by their authors):

- `coordinators` coordinators per agency (staff who open the match board), signed in like
  everyone else (bench/seed_network.py `sign_in`) with an API token and two-step
  verification set up (staff pages ask for it);
- in every program, a share `mentorships` of the mentors in a mentorship with a mentee of the
  program: a mentee's request the mentor accepts, the agreement both sign, then `messages`
  messages in their conversation, the two taking turns (the last ones unread by the other);
- a network space open to everyone and one space per agency, each with `topics` topics by
  people of the network and `replies` replies to each.

`accounts()` gives bench/locustfile_mixed.py who to act as and what each can open.
"""

from __future__ import annotations

import random
from typing import Any

from seed_network import BENCH_PASSWORD, DOMAIN, sign_in

LINES = [
    "Thank you for this week's call. I updated my résumé as you suggested.",
    "Good work! Next, try two informational interviews in your field.",
    "I found a networking evening on Thursday. Do you think it is worth going?",
    "Yes, go: bring a short introduction of yourself and ask people how they started.",
    "Could we meet on Saturday morning instead? I have a shift on Friday.",
    "Saturday at 10 works. I will send the link.",
]
TOPICS = [
    ("Getting Canadian work experience", "How did you find your first job in your field here?"),
    ("Credential recognition", "Which assessment did your profession ask for, and how long?"),
    ("Winter clothing on a budget", "Where do you find good boots without spending too much?"),
    ("Networking events", "Share the meetups that helped you meet people in your sector."),
    ("Interview practice", "Who wants to practise behavioural questions together?"),
    ("Bank account and credit", "What helped you build a credit history in the first year?"),
]


def _people(agency: Any, how_many: int, password: str) -> list[Any]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from rest_framework.authtoken.models import Token

    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Membership, StaffRole

    staff = []
    for n in range(how_many):
        person = Person.objects.create(
            email=f"coordinator{n + 1}.{agency.slug}@{DOMAIN}",
            display_name=f"Coordinator {n + 1} of {agency.name}",
            password=password,
        )
        Membership.objects.create(organization=agency, person=person, role=StaffRole.COORDINATOR)
        EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
        Token.objects.create(user=person, key=Token.generate_key())
        TOTP.activate(person, generate_totp_secret())  # staff pages need two-step sign-in
        staff.append(person)
    sign_in(staff)
    return staff


def _mentorship(mentee: Any, mentor: Any, messages: int) -> None:
    """A mentee's request, accepted and signed, and their first messages."""
    from django.db import transaction
    from django.utils import timezone

    from bridgeway.messaging.models import Conversation
    from bridgeway.messaging.services import message_send
    from bridgeway.relationships import agreements, services
    from bridgeway.relationships.models import MentorRequest

    with transaction.atomic():
        request = MentorRequest.objects.create(
            program=mentee.program,
            mentee=mentee,
            mentor=mentor,
            source=MentorRequest.Source.MENTEE,
            message="I would be glad to learn from you.",
            status=MentorRequest.Status.WAITING,
            sent_at=timezone.now(),
        )
        relationship = services.accept_now(request, by=mentor.person)
    for person in (mentee.person, mentor.person):
        agreements.agreement_sign(
            agreement=relationship.agreement, by=person, typed_name=person.name
        )
    chat = Conversation.objects.get(relationship=relationship)
    for n in range(messages):
        author = (mentee if n % 2 == 0 else mentor).person
        message_send(conversation=chat, author=author, body=LINES[n % len(LINES)])


def _forum(network: Any, agencies: list[Any], topics: int, replies: int, rng: Any) -> int:
    from bridgeway.accounts.models import Person
    from bridgeway.community import services
    from bridgeway.programs.models import Enrollment

    written = 0
    places: list[tuple[Any, Any]] = [(None, agencies[0])] + [(a, a) for a in agencies]
    for agency, admin_of in places:
        admin = Person.objects.get(memberships__organization=admin_of, memberships__role="admin")
        space = services.space_create(
            by=admin,
            network=network,
            organization=agency,
            name=f"Settling in — {agency.name}" if agency else "Welcome to the network",
            description="Questions and tips from mentees, mentors and alumni.",
        )
        authors = list(
            Enrollment.objects.filter(
                **({"program__organization": agency} if agency else {}),
                person__email__endswith=f"@{DOMAIN}",
            )
            .select_related("person")
            .order_by("pk")[:200]
        )
        for t in range(topics):
            title, body = TOPICS[t % len(TOPICS)]
            topic = services.topic_create(
                space=space, by=rng.choice(authors).person, title=f"{title} ({t + 1})", body=body
            )
            for r in range(replies):
                services.reply_create(
                    topic=topic, by=rng.choice(authors).person, body=LINES[r % len(LINES)]
                )
            written += 1
    return written


def seed_activity(
    *,
    mentorships: float = 0.3,
    messages: int = 6,
    coordinators: int = 2,
    topics: int = 12,
    replies: int = 4,
    seed_value: int = 2026,
) -> dict[str, int]:
    """Write coordinators, mentorships and the forum on the seeded network; returns counts."""
    from django.contrib.auth.hashers import make_password

    from bridgeway.core.models import Network, Organization
    from bridgeway.programs.models import Enrollment, EnrollmentStatus, Program

    rng = random.Random(seed_value)
    password = make_password(BENCH_PASSWORD)
    network = Network.objects.get(slug="bench-network")
    agencies = list(Organization.objects.filter(network=network).order_by("pk"))
    staff = sum(len(_people(agency, coordinators, password)) for agency in agencies)
    pairs = 0
    for program in Program.objects.filter(organization__network=network).order_by("pk"):
        ready = Enrollment.objects.filter(program=program, status=EnrollmentStatus.READY)
        ready = ready.select_related("person", "program__organization").order_by("pk")
        mentors = list(ready.filter(role="mentor"))
        mentees = list(ready.filter(role="mentee"))
        for mentor, mentee in zip(
            mentors[: round(len(mentors) * mentorships)], mentees, strict=False
        ):
            _mentorship(mentee, mentor, messages)
            pairs += 1
    forum = _forum(network, agencies, topics, replies, rng)
    return {"coordinators": staff, "mentorships": pairs, "topics": forum}


def sign_in_again() -> int:
    """New signed-in sessions for every seeded person, the old ones deleted: on a kept network
    the staff's sessions end after 30 idle minutes (and every session after its days), so a
    later run would otherwise find coordinators without one. Returns how many."""
    from bridgeway.accounts.models import Person, SignedInSession

    persons = list(Person.objects.filter(email__endswith=f"@{DOMAIN}"))
    SignedInSession.objects.filter(person__in=persons).delete()
    sign_in(persons)
    return len(persons)


def accounts() -> dict[str, Any]:
    """Who bench/locustfile_mixed.py acts as: mentees and mentors in a mentorship (with its
    conversation), mentees and mentors without one, coordinators (with their agency's
    programs), and the spaces and topics each agency's people can open."""
    from rest_framework.authtoken.models import Token
    from seed_network import sessions_by_person

    from bridgeway.community.models import Space, Topic
    from bridgeway.core.models import Membership
    from bridgeway.messaging.models import Conversation
    from bridgeway.programs.models import Enrollment, Program
    from bridgeway.relationships.models import Relationship

    tokens = dict(
        Token.objects.filter(user__email__endswith=f"@{DOMAIN}").values_list("user_id", "key")
    )
    sessions = sessions_by_person()

    def who(person: int, **more: Any) -> dict[str, Any]:
        return {"person": person, "token": tokens[person], "session": sessions[person], **more}

    chats = dict(
        Conversation.objects.filter(relationship__isnull=False).values_list("relationship_id", "pk")
    )
    paired: dict[str, list[dict[str, Any]]] = {"mentee": [], "mentor": []}
    free: dict[str, list[dict[str, Any]]] = {"mentee": [], "mentor": []}
    rows = Enrollment.objects.filter(person__email__endswith=f"@{DOMAIN}").values_list(
        "pk", "person_id", "role", "program__organization_id"
    )
    mentorships: dict[int, int] = {}
    for relationship, mentee, mentor in Relationship.objects.filter(status="active").values_list(
        "pk", "mentee_id", "mentor_id"
    ):
        mentorships[mentee] = mentorships[mentor] = relationship
    for pk, person, role, agency in rows:
        relationship = mentorships.get(pk)
        if relationship is None:
            free[role].append(who(person, enrollment=pk, agency=agency))
        else:
            paired[role].append(
                who(
                    person,
                    enrollment=pk,
                    agency=agency,
                    relationship=relationship,
                    conversation=chats[relationship],
                )
            )
    programs: dict[int, list[int]] = {}
    for pk, agency in Program.objects.values_list("pk", "organization_id"):
        programs.setdefault(agency, []).append(pk)
    coordinators = [
        who(person, agency=agency, programs=programs[agency])
        for person, agency in Membership.objects.filter(role="coordinator").values_list(
            "person_id", "organization_id"
        )
    ]
    forum: dict[str, list[list[int]]] = {}
    for space, agency in Space.objects.values_list("pk", "organization_id"):
        topics = list(Topic.objects.filter(space=space).values_list("pk", flat=True)[:50])
        forum.setdefault(str(agency or "network"), []).append([space, *topics])
    return {
        "paired": paired,
        "free": free,
        "coordinators": coordinators,
        "forum": forum,
    }
