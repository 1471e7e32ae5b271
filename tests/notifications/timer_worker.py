"""A worker process for test_timers_exactly_once.py: sweeps due timers until none is waiting or
running, as the periodic job would, and logs every claim it makes (token and ids) to a file so
the test can tell which rows a killed worker left behind.

    python -c "from tests.notifications.timer_worker import main; main()" LOG DEADLINE_S GO

Once Django is set up the worker writes "ready" to LOG and waits for the file GO to exist, so
that the test can set several workers off at the same moment.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any


def main() -> None:
    import django

    django.setup()

    from django.db import models

    from bridgeway.notifications import timers
    from bridgeway.notifications.models import Timer

    log_path, seconds, go = sys.argv[1], float(sys.argv[2]), Path(sys.argv[3])
    log = open(log_path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 (lives as long as the process)
    real_claim = timers.claim

    def logged_claim(
        model: type[models.Model], *, now: datetime, **kwargs: Any
    ) -> tuple[str, list[int]]:
        token, ids = real_claim(model, now=now, **kwargs)
        if ids:
            log.write(f"{token} {','.join(map(str, ids))}\n")
        return token, ids

    timers.claim = logged_claim  # type: ignore[assignment]
    deadline = time.monotonic() + seconds
    log.write("ready\n")
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    while time.monotonic() < deadline:
        timers.timers_run_due(limit=20)
        left = Timer.objects.filter(state__in=[Timer.State.PENDING, Timer.State.RUNNING])
        if not left.exists():
            log.write("finished\n")
            return
        time.sleep(0.1)  # rows another worker holds, or a dead worker's rows under lease
    log.write("deadline\n")
    sys.exit(3)
