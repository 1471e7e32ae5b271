"""The whole path of a mentorship in the browser, as issue 11 tells it.

A mentee in Manila who reads French, on a 320 px phone, using only the keyboard, asks three
mentors in order. The first declines; the second lets the deadline pass (the worker's timers
run after it); the third, in Toronto, accepts. Both sign the agreement; the mentee proposes a
meeting in her own time, which falls on the evening before in Toronto; the mentor picks it and
both pages show both local times. After the meeting both say how long they met, and the hours
show on My mentorship; at the mid-point the mentee answers the check; she closes the mentorship
at its planned end, answers the survey, and accepts the invitation to mentor. Every page she
sees has no axe-core violation and nothing wider than her screen; her pages, notifications and
emails are in French, her mentors' in English.

Time passes the way it does for the product: the worker's job (`timers_run_due`, then the
outbox) runs with a later `now`, and for the meeting to be over the product's clock
(`django.utils.timezone.now`, which every page and service reads) is moved past it.
"""

from __future__ import annotations

import threading
import zoneinfo
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connections
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from bridgeway.notifications.models import Notification, Timer
from bridgeway.notifications.outbox import deliveries_send_due
from bridgeway.notifications.timers import timers_run_due
from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires.services import questionnaire_start
from bridgeway.relationships.models import (
    CheckIn,
    ClosureSurvey,
    Meeting,
    MeetingLog,
    MentorRequest,
    Relationship,
)
from tests.e2e.browser import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe_violations,
    sign_in,
    tab_to,
)
from tests.factories import PASSWORD
from tests.matching.conftest import add_person, mentee_answers, mentor_answers

pytestmark = pytest.mark.e2e

MANILA, TORONTO = "Asia/Manila", "America/Toronto"
# Django's French abbreviations of the days, Monday first, as `when` writes them.
JOURS = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"]


class Clock:
    """The product's clock: `django.utils.timezone.now`, read by every page and service (the
    live server runs in a thread of this process), moved forward when the story needs time to
    pass. Real time keeps running underneath."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._real = timezone.now
        self.offset = timedelta()
        monkeypatch.setattr(timezone, "now", self.now)

    def now(self) -> datetime:
        return self._real() + self.offset

    def move_to(self, moment: datetime) -> None:
        self.offset = max(self.offset, moment - self._real())


def time_passes(clock: Clock, moment: datetime) -> None:
    """The clock reaches `moment` and the worker runs, as it does every minute."""
    clock.move_to(moment)
    worker(clock.now())


def worker(now: datetime) -> None:
    """What the worker does at `now`: the due timers, then the due emails. In a thread of its
    own, as beside the web server, away from the browser's event loop in this thread."""
    _in_a_thread(lambda: (timers_run_due(now=now), deliveries_send_due(now=now)))


def _in_a_thread(job: Callable[[], Any]) -> None:
    failures: list[BaseException] = []

    def run() -> None:
        try:
            job()
        except BaseException as error:  # reported in the test's thread
            failures.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="worker")
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the worker did not finish within 60 s"
    assert not failures, failures


def emails_to(address: str, clock: Clock) -> list[str]:
    """Subjects of the emails sent to `address`, oldest first, once the worker has sent those
    held for the person's quiet hours (21:00 to 08:00 where they live)."""
    _in_a_thread(lambda: deliveries_send_due(now=clock.now() + timedelta(hours=13)))
    return [message.subject for message in mail.outbox if address in message.to]


def link_in_email(address: str, path: str, clock: Clock) -> str:
    """The path of the link to `path` in the last email to `address` that has one."""
    emails_to(address, clock)
    for message in reversed(mail.outbox):
        if address in message.to and path in message.body:
            return path
    raise AssertionError(f"no email to {address} links to {path}")


def calendar_summary(address: str) -> str:
    """The title of the meeting in the calendar file of the last invitation to `address`."""
    message = next(m for m in reversed(mail.outbox) if address in m.to and m.attachments)
    _name, content, _mimetype = message.attachments[0]
    return str(Calendar.from_ical(content).walk("VEVENT")[0]["SUMMARY"])


def told(person: Any, kind: str) -> Notification:
    notification = Notification.objects.filter(person=person, kind=kind).order_by("-pk").first()
    assert notification is not None, f"{person.name} was not told {kind}"
    return notification


# --- The mentee's keyboard ----------------------------------------------------------------------


def enter(page: Any) -> None:
    """Press Enter on the focused link or button and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def follow(page: Any, selector: str, limit: int = 60) -> None:
    tab_to(page, selector, limit)
    enter(page)


def open_notifications(page: Any) -> None:
    """From the content, back up to the header's Notifications link with Shift+Tab."""
    page.locator("main").focus()
    tab_to(page, "header a[data-bell]", backwards=True)
    enter(page)


def radio(page: Any, name: str, value: str) -> None:
    """Tab into a group of radio buttons and move to `value` with the arrow keys."""
    tab_to(page, f"input[type=radio][name={name}]")
    target = page.locator(f"input[type=radio][name={name}][value='{value}']")
    if not page.evaluate("document.activeElement.checked"):
        page.keyboard.press("Space")
    for _ in range(10):
        if target.is_checked():
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no choice {value!r} for {name} at {page.url}")


def option(page: Any, selector: str, text: str) -> None:
    """Tab to a select and move to the option showing `text` with the arrow keys."""
    tab_to(page, selector)
    select = page.locator(selector)
    for _ in range(10):
        if select.evaluate("(s) => s.options[s.selectedIndex].text") == text:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {text!r} in {selector} at {page.url}")


def type_into(page: Any, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


@pytest.fixture
def journey(transactional_db: None, world: SimpleNamespace) -> SimpleNamespace:
    """A one-to-one program of agency A with the professional questionnaire; a mentee in Manila
    who reads French; three mentors in Toronto with one place each, all suggested to her."""
    cache.clear()
    program = world.program_a
    program.duration_weeks = 16
    program.save()
    questionnaire_start(program=program, by=world.alice, starter="professional")
    mentee = add_person(
        program,
        name="Maricel Reyes",
        role="mentee",
        answers=mentee_answers(
            languages={"tl": "native", "fr": "fluent", "en": "conversational"},
            time_zone=MANILA,
        ),
        preferred_language="fr",
        time_zone=MANILA,
    )
    mentors = [
        add_person(
            program,
            name=name,
            role="mentor",
            capacity=1,
            answers=mentor_answers(languages={"en": "native", "fr": "fluent"}),
            preferred_language="en",
            time_zone=TORONTO,
        )
        for name in ("Amara Okafor", "Ben Roy", "Carla Diaz")
    ]
    return SimpleNamespace(program=program, mentee=mentee, mentors=mentors, staff=world.bob)


@pytest.fixture
def browsers(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """`open_page(phone=True)`: the mentee's phone (French, Manila, 320 px); otherwise a
    mentor's desktop in Toronto, in English."""
    contexts: list[Any] = []

    def open_page(*, phone: bool = False) -> Any:
        context = browser.new_context(
            base_url=live_server.url,
            viewport=PHONE if phone else DESKTOP,
            locale="fr-CA" if phone else "en-CA",
            timezone_id=MANILA if phone else TORONTO,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


class Mentee:
    """The mentee's phone: every page she reaches is checked (axe, 320 px, French)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []

    def check(self, name: str) -> None:
        page = self.page
        assert page.locator("html").get_attribute("lang") == "fr", f"{name} is not in French"
        violations = axe_violations(page)
        if violations:
            self.problems.append(f"{name} ({page.url}):\n{describe_violations(violations)}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            self.problems.append(f"{name} ({page.url}): the page is {width} px wide")

    def sign_in(self, address: str) -> None:
        """With the keyboard, on the sign-in page (where a link brought her once her session
        ended: she lands where the link pointed)."""
        page = self.page
        assert "/accounts/login/" in page.url, page.url
        self.check("sign in")
        type_into(page, "#id_login", address)
        type_into(page, "#id_password", PASSWORD)
        enter(page)
        assert "/accounts/login/" not in page.url, f"{address} could not sign in"

    def h1(self) -> str:
        return str(self.page.locator("h1").inner_text()).strip()


def fr_when(moment: datetime, zone: str) -> str:
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    return f"{JOURS[local.weekday()]} {local:%H:%M}"


def en_when(moment: datetime, zone: str) -> str:
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    return f"{local:%a %H:%M}"


def test_a_mentee_goes_from_asking_mentors_to_mentoring(
    journey: SimpleNamespace, browsers: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(monkeypatch)
    mentee_enrollment = journey.mentee
    maricel = mentee_enrollment.person
    first, second, third = journey.mentors
    her = Mentee(browsers(phone=True))
    page = her.page

    # She signs in with the keyboard; the site speaks French to her.
    page.goto("/accounts/login/")
    her.sign_in(maricel.email)
    assert her.h1() == f"Bienvenue, {maricel.name}"
    her.check("dashboard")

    # She asks three mentors, in her order, with a message.
    follow(page, f"a[href='/my/enrollments/{mentee_enrollment.pk}/ask/']")
    assert her.h1() == "Solliciter des mentors"
    her.check("asking mentors")
    fields = {
        page.locator(f"label[for={select.get_attribute('id')}]").inner_text(): select
        for select in page.locator("main select").all()
    }
    for rank, mentor in enumerate((first, second, third)):
        [label] = [label for label in fields if mentor.person.name in label]
        option(page, f"#{fields[label].get_attribute('id')}", _rank_fr(rank))
    type_into(page, "#id_message", "Je suis infirmière à Manille et je prépare mon arrivée.")
    tab_to(page, "main form button[type=submit]")
    enter(page)
    her.check("asking mentors, requests sent")
    requests = list(MentorRequest.objects.filter(mentee=mentee_enrollment).order_by("rank", "pk"))
    assert [r.mentor_id for r in requests] == [m.pk for m in (first, second, third)]
    assert [r.status for r in requests] == ["waiting", "queued", "queued"]

    # The first mentor is asked, in English, and declines with a reason.
    mentor_page = browsers()
    sign_in(mentor_page, first.person.email, PASSWORD)
    assert emails_to(first.person.email, clock) == ["Maricel Reyes asks you to be their mentor"]
    mentor_page.goto("/dashboard/")
    mentor_page.get_by_role("link", name=f"{maricel.name}: answer by").click()
    expect(mentor_page.locator("h1")).to_have_text(f"Request from {maricel.name}")
    mentor_page.get_by_label("I do not have time right now").check()
    mentor_page.get_by_label("In your words").fill("I start a new job this month.")
    mentor_page.get_by_role("button", name="Decline").click()
    expect(mentor_page.locator(".messages")).to_contain_text("You declined.")
    requests = list(MentorRequest.objects.filter(pk__in=[r.pk for r in requests]).order_by("rank"))
    assert [r.status for r in requests] == ["declined", "waiting", "queued"]
    assert requests[0].decline_reason == "no_time"

    # The second does not answer: the worker runs after the deadline.
    deadline = requests[1].due_at
    assert deadline is not None
    time_passes(clock, deadline + timedelta(minutes=1))
    requests = list(MentorRequest.objects.filter(pk__in=[r.pk for r in requests]).order_by("rank"))
    assert [r.status for r in requests] == ["declined", "expired", "waiting"]
    assert "Maricel Reyes is waiting for your answer" in emails_to(second.person.email, clock)
    assert told(second.person, "relationships.request_expired")
    assert "A request in Welcome Hosts A was not answered in time" in emails_to(
        journey.staff.email, clock
    )
    assert "Maricel Reyes asks you to be their mentor" in emails_to(third.person.email, clock)
    assert emails_to(maricel.email, clock) == [
        "Des nouvelles de votre demande à Amara Okafor",
        "Des nouvelles de votre demande à Ben Roy",
    ]

    # Her page follows the requests, in French; two weeks on, she signs in again first.
    page.reload()
    her.sign_in(maricel.email)
    her.check("asking mentors, with the third choice asked")
    assert third.person.name in page.locator("main ol.requests").inner_text()

    # The third mentor accepts and signs.
    mentor_page = browsers()
    sign_in(mentor_page, third.person.email, PASSWORD)
    mentor_page.goto("/dashboard/")
    mentor_page.get_by_role("link", name=f"{maricel.name}: answer by").click()
    mentor_page.get_by_role("button", name="Accept: be their mentor").click()
    expect(mentor_page.locator("h1")).to_have_text("My mentorship")
    relationship = Relationship.objects.get(mentee=mentee_enrollment)
    assert relationship.mentor_id == third.pk
    mentor_page.get_by_label("Type your full name to sign").fill(third.person.name)
    mentor_page.get_by_role("button", name="Sign the agreement").click()
    expect(mentor_page.locator(".messages")).to_contain_text("You signed the agreement.")

    # She is told in French, and signs on her phone.
    started = told(maricel, "relationships.started")
    open_notifications(page)
    her.check("notifications")
    follow(page, f"main a[href='/notifications/{started.pk}/']")
    assert her.h1() == "Mon mentorat"
    her.check("my mentorship, to sign")
    type_into(page, "#id_typed_name", maricel.name)
    enter(page)
    her.check("my mentorship, under way")
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.ACTIVE

    # She proposes a meeting at 08:30 in Manila, two days ahead: the evening before in Toronto.
    manila_today = clock.now().astimezone(zoneinfo.ZoneInfo(MANILA)).date()
    day = manila_today + timedelta(days=2)
    starts = datetime.combine(day, time(8, 30), tzinfo=zoneinfo.ZoneInfo(MANILA))
    follow(page, f"main a[href='/my/relationships/{relationship.pk}/meetings/new/']")
    assert her.h1() == "Proposer des heures de rencontre"
    her.check("proposing times")
    radio(page, "kind", "phone")
    option(page, "#id_duration_minutes", "1 heure 30")
    _type_date(page, "#id_date_1", day)
    _type_time(page, "#id_time_1", time(8, 30))
    tab_to(page, "main form button[type=submit]")
    enter(page)
    her.check("a meeting, times proposed")
    meeting = Meeting.objects.get(relationship=relationship)
    assert meeting.options == [starts.astimezone(zoneinfo.ZoneInfo("UTC")).isoformat()]

    # The mentor reads both local times and picks it.
    mentor_page.goto(f"/my/meetings/{meeting.pk}/")
    in_toronto = f"{en_when(starts, TORONTO)} in Toronto, {en_when(starts, MANILA)} in Manila"
    assert in_toronto.startswith(("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"))
    assert starts.astimezone(zoneinfo.ZoneInfo(TORONTO)).date() == day - timedelta(days=1)
    expect(mentor_page.locator("main fieldset")).to_contain_text(in_toronto)
    mentor_page.get_by_role("button", name="Choose this time").click()
    expect(mentor_page.locator(".messages")).to_contain_text("The meeting is scheduled.")

    # Her meeting page shows her time first, and the day before in Toronto.
    page.reload()
    her.check("a meeting, scheduled")
    in_manila = f"{fr_when(starts, MANILA)} à Manila, {fr_when(starts, TORONTO)} à Toronto"
    expect(page.locator("main .notice")).to_have_text(in_manila)
    # Each is invited by email, in their language, with a calendar file in that language too.
    invitation = f"Rencontre avec {third.person.name} : {in_manila}"
    assert emails_to(maricel.email, clock)[-1] == invitation
    assert calendar_summary(maricel.email) == f"Rencontre de mentorat : {maricel.name} · Carla Diaz"
    assert emails_to(third.person.email, clock)[-1] == f"Meeting with {maricel.name}: {in_toronto}"
    assert calendar_summary(third.person.email) == f"Mentoring meeting: {maricel.name} · Carla Diaz"

    # After the meeting: both say they met, for how long.
    time_passes(clock, starts + timedelta(hours=2))
    check = told(maricel, "relationships.meeting_check")
    assert emails_to(maricel.email, clock)[-1] == "Avez-vous rencontré Carla Diaz?"
    open_notifications(page)
    her.check("notifications, after the meeting")
    follow(page, f"main a[href='/notifications/{check.pk}/']")
    assert page.locator("main h2").filter(has_text="Vous êtes-vous rencontrés?").count() == 1
    her.check("a meeting, did you meet?")
    radio(page, "outcome", "met")
    tab_to(page, "#id_minutes")
    assert page.locator("#id_minutes").input_value() == "90"
    tab_to(page, "main form button[type=submit]:not(.danger)")
    enter(page)
    her.check("a meeting, logged")
    mentor_page.goto(f"/my/meetings/{meeting.pk}/")
    mentor_page.get_by_label("How many minutes?").fill("90")
    mentor_page.get_by_role("button", name="Save my answer").click()
    expect(mentor_page.locator(".messages")).to_contain_text("Thank you. It is noted.")
    assert MeetingLog.objects.filter(meeting=meeting, minutes=90).count() == 2
    mentor_page.goto(f"/my/relationships/{relationship.pk}/")
    expect(mentor_page.locator("main")).to_contain_text("You have logged 1.5 hours of meetings.")
    follow(page, f"main a[href='/my/relationships/{relationship.pk}/']")
    expect(page.locator("main")).to_contain_text("Vous avez consigné 1,5 heure")
    her.check("my mentorship, with hours")

    # At the mid-point, she is asked how it goes and answers on her phone.
    midpoint = Timer.objects.get(key=f"relationship:{relationship.pk}:midpoint")
    time_passes(clock, midpoint.due_at)
    asked = Notification.objects.get(
        person=maricel, kind="relationships.check_in", params__kind="midpoint"
    )
    # Weeks have passed: she opens the link in her email and signs in again.
    page.goto(link_in_email(maricel.email, asked.url, clock))
    her.sign_in(maricel.email)
    assert her.h1().startswith("Vous êtes à mi-parcours de votre mentorat.")
    her.check("the mid-point check")
    radio(page, "score", "4")
    type_into(page, "#id_comment", "Tout va bien, merci.")
    tab_to(page, "main form button[type=submit]")
    enter(page)
    her.check("my mentorship, after the check")
    answer = CheckIn.objects.get(person=maricel, relationship=relationship)
    assert (answer.kind, answer.score) == ("midpoint", 4)

    # At its planned end she closes it, answers the survey, and accepts to mentor.
    relationship.refresh_from_db()
    end = datetime.combine(relationship.planned_end, time(10), tzinfo=zoneinfo.ZoneInfo(MANILA))
    time_passes(clock, end)
    follow(page, f"main a[href='/my/relationships/{relationship.pk}/close/']")
    her.sign_in(maricel.email)
    assert her.h1() == "Terminer ce mentorat?"
    her.check("closing the mentorship")
    radio(page, "reason", "completed")
    tab_to(page, "main form button[type=submit]")
    enter(page)
    assert her.h1() == "Comment cela s'est-il passé?"
    her.check("the closure survey")
    radio(page, "satisfaction", "5")
    radio(page, "goals_achieved", "yes")
    radio(page, "would_recommend", "yes")
    radio(page, "continue_informally", "yes")
    type_into(page, "#id_comments", "Merci pour tout.")
    tab_to(page, "main form button[type=submit]")
    enter(page)
    her.check("the closure survey, answered")
    assert ClosureSurvey.objects.get(person=maricel).satisfaction == 5
    assert emails_to(maricel.email, clock)[-2:] == [
        "Votre mentorat avec Carla Diaz est terminé",
        "Aimeriez-vous être mentor dans Welcome Hosts A?",
    ]
    assert emails_to(third.person.email, clock)[-1] == (
        f"Your mentorship with {maricel.name} has closed"
    )
    follow(page, f"main a[href='/my/relationships/{relationship.pk}/become-mentor/']")
    assert her.h1() == "Devenir mentor"
    her.check("becoming a mentor")
    tab_to(page, "main form button[type=submit]")
    enter(page)
    assert her.h1() == "Candidature reçue"
    her.check("application received")
    as_mentor = Enrollment.objects.get(program=journey.program, person=maricel, role="mentor")
    assert f"/my/enrollments/{as_mentor.pk}/applied/" in page.url
    expect(page.locator("main")).to_contain_text("Welcome Hosts A (Mentor)")
    mentee_enrollment.refresh_from_db()
    assert mentee_enrollment.status == "alumni"

    assert not her.problems, "\n\n".join(her.problems)


def _rank_fr(rank: int) -> str:
    return ["Premier choix", "Deuxième choix", "Troisième choix"][rank]


def _type_date(page: Any, selector: str, day: date) -> None:
    """Type a date into a date field in the order the browser shows its parts: Chromium
    follows its own interface language (English here: month, day, year), not the page's."""
    tab_to(page, selector)
    page.keyboard.type(f"{day:%m%d%Y}")
    assert page.locator(selector).input_value() == day.isoformat()


def _type_time(page: Any, selector: str, at: time) -> None:
    """Chromium's time field follows its interface language too: 12-hour, with AM or PM."""
    tab_to(page, selector)
    page.keyboard.type(f"{at:%I%M}{'A' if at.hour < 12 else 'P'}")
    assert page.locator(selector).input_value() == f"{at:%H:%M}"
