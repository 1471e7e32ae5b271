"""Timer handlers used only by the tests (registered in timer_settings.py for worker processes
and through the ``settings`` fixture in the test process)."""

from __future__ import annotations

import os
import time

from bridgeway.core.models import AuditEvent
from bridgeway.notifications.models import Timer

EFFECT_ACTION = "test.timer"


def record_effect(timer: Timer) -> None:
    """One audit row per run of the handler (no unique constraint on the timer, so a second run
    would show as a second row); the short sleep widens the window for a kill mid-handler."""
    AuditEvent.objects.create(action=EFFECT_ACTION, summary=timer.key, data={"pid": os.getpid()})
    time.sleep(0.005)


def always_fail(timer: Timer) -> None:
    AuditEvent.objects.create(action=EFFECT_ACTION, summary=timer.key)  # rolled back
    raise RuntimeError(f"boom for {timer.key}")
