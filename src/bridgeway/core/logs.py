"""Logs that an operator can ship anywhere: one JSON object per line when
`BRIDGEWAY_LOG_FORMAT=json`, and one line per request (`bridgeway.request`) naming the view,
never the address.

What a line may carry: the time, level, logger, our own wording of the event, the request id,
the view name, the method, the status, the duration, and the person as a keyed hash of their
id (the same person gives the same hash, nobody can reverse it without the secret key). What it
never carries: addresses with their ids or tokens, query strings, e-mail addresses, names,
message text, form values, IP addresses, or the text of an exception (a database error can quote
the row it refused): an exception is logged as its type and where it was raised.
"""

from __future__ import annotations

import json
import logging
import re
import time
import traceback
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

logger = logging.getLogger("bridgeway.request")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
FIELDS = ("request_id", "view", "method", "status", "duration_ms", "person")


def person_hash(pk: object) -> str:
    return salted_hmac("bridgeway.core.logs.person", str(pk)).hexdigest()[:16]


def _where(record: logging.LogRecord) -> list[str]:
    assert record.exc_info is not None
    frames = traceback.extract_tb(record.exc_info[2])
    return [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in frames[-8:]]


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        ours = record.name.startswith("bridgeway")
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            # Our own events are worded without personal data; a library's keeps its wording
            # but not the values it filled in ("Internal Server Error: %s").
            "event": record.getMessage() if ours else str(record.msg),
        }
        request = getattr(record, "request", None)
        if request is not None and getattr(request, "resolver_match", None) is not None:
            line["view"] = request.resolver_match.view_name
        for name in FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = record.exc_info[0].__name__
            line["where"] = _where(record)
        return json.dumps(line, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    """A request id for every request (the caller's X-Request-ID when it looks like one, or
    a new one), sent back in the answer, and a log line when the answer is ready."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        given = request.headers.get("X-Request-ID", "")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("X-Request-ID", request_id)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        extra = {
            "request_id": request_id,
            "view": match.view_name if match is not None else "unmatched",
            "method": request.method,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "person": person_hash(user.pk) if user is not None and user.is_authenticated else "",
        }
        logger.info(
            "%s %s %s %.1f ms",
            extra["method"],
            extra["view"],
            extra["status"],
            extra["duration_ms"],
            extra=extra,
        )
        return response
