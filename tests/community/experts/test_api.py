"""Ask-an-Expert through the API: ask and list one's questions, answer as the routed expert,
rate as the asker; the same 404 for everyone else; anonymity kept from the expert."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.community.experts import staff_services
from bridgeway.community.experts.models import ExpertTopic, Question

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_a_mentee_asks_and_lists_her_questions(
    client: Client, world: SimpleNamespace, housing: ExpertTopic
) -> None:
    client.force_login(world.erin)
    topics = client.get(reverse("api:community-question-topics")).json()["results"]
    assert [t["name"] for t in topics] == ["Housing"]
    url = reverse("api:community-questions")
    data = {
        "topic": housing.pk,
        "title": "Deposit?",
        "body": "**May** <script>x</script>",
        "anonymous": True,
        "client_key": "c1",
    }
    first = client.post(url, data, content_type=JSON)
    client.post(url, data, content_type=JSON)
    assert first.status_code == 201
    assert Question.objects.count() == 1
    body = first.json()
    assert body["status"] == "new"
    assert "<script>" not in body["html"]
    assert [q["title"] for q in client.get(url).json()["results"]] == ["Deposit?"]
    other = staff_services.topic_save(organization=world.agency_b, by=world.carol, name="Tax")
    refused = client.post(url, {**data, "topic": other.pk, "client_key": "c2"}, content_type=JSON)
    assert refused.status_code == 400
    assert "topic" in refused.json()


def test_the_expert_answers_and_the_asker_rates(
    client: Client, world: SimpleNamespace, routed: Question, xavier: Person
) -> None:
    client.force_login(xavier)
    inbox = client.get(reverse("api:community-expert-questions")).json()["results"]
    assert [(q["id"], q["asker"]) for q in inbox] == [(routed.pk, "A participant (anonymous)")]
    answer = reverse("api:community-question-answer", args=[routed.pk])
    response = client.post(answer, {"body": "No.", "client_key": "x1"}, content_type=JSON)
    assert response.status_code == 201
    assert response.json()["status"] == "answered"
    assert [p["kind"] for p in response.json()["posts"]] == ["answer"]
    rating = reverse("api:community-question-rating", args=[routed.pk])
    assert client.put(rating, {"rating": 5}, content_type=JSON).status_code == 400
    client.force_login(world.erin)
    assert client.post(answer, {"body": "Me?"}, content_type=JSON).status_code == 400
    assert client.put(rating, {"rating": 6}, content_type=JSON).status_code == 400
    rated = client.put(rating, {"rating": 4, "comment": "Thanks"}, content_type=JSON)
    assert rated.json()["rating"] == 4
    reply = reverse("api:community-question-reply", args=[routed.pk])
    assert client.post(reply, {"body": "Thanks!"}, content_type=JSON).status_code == 201


def test_others_get_the_same_404_as_for_a_missing_question(
    client: Client, world: SimpleNamespace, routed: Question
) -> None:
    for person in (world.frank, world.carol, world.mallory):
        client.force_login(person)
        for name in ("api:community-question", "api:community-question-answer"):
            for pk in (routed.pk, 987654):
                url = reverse(name, args=[pk])
                call = client.get if name == "api:community-question" else client.post
                assert call(url).status_code == 404


def test_the_endpoints_are_in_the_schema(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.erin)
    schema = client.get(reverse("api:schema")).content.decode()
    for path in (
        "/api/v1/community/questions/",
        "/api/v1/community/questions/{id}/answer/",
        "/api/v1/community/questions/{id}/rating/",
        "/api/v1/community/expert/questions/",
    ):
        assert path in schema
