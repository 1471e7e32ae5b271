"""Backups of the database and the message files, and a restore that checks itself.

A backup is a folder, `bridgeway-<UTC time>/`, holding

- the database: `database.dump` (PostgreSQL, `pg_dump -Fc`) or `database.sqlite3` (SQLite's
  online backup API, `sqlite3.Connection.backup`);
- `attachments/`: the files sent with messages and the library's files, when they live in a
  folder (an S3 bucket is backed up by the bucket's own versioning and replication);
- `manifest.json`: the row count of every table and a SHA-256 of every message (ordered by id:
  id, author, text, time), read from the same moment the dump was taken.

Both copies are taken while the app runs. PostgreSQL: the manifest is read inside a
REPEATABLE READ transaction whose snapshot `pg_dump --snapshot` then uses, so the counts are
those of the dump to the row. SQLite: the backup API copies the whole file in one step under a
read transaction; in WAL mode writers go on meanwhile, and the manifest is read from the copy.

A restore loads the copy into the configured database (or any other, named by a URL: a
restore drill) and then reads the same counts and hash back from it; any difference fails it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dj_database_url

FORMAT = 1
MANIFEST = "manifest.json"
ATTACHMENTS = "attachments"
SQLITE_COPY = "database.sqlite3"
POSTGRES_COPY = "database.dump"
# What identifies a message for the hash: its id, author, text and time.
MESSAGE_TABLE = "messaging_message"
MESSAGE_COLUMNS = ("id", "author_id", "body", "created_at")


class BackupError(Exception):
    """A backup or a restore that could not be done; the message says why, for an operator."""


@dataclass(frozen=True)
class Database:
    """Where a database is: a SQLite file, or a PostgreSQL server's connection parameters."""

    engine: str  # "sqlite" or "postgresql"
    path: Path | None = None
    params: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        if self.engine == "sqlite":
            return str(self.path)
        return f"{self.params.get('dbname', '')} on {self.params.get('host', 'localhost')}"


def database_from_settings(config: Mapping[str, Any]) -> Database:
    """A Django DATABASES entry as a Database."""
    engine = str(config.get("ENGINE", ""))
    if engine.endswith("sqlite3"):
        return Database("sqlite", path=Path(str(config["NAME"])))
    if engine.endswith("postgresql"):
        params = {
            "host": str(config.get("HOST") or ""),
            "port": str(config.get("PORT") or ""),
            "user": str(config.get("USER") or ""),
            "password": str(config.get("PASSWORD") or ""),
            "dbname": str(config.get("NAME") or ""),
        }
        sslmode = (config.get("OPTIONS") or {}).get("sslmode")
        if sslmode:
            params["sslmode"] = str(sslmode)
        return Database("postgresql", params={k: v for k, v in params.items() if v})
    raise BackupError(f"backups know SQLite and PostgreSQL, not {engine or 'this database'}")


def database_from_url(url: str) -> Database:
    return database_from_settings(dict(dj_database_url.parse(url)))


# --- What a database holds ----------------------------------------------------------------


@dataclass(frozen=True)
class Fingerprint:
    tables: dict[str, int]
    messages_sha256: str

    def differences(self, other: Fingerprint) -> list[str]:
        """What `other` (a restored database) lacks or holds differently, in words."""
        found = []
        for table, count in sorted(self.tables.items()):
            theirs = other.tables.get(table)
            if theirs is None:
                found.append(f"table {table} is missing")
            elif theirs != count:
                found.append(f"table {table} has {theirs} rows instead of {count}")
        if other.messages_sha256 != self.messages_sha256:
            found.append("the messages differ (their SHA-256 is not the one recorded)")
        return found


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _value(value: object) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    return "" if value is None else str(value)


def fingerprint_read(cursor: Any, engine: str) -> Fingerprint:
    """Every table's row count and the messages' hash, through an open DB-API cursor."""
    if engine == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    names = sorted(str(row[0]) for row in cursor.fetchall())
    tables = {}
    for name in names:
        # A table the database itself listed, quoted: never input.
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(name)}")  # noqa: S608  # nosec B608
        tables[name] = int(cursor.fetchone()[0])
    digest = hashlib.sha256()
    if MESSAGE_TABLE in tables:
        columns = ", ".join(_quote(c) for c in MESSAGE_COLUMNS)
        statement = f"SELECT {columns} FROM {_quote(MESSAGE_TABLE)} ORDER BY id"  # noqa: S608  # nosec B608
        cursor.execute(statement)
        while rows := cursor.fetchmany(1000):
            for row in rows:
                digest.update(json.dumps([_value(v) for v in row]).encode() + b"\n")
    return Fingerprint(tables, digest.hexdigest())


@contextmanager
def _postgres(database: Database) -> Iterator[Any]:
    import psycopg
    from psycopg.conninfo import make_conninfo

    try:
        connection = psycopg.connect(make_conninfo(**database.params), connect_timeout=10)
    except psycopg.Error as error:
        raise BackupError(f"cannot connect to {database.label}: {error}") from error
    with connection:
        yield connection


def fingerprint(database: Database) -> Fingerprint:
    if database.engine == "sqlite":
        assert database.path is not None
        if not database.path.exists():
            raise BackupError(f"{database.path} does not exist")
        with closing(sqlite3.connect(database.path)) as connection:
            return fingerprint_read(connection.cursor(), "sqlite")
    with _postgres(database) as connection, connection.cursor() as cursor:
        return fingerprint_read(cursor, "postgresql")


# --- Taking a backup ----------------------------------------------------------------------


def _pg_program(name: str) -> str:
    """pg_dump or pg_restore: from BRIDGEWAY_PG_BINDIR when set, else the PATH. It must be of
    the server's major version or newer."""
    bindir = os.environ.get("BRIDGEWAY_PG_BINDIR")
    program = str(Path(bindir) / name) if bindir else shutil.which(name)
    if not program or not Path(program).exists():
        raise BackupError(
            f"{name} is not installed (install the PostgreSQL client programs of the server's "
            "version, or set BRIDGEWAY_PG_BINDIR)"
        )
    return program


def _pg_environment(database: Database) -> dict[str, str]:
    """Connection parameters for pg_dump and pg_restore, passed in their environment so that
    a password never shows in the process list."""
    names = {
        "host": "PGHOST",
        "port": "PGPORT",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "dbname": "PGDATABASE",
        "sslmode": "PGSSLMODE",
    }
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    return environment | {names[key]: value for key, value in database.params.items()}


def _run(command: list[str], database: Database, what: str) -> None:
    result = subprocess.run(
        command,
        env=_pg_environment(database),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {(result.stderr or result.stdout).strip()}")


def _backup_postgres(database: Database, folder: Path) -> Fingerprint:
    import psycopg

    with _postgres(database) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = str(cursor.fetchone()[0])  # type: ignore[index]
            found = fingerprint_read(cursor, "postgresql")
        # While this transaction stays open, pg_dump reads the very same snapshot.
        _run(
            [
                _pg_program("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={folder / POSTGRES_COPY}",
            ],
            database,
            "pg_dump",
        )
        connection.rollback()
    return found


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: the whole database in one step, under a read transaction (in
    WAL mode, writers go on meanwhile)."""
    with (
        closing(sqlite3.connect(source, timeout=60)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def _backup_sqlite(database: Database, folder: Path) -> Fingerprint:
    assert database.path is not None
    if not database.path.exists():
        raise BackupError(f"{database.path} does not exist")
    copy = folder / SQLITE_COPY
    _sqlite_copy(database.path, copy)
    with closing(sqlite3.connect(copy)) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        return fingerprint_read(connection.cursor(), "sqlite")


def _files_in(folder: Path) -> tuple[int, int]:
    count = size = 0
    for path in folder.rglob("*"):
        if path.is_file():
            count, size = count + 1, size + path.stat().st_size
    return count, size


def backup_take(
    *, database: Database, into: Path, attachments: Path | None, now: datetime | None = None
) -> Path:
    """A new backup folder under `into`; returns its path. `attachments`: the folder of the
    message and library files, or None when they are kept elsewhere (S3)."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    folder = into / f"bridgeway-{moment:%Y%m%dT%H%M%SZ}"
    try:
        folder.mkdir(parents=True, mode=0o700)
    except FileExistsError:
        raise BackupError(f"{folder} already exists") from None
    try:
        if database.engine == "sqlite":
            found = _backup_sqlite(database, folder)
        else:
            found = _backup_postgres(database, folder)
        files = None
        if attachments is not None and attachments.is_dir():
            shutil.copytree(attachments, folder / ATTACHMENTS)
            count, size = _files_in(folder / ATTACHMENTS)
            files = {"count": count, "bytes": size}
        manifest = {
            "format": FORMAT,
            "taken_at": moment.isoformat(),
            "engine": database.engine,
            "database": SQLITE_COPY if database.engine == "sqlite" else POSTGRES_COPY,
            "tables": found.tables,
            "messages_sha256": found.messages_sha256,
            "attachments": files,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # never a half backup that looks whole
        raise
    return folder


# --- Restoring ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    messages: int
    files: int


def manifest_read(folder: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} is not a Bridgeway backup: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder}: backup format {manifest.get('format')} is not known")
    return manifest


def _is_empty(database: Database) -> bool:
    if database.engine == "sqlite":
        assert database.path is not None
        if not database.path.exists():
            return True
        with closing(sqlite3.connect(database.path)) as connection:
            found = connection.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()
            return int(found[0]) == 0
    with _postgres(database) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()")
        return int(cursor.fetchone()[0]) == 0  # type: ignore[index]


def _restore_postgres(folder: Path, database: Database, replace: bool) -> None:
    command = [
        _pg_program("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={database.params.get('dbname', '')}",
    ]
    if replace:
        command += ["--clean", "--if-exists"]
    _run([*command, str(folder / POSTGRES_COPY)], database, "pg_restore")


def backup_restore(
    *, folder: Path, database: Database, attachments: Path | None, replace: bool = False
) -> Restored:
    """Load the backup in `folder` into `database` (and its files into `attachments`, unless
    None), then check that every table's count and the messages' hash are those recorded.
    A database that already holds tables is only overwritten with `replace`."""
    manifest = manifest_read(folder)
    if manifest["engine"] != database.engine:
        raise BackupError(
            f"this backup is of a {manifest['engine']} database; {database.label} is "
            f"{database.engine}"
        )
    if not replace and not _is_empty(database):
        raise BackupError(
            f"{database.label} already holds tables: restore into an empty database, or give "
            "--replace to overwrite it (stop the web and worker processes first)"
        )
    if database.engine == "sqlite":
        assert database.path is not None
        database.path.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(folder / SQLITE_COPY, database.path)
    else:
        _restore_postgres(folder, database, replace)
    files = 0
    if attachments is not None and (folder / ATTACHMENTS).is_dir():
        shutil.copytree(folder / ATTACHMENTS, attachments, dirs_exist_ok=True)
        files = _files_in(folder / ATTACHMENTS)[0]
    recorded = Fingerprint(manifest["tables"], manifest["messages_sha256"])
    problems = recorded.differences(fingerprint(database))
    if problems:
        raise BackupError("the restored database differs from the backup: " + "; ".join(problems))
    return Restored(
        tables=len(recorded.tables),
        rows=sum(recorded.tables.values()),
        messages=recorded.tables.get(MESSAGE_TABLE, 0),
        files=files,
    )
