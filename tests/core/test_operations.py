"""What operators read: /health/, /metrics behind its token, and logs without personal data
(core/health.py, core/metrics.py, core/logs.py)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.core import health, metrics
from bridgeway.core.logs import JsonFormatter
from bridgeway.messaging.models import Conversation
from bridgeway.notifications.models import Timer
from tests.matching.conftest import cohort  # noqa: F401
from tests.messaging.conftest import chat, pair  # noqa: F401

pytestmark = pytest.mark.django_db


def test_health_names_what_is_down(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = client.get("/health/")
    assert answer.status_code == 503  # no worker has beaten yet
    assert answer.json()["checks"] == {"database": "ok", "cache": "ok", "worker": "down"}
    health.worker_beat()
    answer = client.get("/health/")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"
    assert answer["Cache-Control"].startswith("max-age=0")

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise OperationalError("the database is away")

    monkeypatch.setattr(health.connection, "cursor", broken)
    answer = client.get("/health/")
    assert answer.status_code == 503
    assert answer.json()["checks"]["database"] == "down"


def test_a_stale_heartbeat_is_a_stopped_worker(client: Client) -> None:
    cache.set(health.HEARTBEAT_KEY, 0.0, timeout=None)  # beat long ago
    answer = client.get("/health/")
    assert answer.status_code == 503
    assert answer.json()["checks"]["worker"] == "down"


def test_metrics_need_the_token(client: Client, settings: Any) -> None:
    settings.BRIDGEWAY_METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    settings.BRIDGEWAY_METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401


def test_metrics_count_requests_and_read_the_queues(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(metrics, "COUNTS", metrics._Counts())
    settings.BRIDGEWAY_METRICS_TOKEN = "s3cret-token"
    client = Client()  # its middleware is built with the token set
    for _i in range(3):
        client.get(reverse("core:home"))
    client.get("/no-such-page/")
    Timer.objects.create(kind="test", key="t1", due_at=timezone.now() - timedelta(minutes=5))
    health.worker_beat()
    text = client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"}).content.decode()
    assert 'bridgeway_requests_total{view="core:home",method="GET",status="2xx"} 3' in text
    assert 'view="unmatched",method="GET",status="4xx"} 1' in text
    assert "bridgeway_request_duration_seconds_count" in text
    assert "bridgeway_timers_due 1" in text
    waited = next(line for line in text.splitlines() if line.startswith("bridgeway_timers_oldest"))
    assert 299 <= float(waited.split()[1]) < 400
    assert "bridgeway_outbox_due 0" in text
    assert "no-such-page" not in text


def test_totals_add_up_every_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(metrics, "COUNTS", metrics._Counts())  # this process: nothing yet
    other = {
        "requests": [["core:home", "GET", "2xx", 5]],
        "buckets": [1] * 10,
        "count": 5,
        "seconds": 0.5,
    }
    cache.set("bridgeway:metrics:other-node:1", other)
    cache.set(metrics.INDEX_KEY, ["bridgeway:metrics:other-node:1"])
    text = metrics.exposition()
    assert 'bridgeway_requests_total{view="core:home",method="GET",status="2xx"} 5' in text


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def test_logs_carry_no_personal_data(
    client: Client,
    json_log: io.StringIO,
    chat: Conversation,  # noqa: F811
    cohort: SimpleNamespace,  # noqa: F811
) -> None:
    canary = "CANARY-7f3a9c"
    person = cohort.amal.person
    person.display_name = f"Amal {canary}"
    person.save(update_fields=["display_name"])
    client.force_login(person)
    url = reverse("messaging:conversation", args=[chat.pk])
    client.post(url, {"body": f"my secret {canary}", "client_key": "c1"})
    client.get(url + f"?q={canary}")
    client.get(f"/no-such-page/{canary}/")
    client.post(
        "/api/v1/intake/", {"email": f"{canary}@example.org"}, content_type="application/json"
    )
    logged = json_log.getvalue()
    lines = [json.loads(line) for line in logged.splitlines()]
    answered = [line for line in lines if line["logger"] == "bridgeway.request"]
    assert {line["view"] for line in answered} >= {"messaging:conversation", "unmatched"}
    assert all(line["person"] == "" or len(line["person"]) == 16 for line in answered)
    assert canary not in logged
    assert "example.org" not in logged
    assert str(person.pk) not in {line.get("person") for line in answered}


def test_an_error_is_logged_as_its_kind_and_place_not_its_text(json_log: io.StringIO) -> None:
    try:
        raise ValueError("duplicate key (email)=(amal@example.org)")
    except ValueError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", "/x/amal@example.org", exc_info=True
        )
    [line] = [json.loads(text) for text in json_log.getvalue().splitlines()]
    assert line["exception"] == "ValueError"
    assert line["event"] == "Internal Server Error: %s"
    assert "example.org" not in json_log.getvalue()
    assert any("test_operations.py" in where for where in line["where"])
