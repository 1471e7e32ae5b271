"""`bridgeway backup` and `bridgeway restore`, on the suite's database: SQLite in the first run,
PostgreSQL in the run on the servers (tests/with_services.py).

A database with a conversation of a few hundred messages and a file is backed up while another
connection keeps writing messages; the backup is restored into a fresh database, where every
table's row count and the hash of the messages equal those recorded, and the messages are
exactly the ones the source held up to the backup's last one.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from bridgeway.core.backups import Database, database_from_settings, fingerprint
from bridgeway.messaging.attachments import storage
from bridgeway.messaging.models import Conversation, Member, Message
from tests.factories import PersonFactory, ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGES = 300


@pytest.fixture(autouse=True)
def _client_programs_of_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """pg_dump and pg_restore of the server's own version (tests/with_services.py's choice)."""
    from tests.with_services import find_postgres_bindir

    bindir = find_postgres_bindir()
    if connection.vendor == "postgresql" and bindir is not None:
        monkeypatch.setenv("BRIDGEWAY_PG_BINDIR", str(bindir))


@pytest.fixture
def conversation() -> Conversation:
    program = ProgramFactory()
    mentee, mentor = PersonFactory(), PersonFactory()
    chat = Conversation.objects.create(
        organization=program.organization, program=program, kind="group", title="Backups"
    )
    Member.objects.bulk_create(
        [Member(conversation=chat, person=mentee), Member(conversation=chat, person=mentor)]
    )
    Message.objects.bulk_create(
        Message(conversation=chat, author=(mentee, mentor)[i % 2], body=f"Message {i} ✓")
        for i in range(MESSAGES)
    )
    return chat


@pytest.fixture
def a_file() -> Iterator[str]:
    name = storage().save(f"backup-test/{secrets.token_hex(8)}.txt", ContentFile(b"a CV, v2\n"))
    yield name
    storage().delete(name)


@contextmanager
def fresh_database(tmp_path: Path) -> Iterator[tuple[str, Database]]:
    """An empty database beside the suite's (a new file, or a new PostgreSQL database): its
    URL, and where it is."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", Database("sqlite", path=path)
        return
    import psycopg

    source = database_from_settings(connection.settings_dict)
    name = f"bridgeway_restore_{secrets.token_hex(6)}"
    with psycopg.connect(**source.params, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    target = Database("postgresql", params={**source.params, "dbname": name})
    p = target.params
    url = f"postgres://{p.get('user', '')}:{p.get('password', '')}@{p.get('host', '')}"
    url += f":{p.get('port', '5432')}/{name}"
    try:
        yield url, target
    finally:
        with psycopg.connect(**source.params, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def message_rows(database: Database, up_to: int) -> list[tuple[Any, ...]]:
    query = "SELECT id, author_id, body, created_at FROM messaging_message WHERE id <= %s"
    if database.engine == "sqlite":
        assert database.path is not None
        with closing(sqlite3.connect(database.path)) as db:
            return db.execute(query.replace("%s", "?") + " ORDER BY id", (up_to,)).fetchall()
    import psycopg

    with psycopg.connect(**database.params) as db:
        return db.execute(query + " ORDER BY id", (up_to,)).fetchall()


class Writer(threading.Thread):
    """Another connection sending messages until told to stop, as people do during a backup."""

    def __init__(self, conversation: Conversation) -> None:
        super().__init__(name="writer")
        self.conversation = conversation
        self.sent = 0
        self.stop = threading.Event()
        self.failure: BaseException | None = None

    def run(self) -> None:
        author = self.conversation.members.first().person  # type: ignore[union-attr]
        try:
            while not self.stop.is_set():
                Message.objects.create(
                    conversation=self.conversation, author=author, body=f"During {self.sent}"
                )
                self.sent += 1
        except BaseException as error:
            self.failure = error
        finally:
            connections.close_all()

    def wait_for(self, count: int) -> None:
        for _ in range(2000):
            if self.sent >= count or self.failure or not self.is_alive():
                return
            self.stop.wait(0.01)


def test_a_backup_taken_while_people_write_restores_with_equal_counts_and_messages(
    conversation: Conversation, a_file: str, tmp_path: Path
) -> None:
    source = database_from_settings(connection.settings_dict)
    writer = Writer(conversation)
    writer.start()
    try:
        writer.wait_for(5)
        out = StringIO()
        call_command("backup", to=str(tmp_path / "backups"), stdout=out)
        before_stop = writer.sent
        writer.wait_for(before_stop + 5)
    finally:
        writer.stop.set()
        writer.join(30)
    assert writer.failure is None, writer.failure
    assert writer.sent > before_stop >= 5, "messages were written during the backup"

    folder = Path(out.getvalue().strip())
    manifest = json.loads((folder / "manifest.json").read_text())
    backed_up = manifest["tables"]["messaging_message"]
    assert MESSAGES + 5 <= backed_up < MESSAGES + writer.sent
    assert manifest["attachments"]["count"] >= 1
    assert manifest["engine"] == {"sqlite": "sqlite", "postgresql": "postgresql"}[connection.vendor]

    with fresh_database(tmp_path) as (url, target):
        out = StringIO()
        call_command(
            "restore",
            str(folder),
            database_url=url,
            attachments_dir=str(tmp_path / "files"),
            stdout=out,
        )
        assert f"{backed_up} messages with the same hash" in out.getvalue()
        restored = fingerprint(target)
        assert restored.tables == manifest["tables"]
        assert restored.messages_sha256 == manifest["messages_sha256"]
        # Read back independently: the restored messages are the source's, up to the last one
        # the backup saw, byte for byte.
        last = max(row[0] for row in message_rows(target, 10**12))
        assert message_rows(target, last) == message_rows(source, last)
        assert len(message_rows(target, last)) == backed_up
        assert fingerprint(source).tables["messaging_message"] == MESSAGES + writer.sent

        # Restoring again over it is refused unless asked for.
        with pytest.raises(CommandError, match="already holds tables"):
            call_command("restore", str(folder), database_url=url)
    assert (tmp_path / "files" / a_file).read_bytes() == b"a CV, v2\n"


def test_a_restore_that_does_not_match_the_backup_fails(
    conversation: Conversation, tmp_path: Path
) -> None:
    out = StringIO()
    call_command("backup", to=str(tmp_path / "backups"), stdout=out)
    folder = Path(out.getvalue().strip())
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["tables"]["messaging_message"] += 1
    manifest["messages_sha256"] = "0" * 64
    (folder / "manifest.json").write_text(json.dumps(manifest))

    with fresh_database(tmp_path) as (url, _target), pytest.raises(CommandError) as failure:
        call_command("restore", str(folder), database_url=url)
    message = str(failure.value)
    assert f"table messaging_message has {MESSAGES} rows instead of {MESSAGES + 1}" in message
    assert "the messages differ" in message


def test_a_folder_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="is not a Bridgeway backup"):
        call_command("restore", str(tmp_path), database_url=f"sqlite:///{tmp_path}/x.sqlite3")
