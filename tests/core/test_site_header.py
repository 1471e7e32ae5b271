"""The header, style sheets and footer of every page are drawn once per process for each thing
they can show and kept (core/templatetags/site_header.py): each page still shows the person's
own unread counts, sections and agencies, the page's own address in the language switch and
the request's CSRF token, in the page's language."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.template import Context, Engine, RequestContext
from django.template.defaulttags import CsrfTokenNode
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from bridgeway.core.templatetags import site_header as kept
from bridgeway.dashboard import context_processors as header
from bridgeway.notifications.models import Notification

pytestmark = pytest.mark.django_db

PEOPLE = ("alice", "bob", "carol", "dave", "grace", "mallory", "erin", "frank")
BELL = re.compile(r'data-bell-count( hidden)?> <span class="badge">(\d+)</span>')
MESSAGES = re.compile(r'data-messages-count( hidden)?> <span class="badge">(\d+)</span>')


def _notify(person: Any, count: int) -> None:
    first = Notification.objects.filter(person=person).count()
    for n in range(first, first + count):
        Notification.objects.create(person=person, kind="k", event=f"event-{n}")


def _bell(client: Client) -> tuple[bool, str]:
    found = BELL.search(client.get(reverse("core:home")).content.decode())
    assert found is not None
    return bool(found.group(1)), found.group(2)


def _drawn_without_keeping(request: Any) -> tuple[str, str]:
    """The header's template drawn for this request alone, every value in place."""
    context = RequestContext(request, {})
    with context.bind_template(Engine.get_default().get_template("base.html")):
        signed_in = request.user.is_authenticated
        sections = header.header_sections(request) if signed_in else {}
        memberships = header.staff_memberships_shown(request) if signed_in else []
        values = {
            "LANGUAGE_CODE": translation.get_language(),
            "signed_in": signed_in,
            "nav_library": sections.get("library", False),
            "nav_community": sections.get("community", False),
            "nav_is_network_admin": sections.get("network_admin", False),
            "nav_agencies": [(m.organization.slug, m.organization.name) for m in memberships],
            "messages_any": bool(sections.get("messages_unread")),
            "notifications_any": bool(sections.get("notifications_unread")),
            "messages_unread": sections.get("messages_unread", 0),
            "notifications_unread": sections.get("notifications_unread", 0),
            "csrf_input": mark_safe(CsrfTokenNode().render(context)),  # noqa: S308
            "next_path": request.get_full_path(),
        }
        text = (
            Engine.get_default().get_template("partials/site_header.html").render(Context(values))
        )
        kept_text = str(kept.site_header(context))
    return text.removesuffix("\n"), kept_text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_kept_header_is_what_the_template_draws_for_each_person(
    rf: Any, world: SimpleNamespace, language: str
) -> None:
    from django.contrib.auth.models import AnonymousUser

    _notify(world.erin, 2)
    with translation.override(language):
        for name in (*PEOPLE, None):
            for _ in range(2):  # drawn, then kept
                request = rf.get("/programs/?q=a&b='c'")
                request.user = getattr(world, name) if name else AnonymousUser()
                drawn, kept_text = _drawn_without_keeping(request)
                assert kept_text == drawn, name
                assert "\ue000" not in kept_text
    assert "&amp;b=&#x27;c&#x27;" in drawn  # the page's address, escaped


def test_each_page_shows_the_persons_own_counts_as_they_change(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    assert _bell(client) == (True, "0")
    _notify(world.erin, 1)
    assert _bell(client) == (False, "1")
    _notify(world.erin, 1)
    assert _bell(client) == (False, "2")
    client.force_login(world.frank)  # the same links as Erin's, none unread
    assert _bell(client) == (True, "0")
    _notify(world.frank, 3)
    assert _bell(client) == (False, "3")
    client.force_login(world.erin)
    assert _bell(client) == (False, "2")
    Notification.objects.filter(person=world.erin).update(read_at=timezone.now())
    assert _bell(client) == (True, "0")
    html = client.get(reverse("core:home")).content.decode()
    assert MESSAGES.search(html) is not None


def test_a_renamed_agency_is_shown_by_its_new_name_escaped(
    client: Client, world: SimpleNamespace
) -> None:
    link = reverse("core:agency_overview", args=["agency-a"])
    client.force_login(world.alice)
    assert f'<a href="{link}">Agency A</a>' in client.get(reverse("core:home")).content.decode()
    world.agency_a.name = "<b>Hosts & Friends</b>"
    world.agency_a.save()
    html = client.get(reverse("core:home")).content.decode()
    assert f'<a href="{link}">&lt;b&gt;Hosts &amp; Friends&lt;/b&gt;</a>' in html
    assert "Agency A" not in html
    client.force_login(world.carol)  # another agency's admin: her own agency, not Alice's
    html = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("core:agency_overview", args=["agency-b"])}"' in html
    assert f'href="{link}"' not in html


def test_the_header_is_in_the_pages_language(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.erin)
    english = client.get(reverse("core:home")).content.decode()
    world.erin.preferred_language = "fr"
    world.erin.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    french = client.get(reverse("core:home")).content.decode()
    assert '<html lang="fr"' in french
    assert 'value="fr" lang="fr"' in english  # each offers to switch to the other
    assert 'value="fr" lang="fr"' not in french
    assert 'value="en" lang="en"' in french


def test_the_sign_out_form_carries_the_pages_token(world: SimpleNamespace) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.erin)
    html = client.get(reverse("core:home")).content.decode()
    token = re.search(r'data-csrf="([^"]+)"', html)
    assert token is not None
    inputs = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert inputs == [token.group(1)] * 2  # sign out and the language switch
    answer = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token.group(1)})
    assert answer.status_code == 302
    assert "_auth_user_id" not in client.session


def test_someone_signed_out_sees_the_sign_in_links(client: Client, world: SimpleNamespace) -> None:
    html = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("account_login")}"' in html
    assert f'href="{reverse("core:dashboard")}"' not in html
    assert "data-bell-count" not in html


def test_a_changed_template_file_is_drawn_again(client: Client, world: SimpleNamespace) -> None:
    from pathlib import Path

    from django.utils.autoreload import file_changed

    client.get(reverse("core:home"))
    assert kept._drawn.cache_info().currsize
    assert kept._constant.cache_info().currsize
    file_changed.send(sender=None, file_path=Path("templates/partials/site_header.html"))
    assert kept._drawn.cache_info().currsize == kept._constant.cache_info().currsize == 0


def test_the_language_switch_follows_the_languages_offered(
    client: Client, world: SimpleNamespace
) -> None:
    """A setting changed after a page was drawn (here: one more language offered) shows on
    the next page: the kept parts are drawn again."""
    switch = 'class="language-switcher"'
    before = client.get(reverse("core:home")).content.decode()
    assert switch in before
    assert 'value="ar"' not in before
    with override_settings(LANGUAGES=[*settings.LANGUAGES, ("ar", "Arabic")]):
        offered = client.get(reverse("core:home")).content.decode()
        assert '<button type="submit" name="language" value="ar" lang="ar"' in offered
    after = client.get(reverse("core:home")).content.decode()
    assert 'value="ar"' not in after
