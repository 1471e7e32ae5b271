from typing import Any

from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.management.base import BaseCommand, CommandError

from bridgeway.demo.network import DEMO_DOMAIN, demo_totp_secret


class Command(BaseCommand):
    help = "Print the current two-step code of a demo staff account (demo accounts only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        email: str = options["email"].strip().lower()
        if not email.endswith("@" + DEMO_DOMAIN):
            raise CommandError(f"Only demo accounts (…@{DEMO_DOMAIN}) have a known secret.")
        counters = list(yield_hotp_counters_from_time())
        current = counters[len(counters) // 2]
        self.stdout.write(format_hotp_value(hotp_value(demo_totp_secret(email), current)))
