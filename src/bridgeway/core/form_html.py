"""A small form written in one pass: the bytes `partials/form.html` writes for a form of radio
buttons and text areas, which Django writes through a template per field, per choice and per
attribute list (10 of the close page's 22 ms under cProfile, docs/benchmarks.md). Only a form
without errors, hidden fields or help texts is written here; any other is left to the template
(tests/core/test_form_html.py holds the two alike in English and French)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms import BoundField
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from bridgeway.core.widgets import label_tag


def form_html(form: forms.Form) -> SafeString | None:
    """`partials/form.html` for `form`, or None when the template must write it (errors,
    hidden fields, help texts, a widget other than a plain radio select or text area)."""
    if form.errors or form.hidden_fields():
        return None
    parts = ["\n\n"]
    for bound in form.visible_fields():
        widget_type = type(bound.field.widget)
        if bound.help_text:
            return None
        if widget_type is forms.RadioSelect:
            body = _radio_fieldset(bound)
        elif widget_type is forms.Textarea:
            body = _textarea(bound)
        else:
            return None
        parts.append(f'\n<div class="field">\n  \n    {body}\n  \n  \n  \n  \n</div>\n')
    parts.append("\n")
    # Every label and value is escaped below; the names and ids are the form's own.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703


def _radio_fieldset(bound: BoundField) -> str:
    """The field's fieldset, its legend and each choice, as Django's radio templates write
    them: the first choice whose value is the field's is checked."""
    field = bound.field
    assert isinstance(field, forms.ChoiceField)
    value = bound.value()
    chosen = "" if value is None else str(value)
    required = " required" if field.required and bound.form.use_required_attribute else ""
    name, auto_id = bound.html_name, bound.auto_id
    choices = []
    found = False
    for index, (option_value, option_label) in enumerate(
        cast("list[tuple[Any, Any]]", field.choices)
    ):
        checked = not found and str(option_value) == chosen
        found |= checked
        choices.append(
            f'<div>\n    <label for="{auto_id}_{index}">'
            f'<input type="radio" name="{name}" value="{escape(str(option_value))}"'
            f'{required} id="{auto_id}_{index}"{" checked" if checked else ""}>\n'
            f" {conditional_escape(option_label)}</label>\n\n</div>"
        )
    mark = (
        f' <span class="required">({escape(gettext("required"))})</span>' if field.required else ""
    )
    return (
        f"<fieldset><legend>{conditional_escape(bound.label)}{mark}</legend>"
        f'<div id="{auto_id}">{"".join(choices)}\n</div></fieldset>'
    )


def attrs_html(attrs: dict[str, Any]) -> str:
    """Attributes as `django/forms/widgets/attrs.html` writes them."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def widget_attrs(bound: BoundField) -> dict[str, Any]:
    """The attributes `BoundField.as_widget` gives the widget, in its order."""
    widget = bound.field.widget
    attrs = {**widget.attrs, **bound.build_widget_attrs({}, widget)}
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    return attrs


def _textarea(bound: BoundField) -> str:
    """The label and the text area, with the attributes `BoundField.as_widget` gives it."""
    value = bound.field.widget.format_value(bound.value())
    return (
        f'{label_tag(bound)}<textarea name="{bound.html_name}"{attrs_html(widget_attrs(bound))}>\n'
        f"{conditional_escape(value) if value else ''}</textarea>"
    )
