"""The dashboard in Debian's Chromium, headless, through Playwright, against a server on a free localhost port.

Skipped when Playwright, uvicorn or /usr/bin/chromium is missing. Screenshots of each view are saved in
``tests/artifacts/`` (or ``$COMMUNIQUE_ARTIFACTS``).
"""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from communique import api  # noqa: E402
from communique.serve import ServerConfig, create_app  # noqa: E402
from communique.settings import Settings  # noqa: E402
from serving import CHROMIUM, serving  # noqa: E402

ARTIFACTS = Path(os.environ.get("COMMUNIQUE_ARTIFACTS", Path(__file__).parent / "artifacts"))
HOSTILE = ("GENEVA — Switzerland and Norway agreed on Monday to share border data. "
           "<script>window.__pwned = 'script';</script> <img src=x onerror=\"window.__pwned = 'img'\"> "
           "The ministers said <b>nothing</b> more.")

pytestmark = pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's chromium is not installed at /usr/bin")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    with api.open_store(path) as store:
        api.ingest([api.demo_corpus()], store)
    with serving(create_app(Settings(), path, config=ServerConfig())) as url:
        yield url


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox",
                                                                          "--disable-gpu"])
        tab = browser.new_page(viewport={"width": 1300, "height": 900})
        problems: list[str] = []
        tab.on("pageerror", lambda err: problems.append(str(err)))
        tab.problems = problems
        try:
            yield tab
        finally:
            browser.close()


def shot(page: Any, name: str, full: bool = False) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=full)


def test_filter_events_by_dyad_then_open_a_document(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.wait_for_selector("#events-table tbody tr")
    page.fill("input[name=dyad]", "rus-ukr")
    page.click("#event-filters button[type=submit]")
    page.wait_for_function("() => location.hash.includes('RUS-UKR') && document.getElementById('view').dataset.ready")
    rows = page.locator("#events-table tbody tr")
    assert rows.count() > 0
    for text in rows.all_inner_texts():
        assert "RUS" in text and "UKR" in text
    shot(page, "events")
    rows.first.click()
    page.wait_for_selector("#article .hl-event")
    for kind in ("actor", "event", "quote", "quantity"):
        assert page.locator(f"#article .hl-{kind}").count() > 0, kind
    assert page.locator("#article .hl-focus").count() > 0  # the event the row was about
    page.locator("#article .hl-event").first.click()
    detail = page.inner_text("#detail")
    assert "CAMEO" in detail and "reason" in detail and "source" in detail
    page.locator("#article .hl-actor").first.hover()
    assert page.locator("#article .hl-actor").first.get_attribute("title").startswith("actor:")
    assert page.locator(".commitments li").count() > 0
    shot(page, "document")
    assert page.problems == []


def test_country_pair_chart_and_relations_map(page: Any, base_url: str) -> None:
    page.goto(base_url + "/#/dyad/RUS/UKR")
    page.wait_for_selector("svg.timeline rect.bar")
    assert page.locator("svg.timeline rect.bar").count() >= 2
    assert page.locator("svg.timeline polyline.goldstein").count() == 1
    assert "Quotes from RUS" in page.inner_text("#dyad-body")
    shot(page, "dyad", full=True)
    page.goto(base_url + "/#/map")
    page.wait_for_selector("svg.network line.link")
    assert page.locator("svg.network line.link[data-pair='RUS-UKR']").count() == 1
    shot(page, "map")
    page.locator("svg.network line.link[data-pair='RUS-UKR']").dispatch_event("click")
    page.wait_for_function("() => location.hash.startsWith('#/dyad/RUS/UKR')")
    assert page.problems == []


def test_a_document_holding_a_script_is_shown_as_text(page: Any, base_url: str) -> None:
    request = urllib.request.Request(base_url + "/documents", method="POST",
                                     data=json.dumps({"text": HOSTILE, "title": "<b>Bold</b> title"}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        doc_id = json.loads(response.read())["document"]["id"]
    page.goto(f"{base_url}/#/doc/{doc_id}")
    page.wait_for_selector("#article")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#article script, #article img, #article b, h1 b").count() == 0
    text = page.inner_text("#article")
    assert "<script>window.__pwned = 'script';</script>" in text and "<b>nothing</b>" in text
    assert page.inner_text("h1") == "<b>Bold</b> title"
    shot(page, "escaped")
