"""`{% site_header %}`: the skip link and the header of every page (templates/base.html), drawn
from templates/partials/site_header.html once per process for each thing it can show and kept.

Most of the header is the same on every page for everyone who sees the same links: its
addresses (`{% url %}`), its words in the page's language, the language switch. Drawing it
is about a third of the CPU of a cheap page, so each process draws it once per key and keeps
the text. The key holds everything the kept text shows: the language, the addresses' prefix
and URL configuration, whether someone is signed in, which sections the header links to
(library, community, the network's pages), the person's agencies (address and name, so a
renamed agency is a new key) and whether each unread count is zero (the count's badge is
hidden then). What differs from one request to the next is put into the kept text on each
request, escaped: the unread counts, the CSRF token and the page's own address (the language
switch returns to it).

The header's values come from the page's context (`dashboard.context_processors.navigation`,
read only when the header is drawn, after the view has marked anything read), so a view that
puts its own there is shown as before."""

from __future__ import annotations

import itertools
import secrets
from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template import Context, Engine
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.autoreload import file_changed
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from bridgeway.core.warm_up import per_language

register = template.Library()

# Where each request's own values go in the kept text. The random part makes sure no text the
# header shows (an agency's name) can be taken for one.
_NONCE = secrets.token_hex(8)
SLOTS = {
    name: f"\ue000{name}-{_NONCE}\ue000"
    for name in ("csrf_input", "next_path", "messages_unread", "notifications_unread")
}

# Keys a process keeps: a few per language for participants, one per set of agencies for staff.
KEPT = 1024

HeaderKey = tuple[str, str, Any, bool, bool, bool, bool, tuple[tuple[str, str], ...], bool, bool]


@lru_cache(maxsize=KEPT)
def _drawn(key: HeaderKey) -> str:
    """The header for `key`, with the request's values as slots (drawn on the thread of the
    request, whose language, prefix and URL configuration are those of the key)."""
    (language, _prefix, _urlconf, signed_in, library, community, network_admin, agencies,
     messages_any, notifications_any) = key  # fmt: skip
    values = {
        "LANGUAGE_CODE": language,
        "signed_in": signed_in,
        "nav_library": library,
        "nav_community": community,
        "nav_is_network_admin": network_admin,
        "nav_agencies": agencies,
        "messages_any": messages_any,
        "notifications_any": notifications_any,
        **{name: mark_safe(slot) for name, slot in SLOTS.items()},  # noqa: S308 - our own text  # nosec B308 B703
    }
    with translation.override(language):
        text = (
            Engine.get_default().get_template("partials/site_header.html").render(Context(values))
        )
    return text.removesuffix("\n")  # the page's own line ends the tag


@register.simple_tag(takes_context=True)
def site_header(context: Context) -> SafeString:
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    messages_unread = notifications_unread = 0
    library = community = network_admin = False
    agencies: tuple[tuple[str, str], ...] = ()
    if signed_in:
        library = bool(context.get("nav_library"))
        community = bool(context.get("nav_community"))
        memberships = context.get("nav_memberships")
        if callable(memberships):
            memberships = memberships()
        agencies = tuple(
            (str(each.organization.slug), str(each.organization.name)) for each in memberships or ()
        )
        network_admin = bool(context.get("nav_is_network_admin"))
        messages_unread = context.get("messages_unread") or 0
        notifications_unread = context.get("notifications_unread") or 0
    key: HeaderKey = (
        translation.get_language() or "",
        get_script_prefix(),
        get_urlconf(),
        signed_in,
        library,
        community,
        network_admin,
        agencies,
        bool(messages_unread),
        bool(notifications_unread),
    )
    request = context.get("request")
    values = {
        "csrf_input": str(CsrfTokenNode().render(context)),
        "next_path": str(conditional_escape(request.get_full_path() if request else "")),
        "messages_unread": str(conditional_escape(str(messages_unread))),
        "notifications_unread": str(conditional_escape(str(notifications_unread))),
    }
    text = _drawn(key)
    for name, slot in SLOTS.items():
        text = text.replace(slot, values[name])
    return mark_safe(text)  # noqa: S308 - drawn by the template engine, each value escaped  # nosec B308 B703


@lru_cache(maxsize=KEPT)
def _constant(name: str, language: str, _prefix: str, _urlconf: Any) -> str:
    """A part of every page that shows nothing but addresses and words: the same for every
    request in one language, prefix and URL configuration."""
    with translation.override(language):
        text = Engine.get_default().get_template(name).render(Context({}))
    return text.removesuffix("\n")


def _kept(name: str) -> SafeString:
    text = _constant(name, translation.get_language() or "", get_script_prefix(), get_urlconf())
    return mark_safe(text)  # noqa: S308 - drawn by the template engine  # nosec B308 B703


@register.simple_tag
def site_assets() -> SafeString:
    """The style sheet and scripts of every page (their addresses, with the files' hashes)."""
    return _kept("partials/site_assets.html")


@register.simple_tag
def site_footer() -> SafeString:
    """The footer of every page."""
    return _kept("partials/site_footer.html")


@per_language
def _warm(language: str) -> None:
    """What a process keeps per language before its first page (core/warm_up.py): the page's
    assets and footer, and the header signed out and for a participant with each set of
    sections and badges (a coordinator's holds their agencies, drawn on their first page)."""
    # A request sets the root URL configuration (Django's handler), so its keys name it.
    prefix, urlconf = get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    for name in ("partials/site_assets.html", "partials/site_footer.html"):
        _constant(name, language, prefix, urlconf)
    _drawn((language, prefix, urlconf, False, False, False, False, (), False, False))
    for library, community, messages_any, notifications_any in itertools.product(
        (False, True), repeat=4
    ):
        key: HeaderKey = (language, prefix, urlconf, True, library, community, False, (),
                          messages_any, notifications_any)  # fmt: skip
        _drawn(key)


def _forget(**_kwargs: Any) -> None:
    """The development server reloads templates on a change without restarting: the kept
    parts are drawn again from the changed files."""
    _drawn.cache_clear()
    _constant.cache_clear()


file_changed.connect(_forget, dispatch_uid="bridgeway-site-header")
# What the kept parts show also follows settings (the languages of the switch, the static
# files' addresses, the URL configuration): a changed setting (tests override them) draws them
# again. In a running server settings do not change.
setting_changed.connect(_forget, dispatch_uid="bridgeway-site-header-settings")
