"""The relationships API, driven as the pages are: the mentee asks, the mentor answers once, both
sign the agreement, then plan meetings across time zones; everything scoped to the caller."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bridgeway.core.models import AuditEvent
from bridgeway.relationships.models import Meeting, MentorRequest, Relationship

pytestmark = pytest.mark.django_db
MISSING = 987654321


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def _as(api: APIClient, enrollment: Any) -> APIClient:
    api.force_authenticate(enrollment.person)
    return api


def _ask(api: APIClient, cohort: SimpleNamespace, *mentors: Any, message: str = "") -> Any:
    url = reverse("api:relationships-mentor-requests", args=[cohort.amal.pk])
    body = {"mentor_ids": [m.pk for m in mentors], "message": message}
    return _as(api, cohort.amal).post(url, body, format="json")


def _accept_url(mentor: Any, request_pk: int) -> str:
    return reverse("api:relationships-request-accept", args=[mentor.pk, request_pk])


def _decline_url(mentor: Any, request_pk: int) -> str:
    return reverse("api:relationships-request-decline", args=[mentor.pk, request_pk])


def _waiting(mentor: Any) -> MentorRequest:
    return MentorRequest.objects.get(mentor=mentor, status=MentorRequest.Status.WAITING)


@pytest.fixture
def pair(api: APIClient, cohort: SimpleNamespace) -> Relationship:
    """Amal (Manila) asked Dana (Toronto), who accepted through the API."""
    amal, dana = cohort.amal.person, cohort.dana.person
    amal.time_zone, dana.time_zone = "Asia/Manila", "America/Toronto"
    amal.save()
    dana.save()
    assert _ask(api, cohort, cohort.dana).status_code == 201
    response = _as(api, cohort.dana).post(_accept_url(cohort.dana, _waiting(cohort.dana).pk))
    assert response.status_code == 201
    return Relationship.objects.get(pk=response.json()["id"])


def _sign(api: APIClient, enrollment: Any, relationship: Relationship, name: str) -> Any:
    url = reverse("api:relationship-agreement-sign", args=[relationship.pk])
    return _as(api, enrollment).post(url, {"typed_name": name}, format="json")


@pytest.fixture
def active(api: APIClient, cohort: SimpleNamespace, pair: Relationship) -> Relationship:
    assert _sign(api, cohort.amal, pair, "Amal Haddad").status_code == 200
    assert _sign(api, cohort.dana, pair, "Dana Roy").status_code == 200
    pair.refresh_from_db()
    return pair


def _next_tuesday() -> date:
    today = timezone.localdate() + timedelta(days=2)
    return today + timedelta(days=(1 - today.weekday()) % 7)


# --- Requests ------------------------------------------------------------------------------------


def test_a_mentee_asks_two_mentors_in_order_and_follows_the_requests(
    api: APIClient, cohort: SimpleNamespace
) -> None:
    response = _ask(api, cohort, cohort.dana, cohort.fay, message="I am a nurse.")
    assert response.status_code == 201
    first, second = response.json()
    assert first["mentor"] == {"enrollment": cohort.dana.pk, "name": "Dana"}
    assert (first["rank"], first["status"], first["source"]) == (1, "waiting", "mentee")
    assert first["due_at"].endswith("Z")
    assert (second["mentor"]["name"], second["rank"], second["status"]) == ("Fay", 2, "queued")
    assert second["due_at"] is None
    listed = api.get(reverse("api:relationships-mentor-requests", args=[cohort.amal.pk]))
    assert listed.json() == response.json()
    # Asking again while they are on their way is refused, as on the page.
    again = _ask(api, cohort, cohort.eli)
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["Your requests are already on their way."]}
    assert MentorRequest.objects.filter(mentee=cohort.amal).count() == 2


def test_the_answer_to_sending_is_the_list_as_read_after_it(
    api: APIClient, cohort: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The answer is written from the requests just sent; it must be what the list reads
    # then, with an earlier answered request and a first choice passed over at sending (their
    # place went between the suggestions and the lock).
    from bridgeway.core.services import DomainError
    from bridgeway.relationships import services

    MentorRequest.objects.create(
        program=cohort.program,
        mentee=cohort.amal,
        mentor=cohort.eli,
        source=MentorRequest.Source.MENTEE,
        status=MentorRequest.Status.DECLINED,
        created_at=timezone.now() - timedelta(days=30),
        answered_at=timezone.now() - timedelta(days=29),
    )
    proposal_from_choice = services.proposal_from_choice

    def dana_is_full(**kwargs: Any) -> Any:
        if kwargs["mentor"].pk == cohort.dana.pk:
            raise DomainError("full")
        return proposal_from_choice(**kwargs)

    monkeypatch.setattr(services, "proposal_from_choice", dana_is_full)
    response = _ask(api, cohort, cohort.dana, cohort.fay, message="Bonjour & <merci>")
    assert response.status_code == 201
    assert [(item["mentor"]["name"], item["status"]) for item in response.json()] == [
        ("Fay", "waiting"),
        ("Dana", "skipped"),
        ("Eli", "declined"),
    ]
    listed = api.get(reverse("api:relationships-mentor-requests", args=[cohort.amal.pk]))
    assert listed.content == response.content


@pytest.mark.parametrize(
    ("mentor_ids", "message"),
    [
        ([], "Choose at least one mentor: your first choice."),
        (["dana", "dana"], "Give each mentor a different place in your order."),
        (["dana", "fay", "eli", MISSING], "Ensure this field has no more than 3 elements."),
        ([MISSING], "Choose mentors from your suggestions."),
        (["chen"], "Choose mentors from your suggestions."),  # a mentee, not a mentor
    ],
)
def test_the_mentors_asked_are_checked_at_the_edge(
    api: APIClient, cohort: SimpleNamespace, mentor_ids: list[Any], message: str
) -> None:
    ids = [getattr(cohort, m).pk if isinstance(m, str) else m for m in mentor_ids]
    url = reverse("api:relationships-mentor-requests", args=[cohort.amal.pk])
    response = _as(api, cohort.amal).post(url, {"mentor_ids": ids}, format="json")
    assert response.status_code == 400
    assert response.json() == {"mentor_ids": [message]}
    assert not MentorRequest.objects.exists()


def test_the_mentor_reads_the_waiting_request_and_accepts_once(
    api: APIClient, cohort: SimpleNamespace
) -> None:
    _ask(api, cohort, cohort.dana, cohort.fay, message="I am a nurse.")
    _as(api, cohort.dana)
    received = api.get(reverse("api:relationships-requests-received", args=[cohort.dana.pk]))
    [waiting] = received.json()
    assert waiting["mentee"] == {"enrollment": cohort.amal.pk, "name": "Amal"}
    assert (waiting["message"], waiting["status"]) == ("I am a nurse.", "waiting")
    assert waiting["due_at"].endswith("Z")
    # Fay's request waits its turn: she sees nothing yet.
    _as(api, cohort.fay)
    assert (
        api.get(reverse("api:relationships-requests-received", args=[cohort.fay.pk])).json() == []
    )

    _as(api, cohort.dana)
    accepted = api.post(_accept_url(cohort.dana, waiting["id"]))
    assert accepted.status_code == 201
    body = accepted.json()
    assert (body["role"], body["status"], body["hours"]) == ("mentor", "agreement", 0)
    assert body["other"] == {"enrollment": cohort.amal.pk, "name": "Amal"}
    assert body["program"]["name"] == cohort.program.name
    audit = AuditEvent.objects.count()

    again = api.post(_accept_url(cohort.dana, waiting["id"]))
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["You have already accepted this request."]}
    assert Relationship.objects.count() == 1
    assert AuditEvent.objects.count() == audit
    statuses = dict(MentorRequest.objects.values_list("mentor_id", "status"))
    assert statuses == {cohort.dana.pk: "accepted", cohort.fay.pk: "withdrawn"}


def test_a_double_accept_is_answered_in_the_callers_language(
    api: APIClient, cohort: SimpleNamespace
) -> None:
    _ask(api, cohort, cohort.dana)
    request_pk = _waiting(cohort.dana).pk
    _as(api, cohort.dana).post(_accept_url(cohort.dana, request_pk))
    again = api.post(_accept_url(cohort.dana, request_pk), HTTP_ACCEPT_LANGUAGE="fr")
    assert again.json() == {"non_field_errors": ["Vous avez déjà accepté cette demande."]}


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"reason": "busy"}, {"reason": ["Choose a reason from the list."]}),
        ({}, {"reason": ["This field is required."]}),
        (
            {"reason": "other", "note": "  "},
            {"note": ["Say briefly why; it helps the coordinator."]},
        ),
    ],
)
def test_a_decline_needs_a_reason_code_from_the_list(
    api: APIClient, cohort: SimpleNamespace, body: dict[str, str], errors: dict[str, list[str]]
) -> None:
    _ask(api, cohort, cohort.dana)
    request = _waiting(cohort.dana)
    response = _as(api, cohort.dana).post(
        _decline_url(cohort.dana, request.pk), body, format="json"
    )
    assert response.status_code == 400
    assert response.json() == errors
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == ("waiting", "")


@pytest.mark.parametrize(("reason", "note"), [("no_time", ""), ("other", "Moving abroad.")])
def test_a_declined_request_moves_on_and_the_mentee_never_reads_why(
    api: APIClient, cohort: SimpleNamespace, reason: str, note: str
) -> None:
    _ask(api, cohort, cohort.dana, cohort.fay)
    request = _waiting(cohort.dana)
    response = _as(api, cohort.dana).post(
        _decline_url(cohort.dana, request.pk), {"reason": reason, "note": note}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["decline_reason"], body["decline_note"]) == (
        "declined",
        reason,
        note,
    )
    _as(api, cohort.amal)
    listed = api.get(reverse("api:relationships-mentor-requests", args=[cohort.amal.pk]))
    by_mentor = {item["mentor"]["name"]: item for item in listed.json()}
    assert (by_mentor["Dana"]["status"], by_mentor["Fay"]["status"]) == ("declined", "waiting")
    assert not {"decline_reason", "decline_note"} & set(by_mentor["Dana"])
    assert reason not in listed.content.decode()
    assert "Moving abroad" not in listed.content.decode()


def test_another_persons_ids_are_the_same_404_as_missing_ones(
    api: APIClient, cohort: SimpleNamespace, pair: Relationship
) -> None:
    meeting = Meeting.objects.create(
        relationship=pair,
        kind="phone",
        options=[(timezone.now() + timedelta(days=3)).isoformat()],
    )
    request_pk = MentorRequest.objects.get(mentor=cohort.dana).pk
    bo, eli = cohort.bo, cohort.eli  # a mentee and a mentor of the same program
    calls: list[tuple[Any, str, str, str]] = [
        (bo, "get", "api:relationships-mentor-requests", "amal"),
        (bo, "post", "api:relationships-mentor-requests", "amal"),
        # One's own enrollment in the wrong role.
        (cohort.amal, "get", "api:relationships-requests-received", "amal"),
        (cohort.dana, "get", "api:relationships-mentor-requests", "dana"),
        (eli, "get", "api:relationships-requests-received", "dana"),
        (bo, "get", "api:relationship-detail", "pair"),
        (eli, "get", "api:relationship-meetings", "pair"),
        (eli, "post", "api:relationship-meetings", "pair"),
        (eli, "post", "api:relationship-agreement-terms", "pair"),
        (eli, "post", "api:relationship-agreement-sign", "pair"),
        (bo, "post", "api:meeting-pick", "meeting"),
        (bo, "post", "api:meeting-cancel", "meeting"),
        (eli, "post", "api:meeting-log", "meeting"),
    ]
    objects = {"amal": cohort.amal, "dana": cohort.dana, "pair": pair, "meeting": meeting}
    for who, method, name, target in calls:
        _as(api, who)
        theirs = getattr(api, method)(reverse(name, args=[objects[target].pk]), {}, format="json")
        missing = getattr(api, method)(reverse(name, args=[MISSING]), {}, format="json")
        assert (theirs.status_code, theirs.json()) == (missing.status_code, missing.json()), name
        assert theirs.status_code == 404, name
    # Eli's own mentor enrollment with Dana's request; Dana's enrollment as Eli.
    _as(api, eli)
    for url in (
        _accept_url(eli, request_pk),
        _decline_url(eli, request_pk),
        _accept_url(cohort.dana, request_pk),
    ):
        assert api.post(url, {"reason": "no_time"}, format="json").status_code == 404
    assert api.post(_accept_url(eli, MISSING)).status_code == 404
    listed = api.get(reverse("api:relationship-list"))
    assert listed.json()["results"] == []
    meeting.refresh_from_db()
    assert meeting.status == "proposed"


# --- The relationship and its agreement ------------------------------------------------------------


def test_both_read_the_relationship_and_sign_it_into_force(
    api: APIClient, cohort: SimpleNamespace, pair: Relationship
) -> None:
    _as(api, cohort.amal)
    listed = api.get(reverse("api:relationship-list")).json()
    assert listed["count"] == 1
    [row] = listed["results"]
    assert (row["id"], row["role"], row["status"]) == (pair.pk, "mentee", "agreement")
    assert row["other"] == {"enrollment": cohort.dana.pk, "name": "Dana"}
    assert row["planned_end"] == pair.planned_end.isoformat()
    assert row["hours"] == 0

    detail = api.get(reverse("api:relationship-detail", args=[pair.pk])).json()
    agreement = detail["agreement"]
    assert agreement["complete"] is False
    assert agreement["channels"] == ["video", "messages"]
    assert agreement["text"].startswith("We agree to meet")
    french = api.get(reverse("api:relationship-detail", args=[pair.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    assert french.json()["agreement"]["text"] != agreement["text"]

    terms = reverse("api:relationship-agreement-terms", args=[pair.pk])
    bad = api.post(
        terms,
        {"meeting_frequency": "daily", "channels": [], "response_days": 30},
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json() == {
        "meeting_frequency": ["Choose how often you meet from the list."],
        "channels": ["Choose at least one way to meet from the list."],
        "response_days": ["Give a number of days from 1 to 14."],
    }
    good = {"meeting_frequency": "weekly", "channels": ["phone", "video"], "response_days": 3}
    saved = api.post(terms, good, format="json")
    assert saved.status_code == 200
    assert saved.json()["agreement"]["channels"] == ["video", "phone"]

    blank = _sign(api, cohort.amal, pair, "   ")
    assert blank.status_code == 400
    assert blank.json() == {"typed_name": ["Type your name to sign."]}
    signed = _sign(api, cohort.amal, pair, "Amal  Haddad").json()
    assert signed["agreement"]["mentee_signed_name"] == "Amal Haddad"
    assert signed["status"] == "agreement"
    twice = _sign(api, cohort.amal, pair, "Amal Haddad")
    assert twice.json() == {"non_field_errors": ["You have already signed this agreement."]}

    last = _sign(api, cohort.dana, pair, "Dana Roy").json()
    assert (last["status"], last["role"], last["agreement"]["complete"]) == (
        "active",
        "mentor",
        True,
    )
    assert last["activated_at"].endswith("Z")
    late = api.post(terms, good, format="json")
    assert late.json() == {"non_field_errors": ["This agreement is already in force."]}


# --- Meetings ----------------------------------------------------------------------------------------


def test_meetings_wait_for_the_agreement(
    api: APIClient, cohort: SimpleNamespace, pair: Relationship
) -> None:
    body = {"kind": "phone", "times": [{"date": _next_tuesday().isoformat(), "time": "10:00"}]}
    url = reverse("api:relationship-meetings", args=[pair.pk])
    response = _as(api, cohort.amal).post(url, body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Meetings are planned once your agreement is signed."]
    }


def test_a_time_proposed_in_manila_is_picked_in_toronto(
    api: APIClient, cohort: SimpleNamespace, active: Relationship
) -> None:
    tuesday = _next_tuesday()
    url = reverse("api:relationship-meetings", args=[active.pk])
    body = {
        "kind": "video",
        "link": "https://meet.example.org/amal-dana",
        "duration_minutes": 45,
        "times": [
            {"date": tuesday.isoformat(), "time": "19:00"},
            {"date": (tuesday + timedelta(days=1)).isoformat(), "time": "08:30"},
        ],
    }
    proposed = _as(api, cohort.amal).post(url, body, format="json")
    assert proposed.status_code == 201
    meeting = proposed.json()
    start = datetime.combine(tuesday, time(11, 0), tzinfo=UTC)  # 19:00 in Manila
    # 08:30 on Wednesday in Manila is 00:30 UTC the same day.
    second = datetime.combine(tuesday + timedelta(days=1), time(0, 30), tzinfo=UTC)
    assert meeting["options"] == [
        start.isoformat().replace("+00:00", "Z"),
        second.isoformat().replace("+00:00", "Z"),
    ]
    assert (meeting["status"], meeting["starts_at"], meeting["proposed_by_you"]) == (
        "proposed",
        None,
        True,
    )
    assert (meeting["kind"], meeting["duration_minutes"]) == ("video", 45)

    pick = reverse("api:meeting-pick", args=[meeting["id"]])
    own = api.post(pick, {"option": 0}, format="json")
    assert own.json() == {
        "non_field_errors": ["The other person picks one of the times you proposed."]
    }
    _as(api, cohort.dana)
    [listed] = api.get(url).json()["results"]
    assert (listed["id"], listed["proposed_by_you"]) == (meeting["id"], False)
    assert api.post(pick, {"option": 5}, format="json").json() == {
        "option": ["Choose one of the proposed times."]
    }
    picked = api.post(pick, {"option": 0}, format="json")
    assert picked.status_code == 200
    assert (picked.json()["status"], picked.json()["starts_at"]) == (
        "scheduled",
        meeting["options"][0],
    )
    stored = Meeting.objects.get(pk=meeting["id"])
    assert stored.starts_at == start
    again = api.post(pick, {"option": 1}, format="json")
    assert again.json() == {"non_field_errors": ["A time is already chosen for this meeting."]}

    early = api.post(reverse("api:meeting-log", args=[stored.pk]), {"outcome": "met"})
    assert early.json() == {
        "non_field_errors": ["You can say how it went once the meeting has started."]
    }
    cancelled = api.post(reverse("api:meeting-cancel", args=[stored.pk]))
    assert cancelled.json()["status"] == "cancelled"


def test_a_time_the_clocks_skip_is_a_400_in_the_callers_language(
    api: APIClient, cohort: SimpleNamespace, active: Relationship
) -> None:
    # Toronto: the clocks jump from 02:00 to 03:00 on 14 March 2027.
    url = reverse("api:relationship-meetings", args=[active.pk])
    body = {"kind": "phone", "times": [{"date": "2027-03-14", "time": "02:30"}]}
    response = _as(api, cohort.dana).post(url, body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "times": [
            "02:30 does not exist in Toronto on 2027-03-14: the clocks jump forward that night. "
            "Choose another time."
        ]
    }
    french = api.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert french.json()["times"][0].startswith("02:30 n'existe pas à Toronto le 2027-03-14")
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"kind": "phone", "times": []}, {"times": ["Propose at least one time."]}),
        (
            {
                "kind": "phone",
                "times": [{"date": f"2030-01-0{n}", "time": "10:00"} for n in "1234"],
            },
            {"times": ["Propose at most three times."]},
        ),
        (
            {"kind": "carrier pigeon", "times": [{"date": "2030-01-07", "time": "10:00"}]},
            {"kind": ["Choose how you meet from the list."]},
        ),
        (
            {"kind": "in_person", "times": [{"date": "2030-01-07", "time": "10:00"}]},
            {"place": ["Say where you meet."]},
        ),
        (
            {"kind": "phone", "times": [{"date": "2020-01-07", "time": "10:00"}]},
            {"times": ["Choose times in the future."]},
        ),
        (
            {"kind": "phone", "duration_minutes": 50, "times": [{"date": "2030-01-07"}]},
            {
                "duration_minutes": ["Choose the length from the list."],
                "times": {"0": {"time": ["This field is required."]}},
            },
        ),
    ],
)
def test_a_proposal_is_checked_at_the_edge(
    api: APIClient,
    cohort: SimpleNamespace,
    active: Relationship,
    body: dict[str, Any],
    errors: dict[str, Any],
) -> None:
    url = reverse("api:relationship-meetings", args=[active.pk])
    response = _as(api, cohort.dana).post(url, body, format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert not Meeting.objects.exists()


def test_after_the_meeting_each_person_logs_their_hours_once(
    api: APIClient, cohort: SimpleNamespace, active: Relationship
) -> None:
    meeting = Meeting.objects.create(
        relationship=active,
        proposed_by=cohort.amal.person,
        kind="phone",
        options=[(timezone.now() - timedelta(hours=2)).isoformat()],
        starts_at=timezone.now() - timedelta(hours=2),
        status="scheduled",
    )
    url = reverse("api:meeting-log", args=[meeting.pk])
    _as(api, cohort.dana)
    assert api.post(url, {"outcome": "met", "minutes": 2}).json() == {
        "minutes": ["Give the minutes you met, from 5 to 600."]
    }
    logged = api.post(url, {"outcome": "met", "minutes": 90})
    assert logged.status_code == 201
    assert logged.json() == {"meeting": meeting.pk, "outcome": "met", "minutes": 90, "hours": 1.5}
    assert api.post(url, {"outcome": "not_met"}).json() == {
        "non_field_errors": ["You have already answered for this meeting."]
    }
    [row] = api.get(reverse("api:relationship-list")).json()["results"]
    assert row["hours"] == 1.5
    _as(api, cohort.amal)
    [row] = api.get(reverse("api:relationship-list")).json()["results"]
    assert row["hours"] == 0
