"""The automatic re-offer of a freed place: when a mentor's place frees up, the first mentee on
the waiting list who fits that mentor gets it within a minute (a durable timer due at once),
through the path of a coordinator's proposal; never twice, never when the program says no."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bridgeway.matching.models import MatchProposal
from bridgeway.matching.selectors import matching_context
from bridgeway.matching.suggestions import mentee_for_freed_place
from bridgeway.notifications.models import Notification, Timer
from bridgeway.notifications.render import summary_in
from bridgeway.notifications.timers import timers_run_due
from bridgeway.programs.forms import ProgramForm
from bridgeway.programs.models import Enrollment, WaitlistEntry
from bridgeway.programs.waitlist import waitlist_sync
from bridgeway.relationships import services
from bridgeway.relationships.availability import mentor_availability_set
from bridgeway.relationships.closure import relationship_close
from bridgeway.relationships.models import MentorRequest, Relationship
from bridgeway.relationships.reoffer import reoffer_soon
from tests.matching.conftest import add_person, mentee_answers

pytestmark = pytest.mark.django_db
R = MentorRequest.Status


def _told(person: Any, kind: str) -> list[str]:
    return [
        summary_in(n, "en")
        for n in Notification.objects.filter(person=person, kind=kind).order_by("pk")
    ]


def _listed(*mentees: Enrollment) -> None:
    """Put these mentees on the waiting list in this order."""
    WaitlistEntry.objects.all().delete()
    for mentee in mentees:
        waitlist_sync(enrollment=mentee)


def _offers(mentor: Enrollment) -> list[MentorRequest]:
    return list(
        MentorRequest.objects.filter(mentor=mentor, source=MentorRequest.Source.REOFFER)
        .select_related("mentee__person")
        .order_by("pk")
    )


@pytest.fixture
def on(cohort: SimpleNamespace) -> SimpleNamespace:
    """The program re-offers freed places. Dana (one place, Arabic and English) mentors Amal;
    waiting: Chen (Farsi only: shares no language with Dana, a rule that must be met), then
    Gia (other goals, another time zone: a lower score), then Hana (a better fit)."""
    program = cohort.program
    program.reoffer_freed_places = True
    program.save()
    cohort.gia = add_person(
        program,
        name="Gia",
        role="mentee",
        answers=mentee_answers(career_goals=["interviews"], time_zone="Asia/Manila"),
    )
    cohort.hana = add_person(program, name="Hana", role="mentee", answers=mentee_answers())
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=cohort.amal.person
    )
    relationship = services.request_accept(request=request, by=cohort.dana.person)
    assert relationship is not None
    cohort.relationship = relationship
    cohort.bo.status = "screening"  # out of the way: not waiting
    cohort.bo.save()
    _listed(cohort.chen, cohort.gia, cohort.hana)
    return cohort


def test_a_closed_relationship_offers_the_place_to_the_first_waiting_mentee_who_fits(
    on: SimpleNamespace,
) -> None:
    dana = on.dana
    context_offer = mentee_for_freed_place(mentor=dana)
    assert context_offer is None  # Dana's place is taken
    relationship_close(relationship=on.relationship, by=dana.person, reason="no_time")
    assert Timer.objects.filter(kind="relationships.reoffer", state="pending").count() == 1
    timers_run_due()
    [offer] = _offers(dana)
    # Chen is first but shares no language with Dana; Gia comes before Hana on the list, though
    # Hana would score higher.
    assert offer.mentee == on.gia
    assert offer.proposal is not None
    context = matching_context(program=on.program, include_mentee=on.gia)
    assert context.score(on.hana, dana).score > context.score(on.gia, dana).score
    assert offer.status == R.WAITING  # the mentor confirms, as for a coordinator's proposal
    assert offer.proposal.source == MatchProposal.Source.BULK
    assert offer.proposal.created_by is None
    assert len(_told(dana.person, "relationships.request_new")) == 2
    [told] = _told(on.gia.person, "relationships.reoffer_mentee")
    assert told.startswith(
        "A place opened with Dana, and you are the first on the waiting list who fits this "
        "mentor. Why:"
    )
    assert "We have asked Dana; you will hear their answer by" in told
    [staff] = _told(on.world.bob, "relationships.reoffer_staff")
    assert staff.startswith(
        "Dana had a free place in Welcome Hosts A; it was offered to Gia, the first on the "
        "waiting list who fits"
    )
    # Run again: nothing more is offered.
    timers_run_due()
    assert len(_offers(dana)) == 1


def test_the_score_decides_between_equals_and_the_order_comes_first(
    on: SimpleNamespace,
) -> None:
    relationship_close(relationship=on.relationship, by=on.dana.person, reason="no_time")
    _listed(on.hana, on.gia)
    timers_run_due()
    assert [r.mentee for r in _offers(on.dana)] == [on.hana]


def test_a_decline_offers_the_place_to_someone_else_never_the_declined_mentee(
    on: SimpleNamespace,
) -> None:
    fay = on.fay  # one place, English
    [request] = services.requests_send(
        mentee=on.hana, mentor_ids=[fay.pk], message="", by=on.hana.person
    )
    _listed(on.hana, on.gia)
    services.request_decline(request=request, by=fay.person, reason="not_a_fit")
    timers_run_due()
    assert [r.mentee for r in _offers(fay)] == [on.gia]


def test_a_mentor_who_declines_for_lack_of_time_is_not_sent_the_next_mentee(
    on: SimpleNamespace,
) -> None:
    [request] = services.requests_send(
        mentee=on.hana, mentor_ids=[on.fay.pk], message="", by=on.hana.person
    )
    services.request_decline(request=request, by=on.fay.person, reason="no_time")
    timers_run_due()
    assert _offers(on.fay) == []


def test_an_expired_request_offers_the_place_to_someone_else(on: SimpleNamespace) -> None:
    fay = on.fay
    [request] = services.requests_send(
        mentee=on.hana, mentor_ids=[fay.pk], message="", by=on.hana.person
    )
    request.refresh_from_db()
    assert request.due_at is not None
    _listed(on.hana, on.gia)
    timers_run_due(now=request.due_at + timedelta(minutes=1))
    timers_run_due(now=request.due_at + timedelta(minutes=2))
    assert [r.mentee for r in _offers(fay)] == [on.gia]


def test_more_places_offer_one_at_once(on: SimpleNamespace) -> None:
    dana = on.dana
    mentor_availability_set(mentor=dana, by=dana.person, paused_until=None, capacity=2)
    timers_run_due()
    assert [r.mentee for r in _offers(dana)] == [on.gia]
    # Fewer places, or the same number: nothing is scheduled.
    mentor_availability_set(mentor=dana, by=dana.person, paused_until=None, capacity=2)
    assert not Timer.objects.filter(kind="relationships.reoffer", state="pending").exists()


def test_the_end_of_a_break_offers_the_place(on: SimpleNamespace) -> None:
    dana = on.dana
    relationship_close(relationship=on.relationship, by=dana.person, reason="no_time")
    Timer.objects.filter(kind="relationships.reoffer").delete()  # the close's own offer
    today = timezone.localdate()
    mentor_availability_set(mentor=dana, by=dana.person, paused_until=today, capacity=1)
    timers_run_due()
    assert _offers(dana) == []  # on a break until tonight
    # The next day: the break has ended by itself, and its timer goes off.
    Enrollment.objects.filter(pk=dana.pk).update(paused_until=today - timedelta(days=1))
    tomorrow = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    timers_run_due(now=tomorrow + timedelta(minutes=1))
    assert [r.mentee for r in _offers(dana)] == [on.gia]


def test_a_break_ended_early_offers_the_place_at_once(on: SimpleNamespace) -> None:
    dana = on.dana
    relationship_close(relationship=on.relationship, by=dana.person, reason="no_time")
    Timer.objects.filter(kind="relationships.reoffer").delete()
    mentor_availability_set(
        mentor=dana,
        by=dana.person,
        paused_until=timezone.localdate() + timedelta(days=30),
        capacity=1,
    )
    mentor_availability_set(mentor=dana, by=dana.person, paused_until=None, capacity=1)
    timers_run_due()
    assert [r.mentee for r in _offers(dana)] == [on.gia]
    # The break's own timer was cancelled with it.
    assert not Timer.objects.filter(key__contains="break-ends", state="pending").exists()


def test_two_frees_at_once_never_offer_the_same_place_twice(on: SimpleNamespace) -> None:
    relationship_close(relationship=on.relationship, by=on.dana.person, reason="no_time")
    reoffer_soon(mentor=Enrollment.objects.select_related("program").get(pk=on.dana.pk), why="x")
    assert Timer.objects.filter(kind="relationships.reoffer", state="pending").count() == 2
    timers_run_due()
    assert len(_offers(on.dana)) == 1
    assert MatchProposal.objects.filter(mentor=on.dana, status="proposed").count() == 1


def test_nobody_with_a_request_on_its_way_is_offered(on: SimpleNamespace) -> None:
    [pending] = services.requests_send(
        mentee=on.gia, mentor_ids=[on.fay.pk], message="", by=on.gia.person
    )
    relationship_close(relationship=on.relationship, by=on.dana.person, reason="no_time")
    timers_run_due()
    assert [r.mentee for r in _offers(on.dana)] == [on.hana]
    pending.refresh_from_db()
    assert pending.status == R.WAITING


def test_where_staff_confirm_the_offer_starts_the_mentorship(on: SimpleNamespace) -> None:
    on.program.requests_confirmed_by = "staff"
    on.program.save()
    relationship_close(relationship=on.relationship, by=on.dana.person, reason="no_time")
    timers_run_due()
    started = Relationship.objects.get(mentor=on.dana, mentee=on.gia)
    assert started.request is not None
    assert started.request.source == MentorRequest.Source.REOFFER
    [told] = _told(on.gia.person, "relationships.reoffer_mentee")
    assert told.endswith("Your mentorship begins.")


def test_where_both_confirm_the_mentee_answers_the_offer(on: SimpleNamespace) -> None:
    on.program.requests_confirmed_by = "both"
    on.program.save()
    relationship_close(relationship=on.relationship, by=on.dana.person, reason="no_time")
    timers_run_due()
    [offer] = _offers(on.dana)
    assert offer.mentee_confirms
    [told] = _told(on.gia.person, "relationships.reoffer_mentee")
    assert "Please accept or decline by" in told
    assert _told(on.gia.person, "relationships.proposal_to_confirm") == []


def test_with_the_setting_off_nothing_happens(on: SimpleNamespace) -> None:
    on.program.reoffer_freed_places = False
    on.program.save()
    relationship_close(relationship=on.relationship, by=on.dana.person, reason="no_time")
    assert not Timer.objects.filter(kind="relationships.reoffer").exists()
    timers_run_due()
    assert _offers(on.dana) == []
    assert not MatchProposal.objects.filter(mentor=on.dana, status="proposed").exists()


def test_choosing_among_many_waiting_mentees_costs_the_same_queries(
    on: SimpleNamespace,
) -> None:
    relationship_close(relationship=on.relationship, by=on.dana.person, reason="no_time")
    with CaptureQueriesContext(connection) as few:
        assert mentee_for_freed_place(mentor=on.dana) is not None
    for k in range(20):
        add_person(on.program, name=f"Wait {k}", role="mentee", answers=mentee_answers())
    with CaptureQueriesContext(connection) as many:
        assert mentee_for_freed_place(mentor=on.dana) is not None
    assert len(many) == len(few)


def test_the_program_form_offers_the_setting_off_by_default_with_help(
    cohort: SimpleNamespace,
) -> None:
    form = ProgramForm(instance=cohort.program)
    field = form.fields["reoffer_freed_places"]
    assert form.initial["reoffer_freed_places"] is False
    assert "the first mentee on the waiting list who fits this mentor" in str(field.help_text)


def test_a_group_program_never_offers_a_one_to_one_place(on: SimpleNamespace) -> None:
    """Staff form a group program's circles: a freed place there is no one-to-one offer."""
    from bridgeway.programs.models import Program

    Program.objects.filter(pk=on.program.pk).update(kind=Program.Kind.GROUP)
    on.dana.program.refresh_from_db()
    reoffer_soon(mentor=on.dana, why="closed")
    assert not Timer.objects.filter(kind="relationships.reoffer").exists()
