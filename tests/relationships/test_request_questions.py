"""The question thread on a request: the mentor asks before answering, the mentee answers from
the notification's link, both are told in their own language, staff read it, and nothing more
is written once the request is answered or expired."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from bridgeway.core.services import DomainError
from bridgeway.notifications.models import Notification
from bridgeway.notifications.render import summary_in
from bridgeway.notifications.timers import timers_run_due
from bridgeway.relationships import questions, services
from bridgeway.relationships.models import MentorRequest, RequestMessage

pytestmark = pytest.mark.django_db


def _told(person: Any, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(person=person, kind=kind).order_by("pk"))


def _ask(cohort: SimpleNamespace) -> MentorRequest:
    [request] = services.requests_send(
        mentee=cohort.amal,
        mentor_ids=[cohort.dana.pk],
        message="I am a nurse.",
        by=cohort.amal.person,
    )
    request.refresh_from_db()
    return request


def test_the_mentor_asks_the_mentee_answers_and_each_is_told(
    client: Client, cohort: SimpleNamespace
) -> None:
    request = _ask(cohort)
    amal, dana = cohort.amal, cohort.dana
    mentor_url = reverse("relationships:request", args=[dana.pk, request.pk])
    mentee_url = reverse("relationships:mentee_request", args=[amal.pk, request.pk])

    client.force_login(dana.person)
    page = client.get(mentor_url).content.decode()
    assert "Ask the mentee a question before you answer" in page
    assert "The deadline keeps running while you talk" in page
    response = client.post(mentor_url, {"answer": "question", "text": "  "})
    assert response.status_code == 400
    assert "Write your message." in response.content.decode()
    response = client.post(
        mentor_url, {"answer": "question", "text": "Which city <b>will</b> you live in?"}
    )
    assert response.status_code == 302
    [asked] = _told(amal.person, "relationships.request_question")
    assert asked.url == mentee_url
    assert (
        summary_in(asked, "en")
        == "Dana asks before answering: “Which city <b>will</b> you live in?”"
    )

    # The mentee follows the link from their requests and answers; the page escapes the text.
    client.force_login(amal.person)
    ask_page = client.get(reverse("relationships:ask", args=[amal.pk])).content.decode()
    assert mentee_url in ask_page
    page = client.get(mentee_url).content.decode()
    assert "Which city &lt;b&gt;will&lt;/b&gt; you live in?" in page
    response = client.post(mentee_url, {"answer": "question", "text": "Montréal, in May."})
    assert response.status_code == 302
    [reply] = _told(dana.person, "relationships.request_reply")
    assert reply.url == mentor_url
    assert summary_in(reply, "en") == "Amal answered: “Montréal, in May.”"
    assert [m.side for m in RequestMessage.objects.order_by("pk")] == ["mentor", "mentee"]

    # The mentor still answers as before; then the thread is closed, said plainly.
    client.force_login(dana.person)
    assert client.get(mentor_url).content.decode().count("Montréal, in May.") == 1
    client.post(mentor_url, {"answer": "accept"})
    response = client.post(
        mentor_url, {"answer": "question", "text": "One more thing"}, follow=True
    )
    assert "This request has been answered: the conversation about it is closed." in (
        response.content.decode()
    )
    assert RequestMessage.objects.count() == 2


def test_the_mentee_writes_only_after_a_question_and_nobody_else_writes(
    cohort: SimpleNamespace,
) -> None:
    request = _ask(cohort)
    with pytest.raises(DomainError, match="once the mentor has asked"):
        questions.question_post(request=request, by=cohort.amal.person, text="Hello?")
    with pytest.raises(DomainError, match="Only the mentor and the mentee"):
        questions.question_post(request=request, by=cohort.fay.person, text="Hi")
    with pytest.raises(DomainError, match="under 2000 characters"):
        questions.question_post(request=request, by=cohort.dana.person, text="x" * 2001)
    assert not RequestMessage.objects.exists()


def test_no_question_after_the_deadline(cohort: SimpleNamespace) -> None:
    request = _ask(cohort)
    questions.question_post(request=request, by=cohort.dana.person, text="Your city?")
    assert request.due_at is not None
    timers_run_due(now=request.due_at + timedelta(minutes=1))
    with pytest.raises(DomainError, match="This request has expired"):
        questions.question_post(request=request, by=cohort.amal.person, text="Toronto")
    # The question did not stop the clock: the request expired as before.
    request.refresh_from_db()
    assert request.status == MentorRequest.Status.EXPIRED


def test_staff_read_the_thread_on_the_program_and_relationship_pages(
    client: Client, cohort: SimpleNamespace
) -> None:
    request = _ask(cohort)
    questions.question_post(request=request, by=cohort.dana.person, text="Are you licensed yet?")
    questions.question_post(request=request, by=cohort.amal.person, text="Not yet, in 2027.")
    relationship = services.request_accept(request=request, by=cohort.dana.person)
    assert relationship is not None
    client.force_login(cohort.world.bob)
    page = client.get(
        reverse("relationships:staff_list", args=[cohort.program.pk])
    ).content.decode()
    assert "2 messages" in page
    assert "Are you licensed yet?" in page
    page = client.get(
        reverse("relationships:staff_relationship", args=[relationship.pk])
    ).content.decode()
    assert "Questions before the request was answered" in page
    assert "Not yet, in 2027." in page


def test_the_api_lists_and_posts_on_both_sides(cohort: SimpleNamespace) -> None:
    request = _ask(cohort)
    api = APIClient()
    mentor_url = reverse("api:relationships-request-questions", args=[cohort.dana.pk, request.pk])
    mentee_url = reverse(
        "api:relationships-mentee-request-questions", args=[cohort.amal.pk, request.pk]
    )
    api.force_authenticate(cohort.amal.person)
    refused = api.post(mentee_url, {"text": "Hi"}, format="json")
    assert refused.status_code == 400
    assert "once the mentor has asked" in refused.json()["non_field_errors"][0]
    api.force_authenticate(cohort.dana.person)
    created = api.post(mentor_url, {"text": "Which city?"}, format="json")
    assert created.status_code == 201
    assert created.json()["side"] == "mentor"
    assert api.post(mentor_url, {"text": "x" * 2001}, format="json").status_code == 400
    assert api.get(mentee_url).status_code == 404  # Dana is not the mentee
    api.force_authenticate(cohort.amal.person)
    assert api.post(mentee_url, {"text": "Halifax"}, format="json").status_code == 201
    listed = api.get(mentee_url).json()
    assert [(m["side"], m["text"]) for m in listed] == [
        ("mentor", "Which city?"),
        ("mentee", "Halifax"),
    ]
