"""`{{ person.time_zone|time_zone }}`: "Toronto (UTC−05:00)" instead of "America/Toronto"."""

from __future__ import annotations

from django import template

from bridgeway.core.time_zones import time_zone_label

register = template.Library()


@register.filter(name="time_zone")
def time_zone_filter(name: str) -> str:
    return time_zone_label(str(name or ""))
