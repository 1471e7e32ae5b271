"""Issue 14's browser journey: a mentee on a waiting list registers for a webinar from the
invitation, gets the calendar invitation, and reads a published Ask-an-Expert answer in the
library.

Maple's coordinator (Toronto, at her desk) schedules a webinar for the mentees of Professional
Bridge and publishes, from Ask-an-Expert, an expert's answer to another mentee's question in the
resource library for that program's mentees. Jose, on Professional Bridge's waiting list in
Manila, gets the invitation by email (the worker runs the invitation's timer, then sends the
email), follows its link on a 320 px phone with the keyboard alone, signs in, registers, and
gets the calendar invitation (METHOD:REQUEST, the session's UID, the time the coordinator set).
He then opens the library, finds the answer among the resources for him, and reads it: the
expert's words, never the name of the person who asked. Each of his pages has no axe-core
violation and nothing wider than his screen; his opening of the answer is counted as a view.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from bridgeway.accounts.models import Person
from bridgeway.community.experts import services as experts
from bridgeway.community.experts import staff_services as expert_staff
from bridgeway.community.experts.models import Expert, ExpertTopic, PublishedAnswer, Question
from bridgeway.community.sessions.calendar import session_uid
from bridgeway.community.sessions.models import Registration, Session
from bridgeway.demo.experts import demo_experts
from bridgeway.demo.network import DEMO_PASSWORD
from bridgeway.learning.library.models import ResourceView
from bridgeway.notifications.outbox import deliveries_send_due
from bridgeway.notifications.timers import timers_run_due
from bridgeway.programs.models import Program, WaitlistEntry
from tests.e2e.browser import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe_violations,
    email,
    sign_in,
    tab_to,
)
from tests.e2e.test_relationship_journey import _in_a_thread, enter

pytestmark = pytest.mark.e2e

TORONTO = "America/Toronto"
WEBINAR = "Webinar: your first job interview in Canada"
ANSWER = (
    "Yes. Ask the regulator of your profession for an **assessment** first; many accept "
    "documents in French or English."
)


def worker() -> None:
    """What the worker does now: the due timers, then the due emails (those held for the
    recipient's quiet hours too, so that Manila's night does not wait)."""
    now = timezone.now()
    _in_a_thread(
        lambda: (
            timers_run_due(now=now),
            deliveries_send_due(now=now + timedelta(hours=13)),
        )
    )


def last_email(address: str, subject_start: str) -> Any:
    found = [m for m in mail.outbox if address in m.to and m.subject.startswith(subject_start)]
    assert found, f"no email “{subject_start}…” to {address}: {[m.subject for m in mail.outbox]}"
    return found[-1]


def problems(page: Any, name: str) -> list[str]:
    """axe-core on the page as the phone shows it, and nothing wider than the phone."""
    found = []
    violations = axe_violations(page)
    if violations:
        found.append(f"{name} ({page.url}):\n{describe_violations(violations)}")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        found.append(f"{name} ({page.url}): the page is {width} px wide")
    return found


def an_answered_question() -> Question:
    """Priya (Professional Bridge) asked about her engineering degree and Lina answered."""
    demo_experts()
    lina = Expert.objects.get(organization__slug="maple", status="active")
    topic = ExpertTopic.objects.get(organization__slug="maple", name="Recognition of credentials")
    question = experts.question_ask(
        by=Person.objects.get(email=email("mentee.priya")),
        topic=topic,
        title="Can I get my engineering degree from Kerala recognized in Ontario?",
        body="I studied civil engineering in Kochi and worked 6 years. Where do I start?",
        anonymous=True,
    )
    coordinator = Person.objects.get(email=email("maple.coordinator"))
    expert_staff.question_route(question=question, expert=lina, by=coordinator)
    experts.expert_post(question=question, by=lina.person, body=ANSWER)  # type: ignore[arg-type]
    return question


def coordinator_schedules_and_publishes(page: Any, cohort: Program, question: Question) -> None:
    sign_in(page, email("maple.coordinator"))
    page.goto("/manage/maple/sessions/new/")
    page.select_option("#id_scope", f"program:{cohort.pk}")
    page.fill("#id_title", WEBINAR)
    page.fill("#id_description", "Practise the questions employers ask, with two recruiters.")
    page.check("input[name=audience][value=mentees]")
    page.fill("#id_day", (timezone.localdate() + timedelta(days=10)).isoformat())
    page.fill("#id_at", "19:00")
    page.select_option("#id_duration_minutes", "60")
    page.fill("#id_capacity", "40")
    page.check("input[name=join_kind][value=link]")
    page.fill("#id_join_link", "https://webinar.example.org/interviews")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("[role=alert]").count() == 0, page.locator("main").inner_text()

    page.goto(f"/manage/maple/experts/questions/{question.pk}/")
    page.fill("#id_title", "Getting an engineering degree recognized in Ontario")
    page.fill("#id_question_text", "I studied civil engineering abroad. Where do I start?")
    page.select_option("#id_language", "en")
    page.select_option("#id_where", str(cohort.pk))
    page.select_option("#id_audience", "mentees")
    page.check("input[name=topics][value=credentials]")
    with page.expect_navigation():
        page.locator("main form:has(input[name=action][value=publish]) button").click()
    assert "Published in the library." in page.locator("main").inner_text()


def test_a_waiting_mentee_registers_from_the_invitation_and_reads_the_answer(
    demo: dict[str, Any], new_page: Any
) -> None:
    cohort = Program.objects.get(slug="professional-bridge")
    jose = Person.objects.get(email=email("mentee.jose"))
    assert WaitlistEntry.objects.filter(enrollment__person=jose, program=cohort).exists()
    question = an_answered_question()

    coordinator_schedules_and_publishes(new_page(viewport=DESKTOP), cohort, question)
    session = Session.objects.get(title=WEBINAR)
    day = timezone.localdate() + timedelta(days=10)
    starts_at = datetime.combine(day, time(19, 0), tzinfo=zoneinfo.ZoneInfo(TORONTO))
    assert session.starts_at == starts_at
    published = PublishedAnswer.objects.get(question=question)

    # The invitation's timer runs, and its email reaches Jose, with the time in Manila.
    worker()
    invitation = last_email(jose.email, "You are invited:")
    manila = starts_at.astimezone(zoneinfo.ZoneInfo(jose.time_zone))
    assert f"{manila:%H:%M} in Manila" in invitation.subject
    link = re.search(r"https?://[^\s\"<>]+(/community/sessions/\d+/)", invitation.body)
    assert link, invitation.body
    assert link.group(1) == f"/community/sessions/{session.pk}/"

    # On his phone, signed out, he follows the link: the sign-in page, then the session.
    page = new_page(viewport=PHONE)
    page.goto(link.group(1))
    assert "/accounts/login/" in page.url
    found = problems(page, "sign-in from the invitation")
    tab_to(page, "#id_login")
    page.keyboard.type(jose.email)
    tab_to(page, "#id_password")
    page.keyboard.type(DEMO_PASSWORD)
    enter(page)
    assert page.url.endswith(link.group(1)), page.url
    assert page.locator("h1").inner_text() == WEBINAR
    assert "Register to get the join link" in page.locator("main").inner_text()
    found += problems(page, "the webinar")

    tab_to(page, "main button[name=action][value=register]")
    enter(page)
    assert "You have a place." in page.locator("main").inner_text()
    assert Registration.objects.get(session=session, person=jose).status == "registered"
    found += problems(page, "the webinar with a place")

    # The calendar invitation: a request, for this session, at the time she set in Toronto.
    worker()
    registered = last_email(jose.email, "You are registered:")
    [(name, content, mimetype)] = registered.attachments
    assert name == "session.ics"
    assert "method=REQUEST" in mimetype
    calendar = Calendar.from_ical(content)
    assert str(calendar["METHOD"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == session_uid(session)
    assert event.decoded("DTSTART") == starts_at
    assert event.decoded("DTEND") == starts_at + timedelta(minutes=60)
    assert str(event["SUMMARY"]) == WEBINAR
    assert str(event["ATTENDEE"]) == f"mailto:{jose.email}"  # him alone

    # From the header, the library: the answer is among the resources for him.
    page.locator("main").focus()
    tab_to(page, "header a[href='/library/']", backwards=True)
    enter(page)
    for_you = page.locator("section[aria-labelledby=for-you]")
    card = for_you.locator("li.card", has_text="Getting an engineering degree recognized")
    assert "For mentees" in card.inner_text()
    assert "From your program: Professional Bridge" in card.inner_text()
    found += problems(page, "the library")

    tab_to(page, card.locator("a"))
    enter(page)
    assert page.url.endswith(f"/library/resources/{published.resource_id}/")
    main = page.locator("main").inner_text()
    assert "Expert answer" in main
    assert "Where do I start?" in main
    assert "Ask the regulator of your profession for an assessment first" in main
    assert page.locator("main strong", has_text="assessment").count() == 1
    assert "Priya" not in main  # anonymised: the asker's name is nowhere
    found += problems(page, "the published answer")
    assert ResourceView.objects.filter(resource_id=published.resource_id, person=jose).count() == 1
    assert not found, "\n\n".join(found)
