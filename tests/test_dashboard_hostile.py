"""Hostile documents in every dashboard view: their text is shown as text and none of it runs.

A record is extracted from an article of our own and then given hostile metadata (title, url, publisher),
actor names and roles, quote and commitment words and event labels and reasons: <script> tags, <img>
and <svg> with event handlers, javascript: addresses, quotes and angle brackets. It is stored, the server
runs on a free loopback port, and Debian's Chromium (headless, through Playwright) opens the events
list, the document (clicking every highlight), the country pair and the map with the page's
Content-Security-Policy bypassed, so that the dashboard's own escaping is what is tested. Skipped when
Playwright, uvicorn or /usr/bin/chromium is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from communique import api  # noqa: E402
from communique.model import Record  # noqa: E402
from communique.serve import ServerConfig, create_app  # noqa: E402
from communique.settings import Settings  # noqa: E402
from serving import CHROMIUM, serving  # noqa: E402
from serving import CHROMIUM_FLAGS as FLAGS  # noqa: E402

pytestmark = pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's chromium is not installed at /usr/bin")

ARTICLE = ("GENEVA — Switzerland criticised Norway on Monday over border data, officials said. "
           "<script>window.__pwned = 'text';</script> <img src=x onerror=\"window.__pwned='text-img'\"> "
           "\"We will not accept <b>this</b>,\" the Swiss foreign minister said. "
           "Norway promised to send aid to Switzerland next year.")
TITLE = "<script>window.__pwned='title'</script><img src=x onerror=\"window.__pwned='title';alert(1)\"> Title"
URL = "javascript:window.__pwned='url';alert(1)"
PUBLISHER = "<a href=\"javascript:alert('publisher')\">Wire</a>"
PERSON = "O'Brien \"the <b>Fox</b>\" <svg onload=\"window.__pwned='actor'\"></svg> & <script>alert(2)</script>"
ROLE = "<iframe src=\"javascript:alert('role')\"></iframe>minister"
COUNTRY = "Switzerland <img src=x onerror=\"window.__pwned='country'\">"
QUOTE = "<img src=x onerror=\"window.__pwned='quote'\">We refuse"
WHAT = "<script>window.__pwned='commitment'</script>send aid"
REASON = "<img src=x onerror=\"window.__pwned='reason'\">"
LABEL = "<b onmouseover=\"window.__pwned='label'\">Criticize</b>"
SHOWN = (TITLE, PERSON, QUOTE, WHAT, COUNTRY)


def hostile_record() -> Record:
    d = api.extract(ARTICLE, title="plain", published="2024-02-03").to_dict()
    d["document"].update(title=TITLE, url=URL, publisher=PUBLISHER)
    for actor in d["actors"]:
        if actor["kind"] == "person":
            actor.update(name=PERSON, role=ROLE)
        elif actor["country"] == "CHE" and actor["kind"] == "country":
            actor["name"] = COUNTRY
    for quote in d["quotes"]:
        quote["text"] = QUOTE
    for commitment in d["commitments"]:
        commitment["what"] = WHAT
    for event in d["events"]:
        event.update(reason=REASON, cameo_label=LABEL)
    assert any(a["name"] == PERSON for a in d["actors"]) and d["quotes"] and d["commitments"]
    return Record.from_dict(d)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    path = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    record = hostile_record()
    with api.open_store(path) as store:
        api.ingest([api.demo_corpus()], store)
        assert store.ingest([record]).stored == 1
    with serving(create_app(Settings(), path, config=ServerConfig())) as url:
        yield url, record.document.id


@pytest.fixture(scope="module")
def page(served: tuple[str, str]) -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        context = browser.new_context(bypass_csp=True, viewport={"width": 1300, "height": 900})
        tab = context.new_page()
        dialogs: list[str] = []
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.dialogs = dialogs
        try:
            yield tab
        finally:
            browser.close()


def assert_inert(page: Any, where: str) -> None:
    """No payload ran, no element or handler came from the data, no javascript: address."""
    page.wait_for_timeout(250)
    assert page.evaluate("() => window.__pwned") is None, where
    assert page.dialogs == [], where
    found = page.evaluate("""() => {
        const view = document.getElementById('view');
        const tags = [...view.querySelectorAll('script, img, iframe, object, embed, b, a[href] b')].map(e => e.tagName);
        const handlers = [...document.querySelectorAll('*')].flatMap(e =>
            [...e.attributes].filter(a => a.name.toLowerCase().startsWith('on')).map(a => e.tagName + ' ' + a.name));
        const links = [...document.querySelectorAll('[href], [src], [xlink\\\\:href]')].map(e =>
            (e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('xlink:href') || '')
            .trim().toLowerCase())
            .filter(h => h.startsWith('javascript:') || h.startsWith('data:text'));
        return { tags, handlers, links };
    }""")
    assert found == {"tags": [], "handlers": [], "links": []}, (where, found)


def test_events_list(page: Any, served: tuple[str, str]) -> None:
    base, _ = served
    page.goto(base + "/#/events?country=CHE")
    page.wait_for_selector("#events-table tbody tr")
    text = page.inner_text("#events-table")
    assert COUNTRY in text and "<script>window.__pwned = 'text';</script>" in text
    assert_inert(page, "events")


def test_document_view_and_every_highlight(page: Any, served: tuple[str, str]) -> None:
    base, doc_id = served
    page.goto(f"{base}/#/doc/{doc_id}")
    page.wait_for_selector("#article .hl")
    assert page.inner_text("h1") == TITLE
    meta = page.inner_text(".meta")
    assert URL in meta and PUBLISHER in meta
    body = page.inner_text("#view")
    for shown in (PERSON, WHAT, "<img src=x onerror=\"window.__pwned='text-img'\">"):
        assert shown in body, shown
    highlights = page.locator("#article .hl")
    for i in range(highlights.count()):
        highlights.nth(i).click()
        highlights.nth(i).hover()
    details = page.inner_text("#detail")
    assert details.strip()
    page.locator("#article .hl-actor").last.click()
    assert_inert(page, "document")
    for kind in ("actor", "quote", "event"):
        page.locator(f"#article .hl-{kind}").first.click()
        assert_inert(page, f"document {kind}")
    titles = page.evaluate("() => [...document.querySelectorAll('#article .hl')].map(s => s.title).join('\\n')")
    assert PERSON in titles


def test_country_pair_and_map(page: Any, served: tuple[str, str]) -> None:
    base, _ = served
    page.goto(base + "/#/dyad/CHE/NOR")
    page.wait_for_function("() => document.getElementById('view').dataset.ready === 'dyad'")
    text = page.inner_text("#dyad-body")
    assert QUOTE in text and PERSON in text and TITLE in text
    assert_inert(page, "dyad")
    page.locator("#dyad-body a").first.click()  # the quote's document link
    page.wait_for_selector("#article")
    assert_inert(page, "document from dyad")
    page.goto(base + "/#/map")
    page.wait_for_selector("svg.network line.link")
    assert_inert(page, "map")
    hrefs = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
    assert all(h.startswith(("#", "/")) for h in hrefs), hrefs
