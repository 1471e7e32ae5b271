"""Form widgets that several apps share."""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.choices import BaseChoiceIterator
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

# Django's own string (its catalog translates it): a label ending in one of these takes no
# suffix, as BoundField.label_tag decides.
LABEL_ENDINGS = ":?.!"


def label_tag(bound: BoundField) -> str:
    """`BoundField.label_tag()` for a field with an id and a plain label, without its
    template: the label with the field's or the form's suffix (none after a label ending in
    LABEL_ENDINGS), escaped."""
    label = str(bound.label)
    suffix = bound.field.label_suffix
    if suffix is None:
        suffix = bound.form.label_suffix
    if suffix and label and label[-1] not in gettext(LABEL_ENDINGS):
        label += str(suffix)
    return f'<label for="{html.escape(bound.id_for_label)}">{html.escape(label)}</label>'


class ReadyChoices(BaseChoiceIterator):
    """Choices already in Django's form ((value, label) pairs, or (group, pairs)), kept as
    they are: a field or widget given a list walks every choice to normalize it, each time a
    form is built (about 1,700 choices on a profile form with its languages, countries and
    time zones), while an iterator of choices is taken as it is. Immutable, so a copy of a
    field or widget shares it."""

    def __init__(self, choices: Iterable[tuple[Any, Any]]) -> None:
        self.choices = tuple(choices)

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)

    def __deepcopy__(self, memo: dict[int, Any]) -> ReadyChoices:
        return self


def _text(value: Any) -> str:
    """A value or label as the template wrote it: localized, escaped unless marked safe."""
    if type(value) is str:  # nearly every label and value: the quick way, the same text
        return html.escape(value)
    if not isinstance(value, str):
        value = localize(value)
    return str(conditional_escape(value))


class WrittenGroup(tuple):  # type: ignore[type-arg]
    """A group of choices that never changes, `(label, [(value, label), …])` as Django takes
    it, with its options written once, the first time a select draws it (`written`): every
    time zone of a region, about 600 options in all, which a profile form wrote again for
    each form though only the selected one differs (docs/benchmarks.md, "The forum topic and
    the profile: kept time zones, a kept availability grid, fewer reads"). Its holder keeps it
    as long as the words and offsets hold (core/time_zones.py, per language and
    quarter-hour); nothing of a person is kept, the selected option is put in per form."""

    def written(self) -> tuple[str, dict[str, int]]:
        """The group as `LongSelect.options_html` writes it with nothing selected, and for
        each value where its first option takes ` selected`."""
        kept: tuple[str, dict[str, int]] | None = self.__dict__.get("_written")
        if kept is None:
            label, pairs = self
            parts = [f'\n<optgroup label="{_text(label)}">']
            length = len(parts[0])
            places: dict[str, int] = {}
            for value, sublabel in pairs:
                start = f'\n<option value="{_text(str(value))}"'
                places.setdefault(str(value), length + len(start))
                parts.append(f"{start}>{_text(sublabel)}</option>")
                length += len(parts[-1])
            parts.append("\n</optgroup>")
            kept = self.__dict__["_written"] = ("".join(parts), places)
        return kept


class LongSelect(forms.Select):
    """A select of many options (every time zone, country or language) written without a
    template per option as Django's `Select` does: a profile form with its time zones,
    countries and rows of languages has thousands of options, and Django's template took most
    of the page's time (docs/benchmarks.md, "Mixed traffic"). The options are written in
    Python (`options_html`), the `<select>` around them by the widget's template, so the
    widget renders alone and inside a `MultiWidget`'s template alike. The same markup as
    Django's, option groups included, and the same choice selected (the first option whose
    value matches); an option carries no attribute but `selected`."""

    template_name = "core/widgets/long_select.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        # Widget's context, without ChoiceWidget's option dictionaries.
        context = forms.Widget.get_context(self, name, value, attrs)
        if self.allow_multiple_selected:
            context["widget"]["attrs"]["multiple"] = True
        context["widget"]["options_html"] = self.options_html(context["widget"]["value"])
        return context

    def options_html(self, value: list[str]) -> SafeString:
        """Each option (and group) on its own line, as Django's select template writes them."""
        chosen = set(value)
        several = self.allow_multiple_selected
        has_selected = False
        parts: list[str] = []
        for choice in self.choices:
            if type(choice) is WrittenGroup and not several:
                written, places = choice.written()
                if not has_selected:
                    found = [places[value] for value in chosen if value in places]
                    if found:
                        at = min(found)  # the first option whose value is one of those held
                        written = f"{written[:at]} selected{written[at:]}"
                        has_selected = True
                parts.append(written)
                continue
            option_value, option_label = choice
            if isinstance(option_label, (list, tuple)):
                group: Any = option_label
                parts.append(f'\n<optgroup label="{_text(option_value)}">')
            else:
                group = [("" if option_value is None else option_value, option_label)]
            for subvalue, sublabel in group:
                selected = (not has_selected or several) and str(subvalue) in chosen
                has_selected |= selected
                parts.append(
                    f'\n<option value="{_text(str(subvalue))}"'
                    f"{' selected' if selected else ''}>{_text(sublabel)}</option>"
                )
            if group is option_label:
                parts.append("\n</optgroup>")
        # Every value and label is escaped above.
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
