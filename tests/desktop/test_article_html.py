"""An article's Markdown rendered for the desk: sanitised by libraries made for it, so that no
markup in an article can run, load or style anything, whatever an editor pasted in."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from PySide6.QtCore import QUrl

from desktop import article_html
from desktop.views.partials.safe_browser import SafeBrowser

HOSTILE = {
    "a script tag": "<script>alert(1)</script>",
    "an event handler": '<p onclick="alert(1)">hi</p>',
    "an inline image": '<img src="x" onerror="alert(1)">',
    "a Markdown image": "![pixel](https://tracker.example/p.png)",
    "a javascript: link": "[x](javascript:alert(1))",
    "an entity-encoded javascript: link": "[x](jav&#x61;script:alert(1))",
    "a raw anchor": '<a href="javascript:alert(1)">x</a>',
    "a data: link": "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "a file: link": "[x](file:///etc/passwd)",
    "an iframe": '<iframe src="https://evil.example"></iframe>',
    "a style block": "<style>* { display: none }</style>",
    "an svg": '<svg onload="alert(1)"></svg>',
    "a reference-style image": "![a][r]\n\n[r]: https://tracker.example/p.png",
}


class Elements(HTMLParser):
    """The elements and attributes really in the HTML (escaped text is not an element)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize("source", HOSTILE.values(), ids=HOSTILE.keys())
def test_nothing_active_survives(source: str) -> None:
    elements = Elements(article_html.render(source)).found
    assert {tag for tag, _ in elements} <= {"p"}, elements  # the markup is shown as words
    assert all(not attrs for _, attrs in elements), elements  # no handler, no link, no src


def test_what_articles_use_renders() -> None:
    html = article_html.render(
        "## Heading\n\n**Bold**, *italic*, `code`\n\n- one\n- two\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "[NHS](https://www.nhs.uk/) · <mailto:help@pharmacy.example>"
    )
    for tag in ("<h2>", "<strong>", "<em>", "<code>", "<ul>", "<table>", "<td>"):
        assert tag in html
    assert 'href="https://www.nhs.uk/"' in html and 'href="mailto:help@pharmacy.example"' in html


@pytest.mark.parametrize(
    ("url", "opens"),
    [
        ("https://www.nhs.uk/", True),
        ("http://example.org/a", True),
        ("mailto:help@pharmacy.example", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("file:///etc/passwd", False),
        ("caredesk://open/x", False),
        ("https:", False),
    ],
)
def test_only_web_and_mail_links_open(url: str, opens: bool) -> None:
    assert article_html.may_open(url) is opens


def test_the_browser_loads_nothing_and_follows_no_link(qtbot, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        "desktop.views.partials.safe_browser.QDesktopServices.openUrl",
        lambda url: opened.append(url.toString()),
    )
    browser = SafeBrowser()
    qtbot.addWidget(browser)
    # Even HTML that skipped the sanitiser asks the browser in vain.
    browser.setHtml('<img src="https://tracker.example/p.png"><a href="https://a.example/">a</a>')
    browser.resize(300, 200)
    browser.grab()  # laid out and painted: the image is asked for now
    assert browser.requested and all(r.startswith("https://tracker") for r in browser.requested)
    refused: list[str] = []
    browser.linkRefused.connect(refused.append)
    browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
    browser.anchorClicked.emit(QUrl("https://a.example/"))
    assert refused == ["file:///etc/passwd"] and opened == ["https://a.example/"]
    assert browser.source().isEmpty()  # never navigated inside the desk
