"""A small Markdown subset for messages, rendered and then sanitized.

markdown-it's "zero" preset with only emphasis, strong, links, lists, quotes, inline and block
code, and line breaks; raw HTML in the text stays text. nh3 then keeps only the tags that
subset makes, allows http, https and mailto links only, and opens links in a new tab without
giving that tab a way back (rel="noopener noreferrer nofollow ugc")."""

from __future__ import annotations

import html
from functools import cache

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


def render_message(text: str) -> str:
    """Safe HTML for a message's text. Not kept between requests: a message's text is
    personal data, and an erased or deleted message must leave nothing in a process's memory
    (docs/privacy.md)."""
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
