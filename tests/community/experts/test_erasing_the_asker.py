"""When the person who asked is erased, a published answer stays for everyone else, but its
question no longer holds anything of theirs (privacy/erasure/published.py): the words they
wrote, their name or address. A question staff really rewrote stays as published."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection

from bridgeway.community.experts import services, staff_services
from bridgeway.community.experts.models import ExpertTopic, PublishedAnswer, Question
from bridgeway.learning.library.models import ResourceVersion
from bridgeway.privacy.erasure.models import ErasureRequest
from bridgeway.privacy.erasure.run import erasure_run
from bridgeway.privacy.erasure.services import erasure_approve, erasure_request

pytestmark = pytest.mark.django_db

CANARY = "zqcanaryxv"


def _erase(world: SimpleNamespace) -> None:
    request = erasure_request(person=world.erin, by=world.erin)
    erasure_approve(request=request, by=world.bob, organization=world.agency_a)
    erasure_run(request_id=request.pk)  # the job approval starts, run here
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.DONE, request.last_error


def _publish(world: SimpleNamespace, question: Question, **texts: str) -> PublishedAnswer:
    return staff_services.answer_publish(
        question=question,
        by=world.bob,
        **{"language": "en", "answer_text": "No: in Ontario a deposit pays the last rent."} | texts,  # type: ignore[arg-type]
    )


def _everywhere() -> str:
    """Every text column of the library's versions and its search index, as one string."""
    rows = ResourceVersion.objects.values_list("title", "summary", "question_text", "answer_text")
    found = " ".join(" ".join(row) for row in rows)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM learning_resource_fts")
            found += " ".join(str(cell) for row in cursor.fetchall() for cell in row)
    return found


def test_a_question_published_in_the_asker_s_words_loses_them(
    world: SimpleNamespace, housing: ExpertTopic, expert: object, xavier: object
) -> None:
    question = services.question_ask(
        by=world.erin,
        topic=housing,
        title=f"Erin's landlord {CANARY} keeps my deposit",
        body=f"I moved out of my flat on Kingsway {CANARY} in May and he kept it all.",
        anonymous=False,
    )
    question = staff_services.question_route(question=question, expert=expert, by=world.bob)  # type: ignore[arg-type]
    services.expert_post(question=question, by=xavier, body="No: a deposit pays the last rent.")  # type: ignore[arg-type]
    question.refresh_from_db()
    # Staff published it as the form offered it: the asker's own title and words.
    published = _publish(world, question, title=question.title, question_text=question.body)
    assert CANARY in _everywhere()

    _erase(world)

    assert CANARY not in _everywhere()
    version = ResourceVersion.objects.get(resource=published.resource)
    assert version.question_text == (
        "The question was removed at the request of the person who asked it."
    )
    assert version.title == "A question answered by an expert"
    assert version.answer_text == "No: in Ontario a deposit pays the last rent."  # kept
    assert "ontario" in _everywhere().casefold()  # the answer is still found by its words


def test_a_question_staff_rewrote_stays_as_published(
    world: SimpleNamespace, answered: Question
) -> None:
    published = _publish(
        world,
        answered,
        title="Deposits when moving out",
        question_text="Can a landlord keep a deposit for cleaning?",
    )
    _erase(world)
    version = ResourceVersion.objects.get(resource=published.resource)
    assert version.title == "Deposits when moving out"
    assert version.question_text == "Can a landlord keep a deposit for cleaning?"


def test_a_rewritten_question_that_names_the_asker_loses_the_name(
    world: SimpleNamespace, answered: Question
) -> None:
    world.erin.display_name = "Erin Okafor"
    world.erin.save(update_fields=["display_name"])
    published = _publish(
        world,
        answered,
        title="Deposits when moving out",
        question_text="Okafor asked whether a landlord may keep a deposit for cleaning.",
    )
    _erase(world)
    version = ResourceVersion.objects.get(resource=published.resource)
    assert "Okafor" not in version.question_text
    assert "Okafor" not in version.summary
    assert version.title == "Deposits when moving out"
