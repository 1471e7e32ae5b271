"""Isolation entries for the community forums: agency A's own space and its program's space
(their names, a topic and a reply carry the canary); agency B, whose agency shares the network,
tries those ids on every address. A network space is shared by design and carries no canary."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bridgeway.community import moderation, services
from bridgeway.community.curriculum import services as curriculum
from bridgeway.community.models import (
    Follow,
    Helpful,
    Moderator,
    PostFile,
    Prompt,
    Reply,
    Report,
    Space,
    Suspension,
    Topic,
    TopicMove,
)
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, Pair, pk_of

FINGERPRINT_MODELS = [
    Space,
    Topic,
    Reply,
    Helpful,
    Follow,
    Report,
    Suspension,
    Moderator,
    PostFile,
    TopicMove,
    Prompt,
]


def _spaces(a: SimpleNamespace) -> list[Pair]:
    return [
        ({"pk": space.pk}, {"pk": MISSING})
        for space in (a.community_space, a.community_program_space)
    ]


def _moderator(a: SimpleNamespace) -> list[Pair]:
    return [
        (
            {"pk": a.community_program_space.pk, "moderator_pk": a.community_moderator.pk},
            {"pk": MISSING, "moderator_pk": MISSING},
        ),
        # A space of B's own in the address with A's moderator.
        (
            {"pk": a.community_b_space.pk, "moderator_pk": a.community_moderator.pk},
            {"pk": a.community_b_space.pk, "moderator_pk": MISSING},
        ),
    ]


def _topics(a: SimpleNamespace) -> list[Pair]:
    return [
        ({"pk": topic.pk}, {"pk": MISSING})
        for topic in (a.community_topic, a.community_program_topic)
    ]


MATRIX: dict[str, Entry] = {
    "community:home": NO_IDS,
    "community:search": NO_IDS,
    "community:space": _spaces,
    "community:topic_new": _spaces,
    "community:space_follow": _spaces,
    "community:topic": _topics,
    "community:topic_follow": _topics,
    "community:topic_manage": _topics,
    "community:helpful": pk_of("community_reply"),
    "community:agency_spaces": lambda a: [({"org": "agency-a"}, {"org": "no-such-agency"})],
    "community:space_edit": _spaces,
    "community:network_spaces": NO_IDS,
    "api:community-spaces": NO_IDS,
    "api:community-space-topics": _spaces,
    "api:community-space-follow": _spaces,
    "api:community-topic": _topics,
    "api:community-topic-replies": _topics,
    "api:community-topic-follow": _topics,
    "api:community-helpful": pk_of("community_reply"),
    "api:community-search": NO_IDS,
    "community:program_prompts": pk_of("program"),
    "community:prompt": pk_of("community_prompt"),
    "api:community-prompts": pk_of("program"),
    "api:community-prompt": pk_of("community_prompt"),
    "community:topic_report": _topics,
    "community:reply_report": pk_of("community_reply"),
    "community:topic_moderate": _topics,
    "community:reply_moderate": pk_of("community_reply"),
    "community:moderation": _spaces,
    "community:report_resolve": pk_of("community_report"),
    "community:suspension_lift": pk_of("community_suspension"),
    "community:file": pk_of("community_file"),
    "community:agency_queue": lambda a: [({"org": "agency-a"}, {"org": "no-such-agency"})],
    "community:network_queue": NO_IDS,
    "community:space_moderators": _spaces,
    "community:space_moderator_remove": _moderator,
    "api:community-topic-report": _topics,
    "api:community-reply-report": pk_of("community_reply"),
    "api:community-topic-moderate": _topics,
    "api:community-reply-moderate": pk_of("community_reply"),
    "api:community-space-reports": _spaces,
    "api:community-space-held": _spaces,
    "api:community-report-resolve": pk_of("community_report"),
    "api:community-space-suspensions": _spaces,
    "api:community-suspension-lift": pk_of("community_suspension"),
    "api:community-space-moderators": _spaces,
    "api:community-space-moderator": _moderator,
    "api:community-file": pk_of("community_file"),
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    network = world.agency_a.network
    services.space_create(by=world.grace, network=network, name="Everyone's welcome")
    space = services.space_create(
        by=world.alice, network=network, organization=world.agency_a, name=f"Lounge {CANARY}"
    )
    program_space = services.space_create(
        by=world.bob, network=network, program=world.program_a, name=f"Hosts {CANARY}"
    )
    topic = services.topic_create(
        space=space, by=world.erin, title=f"Doctor {CANARY}", body=f"Where {CANARY}?"
    )
    program_topic = services.topic_create(
        space=program_space, by=world.frank, title=f"Tips {CANARY}", body=CANARY
    )
    reply = services.reply_create(topic=topic, by=world.frank, body=f"Clinic {CANARY}")
    services.helpful_toggle(reply=reply, by=world.erin)
    files = [SimpleUploadedFile(f"notes-{CANARY}.txt", f"Notes {CANARY}".encode())]
    with_file = services.reply_create(topic=topic, by=world.erin, body=CANARY, files=files)
    report = moderation.report_create(
        by=world.erin, topic=topic, reply=reply, reason="spam", text=f"Spam {CANARY}"
    )
    suspension = moderation.suspension_create(
        space=space, by=world.alice, person=world.frank, reason=f"Rude {CANARY}"
    )
    moderator = moderation.moderator_add(space=program_space, by=world.bob, person=world.erin)
    a.community_b_space = services.space_create(
        by=world.carol, network=network, organization=world.agency_b, name="B lounge"
    )
    a.community_report = report
    a.community_suspension = suspension
    a.community_moderator = moderator
    a.community_file = with_file.files.get()
    a.community_space = space
    a.community_program_space = program_space
    a.community_topic = topic
    a.community_program_topic = program_topic
    a.community_reply = reply
    a.community_prompt = curriculum.prompt_schedule(
        program=world.program_a,
        texts={"en": {"title": f"Week 1 {CANARY}", "body": CANARY}},
        send_at=timezone.now() + timedelta(days=7),
        by=world.bob,
    )
