"""The breach register: agency admins (and network admins for the network) record breaches,
correct them with every change kept, download the register; a row cannot be deleted for 24
months — the model, the pages and the database itself (SQLite here, PostgreSQL in the run
through tests/with_services.py) refuse."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.core.models import AuditEvent
from bridgeway.privacy.breaches.models import Breach, BreachChange, BreachKept

pytestmark = pytest.mark.django_db

FORM = {
    "occurred_on": "2026-11-20",
    "discovered_on": "2026-11-22",
    "description": "A coordinator's laptop with an export of 40 intakes was stolen from a car.",
    "information_kinds": ["contact", "immigration"],
    "information_other": "",
    "people_affected": "40",
    "real_risk": "yes",
    "risk_reasoning": "Immigration status of newcomers; the disk was not encrypted.",
    "commissioner_reported_on": "",
    "people_notified_on": "2026-11-24",
    "measures": "Disk encryption on every laptop; exports deleted after use.",
}


def _record(client: Client, world: SimpleNamespace, **changes: Any) -> Any:
    client.force_login(world.alice)
    url = reverse("breaches:agency_new", args=["agency-a"])
    return client.post(url, {**FORM, **changes})


def _old(breach: Breach, days: int = 800) -> Breach:
    Breach.objects.filter(pk=breach.pk).update(created_at=timezone.now() - timedelta(days=days))
    breach.refresh_from_db()
    return breach


def test_an_admin_records_a_breach_and_reads_it_in_the_register(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.alice)
    empty = client.get(reverse("breaches:agency", args=["agency-a"])).content.decode()
    assert "No breach has been recorded" in empty
    response = _record(client, world)
    breach = Breach.objects.get()
    assert response["Location"] == reverse("breaches:detail", args=[breach.pk])
    assert (breach.organization, breach.recorded_by, breach.real_risk) == (
        world.agency_a,
        world.alice,
        True,
    )
    page = client.get(reverse("breaches:agency", args=["agency-a"])).content.decode()
    assert "laptop" in page
    assert "Not yet: a real risk must be reported as soon as feasible" in page
    detail = client.get(response["Location"]).content.decode()
    assert "Immigration status" in detail
    assert "cannot be deleted before" in detail
    assert AuditEvent.objects.filter(action="breach.record", organization=world.agency_a).exists()


def test_the_form_says_what_is_wrong(client: Client, world: SimpleNamespace) -> None:
    page = _record(client, world, information_kinds=["other"]).content.decode()
    assert "Say which other kinds of information." in page
    page = _record(client, world, discovered_on="2026-11-01").content.decode()
    assert "It cannot have been discovered before it happened." in page
    page = _record(client, world, people_notified_on="2026-11-21").content.decode()
    assert "This date is before the breach was discovered." in page
    assert not Breach.objects.exists()


def test_a_correction_keeps_the_old_and_new_values(client: Client, world: SimpleNamespace) -> None:
    _record(client, world)
    breach = Breach.objects.get()
    url = reverse("breaches:edit", args=[breach.pk])
    assert "A coordinator&#x27;s laptop" in client.get(url).content.decode()
    client.post(url, {**FORM, "commissioner_reported_on": "2026-11-25", "people_affected": "41"})
    client.post(url, {**FORM, "commissioner_reported_on": "2026-11-25", "people_affected": "41"})
    [change] = BreachChange.objects.filter(breach=breach)
    assert change.changes == {
        "people_affected": ["40", "41"],
        "commissioner_reported_on": ["", "2026-11-25"],
    }
    assert change.changed_by == world.alice
    detail = client.get(reverse("breaches:detail", args=[breach.pk])).content.decode()
    assert "People affected: “40” → “41”" in detail
    assert AuditEvent.objects.filter(action="breach.correct").count() == 1


def test_a_breach_cannot_be_deleted_for_24_months(client: Client, world: SimpleNamespace) -> None:
    _record(client, world)
    breach = Breach.objects.get()
    with pytest.raises(BreachKept):
        breach.delete()
    with pytest.raises(BreachKept):
        Breach.objects.all().delete()
    response = client.post(reverse("breaches:delete", args=[breach.pk]), follow=True)
    assert "kept for 24 months" in response.content.decode()
    assert Breach.objects.filter(pk=breach.pk).exists()


def test_the_database_itself_refuses_the_delete(client: Client, world: SimpleNamespace) -> None:
    _record(client, world)
    breach = Breach.objects.get()
    table = connection.ops.quote_name(Breach._meta.db_table)
    with (
        pytest.raises(DatabaseError, match="kept for 24 months"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [breach.pk])  # noqa: S608
    assert Breach.objects.filter(pk=breach.pk).exists()
    # A cascade from the person who recorded it does not take it either.
    world.alice.delete()
    breach.refresh_from_db()
    assert breach.recorded_by is None


def test_after_24_months_it_can_be_deleted(client: Client, world: SimpleNamespace) -> None:
    _record(client, world)
    breach = _old(Breach.objects.get())
    detail = client.get(reverse("breaches:detail", args=[breach.pk])).content.decode()
    assert "Delete this record" in detail
    response = client.post(reverse("breaches:delete", args=[breach.pk]))
    assert response["Location"] == reverse("breaches:agency", args=["agency-a"])
    assert not Breach.objects.exists()
    assert AuditEvent.objects.filter(action="breach.delete").count() == 1


def test_the_register_downloads_as_csv(client: Client, world: SimpleNamespace) -> None:
    _record(client, world, description="=HYPERLINK(evil)")
    response = client.get(reverse("breaches:agency_csv", args=["agency-a"]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "When it was discovered" in body
    assert "2026-11-22" in body
    assert "Immigration status" in body
    assert "'=HYPERLINK(evil)" in body  # a spreadsheet never runs it
    assert AuditEvent.objects.filter(action="breach.export").count() == 1


def test_only_admins_of_the_agency_see_its_register(client: Client, world: SimpleNamespace) -> None:
    _record(client, world)
    breach = Breach.objects.get()
    client.force_login(world.bob)  # a coordinator of agency A
    assert client.get(reverse("breaches:agency", args=["agency-a"])).status_code == 403
    assert client.get(reverse("breaches:detail", args=[breach.pk])).status_code == 404
    client.force_login(world.carol)  # agency B's admin
    assert client.get(reverse("breaches:agency", args=["agency-a"])).status_code == 404
    assert client.get(reverse("breaches:detail", args=[breach.pk])).status_code == 404
    assert client.post(reverse("breaches:delete", args=[breach.pk])).status_code == 404


def test_the_network_keeps_its_own_register(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.grace)
    response = client.post(reverse("breaches:network_new"), FORM)
    breach = Breach.objects.get()
    assert breach.organization is None
    assert response["Location"] == reverse("breaches:detail", args=[breach.pk])
    assert "laptop" in client.get(reverse("breaches:network")).content.decode()
    assert client.get(reverse("breaches:network_csv")).status_code == 200
    client.force_login(world.alice)
    assert client.get(reverse("breaches:network")).status_code == 404
    assert client.get(reverse("breaches:detail", args=[breach.pk])).status_code == 404


def test_demo_rows_go_with_the_demo(world: SimpleNamespace) -> None:
    breach = Breach.objects.create(
        network=world.agency_a.network,
        organization=world.agency_a,
        occurred_on="2026-11-01",
        discovered_on="2026-11-02",
        description="Demo",
        people_affected=1,
        real_risk=False,
        risk_reasoning="Demo",
        is_demo=True,
    )
    Breach.objects.filter(pk=breach.pk).delete()
    assert not Breach.objects.exists()


def _breach(world: SimpleNamespace, organization: Any = None, **fields: Any) -> Breach:
    values: dict[str, Any] = {
        "network": world.agency_a.network,
        "organization": organization,
        "occurred_on": "2024-01-01",
        "discovered_on": "2024-01-03",
        "description": "An envelope of intake forms went to the wrong office.",
        "people_affected": 3,
        "real_risk": False,
        "risk_reasoning": "Names only; the office returned it sealed.",
        **fields,
    }
    return Breach.objects.create(**values)


def test_the_retention_job_deletes_rows_past_24_months_and_lists_them_first(
    world: SimpleNamespace,
) -> None:
    from io import StringIO

    from django.core.management import call_command

    from bridgeway.privacy.retention.services import retention_run

    old = _old(_breach(world, world.agency_a), days=740)
    BreachChange.objects.create(breach=old, changed_by=world.alice, changes={"measures": ["", "x"]})
    network_old = _old(_breach(world, None, discovered_on="2024-02-05"), days=900)
    young = _old(_breach(world, world.agency_a), days=700)  # 23 months: kept
    out = StringIO()
    call_command("retention", "--dry-run", stdout=out)
    listed = out.getvalue()
    assert "would delete        2  breach register rows recorded more than 24 months ago" in listed
    assert f"breach {old.pk} (agency-a): discovered 2024-01-03" in listed
    assert f"breach {network_old.pk} (network): discovered 2024-02-05" in listed
    assert f"breach {young.pk} " not in listed
    assert "envelope" not in listed  # what happened is not printed
    assert Breach.objects.count() == 3  # a dry run changes nothing

    assert retention_run()["breaches"] == 2  # the database trigger lets them go
    assert list(Breach.objects.all()) == [young]
    assert not BreachChange.objects.exists()
    expired = AuditEvent.objects.filter(action="breach.expire")
    assert set(expired.values_list("organization", flat=True)) == {world.agency_a.pk, None}
    assert all(event.actor_id is None for event in expired)
    assert retention_run()["breaches"] == 0  # a second run finds nothing more


def test_a_run_dated_in_the_future_leaves_young_rows_to_the_database_clock(
    world: SimpleNamespace,
) -> None:
    """The trigger reads the database's clock: a run "eight years later" (the canary test, a
    clock set ahead) does not try to delete a row the database would refuse."""
    from bridgeway.privacy.retention.services import retention_run

    young = _breach(world, world.agency_a)
    counts = retention_run(now=timezone.now() + timedelta(days=3000))
    assert counts["breaches"] == 0
    assert list(Breach.objects.all()) == [young]
