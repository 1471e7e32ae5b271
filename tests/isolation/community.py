"""Isolation entries for the community forums: agency A's own space and its program's space
(their names, a topic and a reply carry the canary); agency B, whose agency shares the network,
tries those ids on every address. A network space is shared by design and carries no canary."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from bridgeway.community import services
from bridgeway.community.curriculum import services as curriculum
from bridgeway.community.models import Follow, Helpful, Prompt, Reply, Space, Topic
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, Pair, pk_of

FINGERPRINT_MODELS = [Space, Topic, Reply, Helpful, Follow, Prompt]


def _spaces(a: SimpleNamespace) -> list[Pair]:
    return [
        ({"pk": space.pk}, {"pk": MISSING})
        for space in (a.community_space, a.community_program_space)
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
