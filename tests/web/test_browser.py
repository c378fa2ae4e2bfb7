"""The pages in a real browser: Playwright driving Debian's Chromium headless (issue 7 §9).

One browser for the session, the application served from a werkzeug thread on 127.0.0.1. Every
journey writes screenshots under ``<repo>/test-artifacts/web`` (or ``$HARMONISE_ARTIFACTS``).
No browser is ever downloaded: the tests skip when ``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def artifacts(project_root: Path) -> Path:
    """Where screenshots go (git-ignored)."""
    folder = Path(os.environ.get("HARMONISE_ARTIFACTS") or project_root / "test-artifacts") / "web"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def base_url(web_app: Flask) -> Iterator[str]:
    """The application served from a thread on a free local port."""
    server = make_server("127.0.0.1", 0, web_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, one for the whole session."""
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium package to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, base_url: str) -> Iterator[Any]:
    """A fresh desktop-sized page whose relative URLs resolve against the server."""
    context = chromium.new_context(
        base_url=base_url, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    pg = context.new_page()
    yield pg
    context.close()


def _shot(page: Any, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def test_search_facet_variable_crosswalk_download(page: Any, artifacts: Path) -> None:
    page.goto("/")
    _shot(page, artifacts, "01-home")
    page.keyboard.press("/")
    page.keyboard.type("remesas")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=remesas"))
    total = page.locator("#h-results").inner_text()
    _shot(page, artifacts, "02-search")
    assert page.locator("p.snippet b").count() > 0, "matched words are highlighted"
    page.locator("aside.facets a.facet", has_text="ECU").first.click()
    page.wait_for_url(re.compile(r"country=ECU"))
    assert page.locator("aside.facets a.facet.active").count() == 1
    assert page.locator("#h-results").inner_text() != total
    _shot(page, artifacts, "03-search-facet")
    page.locator("li.hit a.hit-title", has_text="variable").first.click()
    page.wait_for_url(re.compile(r"/variables/"))
    assert page.locator("section[aria-labelledby=h-cat] svg.chart").count() == 1
    _shot(page, artifacts, "04-variable")
    page.locator("section[aria-labelledby=h-xw] a[href*='/crosswalks/']").first.click()
    page.wait_for_url(re.compile(r"/crosswalks/"))
    assert page.locator("table.translation tbody tr").count() > 0
    _shot(page, artifacts, "05-crosswalk")
    with page.expect_download() as info:
        page.locator("ul.downloads a", has_text=re.compile(r"^csv$")).click()
    download = info.value
    saved = artifacts / "crosswalk-download.csv"
    download.save_as(str(saved))
    assert saved.read_text(encoding="utf-8").splitlines()[0]


def test_upload_broken_crosswalk_sheet_shows_findings(page: Any, artifacts: Path) -> None:
    page.goto("/validate")
    page.set_input_files("#file", str(FIXTURES / "crosswalk_sheet_unknown_core_code.csv"))
    page.select_option("#core_variable", "sex")
    page.get_by_role("button", name="Validate").click()
    page.wait_for_selector("#h-report")
    assert page.evaluate("document.activeElement.id") == "h-report"
    findings = page.locator("ol.findings.error li code.rule").all_inner_texts()
    _shot(page, artifacts, "06-validate-report")
    assert sorted(findings) == ["target-code-uncovered", "target-code-undeclared"]
    assert "row 3" in page.locator("ol.findings.error").inner_text()


def test_figure_lineage_leads_to_a_question(page: Any, artifacts: Path) -> None:
    page.goto("/")
    page.locator("section[aria-labelledby=h-figures] a", has_text="parent abroad").first.click()
    page.wait_for_url(re.compile(r"/figures/"))
    assert page.locator("section[aria-labelledby=h-values] svg.chart rect").count() >= 2
    _shot(page, artifacts, "07-figure")
    node = page.locator("svg.lineage a.node[href*='/questions/']").first
    node.click()
    page.wait_for_url(re.compile(r"/questions/"))
    assert page.locator("h1").inner_text().startswith("Question")
    _shot(page, artifacts, "08-question")


def test_keyboard_only_search(page: Any, artifacts: Path) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')"), "skip link leads into main"
    page.goto("/search")
    # the search page's own box has focus on arrival
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("remesas")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=remesas"))
    order = []
    for _ in range(40):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.className || document.activeElement.id"))
        if "facet" in order[-1]:
            break
    assert "facet" in order[-1], f"a facet is reachable by Tab: {order}"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"&(country|study|type|module|status|language)="))


PAGE_KINDS = (
    "home",
    "search",
    "validate",
    "variable",
    "core-variable",
    "crosswalk",
    "question",
    "figure",
)


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_phone_width_has_no_sideways_scroll(
    chromium: Any, base_url: str, artifacts: Path, page_urls: dict[str, str], kind: str
) -> None:
    context = chromium.new_context(base_url=base_url, viewport={"width": 375, "height": 740})
    try:
        pg = context.new_page()
        pg.goto(page_urls[kind])
        _shot(pg, artifacts, f"phone-{kind}")
        width = pg.evaluate("document.documentElement.scrollWidth")
    finally:
        context.close()
    assert width <= 375
