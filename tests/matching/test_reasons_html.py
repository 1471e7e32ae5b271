"""The reasons written in one pass read exactly as the reasons' template writes them."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from bridgeway.matching.reasons import ShownReason
from bridgeway.matching.reasons_html import reasons_list_html

REASONS = [
    ShownReason("Speaks <b>Farsi</b> & Arabic", 12.5, 12.5, "languages", "languages.shared"),
    ShownReason("Works in health care", 3.25, 10, "occupation", "occupation.near"),
    ShownReason("Lives far away", 0, 5, "distance", "distance.far"),
    ShownReason("In another time zone", 0, 20, "time_zone", "tz.far", broken=True),
    ShownReason("Has mentored before", 0, 0, "info", "info.before"),
    ShownReason("Ten “hours” a month", 10, 10.0, "hours", "hours.met"),
]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_list_of_every_level_reads_as_the_template_writes_it(language):
    with translation.override(language):
        expected = render_to_string("matching/_reasons.html", {"reasons": REASONS})
        assert reasons_list_html(REASONS) == expected
        # A second list in the same language reads the same (the words are kept).
        assert reasons_list_html(REASONS[:2]) == render_to_string(
            "matching/_reasons.html", {"reasons": REASONS[:2]}
        )


def test_a_reasons_text_is_escaped():
    html = reasons_list_html(REASONS[:1])
    assert "Speaks &lt;b&gt;Farsi&lt;/b&gt; &amp; Arabic" in html
    assert "<b>" not in html


def test_no_reasons_is_no_list():
    assert reasons_list_html([]) == render_to_string("matching/_reasons.html", {"reasons": []})


@pytest.mark.parametrize("language", ["en", "fr"])
def test_points_kept_per_language_read_as_floatformat_writes_them(language):
    from decimal import Decimal

    values = [0, 0.0, -0.0, 1, 1.0, 2.25, 2.35, 12.05, 1234.5, 99999.96, Decimal("7.45"), True]
    reasons = [ShownReason("x", value, value or 3, "languages", "c") for value in values]
    with translation.override(language):
        expected = render_to_string("matching/_reasons.html", {"reasons": reasons})
        assert reasons_list_html(reasons) == expected
        assert reasons_list_html(reasons) == expected  # again, from the kept points
