""" "Did you meet?" with one tap from the email: three signed links, a page that writes
nothing when opened (mail scanners open links), one button that records the answer through the
meeting's own service; tampered, expired and second answers refused plainly; someone signed in
as another person cannot answer with the link, neither as themselves nor as its owner."""

from __future__ import annotations

import re
from datetime import time, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.core.signing import TimestampSigner
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.notifications.timers import timers_run_due
from bridgeway.relationships import meeting_answers, meetings
from bridgeway.relationships.models import Meeting, MeetingLog, Relationship
from tests.relationships.test_meetings import pair  # noqa: F401 - the Manila-Toronto pair

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/meetings/answer/[^\s/]+/\?outcome=\w+")


@pytest.fixture
def met(
    pair: Relationship,  # noqa: F811
    cohort: SimpleNamespace,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> Meeting:
    """A 45-minute phone meeting that has just ended; the "did you meet?" emails are out."""
    meeting = meetings.meeting_propose(
        relationship=pair,
        by=cohort.dana.person,
        kind="phone",
        duration_minutes=45,
        times=[(timezone.localdate() + timedelta(days=3), time(18, 0))],
    )
    meetings.meeting_pick(meeting=meeting, by=cohort.amal.person, option=0)
    meeting.refresh_from_db()
    assert meeting.starts_at is not None
    after = meeting.starts_at + timedelta(hours=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        timers_run_due(now=after)
    monkeypatch.setattr(timezone, "now", lambda: after)
    return meeting


def _links(email: str) -> dict[str, str]:
    [message] = [m for m in mail.outbox if m.to == [email] and "Did you meet" in m.subject]
    found = {link.rsplit("=", 1)[1]: link for link in LINK.findall(message.body)}
    assert "Yes, we met (45 minutes):" in message.body
    return {outcome: link.split("testserver", 1)[-1] for outcome, link in found.items()}


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3] if link.startswith("http") else link


def test_the_email_carries_three_links_and_opening_one_writes_nothing(
    client: Client, met: Meeting, cohort: SimpleNamespace
) -> None:
    links = {k: _path(v) for k, v in _links(cohort.amal.person.email).items()}
    assert set(links) == {"met", "not_met", "rescheduled"}
    page = client.get(links["met"]).content.decode()
    assert not MeetingLog.objects.exists()  # a mail scanner opening the link changes nothing
    assert re.search(r'value="met"[^>]*checked', page)
    assert 'value="45"' in page  # the minutes, prefilled and editable
    assert "This answers for Amal" in page
    page = client.get(links["not_met"]).content.decode()
    assert re.search(r'value="not_met"[^>]*checked', page)

    response = client.post(links["met"].split("?")[0], {"outcome": "met", "minutes": "40"})
    assert response.status_code == 302
    log = MeetingLog.objects.get()
    assert (log.person, log.outcome, log.minutes) == (cohort.amal.person, "met", 40)
    assert log.relationship == met.relationship  # the reports count the log by its mentorship
    page = client.get(response["Location"]).content.decode()
    assert "Your answer is noted:" in page
    assert "40 minutes" in page
    # A second answer, from another link of the same email, is refused plainly.
    page = client.post(links["not_met"].split("?")[0], {"outcome": "not_met"}).content.decode()
    assert "You have already answered for this meeting." in page
    assert "Your answer is noted:" in page
    assert MeetingLog.objects.count() == 1


def test_a_second_answer_on_the_form_is_refused_with_the_services_message(
    client: Client, met: Meeting, cohort: SimpleNamespace
) -> None:
    amal = cohort.amal.person
    url = reverse(
        "relationships:meeting_answer",
        args=[meeting_answers.answer_token(meeting_id=met.pk, person_id=amal.pk)],
    )
    meetings.meeting_log(meeting=met, by=amal, outcome="not_met")  # on the meeting page
    client.post(url, {"outcome": "met", "minutes": "45"})
    assert MeetingLog.objects.get().outcome == "not_met"
    page = client.get(url).content.decode()
    assert "Your answer is noted:" in page
    assert "No, we did not meet" in page


def test_a_tampered_or_expired_link_is_refused_with_a_way_to_the_meeting_page(
    client: Client, met: Meeting, cohort: SimpleNamespace
) -> None:
    amal, dana = cohort.amal.person, cohort.dana.person
    token = meeting_answers.answer_token(meeting_id=met.pk, person_id=amal.pk)
    forged = token.replace(token[2], "A" if token[2] != "A" else "B", 1)
    response = client.get(reverse("relationships:meeting_answer", args=[forged]))
    assert response.status_code == 403
    assert "This link does not work" in response.content.decode()
    # Another person's id signed with another salt is no key either.
    other = TimestampSigner(salt="something else").sign_object({"m": met.pk, "p": dana.pk})
    response = client.post(
        reverse("relationships:meeting_answer", args=[other]), {"outcome": "met", "minutes": 45}
    )
    assert response.status_code == 403
    old = timezone.now() + timedelta(days=31)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: old.timestamp())
        response = client.post(
            reverse("relationships:meeting_answer", args=[token]), {"outcome": "met"}
        )
    page = response.content.decode()
    assert response.status_code == 403
    assert "more than 30 days old" in page
    assert reverse("relationships:meeting", args=[met.pk]) in page
    assert not MeetingLog.objects.exists()


def test_signed_in_as_someone_else_the_link_answers_for_nobody(
    client: Client, met: Meeting, cohort: SimpleNamespace
) -> None:
    amal, dana = cohort.amal.person, cohort.dana.person
    url = reverse(
        "relationships:meeting_answer",
        args=[meeting_answers.answer_token(meeting_id=met.pk, person_id=amal.pk)],
    )
    client.force_login(dana)
    page = client.get(url).content.decode()
    assert "This link was sent to someone else. You are signed in as Dana" in page
    response = client.post(url, {"outcome": "met", "minutes": "45"})
    assert response.status_code == 403
    assert not MeetingLog.objects.exists()
    client.force_login(amal)  # its own person, signed in: it works
    assert client.post(url, {"outcome": "met", "minutes": "45"}).status_code == 302
    assert MeetingLog.objects.get().person == amal


def test_an_answer_before_the_meeting_started_is_refused(
    client: Client,
    pair: Relationship,  # noqa: F811
    cohort: SimpleNamespace,
) -> None:
    meeting = meetings.meeting_propose(
        relationship=pair,
        by=cohort.dana.person,
        kind="phone",
        times=[(timezone.localdate() + timedelta(days=3), time(18, 0))],
    )
    meetings.meeting_pick(meeting=meeting, by=cohort.amal.person, option=0)
    token = meeting_answers.answer_token(meeting_id=meeting.pk, person_id=cohort.amal.person.pk)
    url = reverse("relationships:meeting_answer", args=[token])
    page = client.post(url, {"outcome": "met", "minutes": "60"}).content.decode()
    assert "once the meeting has started" in page
    assert not MeetingLog.objects.exists()
