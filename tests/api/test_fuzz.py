"""Schemathesis over the whole OpenAPI schema, signed in as each role.

Every operation the schema lists is called with requests generated from its own description
(valid and invalid ones), in-process through the WSGI application on the test database, by each
kind of caller: agency A's admin, coordinator, mentee and mentor, the network admin, a contact of
A's corporate partner, agency B's coordinator, a person with no role anywhere, and nobody
(no token). The network is the isolation matrix's (tests/test_isolation.py): every address with
an id is tried with ids of agency A's real objects (found through the matrix's own entries) as
well as generated ones, so each role meets its own objects, other people's (403/404) and ids that
do not exist.

The checks: no server error (5xx), every status code the schema documents for the operation,
the body matches the documented schema and the documented content type. A finding is fixed in
the code or in the schema, never silenced here.

Examples per operation and role are fixed (`FUZZ_EXAMPLES`, default below) and derandomized, so
CI sees the same requests on every run; more locally with `BRIDGEWAY_FUZZ_EXAMPLES=50`.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import enable_mfa
from tests.test_isolation import MATRIX, agency_a_data, agency_b_roles  # noqa: F401  (fixtures)

FUZZ_EXAMPLES = int(os.environ.get("BRIDGEWAY_FUZZ_EXAMPLES", "4"))
ROLES = [
    "admin",
    "coordinator",
    "mentee",
    "mentor",
    "network admin",
    "partner contact",
    "other agency's coordinator",
    "no role",
    "anonymous",
]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
PLENTY = "100000/m"

_raw_schema: dict[str, Any] = {}


def _schema_document() -> dict[str, Any]:
    """The schema as a client downloads it, built once per test process."""
    if not _raw_schema:
        response = Client().get(reverse("api:schema"), {"format": "json"})
        assert response.status_code == 200
        _raw_schema.update(response.json())
    return _raw_schema


def _config() -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": 16,
            "phases": {
                "examples": {"enabled": False},
                "coverage": {"enabled": False},
                "stateful": {"enabled": False},
            },
            "generation": {
                "mode": "all",
                "max-examples": FUZZ_EXAMPLES,
                "deterministic": True,
                "database": "none",
                "with-security-parameters": False,
            },
        }
    )


def _placeholders(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Values that pass each URL converter and can be found again in the reversed address."""
    return {
        key: 987_000_000 + index if isinstance(value, int) else f"zqparam{index}"
        for index, (key, value) in enumerate(kwargs.items())
    }


def _schema_path(name: str, kwargs: dict[str, Any]) -> str | None:
    """The schema's path template of a URL name (drf-spectacular calls `pk` `id`)."""
    placeholders = _placeholders(kwargs)
    try:
        path = reverse(name, kwargs=placeholders)
    except NoReverseMatch:
        return None
    for key, value in placeholders.items():
        path = path.replace(str(value), "{" + ("id" if key == "pk" else key) + "}")
    return path


def id_pools(a: SimpleNamespace) -> dict[str, list[dict[str, str]]]:
    """For each path template of the API, the path parameters of agency A's real objects and of
    ids that do not exist, from the isolation matrix's entries."""
    pools: dict[str, list[dict[str, str]]] = {}
    for name, entry in MATRIX.items():
        if not name.startswith("api:") or isinstance(entry, str):
            continue
        for pair in entry(a):
            for kwargs in pair:
                template = _schema_path(name, kwargs)
                if template is None:
                    continue
                values = {
                    ("id" if key == "pk" else key): str(value) for key, value in kwargs.items()
                }
                if values not in pools.setdefault(template, []):
                    pools[template].append(values)
    return pools


@pytest.fixture
def fuzz_world(
    world: SimpleNamespace,
    agency_a_data: SimpleNamespace,  # noqa: F811
    agency_b_roles: dict[str, Any],  # noqa: F811
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> SimpleNamespace:
    """The isolation matrix's network, its people by role, and limits no fuzzer reaches."""
    settings.BRIDGEWAY_RATE_LIMITS = dict.fromkeys(settings.BRIDGEWAY_RATE_LIMITS, "100000/m")
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": PLENTY, "user": PLENTY})
    contact = agency_a_data.partner_contact.person
    enable_mfa(contact)
    people = {
        "admin": world.alice,
        "coordinator": world.bob,
        "mentee": world.erin,
        "mentor": world.frank,
        "network admin": world.grace,
        "partner contact": contact,
        "other agency's coordinator": agency_b_roles["coordinator"],
        "no role": world.mallory,
    }
    return SimpleNamespace(people=people, pools=id_pools(agency_a_data))


def _with_real_ids(case: Any, pools: dict[str, list[dict[str, str]]]) -> None:
    """Most cases get the path parameters of a real object (or of a missing id from the
    matrix); the rest keep the generated ones. The choice follows the generated values, so a
    derandomized run is the same every time."""
    pool = pools.get(case.operation.path)
    if not pool or not case.path_parameters:
        return
    choice = zlib.crc32(repr(sorted(case.path_parameters.items())).encode()) % (len(pool) + 1)
    if choice < len(pool) and set(pool[choice]) == set(case.path_parameters):
        case.path_parameters = dict(pool[choice])


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request: pytest.FixtureRequest) -> None:
    """schemathesis 4.32's `from_fixture` reads and writes `node._nodeid`, which pytest 9.2 no
    longer has (its `nodeid` is computed); give it the attribute it renames subtests with."""
    request.node._nodeid = request.node.nodeid


@pytest.fixture(params=ROLES)
def role_headers(request: pytest.FixtureRequest, fuzz_world: SimpleNamespace) -> dict[str, str]:
    person = fuzz_world.people.get(request.param)
    if person is None:
        return {}
    token, _ = Token.objects.get_or_create(user=person)
    return {"Authorization": f"Token {token.key}"}


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """The project's WSGI application, on the test database: like Django's test client, the
    connection is not closed at the end of each request (that would end the test's
    transaction, and an in-memory SQLite database with it). The schema is read first: the test
    client connects the signal again after each of its requests."""
    _schema_document()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(
    fuzz_world: SimpleNamespace, role_headers: dict[str, str], wsgi_app: WSGIHandler
) -> Any:
    """Depends on the role so that pytest makes one test per role."""
    schema = schemathesis.openapi.from_dict(_schema_document(), config=_config())
    schema.app = wsgi_app
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_as_every_role(
    case: Any, role_headers: dict[str, str], fuzz_world: SimpleNamespace
) -> None:
    _with_real_ids(case, fuzz_world.pools)
    case.call_and_validate(headers=role_headers, checks=CHECKS)


def test_the_matrix_gives_real_ids_to_most_addresses_with_ids(
    db: None, fuzz_world: SimpleNamespace
) -> None:
    """The fuzzing reaches real objects: the matrix names ids for the schema's paths."""
    paths = [path for path in _schema_document()["paths"] if "{" in path]
    missing = [path for path in paths if path not in fuzz_world.pools]
    assert len(missing) < len(paths) / 10, missing
