"""Flash programs: one conversation. Under way at once without an agreement, one meeting
planned at a time and none after it took place, no goals or check-ins; after the meeting the
mentorship closes by itself (when both have answered, or a day later by its timer), each person
answers one question that staff read, and the mentor's place is free. A one-to-one program
works as before."""

from __future__ import annotations

from datetime import date, time, timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bridgeway.core.services import DomainError
from bridgeway.matching.services import proposal_set
from bridgeway.notifications.models import Notification, Timer
from bridgeway.notifications.timers import timers_run_due
from bridgeway.programs.models import Enrollment, Program
from bridgeway.relationships import agreements, closure, flash, goals, meetings, services
from bridgeway.relationships.models import (
    Agreement,
    CloseReason,
    FlashSurvey,
    Meeting,
    Relationship,
)
from bridgeway.relationships.series import Repeat

pytestmark = pytest.mark.django_db


def _start(cohort: SimpleNamespace) -> Relationship:
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=cohort.amal.person
    )
    return services.request_accept(request=request, by=cohort.dana.person)


@pytest.fixture
def flash_pair(cohort: SimpleNamespace) -> Relationship:
    Program.objects.filter(pk=cohort.program.pk).update(kind=Program.Kind.FLASH)
    cohort.amal.program.refresh_from_db()
    return _start(cohort)


def _in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def _scheduled(relationship: Relationship, cohort: SimpleNamespace) -> Meeting:
    """Amal proposes, Dana picks: the conversation is scheduled, then its time comes."""
    meeting = meetings.meeting_propose(
        relationship=relationship,
        by=cohort.amal.person,
        kind="phone",
        times=[(_in_days(3), time(18, 0))],
    )
    meeting = meetings.meeting_pick(meeting=meeting, by=cohort.dana.person, option=0)
    return meeting


def _passed(meeting: Meeting) -> Meeting:
    """The meeting's time has come (as if days went by)."""
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    meeting.refresh_from_db()
    return meeting


def _kinds(person_id: int) -> list[str]:
    return list(
        Notification.objects.filter(person_id=person_id)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


def test_the_whole_flash_path_from_accept_to_the_answer_staff_read(
    client: Client, flash_pair: Relationship, cohort: SimpleNamespace
) -> None:
    amal, dana = cohort.amal.person, cohort.dana.person
    # Under way at once: no agreement, no monthly question or mid-point check scheduled.
    assert flash_pair.status == Relationship.Status.ACTIVE
    assert not Agreement.objects.filter(relationship=flash_pair).exists()
    assert not Timer.objects.filter(key__startswith=f"relationship:{flash_pair.pk}:").exists()
    assert "relationships.flash_started" in _kinds(amal.pk)
    client.force_login(amal)
    detail = reverse("relationships:detail", args=[flash_pair.pk])
    page = client.get(detail).content.decode()
    assert "A flash mentorship: one conversation" in page
    assert "Propose up to three times for your conversation" in page
    assert reverse("relationships:goals", args=[flash_pair.pk]) not in page
    assert "Your agreement" not in page
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert "A flash mentorship: one conversation" in dashboard

    meeting = _scheduled(flash_pair, cohort)
    assert Timer.objects.get(key=f"meeting:{meeting.pk}:flash").due_at == (
        meeting.starts_at + timedelta(days=1)
    )
    with pytest.raises(DomainError, match="already being planned"):
        meetings.meeting_propose(
            relationship=flash_pair, by=dana, kind="phone", times=[(_in_days(4), time(9, 0))]
        )
    page = client.get(detail).content.decode()
    assert "Your conversation is on" in page
    assert reverse("relationships:meeting_new", args=[flash_pair.pk]) not in page

    meeting = _passed(meeting)
    meetings.meeting_log(meeting=meeting, by=amal, outcome="met", minutes=45)
    flash_pair.refresh_from_db()
    assert flash_pair.status == Relationship.Status.ACTIVE  # waiting for Dana's answer
    meetings.meeting_log(meeting=meeting, by=dana, outcome="met", minutes=45)
    flash_pair.refresh_from_db()
    assert flash_pair.status == Relationship.Status.CLOSED
    assert flash_pair.close_reason == CloseReason.FLASH_HELD
    assert flash_pair.closed_by is None
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED  # it took place: not cancelled
    # The mentor's place is free again; the mentee is told, and not invited to mentor.
    assert Enrollment.objects.get(pk=cohort.dana.pk).status == "ready"
    assert "relationships.flash_survey" in _kinds(amal.pk)
    assert "relationships.alumni_invitation" not in _kinds(amal.pk)
    with pytest.raises(DomainError, match="closed"):
        meetings.meeting_propose(
            relationship=flash_pair, by=amal, kind="phone", times=[(_in_days(4), time(9, 0))]
        )
    with pytest.raises(DomainError, match="closed"):  # it took place: it stays as it was
        meetings.meeting_cancel(meeting=meeting, by=amal)

    survey = reverse("relationships:survey", args=[flash_pair.pk])
    page = client.get(survey).content.decode()
    assert "Was this conversation useful?" in page
    assert "Four short questions" not in page
    response = client.post(survey, {"useful": "4", "comment": "Practical advice on licensing"})
    assert response.status_code == 302
    client.post(survey, {"useful": "1"})  # a second answer changes nothing
    assert FlashSurvey.objects.get().useful == 4
    assert "You have answered" in client.get(survey).content.decode()
    client.force_login(dana)  # the other person never reads it
    assert "Practical advice" not in client.get(survey).content.decode()
    assert "Practical advice" not in client.get(detail).content.decode()
    client.force_login(cohort.world.bob)
    page = client.get(
        reverse("relationships:staff_relationship", args=[flash_pair.pk])
    ).content.decode()
    assert "The conversation took place" in page
    assert "4/5 — Practical advice on licensing" in page
    assert "Check-ins" not in page


def test_a_day_after_the_meeting_it_closes_by_itself_when_nobody_answered(
    flash_pair: Relationship, cohort: SimpleNamespace
) -> None:
    meeting = _scheduled(flash_pair, cohort)
    assert meeting.starts_at is not None
    timers_run_due(now=meeting.starts_at + timedelta(hours=23))
    flash_pair.refresh_from_db()
    assert flash_pair.status == Relationship.Status.ACTIVE
    timers_run_due(now=meeting.starts_at + timedelta(days=1, minutes=1))
    flash_pair.refresh_from_db()
    assert flash_pair.status == Relationship.Status.CLOSED
    assert flash_pair.close_reason == CloseReason.FLASH_UNCONFIRMED
    assert "relationships.flash_survey" in _kinds(cohort.dana.person.pk)
    assert Timer.objects.get(key=f"meeting:{meeting.pk}:flash").state == Timer.State.DONE


def test_when_it_did_not_take_place_it_closes_without_the_question(
    client: Client, flash_pair: Relationship, cohort: SimpleNamespace
) -> None:
    meeting = _passed(_scheduled(flash_pair, cohort))
    meetings.meeting_log(meeting=meeting, by=cohort.amal.person, outcome="not_met")
    meetings.meeting_log(meeting=meeting, by=cohort.dana.person, outcome="not_met")
    flash_pair.refresh_from_db()
    assert flash_pair.close_reason == CloseReason.FLASH_MISSED
    assert "relationships.flash_closed" in _kinds(cohort.amal.person.pk)
    assert "relationships.flash_survey" not in _kinds(cohort.amal.person.pk)
    client.force_login(cohort.amal.person)
    survey = reverse("relationships:survey", args=[flash_pair.pk])
    assert "No question this time" in client.get(survey).content.decode()
    client.post(survey, {"useful": "3"})
    assert not FlashSurvey.objects.exists()


def test_one_no_and_silence_by_the_timer_is_not_taken_place(
    flash_pair: Relationship, cohort: SimpleNamespace
) -> None:
    meeting = _scheduled(flash_pair, cohort)
    due = Timer.objects.get(key=f"meeting:{meeting.pk}:flash").due_at
    meeting = _passed(meeting)
    meetings.meeting_log(meeting=meeting, by=cohort.dana.person, outcome="not_met")
    timers_run_due(now=due + timedelta(minutes=1))
    flash_pair.refresh_from_db()
    assert flash_pair.close_reason == CloseReason.FLASH_MISSED


def test_a_conversation_moved_to_another_time_stays_open_for_new_times(
    flash_pair: Relationship, cohort: SimpleNamespace
) -> None:
    meeting = _scheduled(flash_pair, cohort)
    due = Timer.objects.get(key=f"meeting:{meeting.pk}:flash").due_at
    meeting = _passed(meeting)
    meetings.meeting_log(meeting=meeting, by=cohort.amal.person, outcome="rescheduled")
    timers_run_due(now=due + timedelta(minutes=1))
    flash_pair.refresh_from_db()
    assert flash_pair.status == Relationship.Status.ACTIVE
    again = meetings.meeting_propose(
        relationship=flash_pair,
        by=cohort.dana.person,
        kind="phone",
        times=[(_in_days(5), time(10, 0))],
    )
    assert again.status == Meeting.Status.PROPOSED


def test_goals_and_check_ins_are_not_used_and_people_cannot_pick_the_automatic_reasons(
    client: Client, flash_pair: Relationship, cohort: SimpleNamespace
) -> None:
    client.force_login(cohort.amal.person)
    response = client.get(reverse("relationships:goals", args=[flash_pair.pk]), follow=True)
    assert "it has no goals and no check-ins" in response.content.decode()
    with pytest.raises(DomainError, match="no goals"):
        goals.goal_add(relationship=flash_pair, by=cohort.amal.person, title="Learn")
    close = reverse("relationships:close", args=[flash_pair.pk])
    assert 'value="flash_held"' not in client.get(close).content.decode()
    with pytest.raises(DomainError, match="from the list"):
        closure.relationship_close(
            relationship=flash_pair, by=cohort.amal.person, reason=CloseReason.FLASH_HELD
        )


def test_a_one_to_one_program_is_unchanged(client: Client, cohort: SimpleNamespace) -> None:
    pair = _start(cohort)
    amal, dana = cohort.amal.person, cohort.dana.person
    assert pair.status == Relationship.Status.AGREEMENT
    assert "relationships.started" in _kinds(amal.pk)
    agreements.agreement_sign(agreement=pair.agreement, by=amal, typed_name="Amal")
    agreements.agreement_sign(agreement=pair.agreement, by=dana, typed_name="Dana")
    assert Timer.objects.filter(key=f"relationship:{pair.pk}:pulse:1").exists()
    pair.refresh_from_db()
    meeting = _passed(_scheduled(pair, cohort))
    assert not Timer.objects.filter(key=f"meeting:{meeting.pk}:flash").exists()
    # Another meeting can be planned while one is; both saying they met closes nothing.
    meetings.meeting_propose(
        relationship=pair, by=dana, kind="phone", times=[(_in_days(9), time(9, 0))]
    )
    meetings.meeting_log(meeting=meeting, by=amal, outcome="met", minutes=60)
    meetings.meeting_log(meeting=meeting, by=dana, outcome="met", minutes=60)
    pair.refresh_from_db()
    assert pair.status == Relationship.Status.ACTIVE
    client.force_login(amal)
    page = client.get(reverse("relationships:detail", args=[pair.pk])).content.decode()
    assert "flash" not in page.lower()
    assert reverse("relationships:goals", args=[pair.pk]) in page
    assert reverse("relationships:meeting_new", args=[pair.pk]) in page


def test_the_api_says_the_kind_and_the_next_step_and_staff_read_the_answers(
    flash_pair: Relationship, cohort: SimpleNamespace
) -> None:
    api = APIClient()
    api.force_authenticate(cohort.amal.person)
    mine = api.get(reverse("api:relationship-detail", args=[flash_pair.pk])).json()
    assert mine["kind"] == "flash"
    assert mine["agreement"] is None
    assert mine["next_step"].startswith("Propose up to three times")
    staff_url = reverse("api:staff-relationship-detail", args=[flash_pair.pk])
    assert api.get(staff_url).status_code == 404  # the pair do not read each other's answers
    meeting = _passed(_scheduled(flash_pair, cohort))
    meetings.meeting_log(meeting=meeting, by=cohort.amal.person, outcome="met", minutes=30)
    meetings.meeting_log(meeting=meeting, by=cohort.dana.person, outcome="met", minutes=30)
    flash_pair.refresh_from_db()
    flash.flash_survey_submit(
        relationship=flash_pair, by=cohort.dana.person, useful=5, comment="Glad to help"
    )
    api.force_authenticate(cohort.world.bob)
    answer = api.get(staff_url).json()
    assert (answer["kind"], answer["status"], answer["close_reason"]) == (
        "flash",
        "closed",
        "flash_held",
    )
    [only] = answer["flash_answers"]
    assert (only["person"]["name"], only["useful"], only["comment"]) == ("Dana", 5, "Glad to help")
    api.force_authenticate(cohort.world.carol)  # another agency
    assert api.get(staff_url).status_code == 404


def test_the_api_of_a_one_to_one_mentorship_has_no_next_step(cohort: SimpleNamespace) -> None:
    pair = _start(cohort)
    api = APIClient()
    api.force_authenticate(cohort.amal.person)
    mine = api.get(reverse("api:relationship-detail", args=[pair.pk])).json()
    assert (mine["kind"], mine["next_step"]) == ("one_to_one", None)


def test_staff_start_a_flash_mentorship_from_the_match_board(cohort: SimpleNamespace) -> None:
    Program.objects.filter(pk=cohort.program.pk).update(
        kind=Program.Kind.FLASH, requests_confirmed_by="staff"
    )
    cohort.program.refresh_from_db()
    proposal_set(
        program=cohort.program,
        by=cohort.world.bob,
        mentee_id=cohort.bo.pk,
        mentor_id=cohort.eli.pk,
        reason="Shared occupation",
        proposed={},
    )
    relationship = Relationship.objects.get(mentee=cohort.bo)
    assert relationship.status == Relationship.Status.ACTIVE
    assert not Agreement.objects.filter(relationship=relationship).exists()
    for person in (cohort.bo.person, cohort.eli.person):
        assert "relationships.flash_started" in _kinds(person.pk)


def test_a_flash_conversation_is_never_a_series(
    client: Client, flash_pair: Relationship, cohort: SimpleNamespace
) -> None:
    client.force_login(cohort.amal.person)
    page = client.get(reverse("relationships:meeting_new", args=[flash_pair.pk])).content.decode()
    assert 'name="repeat"' not in page
    with pytest.raises(DomainError, match="one conversation"):
        meetings.meeting_propose(
            relationship=flash_pair,
            by=cohort.amal.person,
            kind="phone",
            times=[(_in_days(3), time(18, 0))],
            repeat=Repeat(frequency="weekly", times=4, until=None),
        )
    assert not Meeting.objects.filter(relationship=flash_pair).exists()
