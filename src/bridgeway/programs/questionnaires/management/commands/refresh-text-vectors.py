"""`bridgeway refresh-text-vectors`: the daily job's refresh of free-text vectors, run now (after
an upgrade that changes the engine's vector format)."""

from typing import Any

from django.core.management.base import BaseCommand

from bridgeway.programs.questionnaires.profiles import text_vectors_refresh


class Command(BaseCommand):
    help = "Recompute the matching vectors of free-text answers that are missing or outdated."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"refreshed: {text_vectors_refresh()}")
