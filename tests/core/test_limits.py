"""Limits on how often a person or a connection may do a thing (core/limits.py): over a limit
the page is shown again with what was typed and a message saying when to try again (429 and
Retry-After), the API answers 429 with Retry-After, and nothing is written."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from bridgeway.community.models import Topic
from bridgeway.core import limits
from bridgeway.messaging.models import Conversation, Message
from tests.community.conftest import spaces  # noqa: F401 - agency A's spaces
from tests.matching.conftest import cohort  # noqa: F401
from tests.messaging.conftest import chat, pair  # noqa: F401 - a mentorship under way

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock_stands_still(monkeypatch: pytest.MonkeyPatch) -> None:
    """20 s into a minute, and it stays there: no test crosses into the next window."""
    monkeypatch.setattr(limits, "_clock", lambda: 1_000_000_040.0)


def lower(settings: Any, **rates: str) -> None:
    settings.BRIDGEWAY_RATE_LIMITS = {**settings.BRIDGEWAY_RATE_LIMITS, **rates}


def test_rates_are_read_and_mistakes_named() -> None:
    assert limits.parse_rates("20/m, 200/d") == (limits.Rate(20, 60), limits.Rate(200, 86400))
    assert limits.parse_rates("10/15m") == (limits.Rate(10, 900),)
    with pytest.raises(ImproperlyConfigured, match="'ten/m'"):
        limits.parse_rates("ten/m")
    with pytest.raises(ImproperlyConfigured, match="'0/m'"):
        limits.parse_rates("0/m")


def test_every_action_has_a_valid_rate(settings: Any) -> None:
    for action in settings.BRIDGEWAY_RATE_LIMITS:
        assert limits.rates_for(action)


def test_a_window_that_has_passed_counts_again(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    lower(settings, message="2/m")
    now = [1_000_000_040.0]  # 20 s into a minute
    monkeypatch.setattr(limits, "_clock", lambda: now[0])
    limits.hit("message", who="person:1")
    limits.hit("message", who="person:1")
    with pytest.raises(limits.RateLimited) as refused:
        limits.hit("message", who="person:1")
    assert refused.value.retry_after == 40  # the minute ends 40 s later
    assert "Please try again in 40 seconds." in refused.value.message
    limits.hit("message", who="person:2")  # someone else counts on their own
    now[0] += 40
    limits.hit("message", who="person:1")


def test_the_wait_reads_in_plain_words() -> None:
    assert limits.wait_in_words(1) == "1 second"
    assert limits.wait_in_words(61) == "2 minutes"
    assert limits.wait_in_words(3600) == "60 minutes"
    assert limits.wait_in_words(86_400) == "24 hours"


def test_a_message_over_the_limit_is_kept_in_the_box(
    client: Client,
    settings: Any,
    chat: Conversation,  # noqa: F811
    cohort: SimpleNamespace,  # noqa: F811
) -> None:
    lower(settings, message="2/m")
    client.force_login(cohort.amal.person)
    url = reverse("messaging:conversation", args=[chat.pk])
    for number in range(2):
        sent = client.post(url, {"body": f"Note {number}", "client_key": f"k{number}"})
        assert sent.status_code == 302
    refused = client.post(url, {"body": "Third thought", "client_key": "k2"})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    page = refused.content.decode()
    assert "You have sent many messages in a short time." in page
    assert "Third thought" in page  # what was typed is still in the box
    assert Message.objects.count() == 2
    # The page's live composer gets the form back with the reason, as for a refused file.
    live = client.post(url, {"body": "Fourth", "client_key": "k3"}, headers={"HX-Request": "true"})
    assert live.status_code == 400
    assert live["Retry-After"]
    assert "You have sent many messages in a short time." in live.content.decode()
    assert Message.objects.count() == 2


def test_the_messages_api_answers_429(
    client: Client,
    settings: Any,
    chat: Conversation,  # noqa: F811
    cohort: SimpleNamespace,  # noqa: F811
) -> None:
    lower(settings, message="1/h")
    client.force_login(cohort.amal.person)
    url = reverse("api:conversation-messages", args=[chat.pk])
    assert client.post(url, {"body": "one"}, content_type="application/json").status_code == 201
    refused = client.post(url, {"body": "two"}, content_type="application/json")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Please try again in" in refused.json()["detail"]
    assert Message.objects.count() == 1


def test_a_retried_message_is_not_counted_again(
    client: Client,
    settings: Any,
    chat: Conversation,  # noqa: F811
    cohort: SimpleNamespace,  # noqa: F811
) -> None:
    """A phone on a bad connection sends the same message again (same client_key): the stored
    message comes back, and the person's limit is not used up by the retries."""
    lower(settings, message="2/h")
    client.force_login(cohort.amal.person)
    url = reverse("api:conversation-messages", args=[chat.pk])
    first = {"body": "one", "client_key": "k1"}
    assert client.post(url, first, content_type="application/json").status_code == 201
    for _ in range(3):  # retries
        assert client.post(url, first, content_type="application/json").status_code == 200
    second = {"body": "two", "client_key": "k2"}
    assert client.post(url, second, content_type="application/json").status_code == 201
    third = {"body": "three", "client_key": "k3"}
    assert client.post(url, third, content_type="application/json").status_code == 429
    assert list(Message.objects.order_by("pk").values_list("body", flat=True)) == ["one", "two"]


def test_a_topic_over_the_limit_keeps_its_title_and_text(
    client: Client,
    settings: Any,
    world: SimpleNamespace,
    spaces: SimpleNamespace,  # noqa: F811
) -> None:
    lower(settings, post="1/d")
    client.force_login(world.erin)
    url = reverse("community:topic_new", args=[spaces.agency.pk])
    assert (
        client.post(url, {"title": "Doctors", "body": "Where?", "client_key": "a"}).status_code
        == 302
    )
    refused = client.post(url, {"title": "Schools", "body": "Which one?", "client_key": "b"})
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "You have posted many times in a short time." in page
    assert "Schools" in page
    assert "Which one?" in page
    assert list(Topic.objects.values_list("title", flat=True)) == ["Doctors"]


def test_the_french_message_says_when_in_french(
    client: Client,
    settings: Any,
    chat: Conversation,  # noqa: F811
    cohort: SimpleNamespace,  # noqa: F811
) -> None:
    lower(settings, message="1/h")
    person = cohort.amal.person
    person.preferred_language = "fr"
    person.save(update_fields=["preferred_language"])
    client.force_login(person)
    url = reverse("api:conversation-messages", args=[chat.pk])
    client.post(url, {"body": "un"}, content_type="application/json")
    refused = client.post(url, {"body": "deux"}, content_type="application/json")
    assert refused.status_code == 429
    assert "Veuillez réessayer dans" in refused.json()["detail"]


def test_the_api_counts_each_token_on_its_own(
    client: Client, world: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "60/min", "user": "2/min"})
    first = Token.objects.create(user=world.erin)
    url = reverse("api:enrollment-list")
    for _i in range(2):
        answer = client.get(url, headers={"Authorization": f"Token {first.key}"})
        assert answer.status_code == 200
    refused = client.get(url, headers={"Authorization": f"Token {first.key}"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    # The same person signed in in a browser counts apart from the token.
    client.force_login(world.erin)
    assert client.get(url).status_code == 200
