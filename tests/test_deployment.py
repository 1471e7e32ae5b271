"""What docs/deployment.md hands operators: the files under deploy/ say what the app expects
(commands that exist, variables it reads, the websocket upgrade, headers in every proxied
location), the deployment checks warn of what breaks with a second node, and a load balancer's
health check leaves a stopped worker out of its verdict."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.checks import run_checks
from django.core.management import get_commands
from django.test import Client

from bridgeway.core import checks

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
SETTINGS = (ROOT / "src/bridgeway/config/settings.py").read_text() + (
    ROOT / "src/bridgeway/cli.py"
).read_text()
OPERATIONS = (ROOT / "docs/operations.md").read_text() + (ROOT / "docs/deployment.md").read_text()


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read_string((UNITS / name).read_text())
    return parser


def bridgeway_command(exec_start: str) -> list[str]:
    program, *words = shlex.split(exec_start)
    assert program == "/opt/bridgeway/.venv/bin/bridgeway"
    return words


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("bridgeway-web.service", "serve"),
        ("bridgeway-worker@.service", "worker"),
        ("bridgeway-backup.service", "backup"),
    ],
)
def test_each_unit_runs_a_bridgeway_command_with_the_shared_environment(
    name: str, command: str
) -> None:
    parsed = unit(name)
    assert parsed["Unit"]["Description"]
    service = parsed["Service"]
    assert service["EnvironmentFile"] == "/etc/bridgeway/bridgeway.env"
    assert service["User"] == "bridgeway"
    assert service["WorkingDirectory"] == "/var/lib/bridgeway"
    words = bridgeway_command(service["ExecStart"])
    assert words[0] == command
    assert command in {"serve", "worker"} or command in get_commands()
    if command != "backup":
        assert service["Restart"] == "always"
        assert parsed["Install"]["WantedBy"] == "multi-user.target"


def test_the_backup_runs_every_night_into_the_folder_it_may_write() -> None:
    timer = unit("bridgeway-backup.timer")
    assert timer["Timer"]["OnCalendar"] == "*-*-* 02:30:00"
    assert timer["Timer"]["Persistent"] == "true"
    service = unit("bridgeway-backup.service")["Service"]
    assert service["Type"] == "oneshot"
    words = bridgeway_command(service["ExecStart"])
    assert words == ["backup", "--to", "/var/backups/bridgeway"]
    assert "/var/backups/bridgeway" in service["ReadWritePaths"].split()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not here")
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    for path in UNITS.iterdir():
        text = path.read_text().replace("/opt/bridgeway/.venv/bin/bridgeway", "/bin/true")
        (tmp_path / path.name).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Unknown" not in result.stderr, result.stderr


def test_the_environment_file_names_only_what_the_app_reads() -> None:
    names = re.findall(
        r"^#? ?([A-Z][A-Z0-9_]+)=", (DEPLOY / "bridgeway.env.example").read_text(), re.M
    )
    assert "BRIDGEWAY_SECRET_KEY" in names
    read_elsewhere = {"FORWARDED_ALLOW_IPS"}  # Uvicorn's, read by `bridgeway serve`
    for name in names:
        assert f'"{name}"' in SETTINGS or name in read_elsewhere, name
        assert f"`{name}`" in OPERATIONS, f"{name} is not documented"


def _blocks(text: str, opener: str) -> list[str]:
    """The bodies of the `opener { … }` blocks of an nginx file (`opener`: a pattern)."""
    bodies = []
    for match in re.finditer(opener + r"\s*\{", text):
        depth, start = 1, match.end()
        for index in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            if depth == 0:
                bodies.append(text[start:index])
                break
    return bodies


def test_nginx_upgrades_websockets_and_passes_the_proxy_headers_everywhere() -> None:
    text = re.sub(r"#.*", "", (DEPLOY / "nginx/bridgeway.conf").read_text())
    assert text.count("{") == text.count("}")
    [websocket] = _blocks(text, "location /ws/")
    assert "proxy_set_header Upgrade $http_upgrade;" in websocket
    assert "proxy_set_header Connection $connection_upgrade;" in websocket
    # A location that sets any header loses the server's: each sets what the app reads.
    proxied = [body for body in _blocks(text, r"location [^{;]+") if "proxy_pass" in body]
    assert len(proxied) == 3
    for body in proxied:
        assert "proxy_set_header Host $host;" in body
        assert "proxy_set_header X-Forwarded-Proto $scheme;" in body
        assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in body
    assert "http2 on;" in text
    assert "ssl_certificate " in text
    assert "client_max_body_size 2048m;" in text
    assert "proxy_request_buffering off;" in text
    port = bridgeway_command(unit("bridgeway-web.service")["Service"]["ExecStart"])[-1]
    [upstream] = _blocks(text, "upstream bridgeway")
    assert re.findall(r"server [\d.]+:(\d+)", upstream) == [port, port]


def test_caddy_checks_each_node_with_the_load_balancers_health_address() -> None:
    text = (DEPLOY / "caddy/Caddyfile").read_text()
    assert "reverse_proxy 10.0.0.11:8000 10.0.0.12:8000 {" in text
    assert "health_uri /health/?node=1" in text
    assert "max_size 2048MB" in text


def test_the_deployment_checks_warn_of_a_key_and_files_of_one_node(settings: Any) -> None:
    settings.BRIDGEWAY_SECRET_KEY_GENERATED = True
    settings.REDIS_URL = "redis://redis.internal:6379/0"
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(settings.DATA_DIR / "attachments")},
        },
    }
    found = {message.id for message in run_checks(include_deployment_checks=True)}
    assert {"bridgeway.W001", "bridgeway.W002"} <= found

    settings.BRIDGEWAY_SECRET_KEY_GENERATED = False
    settings.STORAGES["attachments"]["OPTIONS"]["location"] = "/srv/bridgeway-files"
    assert checks.signing_key_is_shared(None) == []
    assert checks.files_are_shared(None) == []


@pytest.mark.django_db
def test_a_load_balancer_keeps_a_node_whose_worker_is_stopped(client: Client) -> None:
    assert client.get("/health/").status_code == 503  # no worker has beaten
    answer = client.get("/health/?node=1")
    assert answer.status_code == 200
    assert answer.json()["checks"] == {"database": "ok", "cache": "ok", "worker": "down"}
