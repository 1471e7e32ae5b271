"""The match board's forms written in one pass: the form to run a proposed assignment (the
bytes `partials/form.html` writes for `RunForm`, a fieldset of radio buttons through Django's
widget templates, written by core/form_html.py) and the hand-set form's fields (the bytes of
`matching/_manual_form.html`).
Only a form without errors is written here; one with errors, or a side to search, is left to
the templates (tests/matching/test_board_html.py holds the two alike in English and French)."""

from __future__ import annotations

from html import escape

from django import forms
from django.utils.safestring import SafeString, mark_safe

from bridgeway.core.form_html import attrs_html, form_html, widget_attrs
from bridgeway.core.widgets import label_tag
from bridgeway.matching.forms import ManualPairForm


def run_form_html(form: forms.Form) -> SafeString | None:
    """`partials/form.html` for a form of radio fields, or None when it has errors, hidden or
    other fields, or help texts (the template writes those)."""
    if any(type(bound.field.widget) is not forms.RadioSelect for bound in form.visible_fields()):
        return None
    return form_html(form)


def manual_fields_html(form: ManualPairForm) -> SafeString | None:
    """The hand-set form's fields (its hidden run, each side's label and select, the reason)
    as `matching/_manual_form.html` writes them, for the board's form as it opens (not bound,
    so without errors) when both sides are listed; None otherwise, for the template to write
    them (a side to search, a form with errors). The selects are the form's own
    (`PoolSelect`, already written in Python); the label, hidden input and text area Django
    writes through a template each."""
    if form.is_bound or any(search is not None for _side, search, _c in form.pool_sides()):
        return None
    hidden = []
    for bound in form.hidden_fields():
        widget = bound.field.widget
        value = widget.format_value(bound.value())
        value_attr = "" if value is None else f' value="{escape(str(value))}"'
        hidden.append(
            f'<input type="{widget.input_type}" name="{bound.html_name}"{value_attr}'  # type: ignore[attr-defined]
            f"{attrs_html(widget_attrs(bound))}>"
        )
    parts = ["\n  \n  ", "".join(hidden), "\n  "]
    for name in form.sides:
        choice = form[name]
        parts.append(
            f'\n  \n  <div class="field">\n    {label_tag(choice)}{choice}'
            f'\n    <div class="help" id="{choice.auto_id}_helptext">'
            f"{escape(str(choice.help_text))}</div>\n    \n  </div>\n  "
        )
    reason = form["reason"]
    value = reason.field.widget.format_value(reason.value())
    parts.append(
        f'\n  \n  <div class="field">\n    {label_tag(reason)}'
        f'<textarea name="{reason.html_name}"{attrs_html(widget_attrs(reason))}>\n'
        f"{escape(str(value)) if value else ''}</textarea>"
        f'\n    <div class="help" id="{reason.auto_id}_helptext">'
        f"{escape(str(reason.help_text))}</div>\n    \n  </div>\n  "
    )
    # Labels, values and help texts are escaped above; the selects are PoolSelect's own.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
