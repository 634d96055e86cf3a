"""The built documentation site (``scripts/docs`` builds it into ``site/`` and runs these tests).

The site must work with no other host reachable: no script, stylesheet, font or image from
elsewhere. Headless Chromium (driven as in ``test_browser_chat.py``) loads the home page and a
reference page from a loopback server and checks that they render with their navigation.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest
from _chromium import Chromium, Page, find_chromium

pytestmark = pytest.mark.docs

SITE = Path(os.environ.get("OPENAI_COMPAT_DOCS_SITE", Path(__file__).resolve().parent.parent / "site"))
# Under `scripts/docs` (and so in CI) a missing site or browser is a failure, not a skip.
_REQUIRED = os.environ.get("OPENAI_COMPAT_REQUIRE_DOCS", "") not in ("", "0")
_EXTERNAL = re.compile(r"^(?:https?:)?//", re.IGNORECASE)


def _missing(reason: str) -> None:
    if _REQUIRED:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site() -> Path:
    if not (SITE / "index.html").is_file():
        _missing(f"no built site in {SITE}: scripts/docs builds it")
    return SITE


class _Loads(HTMLParser):
    """What a page makes the browser fetch: scripts, stylesheets, icons and fonts, images, frames."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: List[str] = []

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        found: Dict[str, Optional[str]] = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video") and found.get("src"):
            self.urls.append(found["src"] or "")
        elif tag == "link" and found.get("rel") not in (None, "canonical", "alternate") and found.get("href"):
            self.urls.append(found["href"] or "")


def test_the_site_loads_nothing_from_another_host(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40  # the guides and the generated reference
    external = []
    for page in pages:
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        external += [f"{page.relative_to(site)}: {url}" for url in parser.urls if _EXTERNAL.match(url)]
    for sheet in site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        imports = re.findall(r"@import\s+(?:url\()?['\"]?((?:https?:)?//[^'\")\s]+)", text)
        fonts = re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")\s]+)", text)
        external += [f"{sheet.relative_to(site)}: {url}" for url in imports + fonts]
    assert not external, external[:20]


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The site over HTTP on a loopback port (the search index is fetched, which file:// forbids)."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, name="docs-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def chromium(served: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    binary = find_chromium()
    if binary is None:
        _missing("Chromium is not installed: `scripts/docs` installs Debian's chromium with apt-get")
    assert binary is not None
    browser = Chromium(binary, tmp_path_factory.mktemp("chromium-docs"))
    try:
        yield browser
    finally:
        browser.close()


def _loaded(chromium: Chromium, url: str) -> Page:
    page = chromium.open(url)
    page.wait_for("document.readyState", lambda state: state == "complete")
    # Material's script has run: it publishes its document observable and builds the search box.
    page.wait_for("typeof document$ === 'object' && !!document.querySelector('.md-search__input')", bool)
    return page


_NAV_LINKS = "[...document.querySelectorAll('.md-nav--primary .md-nav__link')].map(a => a.textContent.trim())"
_FOREIGN = "performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))"


def test_the_home_page_renders_with_its_navigation(chromium: Chromium, served: str) -> None:
    page = _loaded(chromium, f"{served}/")
    assert page.evaluate("document.title").startswith("openai-compat")
    links = page.evaluate(_NAV_LINKS)
    for title in ("Getting started", "Local servers", "Porting from openai-python", "Chat completions",
                  "Testing your code", "API reference", "Client"):
        assert title in links, links
    assert page.evaluate("document.querySelector('article h1').textContent").startswith("openai-compat")
    # The theme's stylesheet applied: the header is a fixed bar, not an unstyled block.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.evaluate(_FOREIGN) == []
    page.close()


def test_a_reference_page_renders_its_api_and_navigation(chromium: Chromium, served: str) -> None:
    page = _loaded(chromium, f"{served}/reference/client/chat/")
    headings = page.evaluate("[...document.querySelectorAll('article .doc-heading')].map(h => h.textContent.trim())")
    assert any("client.chat.completions.create" in heading for heading in headings), headings
    signature = page.evaluate("document.querySelector('article .doc-signature').textContent")
    assert "model" in signature and "messages" in signature
    active = page.evaluate(
        "[...document.querySelectorAll('.md-nav--primary .md-nav__link--active')].map(a => a.textContent.trim())"
    )
    assert "client.chat" in active, active
    assert "API reference" in page.evaluate(_NAV_LINKS)
    assert page.evaluate(_FOREIGN) == []
    page.close()
