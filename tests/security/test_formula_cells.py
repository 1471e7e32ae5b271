"""No cell of a CSV or XLSX file the site offers runs as a formula in a spreadsheet (OWASP
"CSV injection"): the formula corpus planted in people's names, free-text answers and titles
comes out as text (a leading apostrophe), while numbers, negative ones included, stay numbers."""

from __future__ import annotations

import io
import zipfile
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.core.spreadsheets import formula_safe
from bridgeway.privacy.exports.builder import export_write
from bridgeway.reports.exports import csv_chunks, xlsx_write
from bridgeway.reports.funders import files as funder_files
from tests.formula_corpus import FORMULAS, csv_cells, runs, xlsx_cells

pytestmark = pytest.mark.django_db


def test_the_rule_quotes_formulas_and_leaves_numbers() -> None:
    for payload in FORMULAS:
        assert formula_safe(payload) == "'" + payload
    for number in ("-3", "+4.5", "-0,25", "12"):
        assert formula_safe(number) == number
    assert formula_safe(-3) == -3
    assert formula_safe(-2.5) == -2.5
    assert formula_safe("Amal") == "Amal"


def test_the_shared_csv_and_xlsx_writers() -> None:
    rows: list[list[str | int | float]] = [["Name", "Change"]]
    rows += [[payload, -i] for i, payload in enumerate(FORMULAS, start=1)]
    cells = csv_cells(b"".join(csv_chunks(rows)))
    assert not [c for c in cells if runs(c)]
    assert "-3" in cells  # a negative number stays one
    out = io.BytesIO()
    xlsx_write(out, [("Sheet", rows)])
    texts, formulas = xlsx_cells(out.getvalue())
    assert formulas == 0
    assert not [c for c in texts if runs(c)]
    assert "<v>-3</v>" in zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()


def test_the_funder_files() -> None:
    header = ["=header", "Value"]
    rows: list[list[str | int | float]] = [[payload, -1] for payload in FORMULAS]
    cells = csv_cells(b"".join(funder_files.csv_chunks(header, rows)))
    assert not [c for c in cells if runs(c)]
    texts, formulas = xlsx_cells(b"".join(funder_files.xlsx_chunks("Funder", header, rows)))
    assert formulas == 0
    assert not [c for c in texts if runs(c)]


def test_the_participants_download(client: Client, world: SimpleNamespace) -> None:
    for person, payload in zip((world.erin, world.frank), FORMULAS, strict=False):
        Person.objects.filter(pk=person.pk).update(display_name=payload, country="")
    client.force_login(world.bob)
    response = client.get(reverse("programs:participants_export", args=[world.program_a.pk]))
    cells = csv_cells(response.content)
    assert "'" + FORMULAS[0] in cells
    assert not [c for c in cells if runs(c)]


def test_the_copy_of_a_person_s_data(world: SimpleNamespace) -> None:
    from bridgeway.community.models import Topic
    from tests.privacy.planting import Planter

    erin = world.erin
    Person.objects.filter(pk=erin.pk).update(display_name=FORMULAS[1])
    erin.refresh_from_db()
    planter = Planter(erin)
    for payload in FORMULAS:
        topic = planter.make(Topic, path="author")
        Topic.objects.filter(pk=topic.pk).update(title=payload, body=payload)
    out = io.BytesIO()
    export_write(person=erin, out=out)
    archive = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    cells = [
        cell
        for name in archive.namelist()
        if name.endswith(".csv")
        for cell in csv_cells(archive.read(name))
    ]
    assert "'" + FORMULAS[2] in cells
    assert not [c for c in cells if runs(c)]


def test_the_breach_register(client: Client, world: SimpleNamespace) -> None:
    from bridgeway.privacy.breaches.models import Breach

    fields = {f.name for f in Breach._meta.concrete_fields}
    text = {
        name: FORMULAS[3]
        for name in ("description", "measures", "risk_reasoning")
        if name in fields
    }
    from tests.privacy.planting import Planter

    breach = Planter(world.alice).make(Breach)
    Breach.objects.filter(pk=breach.pk).update(organization=world.agency_a, **text)
    client.force_login(world.alice)
    response = client.get(reverse("breaches:agency_csv", args=["agency-a"]))
    cells = csv_cells(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert "'" + FORMULAS[3] in cells
    assert not [c for c in cells if runs(c)]
