"""Columns computed by a correlated subquery, shared by the apps' selectors."""

from __future__ import annotations

from django.db.models import IntegerField, Subquery


class SubqueryCount(Subquery):
    """The number of rows of a correlated subquery, as one column of the outer query (0 when
    it has none)."""

    template = "(SELECT count(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()
