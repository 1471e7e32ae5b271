"""Two staff members changing different settings of one program at the same moment, through
the real server: both changes are kept, every time."""

from __future__ import annotations

import functools
import json
import threading
import urllib.request
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from rest_framework.authtoken.models import Token

from bridgeway.programs.models import Program
from tests.factories import MembershipFactory, PersonFactory, enable_mfa

ROUNDS = 20
TIMEOUT = 30  # seconds; a bound on every request and thread, not a limit the test measures


def _patch(url: str, token: str, body: dict[str, Any]) -> int:
    """PATCH `body` to the live server as the holder of `token`; the answer's status code."""
    request = urllib.request.Request(  # noqa: S310 (a http:// address of the test server)
        url,
        data=json.dumps(body).encode(),
        method="PATCH",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
        return int(response.status)


def _at_once(calls: list[Callable[[], int]]) -> list[int | BaseException]:
    """Run each call on a thread of its own, all released at the same moment; their results
    (or errors) in the order given."""
    start = threading.Barrier(len(calls), timeout=TIMEOUT)
    results: list[int | BaseException] = [RuntimeError("no answer")] * len(calls)

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = calls[index]()
        except BaseException as error:  # reported by the test, on its own thread
            results[index] = error

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    return results


def _token_for_admin(world: SimpleNamespace) -> str:
    admin = PersonFactory()
    MembershipFactory(person=admin, organization=world.agency_a, role="admin")
    enable_mfa(admin)
    return str(Token.objects.create(user=admin).key)


@pytest.mark.django_db(transaction=True)
def test_it_keeps_both_of_two_simultaneous_changes_to_different_settings(
    live_server: Any, world: SimpleNamespace
) -> None:
    program = world.program_a
    url = f"{live_server.url}/api/v1/programs/{program.pk}/"
    tokens = [str(Token.objects.create(user=world.alice).key), _token_for_admin(world)]
    for round_number in range(1, ROUNDS + 1):
        changes = [
            {"mentor_response_days": 20 + round_number},
            {"duration_weeks": 30 + round_number},
        ]
        answers = _at_once(
            [
                functools.partial(_patch, url, token, body)
                for token, body in zip(tokens, changes, strict=True)
            ]
        )
        assert answers == [200, 200], f"round {round_number}"
        saved = Program.objects.get(pk=program.pk)
        assert (saved.mentor_response_days, saved.duration_weeks) == (
            20 + round_number,
            30 + round_number,
        ), f"round {round_number}: one of the two changes was lost"
