"""Plain messages are written without the parser (`messaging/formatting.py`), and the HTML and
excerpts they get are byte for byte what markdown-it and nh3 give: for texts drawn from the
characters that path takes, from every character the enabled rules and nh3 treat specially, and
from all of Unicode, and for messages as people write them."""

from __future__ import annotations

import html

import nh3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bridgeway.messaging import formatting
from bridgeway.messaging.formatting import plain_excerpt, render_message

PLAIN = (
    "abcxyzABCXYZ0123456789     \n\n\n.,;:!?'\"()/-+&#<>=%@$^{}|€£«»—–…"
    "éèàçôœÉÀ中文字謝ありがとう한국어مرحباשלוםпривет😀👍🏽❤️🇨🇦"
)
SPECIAL = (
    PLAIN
    + "*_`[]\\~\t\r\x00\x0b\x0c\x1c\x85\xa0\u2028\u3000\ufeff\ufffe\ufdd0\u200d\u200e\u180e    1.3)-+>"
)
WORDS = [
    " ",
    "\n",
    "\n\n",
    "word",
    "mot",
    "é",
    "中文",
    "مرحبا",
    "😀",
    "1",
    ".",
    ")",
    "&amp;",
    "a.ca/b?c",
]
MARKS = [*"*_`[]()\\~<>&#!:-+.\t\r", "**", "__", "```", "~~~", "    ", "\r\n", "1.", "2)", "&#123;"]
GENERATED = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

EVERYDAY = [
    # bench/seed_activity.py
    "Thank you for this week's call. I updated my résumé as you suggested.",
    "Good work! Next, try two informational interviews in your field.",
    "I found a networking evening on Thursday. Do you think it is worth going?",
    "Yes, go: bring a short introduction of yourself and ask people how they started.",
    "Could we meet on Saturday morning instead? I have a shift on Friday.",
    "Saturday at 10 works. I will send the link.",
    # as people write them
    "Hi Amal,\n\nHere is the link: https://www.jobbank.gc.ca/findajob?term=nurse&page=2\n\nSee you",
    "Merci pour l'appel d'hier ! J'ai envoyé ma candidature à 14 h 30, on croise les doigts.",
    "Bonjour,\nJe serai en retard de 10 minutes.\nÀ tout à l'heure",
    "شكراً جزيلاً على المساعدة! سأرسل السيرة الذاتية غداً إن شاء الله.",
    "谢谢你的建议。我下周一去面试，地址是 Queen St. 100 号。",
    "Great news 🎉🎉 I got the job!!! 😀👍🏽",
    "Q&A session at 6 <3 — bring 2 copies of your CV (PDF < 2 MB)",
    'She said "call me back" and I said "sure"',
    "  indented a little\n   and more  \n\n\n\nafter blank lines   ",
    "The rent is $1,200/month, i.e. 40% of my pay #budget",
    "",
    " \n \n",
]
MARKUP = [
    "3. Prepare questions\n4. Arrive early",
    "Steps:\n1) update the CV\n2) apply",
    "- bring ID\n- bring proof of address",
    "> you wrote this\nI agree",
    "Use *this* or _that_ or `code`",
    "[the form](https://example.org/form) and <b>bold</b>",
    "    four spaces make code",
    "a\r\nb\r\n",
    "tab\tseparated",
    "&amp; &#123; &copy; \\*not emphasis\\*",
]
MESSAGES = EVERYDAY + MARKUP


def _is_plain(text: str) -> bool:
    return formatting._NEEDS_PARSER.search(text) is None


def _excerpt_by_the_parser(text: str, limit: int = 300) -> str:
    """`plain_excerpt` as it was before plain texts skipped the parser."""
    words = " ".join(nh3.clean(formatting._parser().render(text), tags=set()).split())
    words = html.unescape(words)
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _same_as_the_parser(text: str) -> None:
    assert render_message(text) == formatting._parsed_and_cleaned(text)
    for limit in (300, 40, 7):
        assert plain_excerpt(text, limit) == _excerpt_by_the_parser(text, limit)


@pytest.mark.parametrize("text", MESSAGES)
def test_messages_get_what_the_parser_gives(text):
    _same_as_the_parser(text)


def test_everyday_messages_skip_the_parser():
    assert [text for text in EVERYDAY if not _is_plain(text)] == []
    assert render_message(MESSAGES[0]) == (
        "<p>Thank you for this week's call. I updated my résumé as you suggested.</p>\n"
    )
    assert render_message(EVERYDAY[8]) == (
        "<p>Bonjour,<br>\nJe serai en retard de 10 minutes.<br>\nÀ tout à l'heure</p>\n"
    )
    assert render_message(EVERYDAY[12]) == (
        "<p>Q&amp;A session at 6 &lt;3 — bring 2 copies of your CV (PDF &lt; 2 MB)</p>\n"
    )


@pytest.mark.parametrize("text", MARKUP)
def test_markup_goes_through_the_parser(text):
    assert not _is_plain(text)


def test_lists_quotes_and_code_are_still_formatted():
    assert render_message("3. Prepare questions\n4. Arrive early") == (
        '<ol start="3">\n<li>Prepare questions</li>\n<li>Arrive early</li>\n</ol>\n'
    )
    assert render_message("> you wrote this\nI agree") == (
        "<blockquote>\n<p>you wrote this<br>\nI agree</p>\n</blockquote>\n"
    )
    assert render_message("Use *this*") == "<p>Use <em>this</em></p>\n"


def test_a_lone_surrogate_is_refused_as_before():
    with pytest.raises(UnicodeEncodeError):
        render_message("half an emoji \ud83d")


def test_a_long_plain_message_is_cut_at_a_word():
    text = "Merci beaucoup, " * 40
    assert _is_plain(text)
    excerpt = plain_excerpt(text, limit=50)
    assert excerpt == "Merci beaucoup, Merci beaucoup, Merci beaucoup…"
    assert excerpt == plain_excerpt(text + "*", limit=50)


@GENERATED
@given(st.text(alphabet=PLAIN, max_size=120))
def test_texts_of_plain_characters(text):
    _same_as_the_parser(text)


@GENERATED
@given(st.text(alphabet=SPECIAL, max_size=120))
def test_texts_with_every_special_character(text):
    _same_as_the_parser(text)


@GENERATED
@given(st.text(max_size=80))
def test_texts_of_any_characters(text):
    _same_as_the_parser(text)


@GENERATED
@given(
    st.lists(st.sampled_from(WORDS), max_size=20),
    st.lists(st.tuples(st.integers(0, 20), st.sampled_from(MARKS)), max_size=3),
)
def test_words_with_a_few_marks(words, marks):
    for at, mark in marks:
        words.insert(at, mark)
    _same_as_the_parser("".join(words))


@GENERATED
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["", " ", "   ", "    ", "     ", "1.", "2)", "10. ", "-", "+ ", ">", "#"]
            ),
            st.sampled_from(["", "x", " x", "é 😀", "  "]),
        ),
        max_size=8,
    ),
    st.sampled_from(["\n", "\n\n", "\n \n"]),
)
def test_line_starts(lines, between):
    text = between.join(start + rest for start, rest in lines)
    for variant in (text, "a\n" + text, "a\n\n" + text):
        _same_as_the_parser(variant)
