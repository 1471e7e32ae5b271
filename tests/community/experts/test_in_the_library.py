"""A published answer is a resource of the library like the others: found by the words of its
question and answer in any language, suggested "for you", its views counted, shown as safe
HTML on the page and in the API; changed or archived in the library, the question's staff page
shows the same; the library's own forms never make one."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from bridgeway.community.experts import staff_services
from bridgeway.community.experts.models import PublishedAnswer, Question
from bridgeway.learning.library import services as library
from bridgeway.learning.library.foryou import resources_for_you
from bridgeway.learning.library.models import Resource, ResourceView
from bridgeway.learning.library.search import Filters, resources_found

pytestmark = pytest.mark.django_db


def publish(world: SimpleNamespace, question: Question, **fields: object) -> PublishedAnswer:
    return staff_services.answer_publish(
        question=question,
        by=world.bob,
        **{
            "title": "Deposits when moving out",
            "question_text": "Can a landlord keep a **deposit** for cleaning?",
            "answer_text": "No: in Ontario a deposit pays the *last month's* rent.",
            "language": "en",
            **fields,
        },  # type: ignore[arg-type]
    )


def found(person: object, **filters: str) -> list[Resource]:
    return list(resources_found(person=person, filters=Filters(**filters)))  # type: ignore[arg-type]


def test_search_finds_an_answer_by_the_words_of_its_answer_in_any_language(
    world: SimpleNamespace, answered: Question
) -> None:
    published = publish(world, answered, topics=["housing"])
    resource = published.resource
    assert found(world.erin, text="ontario rent") == [resource]  # words of the answer only
    assert found(world.erin, text="cleaning", kind="answer", topic="housing") == [resource]
    assert found(world.erin, text="cleaning", kind="link") == []
    publish(
        world,
        answered,
        language="fr",
        title="Le dépôt de garantie",
        question_text="Le propriétaire peut-il garder le dépôt ?",
        answer_text="Non : il paie le dernier mois de loyer, même chez un médecin.",
    )
    assert resource.versions.count() == 2
    assert found(world.erin, text="loyer", language="fr") == [resource]
    if connection.vendor == "sqlite":  # PostgreSQL's 'simple' configuration keeps accents
        assert found(world.erin, text="medecin") == [resource]
    library.version_update(
        version=resource.versions.get(language="en"),
        by=world.bob,
        title="Deposits",
        question_text="Can a landlord keep a deposit?",
        answer_text="Only for the last month.",
    )
    assert found(world.erin, text="ontario") == []
    assert found(world.erin, text="only last month") == [resource]
    assert found(world.mallory, text="loyer") == []  # in no program of agency A


def test_for_you_suggests_an_answer_for_the_persons_program_and_role(
    world: SimpleNamespace, answered: Question
) -> None:
    published = publish(world, answered, program=world.program_a, audience="mentees")
    [suggestion] = [
        s for s in resources_for_you(person=world.erin) if s.resource == published.resource
    ]
    assert suggestion.reasons == [
        f"From your program: {world.program_a.name}",
        "For mentees",
        "In English",
    ]
    assert found(world.frank) == []  # a mentor of the same program
    assert resources_for_you(person=world.frank) == []


def test_opening_an_answer_counts_one_view_a_day_and_staff_see_it_in_their_list(
    client: Client, world: SimpleNamespace, answered: Question
) -> None:
    resource = publish(world, answered).resource
    client.force_login(world.erin)
    url = reverse("learning:resource", args=[resource.pk])
    page = client.get(url).content.decode()
    client.get(url)
    assert "<strong>deposit</strong>" in page  # the Markdown, sanitized
    assert "<em>last month's</em>" in page
    assert "A participant put this question to an expert of Agency A." in page
    assert ResourceView.objects.filter(resource=resource, person=world.erin).count() == 1
    client.force_login(world.bob)
    client.get(url)  # staff checking it are not counted
    assert ResourceView.objects.filter(resource=resource).count() == 1
    staff_list = client.get(reverse("learning:agency_library", args=["agency-a"])).content
    assert "Deposits when moving out" in staff_list.decode()
    assert "Expert answer" in staff_list.decode()


def test_changed_or_archived_in_the_library_the_question_page_shows_the_same(
    client: Client, world: SimpleNamespace, answered: Question
) -> None:
    resource = publish(world, answered).resource
    version = resource.versions.get()
    client.force_login(world.bob)
    edit = reverse("learning:version_edit", args=[resource.pk, version.pk])
    page = client.get(edit).content.decode()
    assert 'name="answer_text"' in page
    assert 'name="file"' not in page
    client.post(
        edit,
        {
            "title": "Deposits",
            "question_text": "A deposit?",
            "answer_text": "Edited in the library.",
        },
    )
    question_page = reverse("community:staff_question", args=["agency-a", answered.pk])
    assert "Edited in the library." in client.get(question_page).content.decode()
    response = client.post(
        reverse("learning:version_new", args=[resource.pk]),
        {"language": "fr", "title": "Dépôt", "question_text": "", "answer_text": "Non."},
    )
    assert "This field is required." in response.content.decode()
    client.post(
        reverse("learning:resource_edit", args=[resource.pk]),
        {"audience": "everyone", "archived": "on"},
    )
    resource.refresh_from_db()
    assert resource.archived
    assert "No longer published" in client.get(question_page).content.decode()
    client.force_login(world.erin)
    assert client.get(reverse("learning:resource", args=[resource.pk])).status_code == 404


def test_the_library_api_gives_the_answer_as_safe_html(
    client: Client, world: SimpleNamespace, answered: Question
) -> None:
    resource = publish(world, answered, question_text="<script>alert(1)</script> **Deposit**?")
    client.force_login(world.erin)
    data = client.get(
        reverse("api:library-resource", args=[resource.resource_id])  # type: ignore[attr-defined]
    ).json()
    [version] = data["versions"]
    assert data["kind"] == "answer"
    assert version["question_html"] == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; <strong>Deposit</strong>?</p>\n"
    )
    assert version["summary"] == "<script>alert(1)</script> Deposit?"  # plain text
    assert "last month" in version["answer_html"]
    assert version["file_url"] is None


def test_the_librarys_own_forms_never_make_an_answer(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.bob)
    url = reverse("learning:agency_resource_new", args=["agency-a"])
    assert 'value="answer"' not in client.get(url).content.decode()
    fields = {
        "kind": "answer",
        "language": "en",
        "title": "Made up",
        "audience": "everyone",
    }
    assert "Select a valid choice" in client.post(url, fields).content.decode()
    api = client.post(
        reverse("api:library-agency-resources", args=["agency-a"]),
        {**{k: v for k, v in fields.items() if k != "language"}, "version.language": "en"},
    )
    assert api.status_code == 400
    assert "kind" in api.json()
    assert not Resource.objects.exists()
