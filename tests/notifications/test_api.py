"""The notifications API: the caller's own notifications in their language, marking them read,
and how often each kind reaches them, all scoped to the caller."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from bridgeway.accounts.models import Person
from bridgeway.notifications.models import Notification, Preference
from bridgeway.programs.models import Enrollment

pytestmark = pytest.mark.django_db

LIST = "api:notification-list"
PREFERENCES = "api:notification-preferences"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def _notify(
    person: Person, kind: str = "programs.ready_to_match", topic: int = 0, **extra: Any
) -> Notification:
    enrollment = Enrollment.objects.filter(person=person).first()
    params = {"topic": topic} if topic else {"enrollment": enrollment.pk if enrollment else 0}
    return Notification.objects.create(
        kind=kind,
        event=f"test:{Notification.objects.count()}",
        person=person,
        params=params,
        url="/dashboard/",
        **extra,
    )


def test_the_list_shows_only_your_own_notifications(api: APIClient, world: SimpleNamespace) -> None:
    mine = _notify(world.erin)
    _notify(world.frank)
    api.force_authenticate(world.erin)
    response = api.get(reverse(LIST))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "id": mine.pk,
            "kind": "programs.ready_to_match",
            "summary": "You are ready to be matched in Welcome Hosts A.",
            "url": "/dashboard/",
            "created_at": body["results"][0]["created_at"],
            "read": False,
        }
    ]


def test_the_summary_comes_in_the_persons_preferred_language(
    api: APIClient, world: SimpleNamespace
) -> None:
    _notify(world.erin)
    world.erin.preferred_language = "fr"
    world.erin.save()
    api.force_login(world.erin)
    response = api.get(reverse(LIST))
    assert response.json()["results"][0]["summary"] == (
        "Vous êtes prêt à être jumelé dans Welcome Hosts A."
    )
    assert response.headers["Content-Language"] == "fr"


def test_the_summary_follows_accept_language_for_a_token(
    api: APIClient, world: SimpleNamespace
) -> None:
    _notify(world.erin)
    api.force_authenticate(world.erin)
    response = api.get(reverse(LIST), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()["results"][0]["summary"].startswith("Vous êtes prêt")


def test_the_list_filters_unread_and_refuses_a_bad_filter(
    api: APIClient, world: SimpleNamespace
) -> None:
    unread = _notify(world.erin)
    _notify(world.erin, kind="programs.application_received", read_at=unread.created_at)
    api.force_authenticate(world.erin)
    assert api.get(reverse(LIST)).json()["count"] == 2
    only = api.get(reverse(LIST), {"unread": "true"}).json()
    assert [row["id"] for row in only["results"]] == [unread.pk]
    assert api.get(reverse(LIST), {"unread": "maybe"}).status_code == 400


def test_the_digest_itself_is_not_listed(api: APIClient, world: SimpleNamespace) -> None:
    _notify(world.erin, kind="notifications.digest")
    api.force_authenticate(world.erin)
    assert api.get(reverse(LIST)).json()["count"] == 0


def test_marking_one_read(api: APIClient, world: SimpleNamespace) -> None:
    notification = _notify(world.erin)
    api.force_authenticate(world.erin)
    url = reverse("api:notification-read", args=[notification.pk])
    response = api.post(url)
    assert response.status_code == 200
    assert response.json()["read"] is True
    notification.refresh_from_db()
    first = notification.read_at
    assert first is not None
    assert api.post(url).status_code == 200  # again is harmless
    notification.refresh_from_db()
    assert notification.read_at == first


def test_someone_elses_notification_is_not_found_like_a_missing_one(
    api: APIClient, world: SimpleNamespace
) -> None:
    theirs = _notify(world.erin)
    api.force_authenticate(world.frank)
    other = api.post(reverse("api:notification-read", args=[theirs.pk]))
    missing = api.post(reverse("api:notification-read", args=[987654321]))
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_all_read_counts_only_your_own(api: APIClient, world: SimpleNamespace) -> None:
    _notify(world.erin)
    _notify(world.erin, kind="programs.application_received")
    franks = _notify(world.frank)
    api.force_authenticate(world.erin)
    response = api.post(reverse("api:notification-read-all"))
    assert response.json() == {"count": 2}
    assert api.post(reverse("api:notification-read-all")).json() == {"count": 0}
    franks.refresh_from_db()
    assert franks.read_at is None


def test_preferences_list_the_kinds_of_your_roles_with_their_defaults(
    api: APIClient, world: SimpleNamespace
) -> None:
    api.force_authenticate(world.erin)
    rows = {row["kind"]: row for row in api.get(reverse(PREFERENCES)).json()["preferences"]}
    assert "programs.ready_to_match" in rows
    assert "notifications.digest" not in rows
    assert "programs.invitation" not in rows  # sent before any account: nothing to choose
    ready = rows["programs.ready_to_match"]
    assert ready["label"] == "You are ready to be matched"
    assert (ready["email"], ready["texts"], ready["needs_answer"]) == (
        "immediate",
        "immediate",
        True,
    )


def test_preferences_are_saved_for_email_and_both_text_channels(
    api: APIClient, world: SimpleNamespace
) -> None:
    api.force_authenticate(world.erin)
    response = api.put(
        reverse(PREFERENCES),
        {
            "preferences": [
                {"kind": "screening.renewal", "channel": "email", "frequency": "weekly"},
                {"kind": "screening.renewal", "channel": "texts", "frequency": "off"},
            ]
        },
        format="json",
    )
    assert response.status_code == 200
    rows = {row["kind"]: row for row in response.json()["preferences"]}
    assert (rows["screening.renewal"]["email"], rows["screening.renewal"]["texts"]) == (
        "weekly",
        "off",
    )
    saved = set(Preference.objects.filter(person=world.erin).values_list("channel", "frequency"))
    assert saved == {("email", "weekly"), ("sms", "off"), ("whatsapp", "off")}
    patched = api.patch(
        reverse(PREFERENCES),
        {"preferences": [{"kind": "screening.renewal", "channel": "email", "frequency": "daily"}]},
        format="json",
    )
    assert patched.status_code == 200
    assert Preference.objects.get(person=world.erin, channel="email").frequency == "daily"


def test_an_invalid_choice_is_refused_and_nothing_is_saved(
    api: APIClient, world: SimpleNamespace
) -> None:
    api.force_authenticate(world.erin)
    response = api.put(
        reverse(PREFERENCES),
        {
            "preferences": [
                {"kind": "screening.renewal", "channel": "email", "frequency": "weekly"},
                {"kind": "screening.renewal", "channel": "texts", "frequency": "daily"},
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    # Errors are keyed by the position of the refused item in the list.
    assert response.json() == {
        "preferences": {"1": {"frequency": ["Choose how often from the list."]}}
    }
    assert not Preference.objects.filter(person=world.erin).exists()


@pytest.mark.parametrize(
    ("item", "field", "message"),
    [
        ({"frequency": "hourly"}, "frequency", "Choose how often from the list."),
        ({"channel": "pigeon"}, "channel", "Choose email, text message or WhatsApp."),
        ({"kind": "nope"}, "kind", "Choose a kind of notification from the list."),
        # A kind that exists but is not the caller's to choose.
        ({"kind": "programs.invitation"}, "kind", "Choose a kind of notification from the list."),
    ],
)
def test_each_invalid_field_gets_its_message(
    api: APIClient, world: SimpleNamespace, item: dict[str, str], field: str, message: str
) -> None:
    api.force_authenticate(world.erin)
    choice = {"kind": "screening.renewal", "channel": "email", "frequency": "weekly", **item}
    response = api.put(reverse(PREFERENCES), {"preferences": [choice]}, format="json")
    assert response.status_code == 400
    assert response.json()["preferences"]["0"][field] == [message]
    assert not Preference.objects.filter(person=world.erin).exists()


def test_errors_come_in_the_persons_language(api: APIClient, world: SimpleNamespace) -> None:
    world.erin.preferred_language = "fr"
    world.erin.save()
    api.force_login(world.erin)
    choice = {"kind": "screening.renewal", "channel": "email", "frequency": "hourly"}
    response = api.put(reverse(PREFERENCES), {"preferences": [choice]}, format="json")
    assert response.json()["preferences"]["0"]["frequency"] == [
        "Choisissez la fréquence dans la liste."
    ]


def test_an_empty_list_is_refused(api: APIClient, world: SimpleNamespace) -> None:
    api.force_authenticate(world.erin)
    response = api.put(reverse(PREFERENCES), {"preferences": []}, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", LIST, []),
        ("post", "api:notification-read", [1]),
        ("post", "api:notification-read-all", []),
        ("get", PREFERENCES, []),
        ("put", PREFERENCES, []),
    ],
)
def test_signed_out_callers_are_refused(
    api: APIClient, method: str, name: str, args: list[int]
) -> None:
    assert getattr(api, method)(reverse(name, args=args)).status_code == 403


def test_the_schema_lists_the_notification_endpoints(api: APIClient) -> None:
    schema = api.get(reverse("api:schema"), {"format": "json"}).json()
    for path in (
        "/api/v1/notifications/",
        "/api/v1/notifications/{id}/read/",
        "/api/v1/notifications/read-all/",
        "/api/v1/notification-preferences/",
    ):
        assert path in schema["paths"]
    assert "PaginatedNotificationList" in schema["components"]["schemas"]


def _replies(person: Person, topics: int) -> None:
    from bridgeway.community import services as community

    network = Enrollment.objects.filter(person=person).first().program.organization.network
    space = community.space_create(by=person, network=network, name="Settling in")
    for number in range(topics):
        topic = community.topic_create(space=space, by=person, title=f"Topic {number}", body="Hi")
        _notify(person, kind="community.reply", topic=topic.pk)


def _queries(api: APIClient, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    return len(queries)


def test_a_longer_list_reads_its_topics_at_once(api: APIClient, world: SimpleNamespace) -> None:
    """The summaries of a page load their rows per kind, not per notification (the API's list
    and the bell's page)."""
    _replies(world.erin, 1)
    _replies(world.frank, 6)
    api.force_authenticate(world.erin)
    one = _queries(api, reverse(LIST))
    api.force_authenticate(world.frank)
    assert _queries(api, reverse(LIST)) == one
    body = api.get(reverse(LIST)).json()
    assert {row["summary"] for row in body["results"]} == {
        f"New reply to “Topic {n}” in Settling in." for n in range(6)
    }
    page = Client()
    page.force_login(world.erin)
    page.get(reverse("notifications:list"))
    with_one = _page_queries(page)
    page.force_login(world.frank)
    assert _page_queries(page) == with_one
    assert "New reply to “Topic 5” in Settling in." in page.get(reverse("notifications:list")).text


def _page_queries(client: Client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("notifications:list")).status_code == 200
    return len(queries)
