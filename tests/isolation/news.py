"""Isolation entries for the news: agency A's members-only posts (one sent to the agency, one
sent to its program, one draft) carry the canary, and so does a members-only post of another
network (the network's own posts are shared with agency B by design). Agency B has no public
post to read there: its people get the same 404 as for an agency, program, network or post
that does not exist, and the same for A's feeds, which hold public posts only."""

from __future__ import annotations

from types import SimpleNamespace

from bridgeway.community.news import services
from bridgeway.community.news.models import Post, PostVersion
from tests.factories import NetworkAdminFactory, NetworkFactory, PersonFactory
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, Pair, pk_of

FINGERPRINT_MODELS = [Post, PostVersion]


def _posts(a: SimpleNamespace) -> list[Pair]:
    return [({"pk": post.pk}, {"pk": MISSING}) for post in (a.news_post, a.news_draft)]


def _org(a: SimpleNamespace) -> list[Pair]:
    return [({"org": "agency-a"}, {"org": "no-such-agency"})]


def _network(a: SimpleNamespace) -> list[Pair]:
    return [({"network": a.news_other_network.slug}, {"network": "no-such-network"})]


MATRIX: dict[str, Entry] = {
    "community:news_network": _network,
    "community:news_network_feed": _network,
    "community:news_agency": _org,
    "community:news_agency_feed": _org,
    "community:news_program": pk_of("program"),
    "community:news_program_feed": pk_of("program"),
    "community:news_post": lambda a: [
        ({"pk": post.pk}, {"pk": MISSING})
        for post in (a.news_post, a.news_program_post, a.news_draft, a.news_other_post)
    ],
    "community:news_agency_staff": _org,
    "community:news_agency_new": _org,
    "community:news_network_staff": NO_IDS,
    "community:news_network_new": NO_IDS,
    "community:news_count": NO_IDS,
    "community:news_edit": _posts,
    "community:news_preview": _posts,
    "community:news_send": _posts,
    "community:news_test": _posts,
    "api:community-news": NO_IDS,
    "api:community-news-post": pk_of("news_post"),
    "api:community-news-manage": NO_IDS,
    "api:community-news-manage-post": _posts,
    "api:community-news-send": _posts,
    "api:community-news-reach": _posts,
}


def _version(text: str) -> dict[str, services.Version]:
    return {"en": services.Version(title=f"{text} {CANARY}", body=f"Only for members {CANARY}")}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    network = world.agency_a.network
    write = services.post_create
    agency_post = write(
        by=world.alice,
        network=network,
        organization=world.agency_a,
        kind="newsletter",
        default_language="en",
        versions=_version("Agency news"),
    )
    program_post = write(
        by=world.bob,
        network=network,
        program=world.program_a,
        kind="announcement",
        default_language="en",
        versions=_version("Program news"),
    )
    a.news_draft = write(
        by=world.bob,
        network=network,
        organization=world.agency_a,
        kind="blog",
        default_language="en",
        versions=_version("Draft"),
    )
    a.news_post = services.post_send(post=agency_post, by=world.alice)[0]
    a.news_program_post = services.post_send(post=program_post, by=world.bob)[0]
    other = NetworkFactory(slug="other-network")
    admin = PersonFactory()
    NetworkAdminFactory(network=other, person=admin)
    other_post = write(
        by=admin,
        network=other,
        kind="newsletter",
        default_language="en",
        versions=_version("Other network"),
    )
    a.news_other_post = services.post_send(post=other_post, by=admin)[0]
    a.news_other_network = other
