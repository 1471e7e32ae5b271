"""PDFs made from people's text (certificates here; agreement copies and reports are made by
the same `core.pdf.pdf_html`) show that text as text and fetch nothing: no file:// or http://
address is read, whatever the HTML or its CSS names."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bridgeway.core.pdf import pdf_html
from bridgeway.reports.recognition import services
from bridgeway.reports.recognition.pdf import certificate_document
from tests.reports.recognition.test_certificates import _text
from tests.xss_corpus import ATTRIBUTE_BREAKERS, PAYLOADS

pytestmark = pytest.mark.django_db


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every address WeasyPrint's own fetcher was asked for."""
    from urllib.request import OpenerDirector

    asked: list[str] = []
    real = OpenerDirector.open

    def recording(self: Any, url: Any, *args: Any, **kwargs: Any) -> Any:
        asked.append(getattr(url, "full_url", url))
        return real(self, url, *args, **kwargs)

    monkeypatch.setattr(OpenerDirector, "open", recording)
    return asked


def test_addresses_in_the_html_or_its_css_are_not_fetched(fetched: list[str]) -> None:
    html = (
        "<html><head><link rel='stylesheet' href='http://127.0.0.1:9/evil.css'>"
        "<style>@import url('file:///etc/passwd'); body { background: url(http://127.0.0.1:9/x) }"
        "</style></head><body><p>Hello</p><img src='file:///etc/hostname'>"
        "<img src='https://example.org/tracker.png'><iframe src='file:///etc/passwd'></iframe>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='></body></html>"
    )
    document = pdf_html(html).render()
    assert "Hello" in _text(document)
    assert all(url.startswith("data:") for url in fetched), fetched


def test_a_certificate_shows_planted_payloads_as_text_and_fetches_nothing(
    finished: SimpleNamespace, fetched: list[str]
) -> None:
    certificate, _new = services.certificate_issue(
        enrollment=finished.frank_e, by=finished.alice, signer_title="Director"
    )
    for payload in [*PAYLOADS, *ATTRIBUTE_BREAKERS]:
        certificate.name = payload[:150]
        certificate.program_name = "<img src='file:///etc/passwd'> " + payload[:150]
        certificate.signer_title = "<link rel=stylesheet href=http://127.0.0.1:9/x.css>"
        # Compared without white space: the PDF breaks long words across lines.
        drawn = "".join(_text(certificate_document(certificate=certificate)).split())
        shown = "".join(payload[:150].split())
        assert shown[:40] in drawn, payload
        assert "<linkrel=stylesheet" in drawn
    assert fetched == []
