"""Every PDF the site makes (agreement copies, certificates and letters, reports) is laid out
by WeasyPrint from a template that holds people's text. WeasyPrint would fetch any address the
HTML or its CSS names — http://, https://, file:// — so the documents are made with
`no_fetching`: nothing is read from the network or the disk (the fonts come from the system's
font configuration, not through it); only `data:` addresses inside the document are read.
Templates escape people's text, so none of it can name an address; this holds even if one
ever did."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from weasyprint import HTML

logger = logging.getLogger(__name__)


class FetchRefused(ValueError):
    pass


def no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint's url_fetcher: `data:` addresses only."""
    from weasyprint.urls import default_url_fetcher

    if url.startswith("data:"):
        fetched: dict[str, Any] = default_url_fetcher(url, *args, **kwargs)
        return fetched
    logger.warning("a PDF named an address to fetch; nothing was fetched")
    raise FetchRefused("PDFs fetch nothing from outside the document")


def pdf_html(html: str) -> HTML:
    """The document to lay out, with nothing to fetch from outside it."""
    from weasyprint import HTML

    return HTML(string=html, base_url=None, url_fetcher=no_fetching)
