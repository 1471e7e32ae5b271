"""Every PDF the site makes (agreement copies, certificates and letters, reports) is laid out
by WeasyPrint from a template that holds people's text. WeasyPrint would fetch any address the
HTML or its CSS names — http://, https://, file:// — so the documents are made with
`no_fetching()`: nothing is read from the network or the disk (the fonts come from the system's
font configuration, not through it); only `data:` addresses inside the document are read.
Templates escape people's text, so none of it can name an address; this holds even if one
ever did."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher


def no_fetching() -> URLFetcher:
    """A fetcher that reads `data:` addresses only: any other scheme (http, https, file, ftp)
    is refused before anything is opened, and the document is laid out without it."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",), allow_redirects=False)


def pdf_html(html: str) -> HTML:
    """The document to lay out, with nothing to fetch from outside it."""
    from weasyprint import HTML

    return HTML(string=html, base_url=None, url_fetcher=no_fetching())
