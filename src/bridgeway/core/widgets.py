"""Form widgets that several apps share."""

from __future__ import annotations

from django import forms


class LongSelect(forms.Select):
    """A select of many options (every time zone, country or language) written in one
    template, without a template include per option as Django's `Select` does: a profile form
    with its time zones, countries and rows of languages has thousands of options, and the
    includes took most of the page's time (docs/benchmarks.md, "Mixed traffic"). The same
    markup, option groups included; an option carries no attribute but `selected`."""

    template_name = "core/widgets/long_select.html"
