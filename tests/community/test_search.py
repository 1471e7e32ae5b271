"""Search finds topics by their words and their replies' words, in any language, and only
in the spaces the person reads."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from bridgeway.community import services
from bridgeway.community.search import topics_matching

pytestmark = pytest.mark.django_db


def titles(person: object, text: str) -> set[str]:
    return {t.title for t in topics_matching(person=person, text=text)}  # type: ignore[arg-type]


def test_search_finds_topics_and_replies_in_several_languages(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    doctor = services.topic_create(
        space=spaces.agency, by=world.erin, title="Trouver un médecin", body="À Montréal ?"
    )
    services.topic_create(space=spaces.network, by=world.erin, title="Housing", body="Rent")
    services.reply_create(topic=doctor, by=world.frank, body="Try the walk-in clinic")
    assert titles(world.erin, "médecin") == {"Trouver un médecin"}
    # Accents do not matter, on SQLite (FTS5's unicode61) and on PostgreSQL (unaccent).
    assert titles(world.erin, "medecin") == {"Trouver un médecin"}
    assert titles(world.erin, "MONTREAL") == {"Trouver un médecin"}
    assert titles(world.erin, "montré") == {"Trouver un médecin"}
    assert titles(world.erin, "clinic") == {"Trouver un médecin"}
    assert titles(world.erin, "rent") == {"Housing"}
    assert titles(world.erin, "rent clinic") == set()


def test_search_keeps_up_with_edits_and_deletions(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    topic = services.topic_create(space=spaces.agency, by=world.erin, title="Bus pass", body="x")
    topic.title = "Metro pass"
    topic.save()
    assert titles(world.erin, "bus") == set()
    assert titles(world.erin, "metro") == {"Metro pass"}
    topic.delete()
    assert titles(world.erin, "metro") == set()


def test_search_returns_only_what_the_person_may_read(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    services.topic_create(space=spaces.mentors, by=world.frank, title="Mentor tips", body="tips")
    services.topic_create(space=spaces.b, by=world.carol, title="B tips", body="tips")
    assert titles(world.erin, "tips") == set()
    assert titles(world.frank, "tips") == {"Mentor tips"}
    assert titles(world.mallory, "tips") == set()


def test_search_ignores_search_syntax_in_what_is_typed(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    services.topic_create(space=spaces.agency, by=world.erin, title="Taxes", body="NOT easy")
    assert titles(world.erin, 'taxes" * ( ^') == {"Taxes"}
    assert titles(world.erin, "not easy") == {"Taxes"}
    assert titles(world.erin, '"*()') == set()


def test_the_search_page(client: Client, world: SimpleNamespace, spaces: SimpleNamespace) -> None:
    services.topic_create(space=spaces.agency, by=world.erin, title="Winter coats", body="Where?")
    client.force_login(world.frank)
    url = reverse("community:search")
    assert "Winter coats" in client.get(url, {"q": "winter"}).content.decode()
    assert "No topic or reply you can read" in client.get(url, {"q": "summer"}).content.decode()
    assert "Search the community" in client.get(url).content.decode()


def test_postgresql_search_ignores_accents_through_its_index(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    """The accent-free configuration is the one the GIN indexes were built with, so that
    PostgreSQL can use them (skipped on SQLite, which has no such configuration)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: run through tests/with_services.py")
    services.topic_create(space=spaces.agency, by=world.erin, title="Élève à l'école", body="x")
    assert titles(world.erin, "eleve ecole") == {"Élève à l'école"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'community_topic_search'")
        (definition,) = cursor.fetchone()
    assert "community_unaccent" in definition


def test_hidden_and_held_posts_are_found_only_by_their_author(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    from bridgeway.community import moderation

    topic = services.topic_create(space=spaces.agency, by=world.erin, title="Cheap pills", body="x")
    moderation.post_hide(post=topic, by=world.bob, reason="Spam")
    other = services.topic_create(space=spaces.agency, by=world.erin, title="Bus", body="x")
    reply = services.reply_create(topic=other, by=world.frank, body="pharmacy coupons")
    moderation.post_hide(post=reply, by=world.bob, reason="Spam")
    assert titles(world.frank, "pills") == set()
    assert titles(world.erin, "pills") == {"Cheap pills"}
    assert titles(world.erin, "pharmacy") == set()
    assert titles(world.frank, "pharmacy") == {"Bus"}
    assert titles(world.bob, "pills") == {"Cheap pills"}
    assert titles(world.bob, "pharmacy") == {"Bus"}  # a moderator finds a hidden reply too


def test_short_words_are_whole_words_and_longer_ones_may_start_a_word(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    services.topic_create(
        space=spaces.agency, by=world.erin, title="Je cherche un emploi", body="À"
    )
    services.topic_create(space=spaces.agency, by=world.erin, title="Unemployment", body="Apply")
    assert titles(world.erin, "emploi") == {"Je cherche un emploi"}
    assert titles(world.erin, "un emploi") == {"Je cherche un emploi"}
    assert titles(world.erin, "une") == {"Unemployment"}  # "une" may start a longer word
    assert titles(world.erin, "à") == {"Je cherche un emploi"}  # a whole word, accents ignored
    assert titles(world.erin, "ap") == set()  # not every word that starts with "ap"


def test_the_newest_topics_are_found_first_when_many_hold_the_words(
    world: SimpleNamespace, spaces: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bridgeway.community import search

    monkeypatch.setattr(search, "LIMIT", 3)
    for n in range(5):
        services.topic_create(space=spaces.agency, by=world.erin, title=f"Rent {n}", body="x")
    services.topic_create(space=spaces.mentors, by=world.frank, title="Rent mentors", body="x")
    assert titles(world.erin, "rent") == {"Rent 4", "Rent 3", "Rent 2"}
    found = list(topics_matching(person=world.erin, text="rent"))
    assert [t.title for t in found] == ["Rent 4", "Rent 3", "Rent 2"]  # most recently active first


def test_postgresql_search_uses_both_indexes(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    """The statement's expressions are the indexes' own: a difference as small as where a cast
    stands makes PostgreSQL compute every topic's words at each search instead."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: run through tests/with_services.py")
    from django.test.utils import CaptureQueriesContext

    services.topic_create(space=spaces.agency, by=world.erin, title="Winter tyres", body="x")
    with CaptureQueriesContext(connection) as captured:
        assert titles(world.erin, "winter") == {"Winter tyres"}
    (statement,) = [q["sql"] for q in captured.captured_queries if "to_tsquery" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + statement.replace("%", "%%"))
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "community_topic_search" in plan
    assert "community_reply_search" in plan
