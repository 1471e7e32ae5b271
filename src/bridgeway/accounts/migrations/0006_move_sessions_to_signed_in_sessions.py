# The sessions signed in before the upgrade move from Django's session table to ours, with the
# person, browser and times read from each; nobody is signed out by the upgrade. A session
# already past its end, or signed out everywhere, is not moved. Django's table is left empty.

import datetime as dt

from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations
from django.utils import timezone

CHUNK = 2000


def _when(value):
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _columns(data):
    # What the session engine reads from a session (accounts/session_engines), as it was then.
    try:
        person = int(data["_auth_user_id"])
    except (KeyError, TypeError, ValueError):
        person = None
    return {
        "person_id": person,
        "user_agent": str(data.get("bw_agent") or "")[:300],
        "signed_in_at": _when(data.get("bw_signed_in_at")),
        "last_seen_at": _when(data.get("bw_seen_at")),
    }


def move(apps, schema_editor):
    Old = apps.get_model("sessions", "Session")
    New = apps.get_model("accounts", "SignedInSession")
    Person = apps.get_model("accounts", "Person")
    now = timezone.now()
    # Signed with a salt named after the store's class: Django's `SessionStore` (and ours).
    reader = SessionStore()
    live = Old.objects.filter(expire_date__gt=now).order_by("pk")
    after = ""
    while True:
        chunk = list(live.filter(pk__gt=after)[:CHUNK])
        if not chunk:
            break
        after = chunk[-1].pk
        decoded = [(row, reader.decode(row.session_data)) for row in chunk]
        wanted = {_columns(data)["person_id"] for _row, data in decoded}
        generation = dict(
            Person.objects.filter(pk__in=wanted).values_list("pk", "session_generation")
        )
        rows = []
        for row, data in decoded:
            columns = _columns(data)
            person = columns["person_id"]
            if person is not None:
                if person not in generation:
                    continue  # the account is gone
                if data.get("bw_generation", generation[person]) != generation[person]:
                    continue  # signed out everywhere, ends on its next request anyway
            rows.append(
                New(
                    session_key=row.session_key,
                    session_data=row.session_data,
                    expire_date=row.expire_date,
                    **columns,
                )
            )
        New.objects.bulk_create(rows, ignore_conflicts=True)
    Old.objects.all().delete()


def move_back(apps, schema_editor):
    Old = apps.get_model("sessions", "Session")
    New = apps.get_model("accounts", "SignedInSession")
    rows = New.objects.filter(expire_date__gt=timezone.now()).order_by("pk")
    Old.objects.bulk_create(
        (
            Old(session_key=r.session_key, session_data=r.session_data, expire_date=r.expire_date)
            for r in rows.iterator(chunk_size=CHUNK)
        ),
        batch_size=CHUNK,
        ignore_conflicts=True,
    )
    New.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_signed_in_sessions"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(move, move_back)]
