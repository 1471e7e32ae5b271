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
