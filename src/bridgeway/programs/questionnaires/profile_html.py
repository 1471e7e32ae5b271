"""The profile form's fields written in one pass: each field's wrapper (`_field.html`) and the
widgets a profile mostly holds, the same markup as Django's templates write.

After its reads, the profile page's cost was Django's templates for its form (docs/
benchmarks.md, "The participant's profile page, its form in one pass"): for each radio button
and check box Django renders `input_option.html`, `input.html` and `attrs.html`; the
availability grid, the rows of languages and each field's wrapper go through their templates
too. Here the radio buttons and check boxes (`RadioSelect`, `CheckboxSelectMultiple`), the
availability grid, the rows of languages, the long selects (`LongSelect`, `KeptSelect`), a plain
`Select`, a text input and a text area are written in Python, with the attributes Django's
`BoundField` gives them (its own `build_widget_attrs`: required, disabled, aria-invalid,
aria-describedby) and every value and label escaped as the templates escape them. Any other
widget (the newcomer questions' dates and needs) is rendered by Django inside the wrapper, and a
lone check box by the wrapper's template. `tests/questionnaires/test_profile_html.py` holds
this to the templates byte for byte. Nothing is kept between forms."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import forms
from django.forms.widgets import ChoiceWidget, Input
from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from bridgeway.core.widgets import LongSelect
from bridgeway.programs.questionnaires.profile_forms import (
    AvailabilityWidget,
    LanguagesWidget,
)

FIELD_TEMPLATE = "questionnaires/_field.html"


def _e(value: Any) -> str:
    """A value as `{{ value }}` writes it: escaped unless marked safe."""
    return str(conditional_escape(value))


def _attrs(attrs: dict[str, Any]) -> str:
    """What `django/forms/widgets/attrs.html` writes."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {_e(name)}")
        else:
            out.append(f' {_e(name)}="{_e(str(value))}"')
    return "".join(out)


def _choices_value(value: Any, several: bool) -> list[str]:
    """`ChoiceWidget.format_value`."""
    if value is None and several:
        return []
    if not isinstance(value, (tuple, list)):
        value = [value]
    return [str(v) if v is not None else "" for v in value]


def _flat(choices: Any) -> list[tuple[Any, Any]] | None:
    """The choices as (value, label) pairs, or None when they hold a group (written by
    Django)."""
    pairs = []
    for option_value, option_label in choices:
        if isinstance(option_label, (list, tuple)):
            return None
        pairs.append(("" if option_value is None else option_value, option_label))
    return pairs


def _inputs(widget: ChoiceWidget, name: str, value: Any, attrs: dict[str, Any]) -> str:
    """Radio buttons or check boxes as `multiple_input.html` writes them (no groups)."""
    pairs = _flat(widget.choices)
    if pairs is None:
        raise _Unwritten
    several = widget.allow_multiple_selected
    chosen = _choices_value(value, several)
    built = widget.build_attrs(widget.attrs, attrs)
    input_type = widget.input_type
    has_selected = False
    root_id = built.get("id")
    head = f'<div id="{_e(root_id)}"' if root_id else "<div"
    if built.get("class"):
        head += f' class="{_e(built["class"])}"'
    parts = [head, ">"]
    quoted_name = _e(name)
    for index, (option_value, option_label) in enumerate(pairs):
        selected = (not has_selected or several) and str(option_value) in chosen
        has_selected |= selected
        option_attrs = dict(built) if widget.option_inherits_attrs else {}
        if selected:
            option_attrs.update(widget.checked_attribute)
        option_id = option_attrs.get("id")
        if "id" in option_attrs:
            option_id = option_attrs["id"] = widget.id_for_label(option_attrs["id"], str(index))
        label_open = f'<label for="{_e(option_id)}">' if option_id else "<label>"
        parts.append(
            f"<div>\n    {label_open}"
            f'<input type="{_e(input_type)}" name="{quoted_name}" value="{_e(str(option_value))}"'
            f"{_attrs(option_attrs)}>\n {_e(option_label)}</label>\n\n</div>"
        )
    parts.append("\n</div>\n\n")
    return "".join(parts)


def _long_select(widget: LongSelect, name: str, value: Any, attrs: dict[str, Any]) -> str:
    """`core/widgets/long_select.html` with its options written by the widget."""
    built = widget.build_attrs(widget.attrs, attrs)
    if widget.allow_multiple_selected:
        built["multiple"] = True
    options = widget.options_html(widget.format_value(value))
    return f'<select name="{_e(name)}"{_attrs(built)}>{options}\n</select>\n'


def _select(widget: forms.Select, name: str, value: Any, attrs: dict[str, Any]) -> str:
    """Django's `select.html` and `select_option.html` (no groups)."""
    pairs = _flat(widget.choices)
    if pairs is None:
        raise _Unwritten
    built = widget.build_attrs(widget.attrs, attrs)
    if widget.allow_multiple_selected:
        built["multiple"] = True
    several = widget.allow_multiple_selected
    chosen = _choices_value(value, several)
    has_selected = False
    parts = [f'<select name="{_e(name)}"{_attrs(built)}>']
    for option_value, option_label in pairs:
        selected = (not has_selected or several) and str(option_value) in chosen
        has_selected |= selected
        parts.append(
            f'\n  <option value="{_e(str(option_value))}"{" selected" if selected else ""}>'
            f"{_e(option_label)}</option>\n"
        )
    parts.append("\n</select>\n")
    return "".join(parts)


def _input(widget: Input, name: str, value: Any, attrs: dict[str, Any]) -> str:
    """Django's `input.html`."""
    built = widget.build_attrs(widget.attrs, attrs)
    shown = widget.format_value(value)
    value_part = f' value="{_e(str(shown))}"' if shown is not None else ""
    return (
        f'<input type="{_e(widget.input_type)}" name="{_e(name)}"{value_part}{_attrs(built)}>\n\n'
    )


def _textarea(widget: forms.Textarea, name: str, value: Any, attrs: dict[str, Any]) -> str:
    """Django's `textarea.html`."""
    built = widget.build_attrs(widget.attrs, attrs)
    shown = widget.format_value(value)
    return f'<textarea name="{_e(name)}"{_attrs(built)}>\n{_e(shown) if shown else ""}</textarea>\n'


def _availability(widget: AvailabilityWidget, name: str, value: Any, attrs: dict[str, Any]) -> str:
    """`questionnaires/widgets/availability.html`: the grid written once per language, name
    and ids (`_grid_written`), each slot's ` checked` put in per form."""
    built = widget.build_attrs(widget.attrs, attrs)
    pieces, slots = _grid_written(
        get_language(), name, str(built.get("id", "")), (attrs or {}).get("id") or f"id_{name}"
    )
    chosen = set(value or [])
    parts = [pieces[0]]
    for slot, piece in zip(slots, pieces[1:], strict=True):
        parts.append(" checked" if slot in chosen else "")
        parts.append(piece)
    return "".join(parts)


@lru_cache(maxsize=64)
def _grid_written(
    language: str | None, name: str, table_id: str, base_id: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The availability grid with no slot checked, cut where each slot takes its ` checked`,
    and the slots in that order: its 21 slots' labels, the days and the parts of the day are
    the same for every form in a language (the words of the code lists, nothing of a
    person), and writing them was a good part of the profile's form."""
    grid = AvailabilityWidget().grid(name, [], {"id": base_id})
    quoted_name = _e(name)
    pieces: list[str] = []
    slots: list[str] = []
    current = [
        '<div class="table-wrap availability">\n',
        f'<table id="{_e(table_id)}">\n  <thead><tr><td></td>',
        *(f'<th scope="col">{_e(part)}</th>' for part in grid["parts"]),
        "</tr></thead>\n  <tbody>\n  ",
    ]
    for day, day_slots in grid["days"]:
        current.append(f'\n    <tr>\n      <th scope="row">{_e(day)}</th>\n      ')
        for slot in day_slots:
            slot_id = _e(slot["id"])
            current.append(
                f'\n      <td><input type="checkbox" name="{quoted_name}" '
                f'value="{_e(slot["value"])}" id="{slot_id}"'
            )
            pieces.append("".join(current))
            slots.append(slot["value"])
            current = [
                f'>\n        <label for="{slot_id}" class="visually-hidden">'
                f"{_e(slot['label'])}</label></td>\n      "
            ]
        current.append("\n    </tr>\n  ")
    current.append("\n  </tbody>\n</table>\n</div>\n")
    pieces.append("".join(current))
    return tuple(pieces), tuple(slots)


def _languages(widget: LanguagesWidget, name: str, value: Any, attrs: dict[str, Any]) -> str:
    """`questionnaires/widgets/languages.html` with its selects (`MultiWidget.get_context`)."""
    built = widget.build_attrs(widget.attrs, attrs)
    built.pop("type", None)
    if not isinstance(value, (list, tuple)):
        value = widget.decompress(value)
    id_ = built.get("id")
    written = []
    names: list[str] = widget.widgets_names  # type: ignore[attr-defined]
    for index, (suffix, select) in enumerate(zip(names, widget.widgets, strict=True)):
        if not isinstance(select, LongSelect):
            raise _Unwritten
        select_attrs = dict(built)
        if id_:
            select_attrs["id"] = f"{id_}_{index}"
        held = value[index] if index < len(value) else None
        written.append(
            (select_attrs.get("id"), _long_select(select, name + suffix, held, select_attrs))
        )
    parts = ['<div class="language-rows">\n']
    language_words, level_words = (
        gettext("Language %(number)s"),
        gettext("Level in language %(number)s"),
    )
    for row in range(widget.rows):
        (language_id, language), (level_id, level) = written[2 * row], written[2 * row + 1]
        number = {"number": _e(row + 1)}
        parts.append(
            '\n  <div class="language-row">\n    <div>\n'
            f'      <label for="{_e(language_id or "")}" class="sub-label">'
            f"{language_words % number}</label>\n      {language}\n    </div>\n    <div>\n"
            f'      <label for="{_e(level_id or "")}" class="sub-label">'
            f"{level_words % number}</label>\n      {level}\n    </div>\n  </div>\n"
        )
    parts.append("\n</div>\n")
    return "".join(parts)


class _Unwritten(Exception):
    """A widget this module does not write: Django renders it."""


WRITERS: dict[type[forms.Widget], Any] = {
    forms.RadioSelect: _inputs,
    forms.CheckboxSelectMultiple: _inputs,
    AvailabilityWidget: _availability,
    LanguagesWidget: _languages,
    forms.Select: _select,
    forms.TextInput: _input,
    forms.Textarea: _textarea,
}


def _widget_html(field: forms.BoundField) -> str:
    """`{{ field }}`: `BoundField.as_widget`, the widget written here when it can be."""
    widget = field.field.widget
    if field.field.localize:
        return str(field)
    writer = WRITERS.get(type(widget))
    if writer is None and isinstance(widget, LongSelect):
        writer = _long_select
    if writer is None:
        return str(field)
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    try:
        # Django's renderer strips what a widget's template wrote (BaseRenderer.render).
        return str(writer(widget, field.html_name, field.value(), attrs)).strip()
    except _Unwritten:
        return str(field)


def field_html(field: forms.BoundField) -> str:
    """What `questionnaires/_field.html` writes for one field."""
    if field.widget_type == "checkbox":
        return str(get_template(FIELD_TEMPLATE).render({"field": field}))
    errors = field.errors
    help_text = field.help_text
    auto_id = field.auto_id
    question = getattr(field.field, "question", None)
    required = (
        f' <span class="required">({_e(gettext("required"))})</span>'
        if question is not None and question.is_required
        else ""
    )
    label = _e(field.label)
    widget = _widget_html(field)
    if field.use_fieldset:
        described = ""
        if help_text or errors:
            ids = [f"{auto_id}_helptext"] if help_text else []
            if errors:
                ids.append(f"{auto_id}_error")
            described = f' aria-describedby="{_e(" ".join(ids))}"'
        body = f"<fieldset{described}><legend>{label}{required}</legend>{widget}</fieldset>"
    else:
        body = f'<label for="{_e(field.id_for_label)}">{label}{required}</label>{widget}'
    help_part = (
        f'<p class="help" id="{_e(auto_id)}_helptext">{_e(help_text)}</p>' if help_text else ""
    )
    error_part = ""
    if errors:
        messages = "".join(f"<p>{_e(error)}</p>" for error in errors)
        error_part = f'<div class="error" id="{_e(auto_id)}_error">{messages}</div>'
    invalid = " field-invalid" if errors else ""
    return (
        f'\n<div class="field{invalid}" id="field-{_e(field.html_name)}">'
        f"\n  \n    {body}\n  \n  {help_part}\n  {error_part}\n</div>\n"
    )


def fields_html(fields: list[forms.BoundField]) -> SafeString:
    """The fields one after another, as the page's loop of `_field.html` includes wrote them."""
    # Every value, label and message is escaped above, or rendered by Django.
    return mark_safe("".join(field_html(field) for field in fields))  # noqa: S308  # nosec B308 B703
