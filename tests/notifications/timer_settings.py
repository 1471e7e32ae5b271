"""Settings for the worker processes of test_timers_exactly_once.py: the test settings with the
test-only timer handlers registered."""

from bridgeway.config.settings_test import *  # noqa: F403
from bridgeway.config.settings_test import BRIDGEWAY_TIMER_HANDLERS

BRIDGEWAY_TIMER_HANDLERS = {
    **BRIDGEWAY_TIMER_HANDLERS,
    "test.effect": "tests.notifications.timer_handlers.record_effect",
    "test.fail": "tests.notifications.timer_handlers.always_fail",
}
