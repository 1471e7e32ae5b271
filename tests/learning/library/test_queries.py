"""The library's lists read as often with many resources as with a few."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.learning.library.conftest import link

pytestmark = pytest.mark.django_db


def _more(world: SimpleNamespace, count: int) -> None:
    network = world.agency_a.network
    for number in range(count):
        scope: dict[str, Any] = (
            {"program": world.program_a} if number % 2 else {"organization": world.agency_a}
        )
        link(world.bob, f"Guide {number}", network=network, **scope)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("erin", reverse("learning:library")),
        ("erin", reverse("learning:library") + "?q=guide"),
        ("alice", reverse("learning:agency_library", args=["agency-a"])),
    ],
)
def test_the_lists_keep_their_query_count(
    client: Client, world: SimpleNamespace, resources: SimpleNamespace, who: str, url: str
) -> None:
    client.force_login(getattr(world, who))
    _more(world, 4)
    few = _queries(client, url)
    _more(world, 16)
    assert _queries(client, url) == few
