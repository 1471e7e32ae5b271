"""`bridgeway retention [--dry-run]`: apply the agencies' retention policies now, or show what
the daily job would delete (counts only)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bridgeway.privacy.breaches.services import breaches_past_keeping
from bridgeway.privacy.retention.services import ITEMS, retention_run


class Command(BaseCommand):
    help = "Apply the agencies' retention policies, or show what would be deleted (--dry-run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be deleted; change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = bool(options["dry_run"])
        # Read before the run: the rows are gone after it.
        breaches = list(breaches_past_keeping()) if dry_run else []
        counts = retention_run(dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        for key, words in ITEMS.items():
            self.stdout.write(f"{verb} {counts[key]:>8}  {words}")
        # The breach register is an agency's accountability record: each row is named (its
        # number, register and dates; never what happened), so an admin can check it first.
        for breach in breaches:
            register = breach.organization.slug if breach.organization else "network"
            self.stdout.write(
                f"  breach {breach.pk} ({register}): discovered {breach.discovered_on:%Y-%m-%d}, "
                f"recorded {breach.created_at:%Y-%m-%d}"
            )
