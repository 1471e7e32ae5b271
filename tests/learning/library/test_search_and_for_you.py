"""Search in both languages among what the person sees, filters, and "for you" with its
reasons in plain words."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.utils import timezone

from bridgeway.learning.library import services
from bridgeway.learning.library.foryou import resources_for_you
from bridgeway.learning.library.models import Resource, ResourceVersion
from bridgeway.learning.library.search import Filters, resources_found
from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires.models import Answer, Question
from tests.learning.library.conftest import link, titles

pytestmark = pytest.mark.django_db


def found(person: object, **filters: str) -> set[str]:
    return titles(resources_found(person=person, filters=Filters(**filters)))  # type: ignore[arg-type]


def test_search_finds_words_in_english_and_in_french(
    world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    assert found(world.erin, text="welcome") == {"Welcome to Canada"}
    assert found(world.erin, text="médecin") == {"Welcome to Canada"}
    if connection.vendor == "sqlite":  # PostgreSQL's 'simple' configuration keeps accents
        assert found(world.erin, text="medecin") == {"Welcome to Canada"}
    assert found(world.erin, text="bienven famille") == {"Welcome to Canada"}
    assert found(world.erin, text="guide") == {"Agency A guide"}
    assert found(world.erin, text='tips" * (') == set()  # mentors only; syntax is inert
    assert found(world.frank, text="tips") == {"Mentoring tips"}


def test_search_keeps_up_with_changed_words(
    world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    version = resources.agency.versions.get()
    services.version_update(version=version, by=world.bob, title="Housing guide", summary="")
    assert found(world.erin, text="agency") == set()
    assert found(world.erin, text="housing") == {"Housing guide"}


def test_filters_by_language_sector_topic_and_kind(
    world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    services.resource_update(
        resource=resources.agency, by=world.bob, sector="3", topics=["health", "housing"]
    )
    assert found(world.erin, language="fr") == {"Welcome to Canada"}
    assert found(world.erin, sector="3") == {"Agency A guide"}
    assert found(world.erin, topic="health") == {"Agency A guide"}
    assert found(world.erin, kind="link") == {"Welcome to Canada", "Agency A guide"}
    assert found(world.erin, kind="video") == set()


def _answer(enrollment: Enrollment, kind: str, key: str, value: object) -> None:
    question = Question.objects.create(
        program=enrollment.program, key=key, kind=kind, text={"en": key}, audience="both"
    )
    Answer.objects.create(enrollment=enrollment, question=question, value=value)


def test_for_you_ranks_by_program_sector_language_and_arrival_with_reasons(
    world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    network = world.agency_a.network
    erin = world.erin
    erin.preferred_language = "fr"
    erin.save(update_fields=["preferred_language"])
    enrollment = Enrollment.objects.get(person=erin)
    _answer(enrollment, "noc_code", "noc", "31301")
    _answer(enrollment, "arrival_date", "arrival", str(timezone.localdate() + timedelta(days=40)))
    nurses = link(world.bob, "Nursing in Ontario", network=network, program=world.program_a)
    services.resource_update(resource=nurses, by=world.bob, sector="3")
    link(world.bob, "Engineers' licence", network=network, program=world.program_a)
    engineers = resources_found(person=erin, filters=Filters(text="engineers")).get()
    services.resource_update(resource=engineers, by=world.bob, sector="2")
    landed = link(world.bob, "Your first week", network=network, organization=world.agency_a)
    services.resource_update(resource=landed, by=world.bob, arrival="after")
    before = link(world.bob, "Before you fly", network=network, organization=world.agency_a)
    services.resource_update(resource=before, by=world.bob, arrival="before")

    suggestions = resources_for_you(person=erin)
    shown = {s.resource.versions.all()[0].title: s.reasons for s in suggestions}
    assert next(iter(shown)) == "Nursing in Ontario"
    assert "For your sector: health" in shown["Nursing in Ontario"]
    assert f"From your program: {world.program_a.name}" in shown["Nursing in Ontario"]
    assert "In French" in shown["Welcome to Canada"]
    assert "For before you arrive" in shown["Before you fly"]
    assert "Engineers' licence" not in shown  # another sector
    assert "Your first week" not in shown  # she has not arrived yet


def test_for_you_of_a_mentor_says_it_is_for_mentors(
    world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    shown = {
        s.resource.versions.all()[0].title: s.reasons for s in resources_for_you(person=world.frank)
    }
    assert "For mentors" in shown["Mentoring tips"]
    assert resources_for_you(person=world.mallory) == []


def test_search_keeps_what_the_person_sees_among_many_matches_they_do_not(
    world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    """Another agency's 520 guides hold the word too: the person's own agency's guide written
    after them is still found (the search once took the first 500 matches, then applied who
    sees what)."""
    model = resources.b  # the other agency's guide, copied in bulk (the index follows rows)
    copies = Resource.objects.bulk_create(
        Resource(
            level=model.level,
            network=model.network,
            organization=model.organization,
            kind=model.kind,
            created_by=model.created_by,
        )
        for _ in range(520)
    )
    ResourceVersion.objects.bulk_create(
        ResourceVersion(resource=copy, language="en", title=f"Guide {n}", url="https://example.org")
        for n, copy in enumerate(copies)
    )
    network = world.agency_a.network
    link(world.alice, "Agency A second guide", network=network, organization=world.agency_a)
    assert found(world.erin, text="guide") == {"Agency A guide", "Agency A second guide"}
