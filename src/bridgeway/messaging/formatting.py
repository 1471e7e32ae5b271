"""A small Markdown subset for messages, rendered and then sanitized.

markdown-it's "zero" preset with only emphasis, strong, links, lists, quotes, inline and block
code, and line breaks; raw HTML in the text stays text. nh3 then keeps only the tags that
subset makes, allows http, https and mailto links only, and opens links in a new tab without
giving that tab a way back (rel="noopener noreferrer nofollow ugc")."""

from __future__ import annotations

import html
from functools import cache, lru_cache

import nh3
from markdown_it import MarkdownIt

TAGS = {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre"}
ATTRIBUTES = {"a": {"href", "target"}, "ol": {"start"}}


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("zero", {"breaks": True, "linkify": False, "html": False})
    return parser.enable(
        ["emphasis", "link", "list", "blockquote", "backticks", "fence", "code", "newline"]
    )


# Texts up to this long keep their rendering in each process (the most recently shown
# KEPT_TEXTS of them): a conversation page shows the same messages to both of the pair again
# and again, and the rendering depends on nothing but the text.
KEPT_TEXT_LENGTH = 2_000
KEPT_TEXTS = 2_048


def render_message(text: str) -> str:
    """Safe HTML for a message's text."""
    if len(text) <= KEPT_TEXT_LENGTH:
        return _kept_rendering(text)
    return _rendering(text)


@lru_cache(maxsize=KEPT_TEXTS)
def _kept_rendering(text: str) -> str:
    return _rendering(text)


def _rendering(text: str) -> str:
    html = _parser().render(text)
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow ugc",
        set_tag_attribute_values={"a": {"target": "_blank"}},
    )


def plain_excerpt(text: str, limit: int = 300) -> str:
    """The start of a text in this Markdown as plain words (no markup, one line), cut at a
    word within `limit` characters, with "…" when something was left out."""
    words = " ".join(nh3.clean(_parser().render(text), tags=set()).split())
    words = html.unescape(words)
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
