from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.community.experts.models import Expert, PublishedAnswer, Question
from bridgeway.demo.experts import demo_experts
from bridgeway.demo.network import DEMO_DOMAIN, demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_topic_an_expert_a_routed_and_an_answered_question_once(
    client: Client,
) -> None:
    demo_load()
    demo_experts()
    demo_experts()
    expert = Expert.objects.get()
    assert expert.status == "active"
    assert sorted(Question.objects.values_list("status", flat=True)) == ["answered", "routed"]
    assert PublishedAnswer.objects.count() == 1
    client.force_login(expert.person)  # type: ignore[arg-type]
    inbox = client.get(reverse("community:expert_inbox")).content.decode()
    assert "three months of rent" in inbox
    published = PublishedAnswer.objects.select_related("resource").get()
    assert (published.resource.kind, published.resource.level) == ("answer", "agency")
    client.force_login(Person.objects.get(email=f"mentor.fatima@{DEMO_DOMAIN}"))
    answers = client.get(reverse("learning:library"), {"kind": "answer"}).content.decode()
    assert "Deposits in Ontario" in answers
