"""Sign-up answer time for an address that already has an account and for a new one, with the
production settings (Argon2) on a throwaway SQLite database.

python bench/bench_signup_timing.py --rounds 40
python bench/bench_signup_timing.py --rounds 40 --without-fix   # the cost before the fix

Each round signs up once with a taken address and once with a new one, in alternating
order, from a new client address (the sign-up rate limit is per address); prints the median
and the 10th/90th percentiles of each, and the difference of the medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument(
        "--without-fix",
        action="store_true",
        help="use allauth's sign-up form as it is, which hashes only a new account's password",
    )
    args = parser.parse_args()
    os.environ["BRIDGEWAY_DATA_DIR"] = tempfile.mkdtemp(prefix="bridgeway-bench-")
    os.environ.setdefault("BRIDGEWAY_HTTPS", "0")
    os.environ.setdefault("BRIDGEWAY_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijkl")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bridgeway.config.settings"
    os.environ.pop("EMAIL_HOST", None)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from bridgeway.accounts.models import Person

    setup_test_environment()  # in-memory outbox, the test host allowed
    # Pages are rendered without collectstatic, as in the tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if args.without_fix:
        settings.ACCOUNT_FORMS = {}
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    # One taken address per sign-up: allauth writes to the owner of an address at most once
    # in three minutes (the confirm_email rate limit), and would answer a second try with 429.
    for n in range(args.rounds + 3):
        Person.objects.create_user(email=f"taken{n}@example.org", password="x-passphrase-1")  # noqa: S106
    url = reverse("account_signup")
    times: dict[str, list[float]] = {"taken": [], "new": []}

    def sign_up(kind: str, n: int, *, counted: bool = True) -> None:
        email = f"{kind}{n}@example.org"
        client = Client(REMOTE_ADDR=f"10.0.{n // 250}.{n % 250 + 1}")
        started = time.perf_counter()
        response = client.post(
            url,
            {
                "email": email,
                "password1": "a-long-unique-passphrase-42",
                "password2": "a-long-unique-passphrase-42",
                "display_name": "Samira",
                "time_zone": "Asia/Amman",
            },
        )
        elapsed = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        if counted:
            times[kind].append(elapsed * 1000)

    for n in range(args.rounds, args.rounds + 3):  # warm up both paths, not counted
        sign_up("taken", n, counted=False)
        sign_up("new", n, counted=False)
    for n in range(args.rounds):
        order = ("taken", "new") if n % 2 else ("new", "taken")
        for kind in order:
            sign_up(kind, n)
    hasher = settings.PASSWORD_HASHERS[0].rsplit(".", 1)[-1]
    print(f"{hasher}, {args.rounds} rounds, {'without' if args.without_fix else 'with'} the fix")
    for kind, values in times.items():
        deciles = statistics.quantiles(values, n=10)
        print(
            f"{kind:>5}: median {statistics.median(values):6.1f} ms, "
            f"p10 {deciles[0]:6.1f} ms, p90 {deciles[-1]:6.1f} ms"
        )
    gap = statistics.median(times["new"]) - statistics.median(times["taken"])
    print(f"new − taken, medians: {gap:+.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
