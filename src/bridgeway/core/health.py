"""`/health/`: whether this node can serve — the database, the shared cache (Redis at scale)
and a job worker that has beaten recently. For a load balancer or a process manager: no sign-in,
nothing personal, nothing about the agencies.

A load balancer asks `/health/?node=1`, which leaves the worker out of the verdict (it is
still reported): a stopped worker is not a reason to stop sending people to a node.

The worker writes its heartbeat in the shared cache every minute (`core/tasks.py`), so any
node sees whether some worker is alive."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

HEARTBEAT_KEY = "bridgeway:worker-heartbeat"
# The heartbeat runs every minute: three missed beats mean no worker is running.
HEARTBEAT_STALE_SECONDS = 180


def worker_beat() -> None:
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)


def worker_heartbeat_age() -> float | None:
    """Seconds since a worker last beat, or None when none ever did (or the cache is down)."""
    try:
        beat = cache.get(HEARTBEAT_KEY)
    except Exception:
        return None
    return None if beat is None else max(0.0, time.time() - float(beat))


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _cache() -> bool:
    try:
        cache.set("bridgeway:health", "ok", timeout=30)
        return cache.get("bridgeway:health") == "ok"
    except Exception:
        return False


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok", …} when all is well; 503 naming what is down. With ?node=1 (for a
    load balancer), the worker is reported but does not make the answer 503."""
    age = worker_heartbeat_age()
    checks = {
        "database": "ok" if _database() else "down",
        "cache": "ok" if _cache() else "down",
        "worker": "ok" if age is not None and age <= HEARTBEAT_STALE_SECONDS else "down",
    }
    # A load balancer asks with ?node=1: only what this node needs to serve pages. A stopped
    # worker is for monitoring to report; it must not take every node out of rotation at once.
    counted = ("database", "cache") if request.GET.get("node") else tuple(checks)
    down = [name for name in counted if checks[name] != "ok"]
    body = {
        "status": "ok" if not down else "down",
        "checks": checks,
        "worker_heartbeat_age_seconds": None if age is None else round(age, 1),
    }
    return JsonResponse(body, status=503 if down else 200)
