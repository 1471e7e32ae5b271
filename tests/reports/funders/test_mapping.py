"""Mapping files: the shipped ones read, and a file with an error is refused with the line and
the field of every problem."""

from __future__ import annotations

import pytest

from bridgeway.reports.funders.catalogue import SOURCES
from bridgeway.reports.funders.lines import key_lines
from bridgeway.reports.funders.mapping import MappingInvalid, mapping_parse
from bridgeway.reports.funders.selectors import SHIPPED, shipped_mappings

HEAD = """[mapping]
funder = "A funder"
name = "Sessions"
key = "sessions"
version = 1
rows = "meeting"
"""


def problems(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(MappingInvalid) as refused:
        mapping_parse(text)
    return [(p.line, p.field, p.message) for p in refused.value.problems]


def test_the_shipped_mappings_read_and_are_named_by_key_and_version() -> None:
    found = {mapping.ref: mapping for mapping in shipped_mappings()}
    assert sorted(found) == ["icare-client-profile-v1", "icare-community-connections-v1"]
    assert sorted(path.stem for path in SHIPPED.glob("*.toml")) == sorted(found)
    profile = found["icare-client-profile-v1"]
    assert profile.rows == "participant"
    assert profile.role == "mentee"
    assert profile.question_keys() == [
        "uci",
        "date_of_birth",
        "gender",
        "postal_code",
        "research_consent",
    ]
    assert found["icare-community-connections-v1"].rows == "relationship"


def test_a_mapping_reads_its_columns() -> None:
    mapping = mapping_parse(
        HEAD
        + """
[[columns]]
header = "Client"
source = "intake.answer:uci"
required = true

[[columns]]
header = "Minutes"
source = "meeting.minutes"
type = "integer"
min = 1
"""
    )
    assert mapping.ref == "sessions-v1"
    assert [c.header for c in mapping.columns] == ["Client", "Minutes"]
    assert mapping.columns[1].minimum == 1
    assert mapping.question_keys() == ["uci"]


def test_an_unknown_source_names_its_line_and_suggests_the_right_one() -> None:
    found = problems(HEAD + '\n[[columns]]\nheader = "Country"\nsource = "person.countri"\n')
    assert found == [
        (
            10,
            "source",
            "No Bridgeway field is called “person.countri”. Did you mean person.country? "
            "The reference lists them all.",
        )
    ]


def test_a_bad_type_a_duplicate_header_and_a_missing_key_are_all_named() -> None:
    text = """[mapping]
funder = "A funder"
name = "Sessions"
key = "sessions"
rows = "meeting"

[[columns]]
header = "Date"
source = "meeting.date"
type = "day"

[[columns]]
header = "date"
source = "meeting.minutes"
type = "integer"

[[columns]]
source = "meeting.kind"
"""
    assert problems(text) == [
        (1, "version", "Give a whole number from 1 to 9999."),
        (10, "type", "Choose one of: text, integer, decimal, date, code."),
        (13, "header", "Column 1 has the same header."),
        (17, "header", "Give the column's header: a text of 1 to 100 characters."),
    ]


def test_a_source_that_cannot_fill_the_rows_is_refused() -> None:
    text = HEAD.replace('rows = "meeting"', 'rows = "participant"')
    text += '\n[[columns]]\nheader = "Hours"\nsource = "relationship.hours"\n'
    assert problems(text) == [
        (10, "source", "relationship.hours does not fill rows of one participant.")
    ]


def test_rules_that_do_not_go_with_the_type_are_refused() -> None:
    text = (
        HEAD
        + """
[[columns]]
header = "When"
source = "meeting.date"
type = "date"
format = "%d %B %Y"
pattern = "x"

[[columns]]
header = "Kind"
source = "meeting.kind"
type = "code"
unmapped = "default"
values = { video = "V" }
"""
    )
    assert problems(text) == [
        (12, "format", "Write the date with %Y, %m, %d or %y and separators, such as %Y-%m-%d."),
        (13, "pattern", "Only text and code columns have a pattern."),
        (19, "unmapped", "unmapped = default needs a default."),
    ]


def test_a_syntax_error_names_its_line() -> None:
    assert problems(HEAD + '\n[[columns]]\nheader = "A\n') == [
        (9, "", "This is not valid TOML (Illegal character '\\n')."),
    ]


def test_a_file_without_columns_or_mapping_says_what_it_needs() -> None:
    assert problems('title = "x"\n') == [
        (None, "mapping", "The file needs a [mapping] table: see the reference."),
        (None, "columns", "The file needs at least one [[columns]] table."),
        (1, "title", "Unknown table or key: a mapping has [mapping] and [[columns]] only."),
    ]


def test_keys_inside_multi_line_strings_are_not_taken_for_keys() -> None:
    lines = key_lines('[mapping]\ndescription = """\nkey = "not a key"\n"""\nkey = "k"\n')
    assert lines.line_of(("mapping", 0), "key") == 5


def test_every_source_names_the_rows_it_fills() -> None:
    for source in SOURCES.values():
        assert source.units, source.name
        assert str(source.label), source.name
