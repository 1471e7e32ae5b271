"""QUALITY.md "xss": the payloads every XSS test plants, and how a page is read for what
escaped.

One corpus for the browser tests (tests/e2e/test_xss*.py) and the server-side walk over every
page (tests/security/test_xss_pages.py). Every payload carries `MARKER` ("alert(") so a test can
tell that a page really showed the planted text; none of them needs the network.

`PAYLOADS` are texts a person could write anywhere free text goes (messages, posts, names,
notes, descriptions); `ATTRIBUTE_BREAKERS` try to leave a quoted or unquoted attribute;
`TEMPLATE_INJECTIONS` are read by a server- or client-side template engine if one ever
evaluated a person's text; `URLS` are what a person could type into a link field (a library
link, a meeting's video link, an agency's website) — forms must refuse them all;
`FILE_NAMES` are names of uploaded files, SVG included.

`active_parts(html)` parses a page with Python's html.parser and lists every element or
attribute that could run script or change where the page sends people: the server-side test
fails on any, the browser tests check the same rules in the live DOM (`ACTIVE_JS`).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

MARKER = "alert("

PAYLOADS = [
    "<script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    "<svg onload=alert('svg')>",
    "<svg><script>alert('svg-script')</script></svg>",
    "<svg><a xlink:href=\"javascript:alert('svg-link')\"><text>svg link</text></a></svg>",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "<iframe srcdoc=\"<script>alert('srcdoc')</script>\"></iframe>",
    "<object data=\"javascript:alert('object')\"></object>",
    "<embed src=\"javascript:alert('embed')\">",
    "<base href=\"https://evil.example/\"><!-- alert('base') -->",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'meta\')">',
    "<details open ontoggle=alert('details')>",
    "\"><script>alert('quote')</script>",
    "'><script>alert('single-quote')</script>",
    "</textarea><script>alert('textarea')</script>",
    "</title><script>alert('title-tag')</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('mutation')>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('noscript')>\">",
    '<div hx-get="/evil" hx-trigger="load" hx-swap="outerHTML">htmx alert(\'hx\')</div>',
    "[link](javascript:alert('md'))",
    "[link](JaVaScRiPt:alert('case'))",
    "[link](javascript&#58;alert('entity'))",
    "[link]( javascript:alert('space'))",
    "[link](vbscript:alert('vb'))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) alert('data')",
    "![image](javascript:alert('image'))",
    "[attr](https://example.org/\" onmouseover=\"alert('attr'))",
    "<a href=\"javascript:alert('raw')\">raw link</a>",
    "<a href=\"&#106;avascript:alert('raw-entity')\">entity link</a>",
    "<a href=\"java&#x09;script:alert('tab')\">tab link</a>",
    "`<script>alert('code')</script>`",
    "```\n<img src=x onerror=alert('fence')>\n```",
    "<style>body{display:none} /* alert('style') */</style>",
    "<p style=\"position:fixed;inset:0;background:url(javascript:alert('css'))\">cover</p>",
    "<form action=https://evil.example><button formaction=\"javascript:alert('form')\">go</button></form>",
    # Right-to-left override: a file name or a word that reads differently than it is.
    "\u202eexe.alert('rtl')txt\u202c <script>alert('rtl')</script>",
]
ATTRIBUTE_BREAKERS = [
    '" onmouseover="alert(\'dq\')" x="',
    "' onmouseover='alert(\"sq\")' x='",
    "` onmouseover=alert('bt') x=`",
    "x onfocus=alert('unquoted') autofocus",
    "\" autofocus onfocus=alert('focus') x=\"",
    "\"/><svg onload=alert('close')>",
]
TEMPLATE_INJECTIONS = [
    "{{ 7*7 }} {{ request.user.password }} alert('django-var')",
    "{% debug %}{% load static %} alert('django-tag')",
    "${alert('template-literal')}",
    "`${alert('backtick')}`",
    "{{constructor.constructor('alert(\"angular\")')()}}",
    "#{7*7} <%= alert('erb') %>",
]
URLS = [
    "javascript:alert('url')",
    "JAVASCRIPT:alert('url-case')",
    " javascript:alert('url-space')",
    "java\tscript:alert('url-tab')",
    "javascript://example.org/%0aalert('url-comment')",
    "vbscript:alert('url-vb')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert('url-svg')>",
    "file:///etc/passwd",
]
# A valid web address that tries to leave the attribute it is written into.
QUOTED_URL = "https://example.org/?q=\"><svg onload=alert('url-quote')>&x='onmouseover=alert(1)"
FILE_NAMES = [
    "<img src=x onerror=alert('file')>.png",
    "\"><svg onload=alert('file-quote')>.svg",
    "report\u202egnp.alert('file-rtl').exe",
    "{{ 7*7 }}${alert('file-template')}.pdf",
]
# An SVG upload that would run script if it were ever served inline from our origin.
SVG_FILE = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(\'svg-file\')">'
    b"<script>alert('svg-file')</script></svg>"
)
# A very long text: the page must wrap or cut it, never break its markup on it.
LONG = "Ahlan " * 1500 + "<script>alert('long')</script>"

EVERYTHING = PAYLOADS + ATTRIBUTE_BREAKERS + TEMPLATE_INJECTIONS


def short(limit: int, number: int = 0) -> str:
    """A payload that fits a field of `limit` characters (names, titles, short notes)."""
    fitting = [p for p in EVERYTHING if len(p) <= limit and "\n" not in p]
    if not fitting:
        return "<svg onload=alert()>"[:limit]
    return fitting[number % len(fitting)]


# Tags that run script, embed another document, or change the page's address or base.
_DANGEROUS_TAGS = {
    *("script", "iframe", "object", "embed", "base", "frame", "frameset", "applet"),
    *("math", "mglyph"),
}
_URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "srcdoc",
}
OWN_SCRIPTS = ("/static/", "/api/docs/?script=")
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.\-]*)\s*:", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_SAFE_SCHEMES = {"http", "https", "mailto", "tel", "webcal", "sms"}


def unsafe_url(value: str) -> bool:
    """A link that would run script or open a document the page made up (javascript:,
    vbscript:, data:), however it is spelled: browsers drop tabs, newlines and spaces."""
    squeezed = _INVISIBLE.sub("", value)
    match = _SCHEME.match(squeezed)
    return bool(match) and match.group(1).lower() not in _SAFE_SCHEMES


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        where = f"<{tag} {' '.join(f'{n}={v[:40]!r}' for n, v in values.items())}>"
        if tag == "script":
            # Ours: a file of our own static files (or the API explorer's, which its view
            # serves), or a nonce'd block of JSON data.
            own = values.get("src", "").startswith(OWN_SCRIPTS) or (
                "nonce" in values and values.get("type") == "application/json"
            )
            if not own:
                self.found.append(f"script not ours: {where}")
        elif tag in _DANGEROUS_TAGS:
            self.found.append(f"element: {where}")
        elif tag == "meta" and "http-equiv" in values:
            self.found.append(f"meta http-equiv: {where}")
        elif tag == "form" and not (values.get("action") or "/").startswith(("/", "?", "#")):
            self.found.append(f"form to another site: {where}")
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"event handler {name}: {where}")
            elif name in _URL_ATTRIBUTES and unsafe_url(value):
                self.found.append(f"unsafe {name}: {where}")
            elif name.startswith("hx-") and "/evil" in value:
                self.found.append(f"htmx attribute from a payload: {where}")
            elif name == "style" and MARKER in value:
                self.found.append(f"style from a payload: {where}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        # Our own <style> blocks are only in the PDFs' HTML; a payload's carries the marker.
        if self.lasttag == "style" and MARKER in data:
            self.found.append(f"style block from a payload: {data[:60]!r}")


def active_parts(html: str) -> list[str]:
    """Every element or attribute in `html` that could run script or that a payload made."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.found


# The same rules in the browser, over the live DOM after scripts ran (tests/e2e).
ACTIVE_JS = """() => {
  const root = document.querySelector('main') || document.body;
  const found = [];
  const unsafe = (value) => {
    const squeezed = value.replace(/[\\x00-\\x20\\x7f]+/g, '');
    const m = squeezed.match(/^([a-z][a-z0-9+.\\-]*):/i);
    return !!m && !['http', 'https', 'mailto', 'tel', 'webcal', 'sms'].includes(m[1].toLowerCase());
  };
  for (const el of root.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    const ownScript = tag === 'script' && (el.getAttribute('src') || '').startsWith('/static/') && !el.textContent.trim();
    const ownForm = tag === 'form' && (el.getAttribute('action') || '/').startsWith('/');
    if (['script', 'iframe', 'object', 'embed', 'style', 'form', 'base', 'frame'].includes(tag) && !ownScript && !ownForm) {
      found.push(tag);
    }
    if (tag === 'meta' && el.hasAttribute('http-equiv')) { found.push('meta http-equiv'); }
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) { found.push(tag + '@' + attr.name); }
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].includes(attr.name) && unsafe(attr.value)) {
        found.push(tag + '@' + attr.name + '=' + attr.value.slice(0, 30));
      }
      if (attr.name.startsWith('hx-') && attr.value.includes('/evil')) { found.push(tag + '@' + attr.name); }
      if (attr.name === 'style' && attr.value.includes('alert(')) { found.push(tag + '@style'); }
    }
  }
  return found;
}"""

# Records what the page would have run: CSP violations (a blocked inline script or handler).
WATCH_JS = """(() => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
  });
})();"""
