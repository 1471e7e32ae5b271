"""The close page with its form written in one pass (core/form_html.py) is the page the
template wrote, byte for byte but for the CSRF tokens and the scripts' nonce (new on every page), in English
and French, with a reason chosen in the address or none; a form with errors is still written
by the template."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.relationships import views
from tests.relationships.test_close_reads import _pair

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_session")]

# Masked or drawn anew on every page: the CSRF token and the scripts' nonce.
FRESH = re.compile(rb'(name="csrfmiddlewaretoken" value|data-csrf|nonce)="[^"]+"')


def _page(client: Client, url: str, language: str) -> bytes:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return FRESH.sub(rb'\1="fresh"', response.content)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("query", ["", "?reason=no_time", "?reason=%3Cscript%3E", "?reason=staff"])
def test_the_page_is_the_template_s(
    client: Client,
    cohort: SimpleNamespace,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    query: str,
) -> None:
    relationship = _pair(cohort)
    url = reverse("relationships:close", args=[relationship.pk]) + query
    client.force_login(relationship.mentee.person)
    written = _page(client, url, language)
    assert b"<fieldset><legend>" in written
    monkeypatch.setattr(views, "form_html", lambda form: None)
    assert written == _page(client, url, language)


def test_a_refused_reason_is_shown_with_the_template(
    client: Client, cohort: SimpleNamespace
) -> None:
    relationship = _pair(cohort)
    url = reverse("relationships:close", args=[relationship.pk])
    client.force_login(relationship.mentee.person)
    response = client.post(url, {"reason": "staff"})
    assert response.status_code == 200
    assert b'class="field field-invalid"' in response.content
