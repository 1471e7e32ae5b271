"""`bridgeway backup --to FOLDER`: a backup of the database and the message files, taken while
the app runs (core/backups.py; docs/deployment.md#backups). Prints the new backup's folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bridgeway.core.backups import BackupError, backup_take, database_from_settings


def attachments_folder() -> Path | None:
    """The folder of the message and library files, or None when a bucket keeps them."""
    storage = storages["attachments"]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


class Command(BaseCommand):
    help = "Back up the database and the message files into a new folder under --to."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", required=True, help="folder that receives the backup")

    def handle(self, *args: Any, **options: Any) -> None:
        files = attachments_folder()
        try:
            folder = backup_take(
                database=database_from_settings(settings.DATABASES["default"]),
                into=Path(options["to"]),
                attachments=files,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        if files is None:
            self.stderr.write(
                "The files sent with messages are in an S3 bucket: they are not in this backup "
                "(keep the bucket versioned and replicated)."
            )
        self.stdout.write(str(folder))
