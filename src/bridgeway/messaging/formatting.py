"""A small Markdown subset for messages, rendered and then sanitized.

markdown-it's "zero" preset with only emphasis, strong, links, lists, quotes, inline and block
code, and line breaks; raw HTML in the text stays text. nh3 then keeps only the tags that
subset makes, allows http, https and mailto links only, and opens links in a new tab without
giving that tab a way back (rel="noopener noreferrer nofollow ugc").

Most messages are plain sentences: their HTML is written directly, the same bytes the parser and
nh3 give (tests/messaging/test_formatting_plain.py proves it over generated texts)."""

from __future__ import annotations

import html
import re
from functools import cache

import nh3
from markdown_it import MarkdownIt

TAGS = {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre"}
ATTRIBUTES = {"a": {"href", "target"}, "ol": {"start"}}

# A text without any of these is plain paragraphs to the parser: no character any enabled rule
# starts on (emphasis * _, code ` and fences ``` ~~~, links [ ], backslashes), no line beginning
# as a list item (- + or digits then . or ), a quote (>) or a code block (four spaces), and no
# whitespace but spaces and newlines: markdown-it turns \r into \n and tabs into columns,
# Python's str.strip (which markdown-it uses) strips other Unicode spaces, nh3 writes U+00A0 as
# &nbsp;, and control characters and lone surrogates are left to the parser and nh3.
_NEEDS_PARSER = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\xa0`*_\[\]\\~"
    r"\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ud800-\udfff]"
    r"|^ {0,3}(?:[-+>]|[0-9]+[.)])"
    r"|^ {4,}[^ \n]",
    re.MULTILINE,
)


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
    if _NEEDS_PARSER.search(text) is None:
        return _plain_paragraphs(text)
    return _parsed_and_cleaned(text)


def _parsed_and_cleaned(text: str) -> str:
    """The full path: markdown-it, then nh3."""
    return nh3.clean(
        _parser().render(text),
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow ugc",
        set_tag_attribute_values={"a": {"target": "_blank"}},
    )


def _plain_paragraphs(text: str) -> str:
    """What the parser and nh3 make of a text `_NEEDS_PARSER` finds nothing in: a paragraph
    for each run of lines that are not blank, the lines stripped of spaces and joined by line
    breaks, and only &, < and > escaped (nh3 writes quotes in text as they are)."""
    written = []
    lines: list[str] = []
    for line in html.escape(text, quote=False).split("\n"):
        line = line.strip(" ")
        if line:
            lines.append(line)
        elif lines:
            written.append("<p>" + "<br>\n".join(lines) + "</p>\n")
            lines = []
    if lines:
        written.append("<p>" + "<br>\n".join(lines) + "</p>\n")
    return "".join(written)


def _parsed_words(text: str) -> str:
    """The full path of `plain_excerpt`: the parser's HTML without its tags, unescaped, on one
    line."""
    return html.unescape(" ".join(nh3.clean(_parser().render(text), tags=set()).split()))


def plain_excerpt(text: str, limit: int = 300) -> str:
    """The start of a text in this Markdown as plain words (no markup, one line), cut at a
    word within `limit` characters, with "…" when something was left out."""
    plain = _NEEDS_PARSER.search(text) is None
    words = " ".join(text.split()) if plain else _parsed_words(text)
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
