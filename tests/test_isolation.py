"""The isolation bar: for every URL pattern × every role of agency B × every method, agency A's
object ids give the same answer as an id that does not exist, no row changes, and no A canary
string appears in any response. A meta-test fails when a URL pattern is missing from the matrix.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import serializers
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.http import int_to_base36

from bridgeway.core.health import worker_beat
from bridgeway.core.models import AuditEvent, Invitation, Membership, Organization
from bridgeway.programs.models import Enrollment, Program, StatusChange, WaitlistEntry
from bridgeway.programs.waitlist import waitlist_sync
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory
from tests.isolation import entry_modules
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, Pair

METHODS = ["get", "post", "put", "patch", "delete"]
# Agency B's people who try agency A's ids: its staff, its participants, and the roles the
# matrix modules add (B_ROLES, made by their `b_roles(world)`: a contact of B's partner).
ROLES = [
    "admin",
    "coordinator",
    "mentee",
    "mentor",
    *[role for module in entry_modules() for role in getattr(module, "B_ROLES", ())],
]
# Fields a form or endpoint must never accept from a person; posted everywhere.
HOSTILE_DATA = {
    "organization": "1",
    "role": "admin",
    "is_staff": "true",
    "is_superuser": "true",
    "status": "matched",
    "name": "Renamed by B",
    "email": "b-owns-this@agency-b.org",
    "reason": "hostile",
}


def _org(a: SimpleNamespace) -> list[Pair]:
    return [({"org": "agency-a"}, {"org": "no-such-agency"})]


def _org_pk(attr: str) -> Callable[[SimpleNamespace], list[Pair]]:
    def pairs(a: SimpleNamespace) -> list[Pair]:
        pk = getattr(a, attr).pk
        return [
            ({"org": "agency-a", "pk": pk}, {"org": "no-such-agency", "pk": MISSING}),
            # B's own agency in the address with A's object id.
            ({"org": "agency-b", "pk": pk}, {"org": "agency-b", "pk": MISSING}),
        ]

    return pairs


def _pk(attr: str) -> Callable[[SimpleNamespace], list[Pair]]:
    return lambda a: [({"pk": getattr(a, attr).pk}, {"pk": MISSING})]


MATRIX: dict[str, Entry] = {
    "core:home": NO_IDS,
    "core:dashboard": NO_IDS,
    "core:invitation_accept": lambda a: [({"token": a.invitation.token}, {"token": "x" * 43})],
    "core:agency_overview": _org,
    "core:agency_settings": _org,
    "core:agency_staff": _org,
    "core:agency_staff_role": _org_pk("membership"),
    "core:agency_staff_remove": _org_pk("membership"),
    "core:invitation_revoke": _org_pk("invitation"),
    "core:agency_audit": _org,
    "core:network_agencies": NO_IDS,
    "core:network_agency_new": NO_IDS,
    "core:network_agency_edit": _pk("agency"),
    "programs:detail": _pk("hidden_program"),
    "programs:withdraw": _pk("enrollment"),
    "programs:program_new": _org,
    "programs:staff_program": _pk("program"),
    "programs:program_edit": _pk("program"),
    "programs:staff_enrollment": _pk("enrollment"),
    "programs:waiting_list": _pk("program"),
    "programs:waiting_list_move": lambda a: [
        (
            {"pk": a.program.pk, "entry_pk": a.waitlist_entry.pk},
            {"pk": MISSING, "entry_pk": MISSING},
        ),
        # B's own program in the address with A's entry.
        (
            {"pk": a.b_program.pk, "entry_pk": a.waitlist_entry.pk},
            {"pk": a.b_program.pk, "entry_pk": MISSING},
        ),
    ],
    "programs:participants_import": _pk("program"),
    "programs:participants_export": _pk("program"),
    "accounts:preferences": NO_IDS,
    "accounts:set_language": NO_IDS,
    "accounts:mfa_required": NO_IDS,
    "accounts:api_token": NO_IDS,
    "accounts:sign_out_everywhere": NO_IDS,
    "accounts:signed_in": NO_IDS,
    # Operators' endpoints: nothing about any agency (health) or a bearer token (metrics).
    "health": NO_IDS,
    "metrics": NO_IDS,
    "account_login": NO_IDS,
    "account_logout": NO_IDS,
    "account_inactive": NO_IDS,
    "account_signup": NO_IDS,
    "account_reauthenticate": NO_IDS,
    "account_request_reauthentication_code": NO_IDS,
    "account_confirm_reauthentication_code": NO_IDS,
    "account_email": NO_IDS,
    "account_email_verification_sent": NO_IDS,
    "account_change_password": NO_IDS,
    "account_set_password": NO_IDS,
    "account_reset_password": NO_IDS,
    "account_confirm_login_code": NO_IDS,
    "account_reset_password_from_key_done": NO_IDS,
    "account_reset_password_from_key": lambda a: [
        (
            {"uidb36": int_to_base36(a.mentee.pk), "key": "set-password"},
            {"uidb36": int_to_base36(MISSING), "key": "set-password"},
        )
    ],
    "account_reset_password_done": NO_IDS,
    "account_request_login_code": NO_IDS,
    "mfa_index": NO_IDS,
    "mfa_authenticate": NO_IDS,
    "mfa_reauthenticate": NO_IDS,
    "mfa_activate_totp": NO_IDS,
    "mfa_deactivate_totp": NO_IDS,
    "mfa_view_recovery_codes": NO_IDS,
    "mfa_generate_recovery_codes": NO_IDS,
    "mfa_download_recovery_codes": NO_IDS,
    "api:api-root": NO_IDS,
    "api:program-list": NO_IDS,
    "api:program-detail": _pk("program"),
    "api:enrollment-list": NO_IDS,
    "api:enrollment-apply": NO_IDS,
    "api:enrollment-detail": _pk("enrollment"),
    "api:enrollment-status": _pk("enrollment"),
    "api:enrollment-waiting": _pk("waiting_enrollment"),
    "api:program-waiting-list": _pk("program"),
    "api:program-waiting-list-move": _pk("program"),
    "api:directory-list": NO_IDS,
    "api:directory-detail": _pk("hidden_program"),
    "api:me": NO_IDS,
    "api:schema": NO_IDS,
    "api:docs": NO_IDS,
}
for _module in entry_modules():
    MATRIX.update(_module.MATRIX)


# The URL patterns that libraries bring, with the release whose pages were reviewed. Upgrading a
# library is a deliberate commit (requirements.lock); when the installed release differs from
# the reviewed one, test_library_url_patterns_were_reviewed_for_the_installed_release fails and
# lists what the new release adds and removes, so the upgrade asks "do these pages take an
# object id, and can they show anything of another agency?" before the matrix is updated —
# instead of silently passing over new pages or failing on a name nobody recognises.
LIBRARY_URLS: dict[str, tuple[str, frozenset[str]]] = {
    "django-allauth": (
        "65.22.1",
        frozenset(
            {
                "account_login",
                "account_logout",
                "account_inactive",
                "account_signup",
                "account_reauthenticate",
                "account_request_reauthentication_code",
                "account_confirm_reauthentication_code",
                "account_email",
                "account_email_verification_sent",
                "account_change_password",
                "account_set_password",
                "account_reset_password",
                "account_confirm_login_code",
                "account_reset_password_from_key_done",
                "account_reset_password_from_key",
                "account_reset_password_done",
                "account_request_login_code",
                "mfa_index",
                "mfa_authenticate",
                "mfa_reauthenticate",
                "mfa_activate_totp",
                "mfa_deactivate_totp",
                "mfa_view_recovery_codes",
                "mfa_generate_recovery_codes",
                "mfa_download_recovery_codes",
            }
        ),
    ),
    "djangorestframework": ("3.18.3", frozenset({"api:api-root"})),
    "drf-spectacular": ("0.30.0", frozenset({"api:schema", "api:docs"})),
}


def _view_module(pattern: URLPattern) -> str:
    view_class = getattr(pattern.callback, "view_class", None)
    return (view_class or pattern.callback).__module__


def _walk(patterns: list[Any], namespace: str | None = None) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name"
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def all_url_names() -> set[str]:
    return {name for name, _ in _walk(get_resolver().url_patterns)}


def library_url_names() -> dict[str, set[str]]:
    """URL names whose views live outside Bridgeway, by the distribution that ships them."""
    distributions = importlib.metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for name, pattern in _walk(get_resolver().url_patterns):
        package = _view_module(pattern).split(".")[0]
        if package == "bridgeway":
            continue
        distribution = distributions[package][0]
        found.setdefault(distribution, set()).add(name)
    return found


def test_every_url_pattern_is_in_the_isolation_matrix() -> None:
    missing = all_url_names() - set(MATRIX)
    assert not missing, f"Add these URL patterns to the isolation matrix: {sorted(missing)}"
    stale = set(MATRIX) - all_url_names()
    assert not stale, f"These matrix entries name no URL pattern: {sorted(stale)}"


def test_library_url_patterns_were_reviewed_for_the_installed_release() -> None:
    found = library_url_names()
    unknown = set(found) - set(LIBRARY_URLS)
    assert not unknown, f"URL patterns from a library nobody reviewed: {found}"
    questions = []
    for distribution, (reviewed, names) in LIBRARY_URLS.items():
        installed = importlib.metadata.version(distribution)
        now = found.get(distribution, set())
        if installed != reviewed or now != names:
            questions.append(
                f"{distribution} {installed} (reviewed: {reviewed}) adds {sorted(now - names)}"
                f" and removes {sorted(names - now)}: check that these pages take no object id"
                " of another agency and show nothing of one, add them to MATRIX, then record"
                " the release and its names in LIBRARY_URLS."
            )
    assert not questions, "\n".join(questions)


@pytest.fixture
def agency_a_data(world: SimpleNamespace) -> SimpleNamespace:
    """Agency A's private data, each piece carrying the canary."""
    a = world
    hidden = ProgramFactory(
        organization=a.agency_a, name=f"Hidden {CANARY}", slug="hidden", is_published=False
    )
    for person in (a.alice, a.bob, a.erin, a.frank):
        person.display_name = f"{person.display_name} {CANARY}"
        person.save(update_fields=["display_name"])
    a.agency_a.description = f"Internal notes {CANARY}"
    a.agency_a.save(update_fields=["description"])
    a.program_a.description = f"Staff-only description {CANARY}"
    a.program_a.save(update_fields=["description"])
    invitation = Invitation.objects.create(
        organization=a.agency_a,
        email=f"new-{CANARY}@agency-a.org",
        role="coordinator",
        invited_by=a.alice,
        expires_at=Invitation.default_expiry(),
    )
    AuditEvent.objects.create(organization=a.agency_a, actor=a.alice, action="x", summary=CANARY)
    waiting = EnrollmentFactory(
        program=a.program_a,
        person=PersonFactory(display_name=f"Waiting {CANARY}"),
        role="mentee",
        status="waitlisted",
    )
    waitlist_sync(enrollment=waiting)
    data = SimpleNamespace(
        waitlist_entry=waiting.waitlist_entry,
        waiting_enrollment=waiting,
        b_program=a.program_b,
        agency=a.agency_a,
        program=a.program_a,
        hidden_program=hidden,
        enrollment=Enrollment.objects.get(person=a.erin),
        mentor_enrollment=Enrollment.objects.get(person=a.frank),
        membership=Membership.objects.get(person=a.bob),
        invitation=invitation,
        mentee=a.erin,
    )
    for module in entry_modules():
        if hasattr(module, "extend"):
            module.extend(world, data)
    return data


@pytest.fixture
def agency_b_roles(world: SimpleNamespace) -> dict[str, Any]:
    mentee = PersonFactory(email="b-mentee@example.org", display_name="B mentee")
    mentor = PersonFactory(email="b-mentor@example.org", display_name="B mentor")
    EnrollmentFactory(program=world.program_b, person=mentee, role="mentee")
    EnrollmentFactory(program=world.program_b, person=mentor, role="mentor")
    roles = {"admin": world.carol, "coordinator": world.dave, "mentee": mentee, "mentor": mentor}
    for module in entry_modules():
        if hasattr(module, "b_roles"):
            roles.update(module.b_roles(world))
    return roles


def fingerprint() -> str:
    """Every row a request could change, in one digest."""
    digest = hashlib.sha256()
    models: list[Any] = [
        Organization,
        Program,
        Enrollment,
        Membership,
        Invitation,
        AuditEvent,
        StatusChange,
        WaitlistEntry,
    ]
    for module in entry_modules():
        models.extend(getattr(module, "FINGERPRINT_MODELS", []))
    for model in models:
        rows = model.objects.order_by("pk")
        digest.update(serializers.serialize("json", rows).encode())
    return digest.hexdigest()


def _call(client: Client, method: str, url: str) -> Any:
    if method == "get":
        return client.get(url)
    if method == "post":
        return client.post(url, HOSTILE_DATA)
    return getattr(client, method)(url, HOSTILE_DATA, content_type="application/json")


def _sign_in(client: Client, person: Any) -> None:
    """Sign in again only when the last request ended the session (sign-out, a password change):
    a fresh sign-in per request costs more than the request itself."""
    if client.session.get(SESSION_KEY) != str(person.pk):
        client.force_login(person)


def _answer(response: Any) -> tuple[int, str]:
    return response.status_code, response.headers.get("Location", "")


def _assert_no_canary(response: Any, where: str) -> None:
    body = b"".join(response) if response.streaming else response.content
    assert CANARY.encode() not in body.lower(), f"agency A's data leaked in {where}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_agency_b_gets_the_same_404_for_agency_a_ids(
    role: str, agency_a_data: SimpleNamespace, agency_b_roles: dict[str, Any]
) -> None:
    client = Client()
    person = agency_b_roles[role]
    before = fingerprint()
    checked = 0
    for name, entry in sorted(MATRIX.items()):
        if isinstance(entry, str):
            continue
        # One person sends every request of the matrix within a minute: more than the API's
        # per-person rate (600/min) allows. Each address starts with an empty throttle, so the
        # answers compared are the endpoints' own, never a 429 of the throttle.
        cache.clear()
        for a_kwargs, missing_kwargs in entry(agency_a_data):
            for method in METHODS:
                _sign_in(client, person)
                a_url, missing_url = (
                    reverse(name, kwargs=a_kwargs),
                    reverse(name, kwargs=missing_kwargs),
                )
                a_response = _call(client, method, a_url)
                _sign_in(client, person)
                missing_response = _call(client, method, missing_url)
                where = f"{method.upper()} {a_url} as B {role}"
                assert _answer(a_response) == _answer(missing_response), where
                assert a_response.status_code < 500, where
                _assert_no_canary(a_response, where)
                checked += 1
    assert fingerprint() == before, f"a request by B {role} changed agency data"
    assert checked > 100


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_pages_without_ids_show_agency_b_nothing_of_agency_a(
    role: str, agency_a_data: SimpleNamespace, agency_b_roles: dict[str, Any]
) -> None:
    client = Client()
    person = agency_b_roles[role]
    worker_beat()  # /health/ answers 503 without a worker: none runs in the tests
    before = fingerprint()
    for name, entry in sorted(MATRIX.items()):
        if not isinstance(entry, str):
            continue
        _sign_in(client, person)
        url = reverse(name)
        response = client.get(url)
        assert response.status_code < 500, f"GET {url} as B {role}"
        _assert_no_canary(response, f"GET {url} as B {role}")
    assert fingerprint() == before


@pytest.mark.django_db
def test_the_matrix_really_reaches_agency_a_data_for_its_own_staff(
    agency_a_data: SimpleNamespace, world: SimpleNamespace
) -> None:
    """The canary is where the matrix looks: A's own admin sees it on the same addresses."""
    client = Client()
    client.force_login(world.alice)
    seen = 0
    for name in ["core:agency_overview", "core:agency_staff", "core:agency_audit"]:
        response = client.get(reverse(name, kwargs={"org": "agency-a"}))
        assert response.status_code == 200
        seen += CANARY.encode() in response.content.lower()
    response = client.get(
        reverse("programs:staff_enrollment", kwargs={"pk": agency_a_data.enrollment.pk})
    )
    assert CANARY.encode() in response.content.lower()
    response = client.get(reverse("api:program-detail", kwargs={"pk": agency_a_data.program.pk}))
    assert CANARY.encode() in response.content.lower()
    assert seen >= 2
    assert timezone.now()
