"""The profile's long code lists with their options written once per process and language.

A profile form draws the languages select of every row of languages (4 to 12 rows, about 200
languages each), their levels, the countries and the occupation groups: about 1,600 options a
page, each escaped and written again for every form though only the selected one differs
(docs/benchmarks.md, "The forum space and topic pages, their cards in one pass"). A code list
built once per process and language (`profile_forms._code_list`) is a `KeptChoices`: its
options are written once, the first time a form draws it, with where each value's option takes
its ` selected`; `KeptSelect` then puts the mark in for the value a form holds. The same markup
as `LongSelect` writes (tests/questionnaires/test_kept_options.py). Nothing of a person is
kept: the lists are constants, and the selected option is put in per form."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString, mark_safe

from bridgeway.core.widgets import LongSelect, ReadyChoices, _text


class KeptChoices(ReadyChoices):
    """A constant list of choices, with its options written once (`written`)."""

    def __init__(self, choices: Any) -> None:
        super().__init__(choices)
        self._written: tuple[str, dict[str, int]] | None = None

    def __copy__(self) -> KeptChoices:
        # A widget copied for each form (a field deep-copies its widget, a select copies its
        # choices) keeps the one list and its written options, not a copy that writes them
        # again: the rows of languages did, every form.
        return self

    def written(self) -> tuple[str, dict[str, int]]:
        """The options with none selected, as `LongSelect.options_html` writes them, and for
        each value where the first option of that value takes ` selected`."""
        if self._written is None:
            parts: list[str] = []
            places: dict[str, int] = {}
            length = 0
            for option_value, option_label in self.choices:
                if isinstance(option_label, (list, tuple)):
                    group: Any = option_label
                    parts.append(f'\n<optgroup label="{_text(option_value)}">')
                    length += len(parts[-1])
                else:
                    group = [("" if option_value is None else option_value, option_label)]
                for subvalue, sublabel in group:
                    start = f'\n<option value="{_text(str(subvalue))}"'
                    places.setdefault(str(subvalue), length + len(start))
                    parts.append(f"{start}>{_text(sublabel)}</option>")
                    length += len(parts[-1])
                if group is option_label:
                    parts.append("\n</optgroup>")
                    length += len(parts[-1])
            self._written = ("".join(parts), places)
        return self._written


class KeptSelect(LongSelect):
    """A `LongSelect` that, given `KeptChoices` and one value, writes the kept options with
    the value's option selected; any other choices or a multiple select as `LongSelect`."""

    def options_html(self, value: list[str]) -> SafeString:
        choices = self.choices
        if self.allow_multiple_selected or not isinstance(choices, KeptChoices):
            return super().options_html(value)
        written, places = choices.written()
        found = [places[chosen] for chosen in set(value) if chosen in places]
        if found:
            at = min(found)  # the first option whose value is one of those held
            written = f"{written[:at]} selected{written[at:]}"
        # Every value and label was escaped when the options were written.
        return mark_safe(written)  # noqa: S308  # nosec B308 B703
