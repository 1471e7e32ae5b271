"""`/metrics`: figures for Prometheus, in its text format, behind a bearer token.

- Requests: a counter per view name, method and status class, and one latency histogram, from
  every web process of every node. Each process counts in memory and, at most every
  `FLUSH_SECONDS`, writes its running totals to the shared cache under a key of its own (no
  write per request; no two processes writing one key); a scrape adds up every process's totals,
  so it does not matter which node answers it. A process that stopped keeps its last totals for
  a day.
- Read at the scrape, from the database: e-mails and texts waiting in the outbox, durable timers
  due, the age of the oldest due one, and the worker's heartbeat age.

Nothing personal: labels are view names (`messaging:conversation`), never paths or ids.
Without `BRIDGEWAY_METRICS_TOKEN` the endpoint answers 404.
"""

from __future__ import annotations

import hmac
import os
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from bridgeway.core.health import worker_heartbeat_age

BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
FLUSH_SECONDS = 15
INDEX_KEY = "bridgeway:metrics:processes"
KEEP_SECONDS = 86_400

Key = tuple[str, str, str]  # view, method, status class


class _Counts:
    """This process's running totals since it started."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: dict[Key, int] = defaultdict(int)
        self.buckets = [0] * len(BUCKETS)
        self.count = 0
        self.seconds = 0.0
        self.flushed_at = 0.0
        self.name = f"bridgeway:metrics:{socket.gethostname()}:{os.getpid()}"

    def add(self, key: Key, seconds: float) -> None:
        with self.lock:
            self.requests[key] += 1
            self.count += 1
            self.seconds += seconds
            for index, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    self.buckets[index] += 1

    def snapshot(self) -> dict[str, object]:
        with self.lock:
            return {
                "requests": [[*key, value] for key, value in self.requests.items()],
                "buckets": list(self.buckets),
                "count": self.count,
                "seconds": self.seconds,
            }

    def flush(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.flushed_at < FLUSH_SECONDS:
            return
        self.flushed_at = now
        try:
            cache.set(self.name, self.snapshot(), timeout=KEEP_SECONDS)
            names = cache.get(INDEX_KEY) or []
            if self.name not in names:
                cache.set(INDEX_KEY, [*names, self.name][-1000:], timeout=None)
        except Exception:  # figures never break a request; the next interval tries again
            return


COUNTS = _Counts()


class RequestMetricsMiddleware:
    """Counts requests when metrics are on (a token is set); otherwise not in the chain."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.BRIDGEWAY_METRICS_TOKEN:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None else "unmatched"
        status = f"{response.status_code // 100}xx"
        COUNTS.add((view, request.method or "", status), time.perf_counter() - started)
        COUNTS.flush()
        return response


def _totals() -> dict[str, object]:
    """Every process's totals added up (this one's as of now)."""
    COUNTS.flush(force=True)
    names = cache.get(INDEX_KEY) or []
    requests: dict[Key, int] = defaultdict(int)
    buckets = [0] * len(BUCKETS)
    count, seconds = 0, 0.0
    for snapshot in cache.get_many(names).values():
        for view, method, status, value in snapshot["requests"]:
            requests[(view, method, status)] += value
        buckets = [a + b for a, b in zip(buckets, snapshot["buckets"], strict=True)]
        count += snapshot["count"]
        seconds += snapshot["seconds"]
    return {"requests": requests, "buckets": buckets, "count": count, "seconds": seconds}


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _queues() -> list[str]:
    from bridgeway.notifications.models import Delivery, Timer

    now = timezone.now()
    waiting = Delivery.objects.filter(
        state__in=[Delivery.State.QUEUED, Delivery.State.SENDING], due_at__lte=now
    ).count()
    due = Timer.objects.filter(state=Timer.State.PENDING, due_at__lte=now)
    oldest = due.order_by("due_at").values_list("due_at", flat=True).first()
    age = worker_heartbeat_age()
    waited = (now - oldest).total_seconds() if oldest else 0.0
    return [
        "# HELP bridgeway_outbox_due Deliveries (e-mail, text) due and not sent yet.",
        "# TYPE bridgeway_outbox_due gauge",
        f"bridgeway_outbox_due {waiting}",
        "# HELP bridgeway_timers_due Durable timers (reminders, deadlines) due and not run yet.",
        "# TYPE bridgeway_timers_due gauge",
        f"bridgeway_timers_due {due.count()}",
        "# HELP bridgeway_timers_oldest_due_seconds How long the oldest due timer has waited.",
        "# TYPE bridgeway_timers_oldest_due_seconds gauge",
        f"bridgeway_timers_oldest_due_seconds {waited:.1f}",
        "# HELP bridgeway_worker_heartbeat_age_seconds Seconds since a job worker last beat "
        "(-1: never).",
        "# TYPE bridgeway_worker_heartbeat_age_seconds gauge",
        f"bridgeway_worker_heartbeat_age_seconds {-1 if age is None else round(age, 1)}",
    ]


def exposition() -> str:
    totals = _totals()
    lines = [
        "# HELP bridgeway_requests_total Requests answered, by view, method and status class.",
        "# TYPE bridgeway_requests_total counter",
    ]
    requests: dict[Key, int] = totals["requests"]  # type: ignore[assignment]
    for (view, method, status), value in sorted(requests.items()):
        lines.append(
            f'bridgeway_requests_total{{view="{_label(view)}",method="{_label(method)}",'
            f'status="{status}"}} {value}'
        )
    lines += [
        "# HELP bridgeway_request_duration_seconds Time to answer a request.",
        "# TYPE bridgeway_request_duration_seconds histogram",
    ]
    buckets: list[int] = totals["buckets"]  # type: ignore[assignment]
    for bound, value in zip(BUCKETS, buckets, strict=True):
        lines.append(f'bridgeway_request_duration_seconds_bucket{{le="{bound}"}} {value}')
    lines += [
        f'bridgeway_request_duration_seconds_bucket{{le="+Inf"}} {totals["count"]}',
        f"bridgeway_request_duration_seconds_sum {totals['seconds']:.6f}",
        f"bridgeway_request_duration_seconds_count {totals['count']}",
        *_queues(),
    ]
    return "\n".join(lines) + "\n"


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.BRIDGEWAY_METRICS_TOKEN
    if not token:
        raise Http404
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        response = HttpResponse(
            "A bearer token is needed.\n", status=401, content_type="text/plain"
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")
