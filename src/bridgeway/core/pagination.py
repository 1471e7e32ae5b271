from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(
    request: HttpRequest, items: QuerySet[Any], per_page: int = 25, param: str = "page"
) -> Page[Any]:
    """The requested page; an out-of-range or malformed page number gives the nearest page.
    `param` names the page number in the address when a page holds two paginated lists."""
    return Paginator(items, per_page).get_page(request.GET.get(param))


def query_without_page(request: HttpRequest, param: str = "page") -> str:
    params = request.GET.copy()
    params.pop(param, None)
    return params.urlencode()
