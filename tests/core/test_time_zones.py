"""Time zones read as "Toronto (UTC−05:00)" wherever a person sees or picks one."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

import bridgeway
from bridgeway.core.time_zones import time_zone_choices, time_zone_label
from bridgeway.programs.models import Enrollment

WINTER = datetime(2026, 1, 15, 12, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, tzinfo=UTC)


def test_it_names_the_city_with_the_offset_in_force() -> None:
    assert time_zone_label("America/Toronto", at=WINTER) == "Toronto (UTC−05:00)"
    assert time_zone_label("America/Toronto", at=SUMMER) == "Toronto (UTC−04:00)"
    assert time_zone_label("Asia/Kolkata", at=WINTER) == "Kolkata (UTC+05:30)"
    assert time_zone_label("America/St_Johns", at=WINTER) == "St Johns (UTC−03:30)"
    assert (
        time_zone_label("America/Argentina/Buenos_Aires", at=WINTER)
        == "Buenos Aires, Argentina (UTC−03:00)"
    )
    assert time_zone_label("UTC") == "UTC"
    assert time_zone_label("Not/AZone") == "Not/AZone"


def test_the_choices_are_grouped_by_region_and_leave_out_aliases() -> None:
    with translation.override("en"):  # the region names are translated
        groups = dict(time_zone_choices())
    americas = dict(groups["Americas"])
    assert americas["America/Toronto"].startswith("Toronto (UTC")
    every = {name for zones in groups.values() for name, _label in zones}
    assert "US/Eastern" not in every
    assert "Etc/GMT+5" not in every
    assert "UTC" in every


@pytest.mark.django_db
def test_the_preferences_page_offers_human_names(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.erin)
    page = client.get(reverse("accounts:preferences")).content.decode()
    assert re.search(r'<option value="America/Toronto" selected>Toronto \(UTC', page)
    assert ">America/Toronto<" not in page


def _toronto(choices: list[tuple[str, list[tuple[str, str]]]]) -> str:
    return dict(dict(choices)["Americas"])["America/Toronto"]


def test_the_choices_kept_between_pages_follow_daylight_saving_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The list is computed once per quarter-hour, and the clocks change on one: a page
    shown a minute after the change offers the new offset."""
    from bridgeway.core import time_zones

    before = datetime(2026, 3, 8, 6, 59, tzinfo=UTC)  # 01:59 in Toronto, standard time
    after = datetime(2026, 3, 8, 7, 0, tzinfo=UTC)  # 03:00 in Toronto, daylight time
    with translation.override("en"):
        monkeypatch.setattr(time_zones.timezone, "now", lambda: before)
        assert _toronto(time_zone_choices()) == "Toronto (UTC−05:00)"
        monkeypatch.setattr(time_zones.timezone, "now", lambda: after)
        assert _toronto(time_zone_choices()) == "Toronto (UTC−04:00)"


def test_the_choices_kept_between_pages_are_in_each_persons_language() -> None:
    with translation.override("fr"):
        assert "Amériques" in dict(time_zone_choices())
    with translation.override("en"):
        assert "Americas" in dict(time_zone_choices())
        assert "Amériques" not in dict(time_zone_choices())


def test_a_zone_the_list_leaves_out_is_kept_when_a_form_holds_it() -> None:
    _region, first_zones = time_zone_choices(keep="US/Eastern")[0]
    assert first_zones == [("US/Eastern", time_zone_label("US/Eastern"))]
    assert time_zone_label("US/Eastern", at=WINTER) == "Eastern (UTC−05:00)"
    assert time_zone_choices(keep="America/Toronto") == time_zone_choices()
    assert time_zone_choices(keep="Not/AZone") == time_zone_choices()


@pytest.mark.django_db
def test_saving_preferences_keeps_a_zone_imported_under_an_alias(
    client: Client, world: SimpleNamespace
) -> None:
    world.erin.time_zone = "Canada/Eastern"  # accepted from a spreadsheet import
    world.erin.save(update_fields=["time_zone"])
    client.force_login(world.erin)
    page = client.get(reverse("accounts:preferences")).content.decode()
    assert re.search(r'<option value="Canada/Eastern" selected>Eastern \(UTC', page)
    response = client.post(
        reverse("accounts:preferences"),
        {
            "display_name": "Erin",
            "preferred_language": "en",
            "time_zone": "Canada/Eastern",
            "contact_mode": "any",
        },
    )
    assert response.status_code == 302
    world.erin.refresh_from_db()
    assert world.erin.time_zone == "Canada/Eastern"


@pytest.mark.django_db
def test_staff_read_the_persons_time_zone_in_words(client: Client, world: SimpleNamespace) -> None:
    world.erin.time_zone = "Asia/Kabul"
    world.erin.save(update_fields=["time_zone"])
    client.force_login(world.bob)
    enrollment = Enrollment.objects.get(person=world.erin)
    page = client.get(reverse("programs:staff_enrollment", args=[enrollment.pk])).content
    assert "Kabul (UTC+04:30)" in page.decode()
    assert "Asia/Kabul" not in page.decode()


def test_no_template_prints_a_raw_time_zone() -> None:
    raw = re.compile(r"\.time_zone\s*}}")
    package = Path(bridgeway.__file__).parent
    found = [
        str(path.relative_to(package))
        for path in package.rglob("*.html")
        if raw.search(path.read_text(encoding="utf-8"))
    ]
    assert not found, "show time zones with the |time_zone filter: " + ", ".join(found)
