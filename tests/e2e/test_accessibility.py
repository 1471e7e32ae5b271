"""axe-core finds no WCAG 2.x A/AA violation on any main page, for every demo role, at desktop
width and at 320 px, in English and in French; and no page is wider than a 320 px phone.

One test per role: it signs in once through the real pages (the two-step form is checked on the
way), then, in English and again in French (switched with the header's language switcher),
visits each page of that role, checks it at both widths, and reports every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.models import Organization
from bridgeway.messaging.models import Conversation, Flag, Member, Message, MessageEdit
from bridgeway.notifications.models import Channel, Delivery, Notification, Timer
from bridgeway.programs.colleagues import referral_link_for
from bridgeway.programs.models import Enrollment, Program
from bridgeway.relationships.meeting_answers import answer_token
from bridgeway.relationships.models import (
    Agreement,
    CheckIn,
    CloseReason,
    FlashSurvey,
    Goal,
    GoalNote,
    Meeting,
    MeetingLog,
    MeetingSeries,
    MentorRequest,
    Relationship,
    RequestMessage,
)
from tests.e2e.browser import (
    DESKTOP,
    PHONE,
    TWO_STEP_FORM,
    answer_two_step,
    axe_violations,
    describe_violations,
    email,
    submit_credentials,
    switch_language,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

# The submit button of the page's own form (the header holds a sign-out form too).
SUBMIT = "main form[novalidate] button[type=submit]"
ALLAUTH_SUBMIT = "main form[method=post] button[type=submit]:not([form])"
# The forms of a request's page: a question on its thread, and a decline.
QUESTION_SUBMIT = "main form:has(input[value=question]) button[type=submit]"
DECLINE_SUBMIT = "main form:has(input[value=decline]) button[type=submit]"


@dataclass(frozen=True)
class Visit:
    name: str
    path: str | Callable[[SimpleNamespace], str]
    status: int = 200
    # Fill these fields, press this button, and expect field errors on the page (or not).
    fill: tuple[tuple[str, str], ...] = ()
    check: tuple[str, ...] = ()  # checkboxes to tick before pressing the button
    # Ticked only when the page shows them (a consent asked once: gone on the second language's
    # visit, after the first one's submit gave it).
    check_if_shown: tuple[str, ...] = ()
    submit: str = ""
    errors: bool = True


SIGNED_OUT = [
    Visit("home and directory", "/"),
    Visit("program detail", lambda ids: f"/programs/{ids.hosts}/"),
    Visit("sign in", "/accounts/login/"),
    Visit("sign up", "/accounts/signup/"),
    Visit(
        "sign up with errors",
        "/accounts/signup/",
        fill=(
            ("#id_email", "new.person@example.org"),
            ("#id_display_name", "New Person"),
            ("#id_password1", "short"),
            ("#id_password2", "other"),
        ),
        submit=ALLAUTH_SUBMIT,
    ),
    Visit("password reset", "/accounts/password/reset/"),
    Visit(
        "password reset sent",
        "/accounts/password/reset/",
        fill=(("#id_email", "someone@example.org"),),
        submit=ALLAUTH_SUBMIT,
        errors=False,
    ),
    Visit("sign-in code request", "/accounts/login/code/"),
    Visit(
        "sign-in code form",
        "/accounts/login/code/",
        fill=(("#id_email", "mentee.yara@demo.bridgeway.test"),),
        submit=ALLAUTH_SUBMIT,
        errors=False,
    ),
    Visit("page not found", "/no-such-page/", status=404),
    Visit("program through a colleague's link", lambda ids: f"/join/{ids.colleague_code}/"),
    Visit(
        "did you meet, from the email's link",
        lambda ids: f"/meetings/answer/{ids.answer_token}/?outcome=met",
    ),
    Visit("a did-you-meet link that does not work", "/meetings/answer/broken/", status=403),
]
MENTEE = [
    Visit("dashboard", "/dashboard/"),
    Visit("preferences", "/account/preferences/"),
    Visit("email addresses", "/accounts/email/"),
    Visit("password change", "/accounts/password/change/"),
    Visit("API token", "/account/api-token/"),
    Visit("sign out everywhere", "/account/sign-out-everywhere/"),
    Visit("where you are signed in", "/account/signed-in/"),
    Visit("program detail with the application form", lambda ids: f"/programs/{ids.cohort}/"),
    Visit("application form with errors", lambda ids: f"/programs/{ids.cohort}/", submit=SUBMIT),
    Visit("application received", lambda ids: f"/my/enrollments/{ids.yara_in_hosts}/applied/"),
    Visit("withdraw confirmation", lambda ids: f"/my/enrollments/{ids.yara_in_hosts}/withdraw/"),
    Visit("mentor suggestions", lambda ids: f"/my/enrollments/{ids.yara_in_hosts}/suggestions/"),
    Visit("notifications", "/notifications/"),
    Visit("notification preferences", "/notifications/preferences/"),
    Visit(
        "notification preferences with errors",
        "/notifications/preferences/",
        fill=(("#id_phone", "12345"),),
        check=("#id_sms",),
        submit=SUBMIT,
    ),
    Visit(
        "notification preferences with text messages",
        "/notifications/preferences/",
        fill=(("#id_phone", "+63 917 123 4567"),),
        check=("#id_sms",),
        check_if_shown=("#id_texts_consent",),  # the consent to texts, in the same submit
        submit=SUBMIT,
        errors=False,
    ),
    Visit("asking mentors", lambda ids: f"/my/enrollments/{ids.yara_in_hosts}/ask/"),
    Visit(
        "a proposed mentor to answer, with a question",
        lambda ids: f"/my/enrollments/{ids.yara_in_hosts}/my-requests/{ids.yara_request}/",
    ),
    Visit(
        "answering the mentor's question with nothing",
        lambda ids: f"/my/enrollments/{ids.yara_in_hosts}/my-requests/{ids.yara_request}/",
        submit=QUESTION_SUBMIT,
    ),
    Visit(
        "declining a proposed mentor without a reason",
        lambda ids: f"/my/enrollments/{ids.yara_in_hosts}/my-requests/{ids.yara_request}/",
        submit=DECLINE_SUBMIT,
    ),
    Visit("my mentorship", lambda ids: f"/my/relationships/{ids.relationship}/"),
    Visit("goals", lambda ids: f"/my/relationships/{ids.relationship}/goals/"),
    Visit(
        "a goal with errors",
        lambda ids: f"/my/relationships/{ids.relationship}/goals/",
        submit=SUBMIT,
    ),
    Visit("proposing times", lambda ids: f"/my/relationships/{ids.relationship}/meetings/new/"),
    Visit(
        "proposing times with errors",
        lambda ids: f"/my/relationships/{ids.relationship}/meetings/new/",
        submit=SUBMIT,
    ),
    Visit("a meeting", lambda ids: f"/my/meetings/{ids.meeting}/"),
    Visit("a repeating meeting", lambda ids: f"/my/meetings/{ids.series_meeting}/"),
    Visit("my meetings in my calendar app", "/my/calendar/"),
    Visit("closing the mentorship", lambda ids: f"/my/relationships/{ids.relationship}/close/"),
    Visit(
        "a flash mentorship, after its conversation", lambda ids: f"/my/relationships/{ids.flash}/"
    ),
    Visit(
        "the one question after a flash conversation",
        lambda ids: f"/my/relationships/{ids.flash}/survey/",
    ),
    Visit(
        "the one question, sent without an answer",
        lambda ids: f"/my/relationships/{ids.flash}/survey/",
        submit=SUBMIT,
    ),
    Visit(
        "a check-in",
        lambda ids: f"/my/relationships/{ids.relationship}/check-in/pulse/2026-12/",
    ),
    Visit("my conversations", "/my/messages/"),
    Visit("a conversation", lambda ids: f"/my/messages/{ids.conversation}/"),
    Visit("a call, before joining", lambda ids: f"/my/messages/{ids.conversation}/call/"),
    Visit(
        "a conversation, sending nothing",
        lambda ids: f"/my/messages/{ids.conversation}/",
        submit=SUBMIT,
    ),
    Visit(
        "changing a message",
        lambda ids: f"/my/messages/{ids.conversation}/{ids.message}/edit/",
    ),
    Visit(
        "deleting a message",
        lambda ids: f"/my/messages/{ids.conversation}/{ids.message}/delete/",
    ),
    Visit(
        "earlier versions of a message",
        lambda ids: f"/my/messages/{ids.conversation}/{ids.message}/history/",
    ),
    Visit(
        "writing to program staff",
        lambda ids: f"/my/enrollments/{ids.yara_in_hosts}/write-to-staff/",
    ),
]
MENTOR = [
    Visit("dashboard", "/dashboard/"),
    Visit("inviting a colleague", lambda ids: f"/my/programs/{ids.cohort}/invite/"),
    Visit(
        "a mentee's request",
        lambda ids: f"/my/enrollments/{ids.daniel_in_cohort}/requests/{ids.request}/",
    ),
    Visit(
        "declining without a reason",
        lambda ids: f"/my/enrollments/{ids.daniel_in_cohort}/requests/{ids.request}/",
        submit=DECLINE_SUBMIT,
    ),
    Visit(
        "asking the mentee nothing",
        lambda ids: f"/my/enrollments/{ids.daniel_in_cohort}/requests/{ids.request}/",
        submit=QUESTION_SUBMIT,
    ),
]
COORDINATOR = [
    Visit("dashboard", "/dashboard/"),
    Visit("agency overview", "/manage/maple/"),
    Visit("staff program page", lambda ids: f"/manage/programs/{ids.hosts}/"),
    Visit("staff enrollment page", lambda ids: f"/manage/enrollments/{ids.yara_in_hosts}/"),
    Visit("set a pair by hand", lambda ids: f"/manage/programs/{ids.hosts}/match/set/"),
    Visit("requests and relationships", lambda ids: f"/manage/programs/{ids.hosts}/relationships/"),
    Visit(
        "requests and relationships, only the overdue under way",
        lambda ids: f"/manage/programs/{ids.hosts}/relationships/?show=active&overdue=on",
    ),
    Visit(
        "requests and relationships, a cohort not understood",
        lambda ids: f"/manage/programs/{ids.hosts}/relationships/?overdue=on&cohort=1999-01",
    ),
    Visit("a relationship for staff", lambda ids: f"/manage/relationships/{ids.relationship}/"),
    Visit("a flash mentorship for staff", lambda ids: f"/manage/relationships/{ids.flash}/"),
    Visit(
        "a pair's conversation, before a reason",
        lambda ids: f"/manage/conversations/{ids.conversation}/",
    ),
    Visit(
        "a pair's conversation, a reason too short",
        lambda ids: f"/manage/conversations/{ids.conversation}/",
        fill=(("#id_reason", "x"),),
        submit=SUBMIT,
    ),
    Visit("participants' messages to staff", "/manage/maple/messages/"),
    Visit(
        "a participant's conversation with staff",
        lambda ids: f"/manage/conversations/{ids.staff_conversation}/",
    ),
    Visit("flagged messages", "/manage/maple/flagged-messages/"),
    Visit(
        "notifications sent to a person",
        lambda ids: f"/manage/enrollments/{ids.yara_in_hosts}/notifications/",
    ),
    Visit("failed jobs", "/manage/maple/jobs/"),
    Visit("admin page refused", "/manage/maple/staff/", status=403),
    Visit("two-step verification", "/accounts/2fa/"),
]
AGENCY_ADMIN = [
    Visit("dashboard", "/dashboard/"),
    Visit("agency overview", "/manage/maple/"),
    Visit("staff", "/manage/maple/staff/"),
    Visit(
        "invitation form with errors",
        "/manage/maple/staff/",
        fill=(("#id_email", "not an address"),),
        submit=SUBMIT,
    ),
    Visit("settings", "/manage/maple/settings/"),
    Visit(
        "settings with errors", "/manage/maple/settings/", fill=(("#id_name", ""),), submit=SUBMIT
    ),
    Visit("audit log", "/manage/maple/audit/"),
    Visit("new program form", "/manage/maple/programs/new/"),
    Visit("new program form with errors", "/manage/maple/programs/new/", submit=SUBMIT),
    Visit("edit program form", lambda ids: f"/manage/programs/{ids.hosts}/edit/"),
    Visit("mentoring agreement", lambda ids: f"/manage/programs/{ids.hosts}/agreement/"),
    Visit("messaging rules", lambda ids: f"/manage/programs/{ids.hosts}/messaging/"),
    Visit(
        "messaging rules with errors",
        lambda ids: f"/manage/programs/{ids.hosts}/messaging/",
        fill=(("#id_attachment_limit_mb", "0"),),
        submit=SUBMIT,
    ),
]
NETWORK_ADMIN = [
    Visit("dashboard", "/dashboard/"),
    Visit("agencies list", "/network/agencies/"),
    Visit("new agency form", "/network/agencies/new/"),
    Visit("new agency form with errors", "/network/agencies/new/", submit=SUBMIT),
    Visit("edit agency form", lambda ids: f"/network/agencies/{ids.maple}/"),
    Visit(
        "preferences with errors",
        "/account/preferences/",
        fill=(("#id_display_name", ""),),
        submit=SUBMIT,
    ),
]
STAFF_WITHOUT_TWO_STEP = [
    Visit("two-step verification required", "/account/two-step-required/"),
    Visit("confirm access", "/accounts/reauthenticate/"),
    Visit(
        "authenticator app setup",
        "/accounts/reauthenticate/?next=/accounts/2fa/totp/activate/",
        fill=(("#id_password", PASSWORD),),
        submit=ALLAUTH_SUBMIT,
        errors=False,
    ),
    Visit(
        "authenticator app setup with errors",
        "/accounts/2fa/totp/activate/",
        fill=(("#id_code", "000000"),),
        submit=ALLAUTH_SUBMIT,
    ),
]
ROLES: dict[str, tuple[str, list[Visit]]] = {
    "signed out": ("", SIGNED_OUT),
    "mentee": ("mentee.yara", MENTEE),
    "mentor": ("mentor.daniel", MENTOR),
    "coordinator": ("maple.coordinator", COORDINATOR),
    "agency admin": ("maple.admin", AGENCY_ADMIN),
    "network admin": ("network", NETWORK_ADMIN),
    "staff without two-step": ("", STAFF_WITHOUT_TWO_STEP),
}


def _demo_ids() -> SimpleNamespace:
    return SimpleNamespace(
        maple=Organization.objects.get(slug="maple").pk,
        hosts=Program.objects.get(slug="welcome-hosts").pk,
        cohort=Program.objects.get(slug="professional-bridge").pk,
        yara_in_hosts=Enrollment.objects.get(
            program__slug="welcome-hosts", person__email=email("mentee.yara")
        ).pk,
        colleague_code=referral_link_for(
            person=Person.objects.get(email=email("mentor.daniel")),
            program_id=Program.objects.get(slug="professional-bridge").pk,
        ).token,
    )


def _notification_history(ids: SimpleNamespace) -> None:
    """What the notification pages list when there is something to list: Yara has one read and
    one unread notification from Maple, one email sent and one that failed twice (so staff see
    the reason and "Send again"), and a job of Maple's kept failing."""
    enrollment = Enrollment.objects.select_related("person", "program__organization").get(
        pk=ids.yara_in_hosts
    )
    maple = enrollment.program.organization
    # Written as rows, not through notify(): a live update from this thread would meet the
    # browser's event loop.
    received, ready = (
        Notification.objects.create(
            kind=kind,
            event=f"accessibility:{enrollment.pk}",
            person=enrollment.person,
            params={"enrollment": enrollment.pk},
            url="/dashboard/",
            organization=maple,
            read_at=read_at,
        )
        for kind, read_at in (
            ("programs.application_received", timezone.now()),
            ("programs.ready_to_match", None),
        )
    )
    Delivery.objects.create(
        notification=received,
        channel=Channel.EMAIL,
        state=Delivery.State.SENT,
        attempts=1,
        sent_to=enrollment.person.email,
        sent_at=timezone.now(),
    )
    Delivery.objects.create(
        notification=ready,
        channel=Channel.EMAIL,
        state=Delivery.State.FAILED,
        attempts=2,
        last_error="451 4.7.1 Try again later",
    )
    Timer.objects.create(
        kind="referrals.expire",
        key=f"accessibility:{maple.pk}",
        due_at=timezone.now(),
        state=Timer.State.FAILED,
        organization=maple,
        attempts=8,
        last_error="Referral 42 does not exist",
        finished_at=timezone.now(),
    )


def _problems(page: Any, name: str) -> list[str]:
    """Check the page as it is at desktop width and at 320 px."""
    found = []
    for width, viewport in (("1280 px", DESKTOP), ("320 px", PHONE)):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        if violations:
            found.append(f"{name} at {width} ({page.url}):\n{describe_violations(violations)}")
    # WCAG 1.4.10 (reflow), which axe does not check: nothing scrolls sideways but tables.
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > PHONE["width"]:
        found.append(f"{name} at 320 px ({page.url}): the page is {scroll_width} px wide")
    page.set_viewport_size(DESKTOP)
    return found


def _visit(page: Any, visit: Visit, ids: SimpleNamespace) -> list[str]:
    path = visit.path if isinstance(visit.path, str) else visit.path(ids)
    response = page.goto(path)
    assert response.status == visit.status, f"{visit.name}: {response.status} at {page.url}"
    if visit.submit:
        for selector, value in visit.fill:
            page.locator(selector).fill(value)
        for selector in visit.check:
            page.locator(selector).check()
        for selector in visit.check_if_shown:
            if page.locator(selector).count():
                page.locator(selector).check()
        page.locator(visit.submit).first.click()
        page.wait_for_load_state()
        shown = page.locator(".error, .errorlist, [role=alert]").count() > 0
        assert shown == visit.errors, f"{visit.name}: errors shown: {shown} at {page.url}"
    return _problems(page, visit.name)


def _problems_signed_in(
    new_page: Any, who: str | None, visits: list[Visit], ids: SimpleNamespace
) -> list[str]:
    """Sign in as `who` (two-step when asked; nobody when None), then visit each page in English
    and French: every axe problem found, named by language. Each page must say its language."""
    page = new_page(language="fr")
    if who:
        address = email(who)
        submit_credentials(page, address, "")
        if TWO_STEP_FORM in page.url:
            answer_two_step(page, address)
        assert "/accounts/login/" not in page.url, f"{address} could not sign in"
    found = []
    for language in ("en", "fr"):
        page.goto("/")
        switch_language(page, language)
        for visit in visits:
            found += [f"[{language}] {problem}" for problem in _visit(page, visit, ids)]
            assert page.locator("html").get_attribute("lang") == language, visit.name
    return found


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_has_no_axe_violation(demo, new_page, request, role):
    who, visits = ROLES[role]
    password = ""
    if role == "staff without two-step":
        who, password = request.getfixturevalue("coordinator_without_two_step"), PASSWORD
    page = new_page(language="fr")
    found = []
    if who:
        address = who if "@" in who else email(who)
        submit_credentials(page, address, password)
        if TWO_STEP_FORM in page.url:
            found += _problems(page, "two-step sign-in form (fr)")
            answer_two_step(page, address)
        assert "/accounts/login/" not in page.url, f"{address} could not sign in"
    ids = _demo_ids()
    _notification_history(ids)
    _relationship_history(ids)
    for language in ("en", "fr"):
        page.goto("/")
        switch_language(page, language)
        for visit in visits:
            found += [f"[{language}] {problem}" for problem in _visit(page, visit, ids)]
            assert page.locator("html").get_attribute("lang") == language, visit.name
    assert not found, f"problems for the {role}:\n" + "\n".join(found)


def _relationship_history(ids: SimpleNamespace) -> None:
    """Mentorship pages with something on them: Yara and Fatima's mentorship under way (an
    agreement, a goal with progress, a meeting scheduled, a check-in), and Priya's request
    waiting for Daniel's answer. Written as rows, like the notification history above."""
    yara = Enrollment.objects.select_related("program").get(pk=ids.yara_in_hosts)
    fatima = Enrollment.objects.get(program=yara.program, person__email=email("mentor.fatima"))
    now = timezone.now()
    relationship = Relationship.objects.create(
        program=yara.program,
        mentee=yara,
        mentor=fatima,
        status=Relationship.Status.ACTIVE,
        activated_at=now,
        planned_end=(now + timedelta(weeks=16)).date(),
    )
    Agreement.objects.create(
        relationship=relationship,
        channels=["video", "messages"],
        mentee_signed_name="Yara",
        mentee_signed_at=now,
        mentor_signed_name="Fatima",
        mentor_signed_at=now,
    )
    goal = Goal.objects.create(relationship=relationship, title="Open a bank account")
    GoalNote.objects.create(goal=goal, author=yara.person, text="Booked an appointment.")
    starts = now + timedelta(days=3)
    ids.meeting = Meeting.objects.create(
        relationship=relationship,
        proposed_by=yara.person,
        kind="video",
        link="https://meet.example.org/yara-fatima",
        options=[starts.isoformat()],
        starts_at=starts,
        status=Meeting.Status.SCHEDULED,
    ).pk
    ids.answer_token = answer_token(meeting_id=ids.meeting, person_id=yara.person.pk)
    series = MeetingSeries.objects.create(
        relationship=relationship,
        frequency="weekly",
        time_zone=yara.person.time_zone,
        first_day=(starts + timedelta(days=1)).date(),
        at=starts.time().replace(microsecond=0, tzinfo=None),
        count=3,
        status=MeetingSeries.Status.SCHEDULED,
    )
    ids.series_meeting = Meeting.objects.bulk_create(
        Meeting(
            relationship=relationship,
            proposed_by=fatima.person,
            kind="phone",
            starts_at=starts + timedelta(days=1 + 7 * week),
            status=Meeting.Status.SCHEDULED,
            series=series,
        )
        for week in range(3)
    )[0].pk
    CheckIn.objects.create(
        relationship=relationship, person=fatima.person, kind="pulse", round="2026-11", score=4
    )
    ids.relationship = relationship.pk
    _flash_history(ids, yara, fatima)
    _conversation_history(ids, relationship)
    priya = Enrollment.objects.get(
        program__slug="professional-bridge", person__email=email("mentee.priya")
    )
    daniel = Enrollment.objects.get(
        program__slug="professional-bridge", person__email=email("mentor.daniel")
    )
    ids.daniel_in_cohort = daniel.pk
    ids.request = MentorRequest.objects.create(
        program=priya.program,
        mentee=priya,
        mentor=daniel,
        source="mentee",
        status="waiting",
        message="I am an accountant from Lagos; I hope to learn how firms hire here.",
        sent_at=now,
        due_at=now + timedelta(days=14),
    ).pk
    RequestMessage.objects.create(
        request_id=ids.request,
        author=daniel.person,
        side="mentor",
        text="Are you licensed as a CPA yet, or working towards it?",
    )
    # A coordinator's proposal Yara confirms too, with a question from Fatima to answer.
    proposal = MentorRequest.objects.create(
        program=yara.program,
        mentee=yara,
        mentor=fatima,
        source="coordinator",
        status="waiting",
        mentee_confirms=True,
        sent_at=now,
        due_at=now + timedelta(days=14),
    )
    RequestMessage.objects.create(
        request=proposal,
        author=fatima.person,
        side="mentor",
        text="Would evening calls suit you?",
    )
    ids.yara_request = proposal.pk


def _flash_history(ids: SimpleNamespace, yara: Enrollment, fatima: Enrollment) -> None:
    """A flash program of Maple's (one conversation): Yara and Fatima's conversation took place
    yesterday, the mentorship closed by itself, and Fatima answered the one question."""
    now = timezone.now()
    program = Program.objects.create(
        organization=yara.program.organization,
        name="Career Conversations at Maple",
        slug="maple-conversations",
        kind=Program.Kind.FLASH,
        summary="One hour with a professional.",
        duration_weeks=2,
    )
    mentee = Enrollment.objects.create(
        program=program, person=yara.person, role="mentee", status="closed"
    )
    mentor = Enrollment.objects.create(
        program=program, person=fatima.person, role="mentor", status="ready"
    )
    flash = Relationship.objects.create(
        program=program,
        mentee=mentee,
        mentor=mentor,
        status=Relationship.Status.CLOSED,
        activated_at=now - timedelta(days=3),
        closed_at=now,
        close_reason=CloseReason.FLASH_HELD,
        planned_end=(now + timedelta(weeks=2)).date(),
    )
    meeting = Meeting.objects.create(
        relationship=flash,
        proposed_by=yara.person,
        kind="phone",
        options=[(now - timedelta(days=1)).isoformat()],
        starts_at=now - timedelta(days=1),
        status=Meeting.Status.SCHEDULED,
    )
    for person in (yara.person, fatima.person):
        MeetingLog.objects.create(meeting=meeting, person=person, outcome="met", minutes=60)
    FlashSurvey.objects.create(relationship=flash, person=fatima.person, useful=5, comment="Good")
    ids.flash = flash.pk


def _conversation_history(ids: SimpleNamespace, relationship: Relationship) -> None:
    """Yara and Fatima's conversation with formatting, an edited and a deleted message, an
    event line and a flagged message; Yara's question to Maple's staff."""
    yara, fatima = relationship.mentee.person, relationship.mentor.person
    chat = Conversation.objects.create(
        organization=relationship.program.organization,
        program=relationship.program,
        kind="pair",
        relationship=relationship,
    )
    Member.objects.create(conversation=chat, person=yara)
    Member.objects.create(conversation=chat, person=fatima, last_read_id=0)
    first = Message.objects.create(
        conversation=chat,
        author=fatima,
        body="Welcome, Yara! Here is **my plan**:\n\n- a call on Tuesday\n- [the bank's page](https://example.org)",
    )
    ids.message = Message.objects.create(
        conversation=chat, author=yara, body="Thank you! Tuesday is good.", edited_at=timezone.now()
    ).pk
    MessageEdit.objects.create(message_id=ids.message, body="Thank you! Tusday is good.")
    Message.objects.create(
        conversation=chat, author=fatima, body="(deleted)", deleted_at=timezone.now()
    )
    Message.objects.create(
        conversation=chat, kind="event", event="call", event_data={"seconds": 1500}
    )
    Member.objects.filter(conversation=chat, person=yara).update(last_read_id=first.pk)
    Flag.objects.create(message=first, organization=chat.organization, words=["plan"])
    ids.conversation = chat.pk
    staff_chat = Conversation.objects.create(
        organization=chat.organization, program=relationship.program, kind="staff"
    )
    Member.objects.create(conversation=staff_chat, person=yara)
    Message.objects.create(conversation=staff_chat, author=yara, body="When is the next workshop?")
    ids.staff_conversation = staff_chat.pk


def test_the_checks_report_what_they_should(live_server, new_page):
    """The checks above can fail: an unlabeled field, an image without text and a wide block
    added to a real page are all reported."""
    page = new_page()
    page.goto("/")
    page.evaluate(
        """() => {
        const main = document.querySelector("main");
        main.insertAdjacentHTML("beforeend", '<input type="text"><img src="/static/none.png">');
        const wide = document.createElement("div");
        wide.style.width = "600px";
        wide.style.height = "1em";
        main.append(wide);
    }"""
    )
    found = "\n".join(_problems(page, "broken home page"))
    assert "label (critical)" in found
    assert "image-alt (critical)" in found
    assert "the page is" in found


# Concerns: the participant's pages and the staff's, with a concern on them (a staff note, a
# message to the person, a block) and each form once with errors.
NOTE_SUBMIT = "main form[novalidate]:has(input[value=note]) button[type=submit]"
ANSWER_SUBMIT = "main form[novalidate]:has(input[value=answer]) button[type=submit]"
CONCERN_ROLES: dict[str, tuple[str, list[Visit]]] = {
    "mentee": (
        "mentee.yara",
        [
            Visit("my concerns", "/my/concerns/"),
            Visit(
                "raising a concern about a mentorship",
                lambda ids: f"/my/concerns/new/?relationship={ids.relationship}",
            ),
            Visit("raising a concern with errors", "/my/concerns/new/", submit=SUBMIT),
            Visit("my concern", lambda ids: f"/my/concerns/{ids.concern}/"),
            Visit(
                "my concern, an empty answer",
                lambda ids: f"/my/concerns/{ids.concern}/",
                submit=ANSWER_SUBMIT,
            ),
            Visit("my mentorship, blocked", lambda ids: f"/my/relationships/{ids.relationship}/"),
        ],
    ),
    "coordinator": (
        "maple.coordinator",
        [
            Visit("the agency's concerns", "/manage/maple/concerns/"),
            Visit("no concern matches", "/manage/maple/concerns/?status=closed"),
            Visit(
                "recording a concern about a mentorship",
                lambda ids: f"/manage/maple/concerns/new/?relationship={ids.relationship}",
            ),
            Visit("recording a concern with errors", "/manage/maple/concerns/new/", submit=SUBMIT),
            Visit("a concern for staff", lambda ids: f"/manage/concerns/{ids.concern}/"),
            Visit(
                "a concern for staff, an empty note",
                lambda ids: f"/manage/concerns/{ids.concern}/",
                submit=NOTE_SUBMIT,
            ),
            Visit("concerns by category and month", "/manage/maple/concerns/counts/"),
            Visit(
                "a relationship for staff, blocked",
                lambda ids: f"/manage/relationships/{ids.relationship}/",
            ),
        ],
    ),
}


def _concern_history(ids: SimpleNamespace) -> None:
    """Yara raised a concern about Fatima, blocked her, and staff wrote a note and a message.
    Written as rows, like the histories above."""
    from bridgeway.concerns.models import Block, Concern, ConcernEvent

    relationship = Relationship.objects.select_related("program__organization", "mentor").get(
        pk=ids.relationship
    )
    yara, fatima = relationship.mentee.person, relationship.mentor.person
    concern = Concern.objects.create(
        organization=relationship.program.organization,
        program=relationship.program,
        relationship=relationship,
        reporter=yara,
        about=fatima,
        category="language",
        description="We do not understand each other on video calls.",
    )
    ConcernEvent.objects.create(concern=concern, kind="raised", author=yara, for_reporter=True)
    ConcernEvent.objects.create(concern=concern, kind="note", text="Suggest an interpreter.")
    ConcernEvent.objects.create(
        concern=concern, kind="message", text="We will call you this week.", for_reporter=True
    )
    Block.objects.create(relationship=relationship, blocker=yara, blocked=fatima, concern=concern)
    ids.concern = concern.pk


@pytest.mark.parametrize("role", list(CONCERN_ROLES))
def test_every_concern_page_has_no_axe_violation(demo, new_page, role):
    who, visits = CONCERN_ROLES[role]
    ids = _demo_ids()
    _relationship_history(ids)
    _concern_history(ids)
    found = _problems_signed_in(new_page, who, visits, ids)
    assert not found, f"problems on the concern pages for the {role}:\n" + "\n".join(found)


# Group programs: a circle of Maple's group program with Daniel as its mentor and Yara among
# its mentees, under way (every member signed), with a goal, a meeting to come and one to say
# whether they met; and each form once with errors.
GOAL_SUBMIT = "main form[novalidate]:has(input[value=add]) button[type=submit]"
CLOSE_SUBMIT = "main form[novalidate]:has(input[value=close]) button[type=submit]"
CONTACT_SUBMIT = "main form[novalidate]:has(input[value=contact]) button[type=submit]"
ADD_SUBMIT = "main form[novalidate]:has(input[value=add]) button[type=submit]"
LEAVE_SUBMIT = "main form[novalidate]:has(input[value=leave]) button[type=submit]"
GROUP_ROLES: dict[str, tuple[str, list[Visit]]] = {
    "mentee": (
        "mentee.yara",
        [
            Visit("dashboard with a group", "/dashboard/"),
            Visit("my group", lambda ids: f"/my/groups/{ids.group}/"),
            Visit("group goals", lambda ids: f"/my/groups/{ids.group}/goals/"),
            Visit(
                "group goals with errors",
                lambda ids: f"/my/groups/{ids.group}/goals/",
                submit=GOAL_SUBMIT,
            ),
            Visit("a group meeting to log", lambda ids: f"/my/group-meetings/{ids.past_meeting}/"),
            Visit("closing a group, as a mentee", lambda ids: f"/my/groups/{ids.group}/close/"),
            Visit("group survey before the end", lambda ids: f"/my/groups/{ids.group}/survey/"),
            Visit(
                "a group check-in",
                lambda ids: f"/my/groups/{ids.group}/check-in/pulse/2026-12/",
            ),
            Visit(
                "a group check-in sent without an answer",
                lambda ids: f"/my/groups/{ids.group}/check-in/pulse/2026-12/",
                submit=SUBMIT,
            ),
            Visit("leaving a group", lambda ids: f"/my/groups/{ids.group}/leave/"),
            Visit(
                "leaving a group without a reason",
                lambda ids: f"/my/groups/{ids.group}/leave/",
                submit=SUBMIT,
            ),
        ],
    ),
    "mentor": (
        "mentor.daniel",
        [
            Visit("my group, as its mentor", lambda ids: f"/my/groups/{ids.group}/"),
            Visit(
                "scheduling a group meeting", lambda ids: f"/my/groups/{ids.group}/meetings/new/"
            ),
            Visit(
                "scheduling a group meeting with errors",
                lambda ids: f"/my/groups/{ids.group}/meetings/new/",
                submit=SUBMIT,
            ),
            Visit("a group meeting to come", lambda ids: f"/my/group-meetings/{ids.meeting}/"),
            Visit("closing a group", lambda ids: f"/my/groups/{ids.group}/close/"),
        ],
    ),
    "coordinator": (
        "maple.coordinator",
        [
            Visit("groups of a program", lambda ids: f"/manage/programs/{ids.circles}/groups/"),
            Visit(
                "groups of a program, the mentees near the end of their time to start",
                lambda ids: f"/manage/programs/{ids.circles}/groups/?waiting=soon",
            ),
            Visit(
                "forming a group with errors",
                lambda ids: f"/manage/programs/{ids.circles}/groups/",
                submit=SUBMIT,
            ),
            Visit("a group for staff", lambda ids: f"/manage/groups/{ids.group}/"),
            Visit(
                "requests and relationships with a group",
                lambda ids: f"/manage/programs/{ids.circles}/relationships/",
            ),
            Visit(
                "requests and relationships with a group, only the overdue",
                lambda ids: f"/manage/programs/{ids.circles}/relationships/?overdue=on",
            ),
            Visit(
                "a group's contact, with errors",
                lambda ids: f"/manage/groups/{ids.group}/",
                submit=CONTACT_SUBMIT,
            ),
            Visit(
                "adding a member, with errors",
                lambda ids: f"/manage/groups/{ids.group}/",
                submit=ADD_SUBMIT,
            ),
            Visit(
                "taking a member out, with errors",
                lambda ids: f"/manage/groups/{ids.group}/",
                submit=LEAVE_SUBMIT,
            ),
            Visit(
                "closing a group for staff, with errors",
                lambda ids: f"/manage/groups/{ids.group}/",
                submit=CLOSE_SUBMIT,
            ),
        ],
    ),
}


def _group_history(ids: SimpleNamespace) -> None:
    """Maple's group program and a circle under way. Written as rows, like the histories
    above."""
    from bridgeway.relationships.groups.models import (
        GroupAgreement,
        GroupCheckIn,
        GroupGoal,
        GroupGoalNote,
        GroupMeeting,
        GroupMember,
        GroupSignature,
        GroupStaffContact,
        MentoringGroup,
    )
    from tests.factories import EnrollmentFactory, PersonFactory

    maple = Organization.objects.get(slug="maple")
    program = Program.objects.create(
        organization=maple,
        name="Newcomer circles",
        slug="newcomer-circles",
        summary="Small groups of newcomers meet one or two mentors.",
        kind=Program.Kind.GROUP,
        is_published=True,
    )
    ids.circles = program.pk
    now = timezone.now()
    group = MentoringGroup.objects.create(
        program=program,
        name="Spring circle",
        status=MentoringGroup.Status.ACTIVE,
        activated_at=now,
        planned_end=(now + timedelta(weeks=16)).date(),
    )
    people = [
        (
            Enrollment.objects.get(person__email=email("mentor.daniel"), role="mentor").person,
            "mentor",
        ),
        (Enrollment.objects.get(pk=ids.yara_in_hosts).person, "mentee"),
        (PersonFactory(display_name="Omid"), "mentee"),
        (PersonFactory(display_name="Lina"), "mentee"),
    ]
    agreement = GroupAgreement.objects.create(group=group, channels=["video", "messages"])
    for person, role in people:
        enrollment = EnrollmentFactory(program=program, person=person, role=role, status="matched")
        member = GroupMember.objects.create(group=group, enrollment=enrollment, role=role)
        GroupSignature.objects.create(agreement=agreement, member=member, typed_name=person.name)
    # Two waiting mentees, so the staff page offers the form: Noor near the end of her time to
    # start, Sami past it (the Groups page's list of waiting mentees).
    for name, waited in (("Sami", 61), ("Noor", 55)):
        waiting = EnrollmentFactory(
            program=program, person=PersonFactory(display_name=name), role="mentee", status="ready"
        )
        Enrollment.objects.filter(pk=waiting.pk).update(
            status_changed_at=now - timedelta(days=waited)
        )
    # A member who left, a low answer with a call for help, and a staff contact.
    rafi = EnrollmentFactory(
        program=program, person=PersonFactory(display_name="Rafi"), role="mentee", status="ready"
    )
    GroupMember.objects.create(
        group=group, enrollment=rafi, role="mentee", left_at=now, left_reason="no_time"
    )
    GroupCheckIn.objects.create(
        group=group,
        person=people[2][0],
        kind="pulse",
        round="2026-11",
        score=2,
        needs_help=True,
        comment="Hard to follow the video calls.",
    )
    GroupStaffContact.objects.create(group=group, author=None, note="Called Omid.")
    goal = GroupGoal.objects.create(group=group, title="Write a Canadian-style résumé")
    GroupGoalNote.objects.create(goal=goal, author=people[1][0], text="First draft shared.")
    ids.meeting = GroupMeeting.objects.create(
        group=group,
        kind="video",
        link="https://meet.example.org/spring-circle",
        starts_at=now + timedelta(days=3),
    ).pk
    ids.past_meeting = GroupMeeting.objects.create(
        group=group, kind="in_person", place="Maple library", starts_at=now - timedelta(days=1)
    ).pk
    ids.group = group.pk


@pytest.mark.parametrize("role", list(GROUP_ROLES))
def test_every_group_page_has_no_axe_violation(demo, new_page, role):
    who, visits = GROUP_ROLES[role]
    ids = _demo_ids()
    _group_history(ids)
    found = _problems_signed_in(new_page, who, visits, ids)
    assert not found, f"problems on the group pages for the {role}:\n" + "\n".join(found)


# Community: the demo's network space with its welcome topic, and the staff's space pages.
COMMUNITY_ROLES: dict[str, tuple[str, list[Visit]]] = {
    "mentee": (
        "mentee.yara",
        [
            Visit("the community", "/community/"),
            Visit("a space", lambda ids: f"/community/spaces/{ids.welcome_space}/"),
            Visit("a topic", lambda ids: f"/community/topics/{ids.welcome_topic}/"),
            Visit(
                "a topic, an empty reply",
                lambda ids: f"/community/topics/{ids.welcome_topic}/",
                submit=SUBMIT,
            ),
            Visit("starting a topic", lambda ids: f"/community/spaces/{ids.welcome_space}/new/"),
            Visit(
                "starting a topic with errors",
                lambda ids: f"/community/spaces/{ids.welcome_space}/new/",
                submit=SUBMIT,
            ),
            Visit("search results", "/community/search/?q=welcome"),
            Visit("search without results", "/community/search/?q=zzzz"),
            Visit(
                "reporting a reply", lambda ids: f"/community/replies/{ids.welcome_reply}/report/"
            ),
            Visit(
                "reporting a reply with errors",
                lambda ids: f"/community/replies/{ids.welcome_reply}/report/",
                submit=SUBMIT,
            ),
        ],
    ),
    "coordinator": (
        "maple.coordinator",
        [
            Visit("the agency's spaces", "/manage/maple/community/"),
            Visit("opening a space with errors", "/manage/maple/community/", submit=SUBMIT),
            Visit("changing a space", lambda ids: f"/manage/community/spaces/{ids.mentors_space}/"),
            Visit("a space for staff", lambda ids: f"/community/spaces/{ids.mentors_space}/"),
            Visit("prompts for every pair", lambda ids: f"/manage/programs/{ids.cohort}/prompts/"),
            Visit(
                "scheduling a prompt with errors",
                lambda ids: f"/manage/programs/{ids.cohort}/prompts/",
                submit=SUBMIT,
            ),
            Visit("a posted prompt", lambda ids: f"/manage/prompts/{ids.posted_prompt}/"),
            Visit("a scheduled prompt", lambda ids: f"/manage/prompts/{ids.scheduled_prompt}/"),
            Visit(
                "a space's reports",
                lambda ids: f"/community/spaces/{ids.mentors_space}/moderation/",
            ),
            Visit(
                "a space's posts to review",
                lambda ids: f"/community/spaces/{ids.mentors_space}/moderation/?show=held",
            ),
            Visit(
                "a space without suspensions",
                lambda ids: f"/community/spaces/{ids.mentors_space}/moderation/?show=suspended",
            ),
            Visit(
                "moderating a reply",
                lambda ids: f"/community/replies/{ids.reported_reply}/moderate/",
            ),
            Visit(
                "moderating a held topic",
                lambda ids: f"/community/topics/{ids.held_topic}/moderate/",
            ),
            Visit("the agency's moderation queue", "/manage/maple/community/moderation/"),
            Visit("the agency's posts to review", "/manage/maple/community/moderation/?show=held"),
            Visit(
                "a space's moderators",
                lambda ids: f"/manage/community/spaces/{ids.mentors_space}/moderators/",
            ),
        ],
    ),
    "network admin": (
        "network",
        [
            Visit("the network's spaces", "/network/community/"),
            Visit("the network's empty moderation queue", "/network/community/moderation/"),
        ],
    ),
}


@pytest.mark.parametrize("role", list(COMMUNITY_ROLES))
def test_every_community_page_has_no_axe_violation(demo, new_page, role):
    from bridgeway.community.models import Prompt, Reply, Space, Topic
    from bridgeway.demo.community import demo_community

    demo_community()
    topic = Topic.objects.get(title="Welcome — start here")
    ids = SimpleNamespace(
        welcome_space=topic.space_id,
        welcome_topic=topic.pk,
        welcome_reply=topic.replies.get().pk,
        mentors_space=Space.objects.get(audience="mentors").pk,
        cohort=Space.objects.get(audience="mentors").program_id,
        posted_prompt=Prompt.objects.get(status="sent").pk,
        scheduled_prompt=Prompt.objects.get(status="scheduled").pk,
        reported_reply=Reply.objects.get(reports__isnull=False).pk,
        held_topic=Topic.objects.get(state="held").pk,
    )
    who, visits = COMMUNITY_ROLES[role]
    found = _problems_signed_in(new_page, who, visits, ids)
    assert not found, f"problems on the community pages for the {role}:\n" + "\n".join(found)


# News: Maple's public newsletter (demo), the archives, and the staff's pages to write,
# preview and send posts.
NEWS_ROLES: dict[str, tuple[str, list[Visit]]] = {
    "signed out": (
        "",
        [
            Visit("an agency's news", "/news/agency/maple/"),
            Visit("a public newsletter", lambda ids: f"/news/posts/{ids.newsletter}/"),
            Visit("a newsletter in French", lambda ids: f"/news/posts/{ids.newsletter}/?lang=fr"),
        ],
    ),
    "mentee": (
        "mentee.yara",
        [
            Visit("an agency's news", "/news/agency/maple/"),
            Visit("a newsletter", lambda ids: f"/news/posts/{ids.newsletter}/"),
        ],
    ),
    "coordinator": (
        "maple.coordinator",
        [
            Visit("the agency's posts", "/manage/maple/news/"),
            Visit("writing a post", "/manage/maple/news/new/"),
            Visit("writing a post with errors", "/manage/maple/news/new/", submit=SUBMIT),
            Visit("a sent post's preview", lambda ids: f"/manage/news/{ids.newsletter}/preview/"),
        ],
    ),
    "network admin": (
        "network",
        [
            Visit("the network's posts", "/network/news/"),
            Visit(
                "a scheduled post's preview",
                lambda ids: f"/manage/news/{ids.announcement}/preview/",
            ),
            Visit("changing a scheduled post", lambda ids: f"/manage/news/{ids.announcement}/"),
            Visit("the network's news", "/news/network/demo/"),
        ],
    ),
}


@pytest.mark.parametrize("role", list(NEWS_ROLES))
def test_every_news_page_has_no_axe_violation(demo, new_page, role):
    from bridgeway.community.news.models import Post
    from bridgeway.demo.news import demo_news

    demo_news()
    ids = SimpleNamespace(
        newsletter=Post.objects.get(kind="newsletter").pk,
        announcement=Post.objects.get(kind="announcement").pk,
    )
    who, visits = NEWS_ROLES[role]
    found = _problems_signed_in(new_page, who, visits, ids)
    assert not found, f"problems on the news pages for the {role}:\n" + "\n".join(found)


# Group sessions: the participants' list and a webinar with a place, and the staff's pages to
# schedule, list and manage sessions.
SESSION_ROLES: dict[str, tuple[str, list[Visit]]] = {
    "mentee": (
        "mentee.yara",
        [
            Visit("the sessions", "/community/sessions/"),
            Visit("a webinar with a place", lambda ids: f"/community/sessions/{ids.webinar}/"),
        ],
    ),
    "coordinator": (
        "maple.coordinator",
        [
            Visit("the agency's sessions", "/manage/maple/sessions/"),
            Visit("scheduling a session", "/manage/maple/sessions/new/"),
            Visit("scheduling with errors", "/manage/maple/sessions/new/", submit=SUBMIT),
            Visit("managing a webinar", lambda ids: f"/manage/sessions/{ids.webinar}/"),
        ],
    ),
    "network admin": (
        "network",
        [
            Visit("the network's sessions", "/network/sessions/"),
            Visit("a case session", lambda ids: f"/manage/sessions/{ids.case}/"),
        ],
    ),
}


@pytest.mark.parametrize("role", list(SESSION_ROLES))
def test_every_sessions_page_has_no_axe_violation(demo, new_page, role):
    from bridgeway.community.sessions.models import Session
    from bridgeway.demo.sessions import demo_sessions

    demo_sessions()
    ids = SimpleNamespace(
        webinar=Session.objects.get(title__startswith="Webinar").pk,
        case=Session.objects.filter(title__startswith="Monthly").order_by("starts_at")[0].pk,
    )
    who, visits = SESSION_ROLES[role]
    found = _problems_signed_in(new_page, who, visits, ids)
    assert not found, f"problems on the sessions pages for the {role}:\n" + "\n".join(found)


# Circles: the participants' list and a circle's page (a member's, and one for mentors only),
# the leader's page with a request and the session form, and the staff's pages.
CIRCLE_ROLES: dict[str, tuple[str, list[Visit]]] = {
    "mentee": (
        "mentee.yara",
        [
            Visit("the circles", "/community/circles/"),
            Visit("a circle she is in", lambda ids: f"/community/circles/{ids.health}/"),
            Visit("a circle for mentors", lambda ids: f"/community/circles/{ids.peer}/"),
        ],
    ),
    "leader": (
        "mentor.fatima",
        [
            Visit("a circle she leads", lambda ids: f"/community/circles/{ids.health}/"),
            Visit(
                "scheduling a circle session",
                lambda ids: f"/community/circles/{ids.health}/sessions/new/",
            ),
            Visit(
                "scheduling a circle session with errors",
                lambda ids: f"/community/circles/{ids.health}/sessions/new/",
                submit=SUBMIT,
            ),
        ],
    ),
    "coordinator": (
        "maple.coordinator",
        [
            Visit("the agency's circles", "/manage/maple/circles/"),
            Visit("opening a circle", "/manage/maple/circles/new/"),
            Visit("opening a circle with errors", "/manage/maple/circles/new/", submit=SUBMIT),
            Visit("managing a circle", lambda ids: f"/manage/circles/{ids.health}/"),
            Visit("a circle's members", lambda ids: f"/manage/circles/{ids.health}/members/"),
        ],
    ),
}


@pytest.mark.parametrize("role", list(CIRCLE_ROLES))
def test_every_circles_page_has_no_axe_violation(demo, new_page, role):
    from bridgeway.community.circles.models import Circle
    from bridgeway.demo.circles import demo_circles
    from bridgeway.demo.recognition import demo_recognition

    demo_recognition()
    demo_circles()
    ids = SimpleNamespace(
        peer=Circle.objects.get(kind="mentors").pk,
        health=Circle.objects.get(kind="mentees").pk,
    )
    who, visits = CIRCLE_ROLES[role]
    found = _problems_signed_in(new_page, who, visits, ids)
    assert not found, f"problems on the circles pages for the {role}:\n" + "\n".join(found)


# Reports: the agency's and the network's dashboards with the demo's history, a filtered view
# and a period with an error.
# Reports: the agency's and the network's dashboards with the demo's history (resource use and
# assessment change included), a filtered view and a period with an error.
REPORT_ROLES: dict[str, tuple[str, list[Visit]]] = {
    "coordinator": (
        "maple.coordinator",
        [
            Visit("the agency's reports", "/manage/maple/reports/"),
            Visit("the reports, filtered", "/manage/maple/reports/?language=ar&sector=3"),
            Visit(
                "the reports, a period that ends before it starts",
                "/manage/maple/reports/?start=2026-05-01&end=2026-01-01",
            ),
        ],
    ),
    "network admin": ("network", [Visit("the network's reports", "/network/reports/")]),
}


@pytest.mark.parametrize("role", list(REPORT_ROLES))
def test_every_report_page_has_no_axe_violation(demo, new_page, role):
    from bridgeway.demo.assessments import demo_assessments
    from bridgeway.demo.library import demo_library
    from bridgeway.demo.reports import demo_reports

    # The history, its views of the library and its assessments: every table has rows.
    demo_reports()
    demo_library()
    demo_assessments()
    who, visits = REPORT_ROLES[role]
    found = _problems_signed_in(new_page, who, visits, SimpleNamespace())
    assert not found, f"problems on the report pages for the {role}:\n" + "\n".join(found)


# Match quality: the demo's past pairs of Maple's professional cohort, over the agency, for one
# program (the admin sees the links to change each weight), with the mentors' answers, and a
# period with an error.
QUALITY = "/manage/maple/reports/match-quality/"
QUALITY_ROLES: dict[str, tuple[str, list[Visit]]] = {
    "agency admin": (
        "maple.admin",
        [
            Visit("match quality", QUALITY),
            Visit("match quality of one program", lambda ids: f"{QUALITY}?program={ids.cohort}"),
        ],
    ),
    "coordinator": (
        "maple.coordinator",
        [
            Visit("match quality, one program", lambda ids: f"{QUALITY}?program={ids.cohort}"),
            Visit("match quality, mentors' answers", f"{QUALITY}?answers=mentor"),
            Visit(
                "match quality, a period with no pair", f"{QUALITY}?start=2001-01-01&end=2001-12-31"
            ),
            Visit(
                "match quality, a period that ends before it starts",
                f"{QUALITY}?start=2026-05-01&end=2026-01-01",
            ),
        ],
    ),
}


@pytest.mark.parametrize("role", list(QUALITY_ROLES))
def test_every_match_quality_page_has_no_axe_violation(demo, new_page, role):
    from bridgeway.demo.quality import demo_match_quality
    from bridgeway.demo.reports import demo_reports

    demo_reports()
    demo_match_quality()
    ids = SimpleNamespace(cohort=Program.objects.get(slug="professional-bridge").pk)
    who, visits = QUALITY_ROLES[role]
    found = _problems_signed_in(new_page, who, visits, ids)
    assert not found, f"problems on the match-quality pages for the {role}:\n" + "\n".join(found)


def test_finding_people_for_a_pair_has_no_axe_violation(demo, new_page, monkeypatch):
    """A program too large to list its pool in the hand-set form: the search fields, what
    they found, and a search that found nobody."""
    from bridgeway.matching import pool

    monkeypatch.setattr(pool, "POOL_LISTED", 1)
    ids = _demo_ids()
    base = f"/manage/programs/{ids.hosts}/match/"
    visits = [
        Visit("the match board, pool searched", base),
        Visit("people found", f"{base}set/?find=mentee&mentee_q=a&mentor_q=a"),
        Visit("nobody found", f"{base}set/?find=mentee&mentee_q=zzzz&mentor_q=zzzz"),
    ]
    found = _problems_signed_in(new_page, "maple.coordinator", visits, ids)
    assert not found, "problems when finding people for a pair:\n" + "\n".join(found)


# The resource library: the demo's resources, a mentee's and a mentor's pages, the staff's.
LIBRARY_ROLES: dict[str, tuple[str, list[Visit]]] = {
    "mentee": (
        "mentee.yara",
        [
            Visit("the library", "/library/"),
            Visit("a search", "/library/?q=avant&language=fr"),
            Visit("a search without results", "/library/?q=zzzz"),
            Visit("a link", lambda ids: f"/library/resources/{ids.network_resource}/"),
        ],
    ),
    "mentor": (
        "mentor.daniel",
        [Visit("a document", lambda ids: f"/library/resources/{ids.document}/")],
    ),
    "coordinator": (
        "maple.coordinator",
        [
            Visit("the agency's library", "/manage/maple/library/"),
            Visit("adding a resource", "/manage/maple/library/new/"),
            Visit("adding a resource with errors", "/manage/maple/library/new/", submit=SUBMIT),
            Visit("changing a resource", lambda ids: f"/manage/library/resources/{ids.document}/"),
            Visit(
                "adding a language",
                lambda ids: f"/manage/library/resources/{ids.document}/versions/new/",
            ),
        ],
    ),
    "network admin": (
        "network",
        [
            Visit("the network's library", "/network/library/"),
            Visit("adding a network resource", "/network/library/new/"),
        ],
    ),
}


@pytest.mark.parametrize("role", list(LIBRARY_ROLES))
def test_every_library_page_has_no_axe_violation(demo, new_page, role):
    from bridgeway.demo.library import demo_library
    from bridgeway.learning.library.models import Resource

    demo_library()
    ids = SimpleNamespace(
        network_resource=Resource.objects.get(level="network").pk,
        document=Resource.objects.get(kind="document").pk,
    )
    who, visits = LIBRARY_ROLES[role]
    found = _problems_signed_in(new_page, who, visits, ids)
    assert not found, f"problems on the library pages for the {role}:\n" + "\n".join(found)


# Assessments: the person's list and answer page (with an error), a program's instruments,
# one instrument, its results, a new question of each new kind, and the network's figures.
def _assessment_ids() -> SimpleNamespace:
    from bridgeway.reports.assessments.models import Assessment, Instrument

    instrument = Instrument.objects.get(program__slug="professional-bridge", ready_made="mentee")
    waiting = Assessment.objects.get(enrollment__person__email=email("mentee.priya"))
    return SimpleNamespace(
        program=instrument.program_id, instrument=instrument.pk, assessment=waiting.pk
    )


def _instrument_path(suffix: str) -> Callable[[SimpleNamespace], str]:
    return lambda ids: f"/manage/programs/{ids.program}/assessments/{ids.instrument}/{suffix}"


ASSESSMENT_ROLES: dict[str, tuple[str, list[Visit]]] = {
    "mentee": (
        "mentee.priya",
        [
            Visit("my assessments", "/my/assessments/"),
            Visit(
                "an assessment, a number out of range",
                lambda ids: f"/my/assessments/{ids.assessment}/",
                fill=(("#id_q_network_size", "-3"),),
                submit="main form button[type=submit]",
            ),
        ],
    ),
    "coordinator": (
        "maple.coordinator",
        [
            Visit(
                "a program's assessments",
                lambda ids: f"/manage/programs/{ids.program}/assessments/",
            ),
            Visit("an instrument", _instrument_path("")),
            Visit("an instrument's results", _instrument_path("results/")),
            Visit(
                "an instrument's results at the mid-point",
                _instrument_path("results/?after=midpoint"),
            ),
        ],
    ),
    "agency admin": (
        "maple.admin",
        [
            Visit("an instrument, for its admin", _instrument_path("")),
            Visit("a new number question", _instrument_path("questions/new/?kind=number")),
            Visit("a new choice question", _instrument_path("questions/new/?kind=single_choice")),
            Visit(
                "a new instrument without a title",
                lambda ids: f"/manage/programs/{ids.program}/assessments/new/",
                submit="main form button[type=submit]",
            ),
        ],
    ),
    "network admin": (
        "network",
        [Visit("the network's assessments", "/network/reports/assessments/")],
    ),
}


@pytest.mark.parametrize("role", list(ASSESSMENT_ROLES))
def test_every_assessment_page_has_no_axe_violation(demo, new_page, role):
    from bridgeway.demo.assessments import demo_assessments
    from bridgeway.demo.reports import demo_reports

    demo_reports()
    demo_assessments()
    ids = _assessment_ids()
    who, visits = ASSESSMENT_ROLES[role]
    found = _problems_signed_in(new_page, who, visits, ids)
    assert not found, f"problems on the assessment pages for the {role}:\n" + "\n".join(found)


# Funder exports: the mappings (with the upload form for an admin), a check that lists problems
# per person, a check that passes (the download links), a period with an error, and a mapping
# file refused with its lines.
def _funder_period(ids: SimpleNamespace) -> str:
    today = timezone.localdate()
    return f"?start={today - timedelta(days=365)}&end={today}"


FUNDER_VISITS = [
    Visit("the funder exports", "/manage/maple/reports/funders/"),
    Visit(
        "a funder check listing problems",
        lambda ids: (
            "/manage/maple/reports/funders/icare-community-connections-v1/" + _funder_period(ids)
        ),
    ),
    Visit(
        "a funder check that passes",
        lambda ids: "/manage/maple/reports/funders/maple-city-sessions-v1/" + _funder_period(ids),
    ),
    Visit(
        "a funder check with a period that ends before it starts",
        "/manage/maple/reports/funders/icare-client-profile-v1/?start=2026-05-01&end=2026-01-01",
    ),
]
BROKEN_MAPPING = b'[mapping]\nfunder = "F"\nname = "N"\nkey = "k"\nversion = 1\nrows = "x"\n'


@pytest.mark.parametrize("who", ["maple.coordinator", "maple.admin"])
def test_every_funder_export_page_has_no_axe_violation(demo, new_page, who):
    from bridgeway.demo.funders import demo_funders
    from bridgeway.demo.reports import demo_reports

    demo_reports()
    demo_funders()
    page = new_page(language="fr")
    address = email(who)
    submit_credentials(page, address, "")
    if TWO_STEP_FORM in page.url:
        answer_two_step(page, address)
    assert "/accounts/login/" not in page.url, f"{address} could not sign in"
    found = []
    for language in ("en", "fr"):
        page.goto("/")
        switch_language(page, language)
        for visit in FUNDER_VISITS:
            found += [f"[{language}] {p}" for p in _visit(page, visit, SimpleNamespace())]
        if who == "maple.admin":
            page.goto("/manage/maple/reports/funders/")
            page.set_input_files(
                "#id_file",
                files=[{"name": "broken.toml", "mimeType": "text/plain", "buffer": BROKEN_MAPPING}],
            )
            page.locator("main form[enctype] button[type=submit]").click()
            page.wait_for_load_state()
            assert page.locator("[role=alert] table").count() == 1
            found += [f"[{language}] {p}" for p in _problems(page, "a refused mapping file")]
    assert not found, f"problems on the funder export pages for {who}:\n" + "\n".join(found)


# Erasure and retention: María's request waits for review, Chidi's is on hold (a concern he
# raised is open); Yara has asked nothing (the page explains and asks), and each form once with
# errors.
PRIVACY_ROLES: dict[str, tuple[str, list[Visit]]] = {
    "mentee asking": (
        "mentee.yara",
        [
            Visit("delete my account", "/account/delete/"),
            Visit("delete my account, not confirmed", "/account/delete/", submit=SUBMIT),
        ],
    ),
    "mentee waiting": (
        "mentee.maria",
        [Visit("my request to delete my account", "/account/delete/")],
    ),
    "coordinator": (
        "maple.coordinator",
        [
            Visit("account deletions waiting", "/manage/maple/erasure/"),
            Visit("account deletions on hold", "/manage/maple/erasure/?show=held"),
            Visit("no account deleted yet", "/manage/maple/erasure/?show=done"),
            Visit("an erasure request on hold", lambda ids: f"/manage/erasure/{ids.held}/"),
            Visit("an erasure request to approve", lambda ids: f"/manage/erasure/{ids.waiting}/"),
            Visit(
                "asking to erase a participant, with errors",
                "/manage/maple/erasure/new/",
                submit=SUBMIT,
            ),
            Visit("the retention policy, read only", "/manage/maple/retention/"),
        ],
    ),
    "agency admin": (
        "maple.admin",
        [
            Visit("the retention policy", "/manage/maple/retention/"),
            Visit(
                "the retention policy, with errors",
                "/manage/maple/retention/",
                fill=(("#id_message_years", "0"),),
                submit=SUBMIT,
            ),
        ],
    ),
}


@pytest.mark.parametrize("role", list(PRIVACY_ROLES))
def test_every_privacy_page_has_no_axe_violation(demo, new_page, role):
    from bridgeway.demo.erasure import demo_erasure
    from bridgeway.privacy.erasure.models import ErasureRequest

    demo_erasure()
    ids = SimpleNamespace(
        waiting=ErasureRequest.objects.get(by_staff=False).pk,
        held=ErasureRequest.objects.get(by_staff=True).pk,
    )
    who, visits = PRIVACY_ROLES[role]
    found = _problems_signed_in(new_page, who, visits, ids)
    assert not found, f"problems on the privacy pages for the {role}:\n" + "\n".join(found)


# Personal data exports: the person's "Your data" page with a request answered (demo), staff
# asking for a participant's copy (with the reason left out) and the agency's list of requests.
EXPORT_ROLES: dict[str, tuple[str, list[Visit]]] = {
    "mentee": ("mentee.yara", [Visit("your data", "/account/data/")]),
    "coordinator": (
        "maple.coordinator",
        [
            Visit("the agency's data requests", "/manage/maple/data-requests/"),
            Visit(
                "asking for a participant's data",
                lambda ids: f"/manage/enrollments/{ids.yara}/data-export/",
            ),
            Visit(
                "asking for a participant's data without a reason",
                lambda ids: f"/manage/enrollments/{ids.yara}/data-export/",
                submit=SUBMIT,
            ),
        ],
    ),
}


@pytest.mark.parametrize("role", list(EXPORT_ROLES))
def test_every_data_export_page_has_no_axe_violation(demo, new_page, role):
    from bridgeway.demo.exports import demo_exports
    from bridgeway.demo.network import DEMO_DOMAIN
    from bridgeway.programs.models import Enrollment

    demo_exports()
    yara = Enrollment.objects.filter(
        person__email=f"mentee.yara@{DEMO_DOMAIN}", program__organization__slug="maple"
    ).first()
    ids = SimpleNamespace(yara=yara.pk)
    who, visits = EXPORT_ROLES[role]
    found = _problems_signed_in(new_page, who, visits, ids)
    assert not found, f"problems on the data export pages for the {role}:\n" + "\n".join(found)
