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
    if connection.vendor == "sqlite":  # PostgreSQL's 'simple' configuration keeps accents
        assert titles(world.erin, "medecin") == {"Trouver un médecin"}
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
