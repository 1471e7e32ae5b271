"""`bridgeway restore FOLDER`: load a backup made by `bridgeway backup` and check it.

Into the configured database (empty, or `--replace` with the web and worker processes
stopped), or into any other with `--database-url` — a restore drill that leaves the running
site alone. After loading, every table's row count and the hash of the messages are read back
and compared with those recorded at backup time: a difference fails the command (exit 1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bridgeway.core.backups import (
    BackupError,
    backup_restore,
    database_from_settings,
    database_from_url,
)
from bridgeway.core.management.commands.backup import attachments_folder


class Command(BaseCommand):
    help = "Restore a backup folder and check its row counts and messages against the backup."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="a folder made by `bridgeway backup`")
        parser.add_argument(
            "--database-url",
            default="",
            help="restore into this database instead of the configured one (a drill)",
        )
        parser.add_argument(
            "--attachments-dir",
            default="",
            help="put the files here (default: the configured folder, except in a drill)",
        )
        parser.add_argument(
            "--replace", action="store_true", help="overwrite a database that holds tables"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["database_url"]:
            database = database_from_url(options["database_url"])
            files = Path(options["attachments_dir"]) if options["attachments_dir"] else None
        else:
            database = database_from_settings(settings.DATABASES["default"])
            chosen = options["attachments_dir"]
            files = Path(chosen) if chosen else attachments_folder()
        try:
            restored = backup_restore(
                folder=Path(options["folder"]),
                database=database,
                attachments=files,
                replace=options["replace"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored into {database.label} and checked: {restored.tables} tables, "
            f"{restored.rows} rows, {restored.messages} messages with the same hash, "
            f"{restored.files} files."
        )
