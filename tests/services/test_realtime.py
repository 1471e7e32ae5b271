"""Live updates reach the right person's open page, on both channel layers.

A page's websocket at /ws/events/ is opened through the project's ASGI application (origin
check, session sign-in, routing), signed in with a real session cookie. A coordinator's status
change is sent after it commits; only the enrollee's socket hears it.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import channel_layers, get_channel_layer
from django.conf import settings as django_settings
from django.db import connections
from django.test import Client

from bridgeway.accounts.models import Person
from bridgeway.config.asgi import application
from bridgeway.programs.models import Enrollment
from bridgeway.programs.services import enrollment_set_status
from tests.factories import (
    EnrollmentFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    ProgramFactory,
)
from tests.services.needs import redis_param, require_redis
from tests.services.sockets import PageSocket

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = b"http://localhost"
# Redis delivers through the network: give it time, but never wait without bound.
RECEIVE_TIMEOUT = 5.0
QUIET_TIMEOUT = 0.5
SCENARIO_TIMEOUT = 120.0


def run_async(scenario: Callable[[], Awaitable[None]]) -> None:
    """Run an async scenario from this synchronous test, in a thread of its own: the test's
    thread may already run an event loop (the browser tests' Playwright does), where
    ``async_to_sync`` refuses to run. Database calls of the scenario happen in that thread, on
    connections closed at its end."""
    failure: list[BaseException] = []

    def target() -> None:
        try:
            async_to_sync(scenario)()
        except BaseException as error:
            failure.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=target, name="websocket-scenario")
    thread.start()
    thread.join(SCENARIO_TIMEOUT)
    assert not thread.is_alive(), "the websocket scenario did not finish"
    if failure:
        raise failure[0]


@pytest.fixture(params=["memory", redis_param()])
def channel_layer(request: pytest.FixtureRequest, settings: Any) -> Iterator[str]:
    if request.param == "redis":
        config = {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [require_redis()],
                "prefix": f"bridgeway-test-{uuid.uuid4().hex[:12]}",
            },
        }
    else:
        config = {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    settings.CHANNEL_LAYERS = {"default": config}
    channel_layers.backends.clear()
    try:
        yield config["BACKEND"]
    finally:
        layer = get_channel_layer()
        if layer is not None and hasattr(layer, "flush"):
            run_async(layer.flush)
        channel_layers.backends.clear()


def session_headers(person: Person) -> list[tuple[bytes, bytes]]:
    client = Client()
    client.force_login(person)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return [
        (b"origin", ORIGIN),
        (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={cookie}".encode()),
    ]


def socket(headers: list[tuple[bytes, bytes]]) -> PageSocket:
    return PageSocket(application, "/ws/events/", headers)


def test_a_status_change_reaches_the_enrollees_page_and_no_one_elses(channel_layer: str) -> None:
    agency = OrganizationFactory()
    program = ProgramFactory(organization=agency)
    coordinator = PersonFactory()
    MembershipFactory(organization=agency, person=coordinator, role="coordinator")
    mentee = PersonFactory()
    enrollment = EnrollmentFactory(program=program, person=mentee)
    bystander = PersonFactory()
    EnrollmentFactory(program=program, person=bystander)
    layer = get_channel_layer()
    assert f"{type(layer).__module__}.{type(layer).__name__}" == channel_layer

    mentee_headers, bystander_headers = session_headers(mentee), session_headers(bystander)

    async def scenario() -> None:
        mine, theirs = socket(mentee_headers), socket(bystander_headers)
        try:
            assert (await mine.connect())[0]
            assert (await theirs.connect())[0]
            await sync_to_async(enrollment_set_status)(
                enrollment=enrollment, status=Enrollment.Status.SCREENING, by=coordinator
            )
            event = await mine.receive_json(timeout=RECEIVE_TIMEOUT)
            assert event == {
                "type": "enrollment.status",
                "enrollment": enrollment.pk,
                "status": "screening",
            }
            assert await theirs.receive_nothing(timeout=QUIET_TIMEOUT)
            assert await mine.receive_nothing(timeout=0.05)
        finally:
            await mine.disconnect()
            await theirs.disconnect()

    run_async(scenario)


def test_a_socket_without_a_session_or_from_another_site_is_refused(channel_layer: str) -> None:
    person = PersonFactory()
    signed_in = session_headers(person)

    async def scenario() -> None:
        anonymous = socket([(b"origin", ORIGIN)])
        connected, code = await anonymous.connect()
        assert not connected
        assert code == 4401
        await anonymous.disconnect()

        foreign = socket([(b"origin", b"https://evil.example"), signed_in[1]])
        connected, _code = await foreign.connect()
        assert not connected
        await foreign.disconnect()

        forged = socket([(b"origin", ORIGIN), (b"cookie", b"sessionid=not-a-session")])
        connected, code = await forged.connect()
        assert not connected
        assert code == 4401
        await forged.disconnect()

    run_async(scenario)
