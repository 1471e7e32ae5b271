"""QUALITY.md "xss" for the community features: the same payload corpus as the messages'
test, written through the services into a forum topic and its reply (title, body and the
name of a file attached to the reply), an Ask-an-Expert question, its answer and the answer
staff published, a newsletter's title, summary and body, a group session's title and
description, a library resource's title and summary, and a curriculum prompt posted into a
pair's conversation. Each page that shows them is read by the author, another participant
and staff: no dialog opens, the browser reports no Content-Security-Policy violation, and the
page's main content holds no element or attribute that could run script."""

from __future__ import annotations

from datetime import time, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.community import moderation
from bridgeway.community import services as forum
from bridgeway.community.curriculum import services as curriculum
from bridgeway.community.experts import services as experts
from bridgeway.community.experts import staff_services as expert_staff
from bridgeway.community.experts.models import Expert, ExpertTopic
from bridgeway.community.models import Space
from bridgeway.community.news import services as news
from bridgeway.community.news.models import PostScope
from bridgeway.community.news.selectors import Scope
from bridgeway.community.sessions import services as sessions
from bridgeway.core.models import Network, Organization
from bridgeway.learning.library import services as library
from bridgeway.messaging.models import Conversation, Member
from bridgeway.notifications.models import Timer
from bridgeway.notifications.timers import timer_cancel
from bridgeway.programs.models import Enrollment, Program
from bridgeway.relationships.models import Relationship
from tests.e2e.browser import email
from tests.e2e.test_xss import _check, _reader
from tests.xss_corpus import FILE_NAMES, PAYLOADS

pytestmark = pytest.mark.e2e

TITLE = "Hello <img src=x onerror=alert('title')> <script>alert('title')</script>"
BODY = "\n\n".join(PAYLOADS)
FILE_NAME = FILE_NAMES[0]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


def _person(local: str) -> Person:
    return Person.objects.get(email=email(local))


def _pair(program: Program, mentee: Person, mentor: Person) -> Conversation:
    """Yara and Fatima paired in the program, their conversation open: where a curriculum
    prompt is posted."""
    now = timezone.now()
    relationship = Relationship.objects.create(
        program=program,
        mentee=Enrollment.objects.get(program=program, person=mentee),
        mentor=Enrollment.objects.get(program=program, person=mentor),
        status=Relationship.Status.ACTIVE,
        activated_at=now,
        planned_end=now.date() + timedelta(days=90),
    )
    chat = Conversation.objects.create(
        organization=program.organization,
        program=program,
        kind="pair",
        relationship=relationship,
    )
    for person in (mentee, mentor):
        Member.objects.create(conversation=chat, person=person)
    return chat


def _plant() -> SimpleNamespace:
    from bridgeway.demo.community import demo_community
    from bridgeway.demo.experts import demo_experts
    from bridgeway.demo.library import demo_library
    from bridgeway.demo.news import demo_news
    from bridgeway.demo.sessions import demo_sessions

    demo_community()
    demo_experts()
    demo_news()
    demo_sessions()
    demo_library()
    network = Network.objects.get(slug="demo")
    maple = Organization.objects.get(slug="maple")
    yara, fatima = _person("mentee.yara"), _person("mentor.fatima")
    coordinator, admin = _person("maple.coordinator"), _person("network")
    welcome = Space.objects.get(network=network, program__isnull=True)
    topic = forum.topic_create(space=welcome, by=yara, title=TITLE, body=BODY)
    reply = forum.reply_create(
        topic=topic, by=fatima, body=BODY, files=[SimpleUploadedFile(FILE_NAME, PNG)]
    )
    # Yara reports the reply: moderators read it, its file and her words in their queue.
    moderation.report_create(by=yara, topic=topic, reply=reply, reason="spam", text=TITLE)
    expert = Expert.objects.get(organization=maple, status="active")
    question = experts.question_ask(
        by=yara, topic=ExpertTopic.objects.get(name="Housing and tenancy"), title=TITLE, body=BODY
    )
    expert_staff.question_route(question=question, expert=expert, by=coordinator)
    experts.expert_post(question=question, by=expert.person, body=BODY)
    published = expert_staff.answer_publish(
        question=question,
        by=coordinator,
        title=TITLE,
        question_text=BODY,
        answer_text=BODY,
        language="en",
    )
    post = news.post_create(
        by=coordinator,
        network=network,
        organization=maple,
        kind="newsletter",
        default_language="en",
        visibility="public",
        versions={"en": news.Version(title=TITLE, summary=TITLE, body=BODY)},
    )
    news.post_send(post=post, by=coordinator)
    [session] = sessions.session_create(
        by=coordinator,
        scope=Scope(level=PostScope.AGENCY, network=network, organization=maple),
        fields=sessions.SessionFields(
            title=TITLE,
            description=BODY,
            audience="mentees",
            language="en",
            day=timezone.localdate() + timedelta(days=3),
            at=time(12, 0),
            time_zone="America/Toronto",
            duration_minutes=60,
            capacity=20,
            join_link="https://meet.example.org/xss",
        ),
    )
    resource = library.resource_create(
        by=admin,
        network=network,
        kind="link",
        version={
            "language": "en",
            "title": TITLE,
            "summary": BODY,
            "url": "https://example.org/resource",
        },
        topics=["money"],
        arrival="after",
    )
    cohort = Program.objects.get(slug="welcome-hosts")
    chat = _pair(cohort, yara, fatima)
    prompt = curriculum.prompt_schedule(
        program=cohort,
        texts={"en": {"title": TITLE, "body": BODY}},
        send_at=timezone.now() + timedelta(minutes=1),
        by=coordinator,
    )
    key = f"{curriculum.TIMER}:{prompt.pk}"
    curriculum.prompt_post(Timer.objects.get(key=key))
    timer_cancel(key=key)
    return SimpleNamespace(
        topic=topic,
        reply=reply,
        space=welcome,
        question=question,
        published=published,
        post=post,
        session=session,
        resource=resource,
        prompt=prompt,
        chat=chat,
    )


def _visits(ids: SimpleNamespace) -> dict[str, list[str]]:
    topic, question = (
        f"/community/topics/{ids.topic.pk}/",
        f"/community/questions/{ids.question.pk}/",
    )
    answer, post = (
        f"/library/resources/{ids.published.resource_id}/",
        f"/news/posts/{ids.post.pk}/",
    )
    session, resource = (
        f"/community/sessions/{ids.session.pk}/",
        f"/library/resources/{ids.resource.pk}/",
    )
    space, search = f"/community/spaces/{ids.space.pk}/", "/community/search/?q=hello"
    chat = f"/my/messages/{ids.chat.pk}/"
    return {
        # The author of the topic, the question and its rating; a mentee of the session.
        "mentee.yara": [
            "/community/",
            space,
            topic,
            search,
            f"/community/replies/{ids.reply.pk}/report/",
            "/community/questions/",
            question,
            "/library/?kind=answer",
            answer,
            "/news/agency/maple/",
            post,
            "/community/sessions/",
            session,
            "/library/",
            resource,
            "/dashboard/",
            "/my/messages/",
            chat,
        ],
        # The author of the reply and its file; another participant everywhere else.
        "mentor.fatima": [
            "/community/",
            space,
            topic,
            search,
            "/library/?kind=answer",
            answer,
            "/news/agency/maple/",
            post,
            "/library/",
            resource,
            "/dashboard/",
            "/my/messages/",
            chat,
        ],
        # The expert who answered.
        "expert.lina": ["/community/expert/", question],
        # Staff: the agency's queues and the pages where they write and check.
        "maple.coordinator": [
            topic,
            "/manage/maple/community/moderation/",
            "/manage/maple/experts/questions/?status=",
            f"/manage/maple/experts/questions/{ids.question.pk}/",
            "/manage/maple/news/",
            f"/manage/news/{ids.post.pk}/preview/",
            "/manage/maple/sessions/",
            f"/manage/sessions/{ids.session.pk}/",
            "/manage/maple/library/",
            f"/manage/prompts/{ids.prompt.pk}/",
            f"/manage/programs/{ids.prompt.program_id}/prompts/",
            f"/manage/relationships/{ids.chat.relationship_id}/",
        ],
        "network": [
            "/network/community/",
            "/network/community/moderation/",
            f"/community/replies/{ids.reply.pk}/moderate/",
            "/network/news/",
            "/network/sessions/",
        ],
    }


def test_payloads_in_community_posts_run_for_no_reader(demo: Any, new_page: Any) -> None:
    ids = _plant()
    problems: list[str] = []
    shown: set[str] = set()
    for who, paths in _visits(ids).items():
        page, dialogs = _reader(new_page, who)
        for path in paths:
            problems += _check(page, path, dialogs)
            # The page is the one asked for (not a sign-in or an error page)...
            assert page.url.endswith(path), f"{who} on {path} ended on {page.url}"
            assert page.locator("h1").count(), f"{who} on {path}: no page"
            # ...and the planted text, where the page shows it, is there as text.
            if "alert(" in page.locator("main").inner_text():
                shown.add(path)
        if who == "mentor.fatima":
            # The payloads are shown as text, not dropped; the file keeps its name as text.
            page.goto(f"/community/topics/{ids.topic.pk}/")
            text = page.locator("main").inner_text()
            assert "<script>alert('script')</script>" in text
            assert FILE_NAME in text
            # The prompt's title shows as text in the pair's conversation.
            page.goto(f"/my/messages/{ids.chat.pk}/")
            assert "<script>alert('title')</script>" in page.locator("main").inner_text()
    assert not problems, "\n".join(problems)
    planted = {
        f"/community/topics/{ids.topic.pk}/",
        f"/community/questions/{ids.question.pk}/",
        f"/library/resources/{ids.published.resource_id}/",
        f"/news/posts/{ids.post.pk}/",
        f"/community/sessions/{ids.session.pk}/",
        f"/library/resources/{ids.resource.pk}/",
        f"/my/messages/{ids.chat.pk}/",
        f"/manage/prompts/{ids.prompt.pk}/",
        f"/manage/news/{ids.post.pk}/preview/",
        f"/manage/sessions/{ids.session.pk}/",
        f"/manage/maple/experts/questions/{ids.question.pk}/",
        f"/community/replies/{ids.reply.pk}/report/",
        f"/community/replies/{ids.reply.pk}/moderate/",
    }
    assert planted <= shown, f"not shown: {planted - shown}"
