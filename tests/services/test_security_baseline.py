"""The security baseline of production settings.

Production settings are loaded in a subprocess, exactly as a deployment loads them (no test
settings, ``BRIDGEWAY_DEBUG=0``, ``BRIDGEWAY_HTTPS=1``, a long random key): Django's deployment
checks must pass with no warning, and passwords are hashed with Argon2. Their security values
are then applied here, and responses of every kind (pages, the sign-in, an API answer, a 404,
a redirect) are checked for the headers and cookie flags.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpResponseBase
from django.test import Client

from tests.factories import PASSWORD, PersonFactory

ROOT = Path(__file__).resolve().parents[2]
HOST = "bridgeway.example.org"

SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
    "CONTENT_SECURITY_POLICY",
    "MIDDLEWARE",
]

DUMP = f"""
import json
import django
django.setup()
from django.conf import settings
from django.contrib.auth.hashers import make_password
values = {{name: getattr(settings, name, None) for name in {SECURITY_SETTINGS!r}}}
values["PASSWORD_HASHERS"] = settings.PASSWORD_HASHERS
values["hashed_with"] = make_password("a password").split("$", 1)[0]
print(json.dumps(values))
"""


def production_env(data_dir: Path, https: bool = True) -> dict[str, str]:
    """The environment of a deployment: nothing inherited from the test run's settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BRIDGEWAY_", "DJANGO_", "EMAIL_"))
        and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    return env | {
        "DJANGO_SETTINGS_MODULE": "bridgeway.config.settings",
        "BRIDGEWAY_DEBUG": "0",
        "BRIDGEWAY_HTTPS": "1" if https else "0",
        "BRIDGEWAY_SECRET_KEY": secrets.token_urlsafe(64),
        "BRIDGEWAY_ALLOWED_HOSTS": HOST,
        "BRIDGEWAY_DATA_DIR": str(data_dir),
    }


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    result = run(["-c", DUMP], production_env(tmp_path_factory.mktemp("production")))
    assert result.returncode == 0, result.stderr
    values: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return values


def test_deployment_checks_pass_with_production_settings(tmp_path: Path) -> None:
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_hashes_passwords_with_argon2(production: dict[str, Any]) -> None:
    assert production["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert production["hashed_with"] == "argon2"


def test_production_without_https_sends_no_hsts(tmp_path: Path) -> None:
    result = run(["-c", DUMP], production_env(tmp_path, https=False))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert not values["SECURE_HSTS_SECONDS"]
    assert not values["SECURE_SSL_REDIRECT"]


@pytest.fixture
def production_client(production: dict[str, Any], settings: Any) -> Client:
    """A test client whose requests meet production's security settings and arrive as a TLS
    proxy forwards them."""
    for name in SECURITY_SETTINGS:
        value = production[name]
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" else value)
    assert production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    return Client(headers={"X-Forwarded-Proto": "https"})


def assert_security_headers(response: HttpResponseBase, production: dict[str, Any]) -> None:
    where = f"{response.status_code} {getattr(response, 'url', '')}"
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {
        part.strip().split()[0]: part.strip().split()[1:] for part in csp.split(";") if part.strip()
    }
    assert directives.get("default-src") == ["'self'"], where
    assert directives.get("object-src") == ["'none'"], where
    assert directives.get("frame-ancestors") == ["'none'"], where
    for source in directives.get("script-src", []):
        assert source not in {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"}, where
    assert directives.get("script-src"), where
    assert response.headers.get("Strict-Transport-Security") == (
        f"max-age={production['SECURE_HSTS_SECONDS']}; includeSubDomains; preload"
    ), where
    assert production["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Referrer-Policy") == "same-origin", where
    assert response.headers.get("X-Frame-Options") == "DENY", where
    assert response.headers.get("Cross-Origin-Opener-Policy") == "same-origin", where


@pytest.mark.django_db
def test_every_kind_of_response_carries_the_security_headers(
    production_client: Client, production: dict[str, Any]
) -> None:
    person = PersonFactory(email="ines@example.org")
    client = production_client
    # A unique address keeps the sign-in limits of other tests (in a shared cache) out of it.
    address = f"2001:db8:{secrets.randbits(16):x}::7"

    responses = [
        client.get("/"),
        client.get("/accounts/login/"),
        client.get("/api/v1/directory/"),
        client.get("/no-such-page/"),
        client.get("/dashboard/"),  # a redirect to the sign-in page
    ]
    assert [r.status_code for r in responses] == [200, 200, 200, 404, 302]

    signed_in = client.post(
        "/accounts/login/",
        {"login": person.email, "password": PASSWORD},
        REMOTE_ADDR=address,
    )
    assert signed_in.status_code == 302, signed_in.content[:500]
    responses += [signed_in, client.get("/dashboard/")]
    assert responses[-1].status_code == 200

    for response in responses:
        assert_security_headers(response, production)

    session = signed_in.cookies["sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    csrf = responses[1].cookies["csrftoken"]
    assert csrf["secure"]
    assert csrf["samesite"] == "Lax"


def test_plain_http_is_redirected_to_https(production: dict[str, Any], settings: Any) -> None:
    for name in SECURITY_SETTINGS:
        value = production[name]
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" else value)
    response = Client(headers={"X-Forwarded-Proto": "http"}).get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"
