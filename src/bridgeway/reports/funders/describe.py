"""A mapping's columns in words, for the reference table on its page and the API: where each
value comes from and the rules it must meet."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.reports.funders.catalogue import SOURCES, answer_key
from bridgeway.reports.funders.mapping import Column


@dataclass(frozen=True)
class ColumnWords:
    header: str
    source: str  # the catalogue's name, as in the file
    origin: str  # in the reader's words
    type: str
    required: bool
    rules: list[str]
    note: str


def origin(column: Column) -> str:
    if column.value is not None:
        return _("Always “%(value)s”") % {"value": column.value}
    key = answer_key(column.source)
    if key is not None:
        return _("Answer to the program's question “%(key)s”") % {"key": key}
    return str(SOURCES[column.source].label)


def rules(column: Column) -> list[str]:
    found = []
    if column.type == "date":
        found.append(_("written %(format)s") % {"format": column.format})
    if column.type == "decimal":
        found.append(_("%(n)d decimals") % {"n": column.decimals})
    if column.minimum is not None:
        found.append(_("at least %(min)s") % {"min": column.minimum})
    if column.maximum is not None:
        found.append(_("at most %(max)s") % {"max": column.maximum})
    if column.max_length is not None:
        found.append(
            ngettext("at most %(n)d character", "at most %(n)d characters", column.max_length)
            % {"n": column.max_length}
        )
    if column.pattern is not None:
        found.append(_("matches %(pattern)s") % {"pattern": column.pattern.pattern})
    if column.case:
        found.append(_("in capitals") if column.case == "upper" else _("in small letters"))
    if column.values:
        codes = ", ".join(f"{key} → {value}" for key, value in column.values.items())
        found.append(_("codes: %(codes)s") % {"codes": codes})
    if column.type == "code" and column.unmapped != "invalid":
        found.append(
            {
                "keep": _("other values as they are"),
                "name": _("other values by their name"),
                "default": _("other values as the default"),
            }[column.unmapped]
        )
    if column.default is not None:
        found.append(_("when empty: “%(default)s”") % {"default": column.default})
    return found


def columns_in_words(columns: tuple[Column, ...]) -> list[ColumnWords]:
    return [
        ColumnWords(
            header=column.header,
            source=column.source,
            origin=origin(column),
            type=column.type,
            required=column.required,
            rules=rules(column),
            note=column.note,
        )
        for column in columns
    ]
