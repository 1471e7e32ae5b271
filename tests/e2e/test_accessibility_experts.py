"""Axe finds no violation on the Ask-an-Expert pages, at desktop width and at 320 px, in
English and French, for the person who asks, the expert and the agency's coordinator (demo
data of demo/experts.py; the checks are those of test_accessibility.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.e2e.test_accessibility import SUBMIT, Visit, _problems_signed_in

pytestmark = pytest.mark.e2e

EXPERT_ROLES: dict[str, tuple[str, list[Visit]]] = {
    "mentee": (
        "mentee.yara",
        [
            Visit("asking an expert", "/community/ask/"),
            Visit("asking with errors", "/community/ask/", submit=SUBMIT),
            Visit("my questions", "/community/questions/"),
            Visit("an answered question", lambda ids: f"/community/questions/{ids.answered}/"),
            Visit("published answers in the library", "/library/?kind=answer"),
            Visit("published answers, nothing found", "/library/?kind=answer&q=zzzz"),
            Visit("a published answer", lambda ids: f"/library/resources/{ids.published}/"),
            Visit("an invitation that is not hers", "/community/expert/join/nope/", status=404),
        ],
    ),
    "expert": (
        "expert.lina",
        [
            Visit("the expert's questions", "/community/expert/"),
            Visit("a question to answer", lambda ids: f"/community/questions/{ids.routed}/"),
            Visit(
                "answering with errors",
                lambda ids: f"/community/questions/{ids.routed}/",
                submit=SUBMIT,
            ),
        ],
    ),
    "coordinator": (
        "maple.coordinator",
        [
            Visit("Ask an expert for staff", "/manage/maple/experts/"),
            Visit("adding a topic with errors", "/manage/maple/experts/", submit=SUBMIT),
            Visit("the triage queue", "/manage/maple/experts/questions/?status="),
            Visit("the empty queue", "/manage/maple/experts/questions/?status=closed"),
            Visit(
                "a question for staff",
                lambda ids: f"/manage/maple/experts/questions/{ids.answered}/",
            ),
            Visit("a topic", lambda ids: f"/manage/maple/experts/topics/{ids.topic}/"),
            Visit("an expert", lambda ids: f"/manage/maple/experts/people/{ids.expert}/"),
            Visit(
                "a published answer's words in the library",
                lambda ids: f"/manage/library/resources/{ids.published}/versions/{ids.version}/",
            ),
        ],
    ),
}


@pytest.mark.parametrize("role", list(EXPERT_ROLES))
def test_every_ask_an_expert_page_has_no_axe_violation(demo, new_page, role):
    from bridgeway.community.experts.models import Expert, PublishedAnswer, Question
    from bridgeway.demo.experts import demo_experts

    demo_experts()
    published = PublishedAnswer.objects.select_related("question").get()
    ids = SimpleNamespace(
        answered=published.question_id,
        routed=Question.objects.get(status="routed").pk,
        published=published.resource_id,
        version=published.resource.versions.get().pk,
        topic=published.question.topic_id,  # type: ignore[union-attr]
        expert=Expert.objects.get().pk,
    )
    who, visits = EXPERT_ROLES[role]
    found = _problems_signed_in(new_page, who, visits, ids)
    assert not found, f"problems on the Ask-an-Expert pages for the {role}:\n" + "\n".join(found)
