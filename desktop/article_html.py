"""An article's Markdown → HTML the desk can show without anything in it running or fetching.

Two libraries made for it, in turn: markdown-it-py renders CommonMark with raw HTML switched off
(a ``<script>`` in the source comes out as text), and nh3 (ammonia) cleans the result to an
allow-list: text formatting, lists, tables and links, no images, no styles, no event handlers,
and links only to http, https and mailto. The browser that shows it refuses every resource
besides (``SafeBrowser.loadResource``), and opens a link only when it is clicked, through the
system browser.
"""

from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
TAGS = frozenset(
    {
        "a",
        "b",
        "blockquote",
        "br",
        "code",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "hr",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ATTRIBUTES = {"a": {"href", "title"}}


@cache
def _markdown() -> MarkdownIt:
    # "commonmark" with html off: raw HTML blocks and inline tags are escaped, not passed on.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render(markdown: str) -> str:
    """Sanitised HTML for ``markdown``: safe to give a QTextBrowser as rich text."""
    html = _markdown().render(markdown)
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def may_open(url: str) -> bool:
    """Whether a clicked link is one the desk hands to the system browser."""
    scheme, _, rest = url.partition(":")
    return scheme.lower() in LINK_SCHEMES and bool(rest.strip("/"))
