"""Every HTML page through the Flask test client: content, JSON alternatives and error pages.

Issue 7 §1-8: the pages render the registry's own items (found through the API, never
hard-coded), answer ``?format=json`` by pointing at the API, and turn bad addresses, bad query
strings, oversized uploads and script in user input into escaped, well-formed pages.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from harmonise.app import create_app
from harmonise.config import Settings

FIXTURES = Path(__file__).parent / "fixtures"
XSS = '<script>alert("x")</script>'
FACET_TITLES = {
    "concept": "Concept",
    "language": "Language",
    "module": "Module",
    "status": "Harmonisation status",
}


def _html(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    "kind",
    ["home", "search", "validate", "variable", "core-variable", "crosswalk", "question", "figure"],
)
def test_every_page_renders_in_the_layout(client, page_urls, kind):
    html = _html(client, page_urls[kind])
    assert html.startswith("<!doctype html>")
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert '<main id="main"' in html and 'href="#main"' in html
    assert '<meta name="viewport"' in html
    quick = re.search(r'<input id="quick-q"[^>]*value="([^"]*)"', html)
    assert quick is not None
    assert quick.group(1) == ("remesas" if kind == "search" else ""), (
        "the header box holds only a query"
    )


def test_home_matrix_has_a_linked_cell_per_core_variable_and_study(client):
    html = _html(client, "/")
    matrix = client.get("/api/v1/concordance").get_json()
    rows, studies = matrix["rows"], matrix["studies"]
    cells = re.findall(r'<td class="cell status-(\w+)">\s*(<a href="/crosswalks/)?', html)
    assert len(cells) == len(rows) * len(studies)
    mapped = [
        (c["status"] or "none") for r in rows for c in r["cells"] if c.get("crosswalk") is not None
    ]
    assert sorted(s for s, link in cells if link) == sorted(mapped)
    studies_table = html[html.index('<table class="studies">') : html.index("</table>")]
    versions = studies_table.count("<tr>") - 1
    assert studies_table.count("(superseded)") == versions - len(studies)
    assert studies_table.count("all_versions=1") == versions - len(studies)
    for module in {r["module"] for r in rows if r["module"]}:
        assert f"Module {module} — " in html, "module rows carry the module's title"


def test_variable_page_shows_wording_categories_chart_and_crosswalk(client, page_urls):
    url = page_urls["variable"]
    html = _html(client, url)
    body = client.get("/api/v1/" + url.lstrip("/")).get_json()
    variable = body.get("variable", body)
    assert f"<code>{variable['name']}</code>" in html
    assert "As asked (Español)" in html and "Common core (English)" in html
    assert 'class="chart"' in html and "<title" in html, "frequency chart as server-side SVG"
    assert 'href="/crosswalks/' in html and 'href="/core-variables/' in html
    assert "other countries' variants" in html and 'href="/variables/' in html


def test_core_variable_page_puts_every_study_side_by_side(client, page_urls):
    url = page_urls["core-variable"]
    html = _html(client, url)
    variants = client.get(f"/api/v1/{url.lstrip('/')}/variants").get_json()["variants"]
    header = html[html.index('<table class="variants">') : html.index("</thead>")]
    assert header.count('<th scope="col">') == 2 + len(variants)
    for v in variants:
        assert f"{v['study']} (" in header


def test_core_variable_page_marks_country_codes_missing_from_the_core(client):
    # remit_channel: Ecuador's missing codes are 98/99, the core's 8/9 (see its crosswalk notes)
    matrix = client.get("/api/v1/concordance").get_json()
    row = next(r for r in matrix["rows"] if r["name"] == "remit_channel")
    html = _html(client, f"/core-variables/{row['core_variable']}")
    core = client.get(f"/api/v1/core-variables/{row['core_variable']}").get_json()
    marked = re.findall(r'<mark title="not a code of the core list"><code>([^<]+)</code>', html)
    assert marked, "some country code differs from the core's"
    core_list = client.get(f"/api/v1/code-lists/{core['code_list']}").get_json()
    core_values = {c["value"] for c in core_list["codes"]}
    assert not set(marked) & core_values


def test_crosswalk_page_translation_table_history_diff_and_downloads(client, page_urls):
    url = page_urls["crosswalk"]
    html = _html(client, url)
    body = client.get("/api/v1/" + url.lstrip("/")).get_json()
    table = html[html.index('<table class="translation">') : html.index("</table>")]
    for association in body["associations"]:
        for source in association["sources"]:
            assert f"<code>{source}</code>" in table
    assert html.count("download>") == len(
        re.findall(r'href="/api/v1/crosswalks/[^"]+\?format=', html)
    )
    versions = body["versions"]
    assert len(versions) > 1, "the Ecuador crosswalks have a pre-test version"
    assert "Changes from version 1.0.0 to 2.0.0" in html
    older = _html(client, f"{url}?diff={versions[0]}")
    assert "Changes from version 1.0.0 to 2.0.0" in older
    first = url.replace(body["crosswalk"]["urn"], versions[0])
    assert "Changes from version 1.0.0 to 2.0.0" in _html(client, f"{first}?diff={versions[-1]}")
    assert "Changes from" not in _html(client, f"{url}?diff=not-a-urn")


def test_crosswalk_downloads_answer(client, page_urls):
    html = _html(client, page_urls["crosswalk"])
    links = re.findall(r'href="(/api/v1/crosswalks/[^"]+\?format=[\w-]+)" download', html)
    assert len(links) >= 5
    for link in links:
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, link
        assert response.data


def test_figure_page_shows_values_and_a_linked_lineage(client, page_urls):
    html = _html(client, page_urls["figure"])
    assert "Values by country" in html and "Not computed yet" not in html
    lineage = html[html.index('<svg xmlns="http://www.w3.org/2000/svg" class="lineage"') :]
    lineage = lineage[: lineage.index("</svg>")]
    for target in ("/crosswalks/", "/variables/", "/questions/"):
        assert f'href="{target}' in lineage
    assert lineage.count('class="node"') == lineage.count("<rect"), "every node is a link"


@pytest.fixture(scope="module")
def uncomputed_client(web_settings: Settings, tmp_path_factory) -> Iterator[FlaskClient]:
    """The same registry without computed figures (a copy without figures/values)."""
    root = tmp_path_factory.mktemp("uncomputed")
    for folder in ("registry", "vocabularies", "web"):
        src = web_settings.root / folder
        shutil.copytree(src, root / folder, ignore=shutil.ignore_patterns("values"))
    settings = Settings.from_root(root, catalog_dir=web_settings.catalog_dir)
    yield create_app(settings, TESTING=True).test_client()


def test_figure_not_computed_says_so(uncomputed_client, page_urls):
    html = _html(uncomputed_client, page_urls["figure"])
    assert "Not computed yet" in html
    assert "Values by country" not in html


@pytest.mark.parametrize(
    "kind",
    ["home", "search", "variable", "core-variable", "crosswalk", "question", "figure"],
)
def test_format_json_points_to_the_api(client, page_urls, kind):
    response = client.get(
        page_urls[kind] + ("&" if "?" in page_urls[kind] else "?") + "format=json"
    )
    assert response.status_code == 303
    target = response.headers["Location"]
    assert target.startswith("/api/v1/")
    answer = client.get(target)
    assert answer.status_code == 200 and answer.is_json


def test_search_highlights_facets_and_language_filter(client):
    html = _html(client, "/search?q=remesas&lang=es")
    assert "<b>" in html, "matched words highlighted"
    assert '<option value="es" selected>' in html
    facets = re.findall(r'<a href="(/search\?[^"]+)" class="facet', html)
    assert facets and all("q=remesas" in f for f in facets)
    others = [f for f in facets if "lang=" not in f.replace("lang=es", "")]
    assert sum("lang=es" not in f for f in others) == 1, "only the active language unsets it"
    narrowed = _html(client, facets[0].replace("&amp;", "&"))
    assert 'class="facet active"' in narrowed and 'aria-current="true"' in narrowed


@pytest.mark.parametrize("facet", ["concept", "language", "module", "status"])
def test_every_facet_narrows_the_results(client, facet):
    html = _html(client, "/search?q=remesas")
    total = int(re.search(r"(\d+) results? for", html).group(1))
    section = html[html.index(f"<h3>{FACET_TITLES[facet]}</h3>") :]
    href, count = re.search(
        r'<a href="(/search\?[^"]+)" class="facet"\s*>.*?<span class="count">(\d+)</span>',
        section,
        re.S,
    ).groups()
    narrowed = _html(client, href.replace("&amp;", "&"))
    assert int(re.search(r"(\d+) results? for", narrowed).group(1)) == int(count) <= total
    assert 'class="facet active"' in narrowed


def test_search_pagination(client):
    html = _html(client, "/search?type=variable")
    total = int(re.search(r"(\d+) results?", html).group(1))
    assert total > 20, "the registry has more than a page of variables"
    assert 'rel="next"' in html and 'rel="prev"' not in html
    second = _html(client, "/search?type=variable&page=2")
    assert 'rel="prev"' in second and 'start="21"' in second


@pytest.mark.parametrize(
    "query",
    [
        "page=abc&q=remesas",
        "page=-3&q=remesas",
        "page=999999&q=remesas",
        "lang=xx&q=remesas",
        "q=%22unbalanced",
        "q=AND+OR+NOT",
        "q=((((",
        "q=" + "a" * 5000,
        "country=%00&q=x",
        "status=nope&type=nope",
        "q=%ff%fe",
    ],
)
def test_bad_query_strings_are_a_page_not_a_crash(client, query):
    html = _html(client, f"/search?{query}")
    assert "<h1>Search the catalog</h1>" in html


@pytest.mark.parametrize(
    "url",
    [
        "/variables/urn:ddi:org.example.migreg:NOPE:1.0.0",
        "/core-variables/urn:ddi:org.example.migreg:NOPE:1.0.0",
        "/crosswalks/urn:ddi:org.example.migreg:NOPE:1.0.0",
        "/questions/not-a-urn",
        "/figures/urn:ddi:org.example.migreg:NOPE:1.0.0",
        "/no/such/page",
    ],
)
def test_unknown_addresses_are_html_404(client, url):
    html = _html(client, url, 404)
    assert "404 — Not found" in html and 'href="/search"' in html


def test_an_item_of_another_kind_is_404(client, page_urls):
    variable_urn = page_urls["variable"].split("/variables/", 1)[1]
    _html(client, f"/crosswalks/{variable_urn}", 404)


def test_script_in_the_query_comes_back_escaped(client):
    html = _html(client, "/search?q=" + XSS)
    assert XSS not in html
    assert "&lt;script&gt;" in html


def test_script_in_an_uploaded_file_name_comes_back_escaped(client):
    name = '<img src=x onerror="alert(1)">.csv'
    response = client.post(
        "/validate",
        data={
            "file": (
                io.BytesIO((FIXTURES / "crosswalk_sheet_unknown_core_code.csv").read_bytes()),
                name,
            ),
            "core_variable": "sex",
        },
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<img" not in html and 'onerror="' not in html


def test_broken_sheet_report_is_grouped_by_severity_with_locations_and_hints(client):
    response = client.post(
        "/validate",
        data={
            "file": (
                io.BytesIO((FIXTURES / "crosswalk_sheet_unknown_core_code.csv").read_bytes()),
                "sheet.csv",
            ),
            "core_variable": "sex",
        },
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert re.findall(r'<code class="rule">([\w-]+)</code>', html) == [
        "target-code-uncovered",
        "target-code-undeclared",
    ]
    assert "Errors (2)" in html and "row 3" in html and "Hint:" in html


def test_upload_without_a_file_is_400(client):
    response = client.post("/validate", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a file to validate." in response.get_data(as_text=True)


def test_upload_of_an_unknown_type_is_415_with_a_hint(client):
    response = client.post(
        "/validate",
        data={"file": (io.BytesIO(b"%PDF-1.4"), "report.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 415
    assert response.mimetype == "text/html"
    assert "cannot tell what this upload is" in response.get_data(as_text=True)


def test_upload_over_the_limit_is_413_as_a_page(web_settings: Settings):
    small = web_settings.model_copy(update={"max_upload_bytes": 200})
    app: Flask = create_app(small, TESTING=True)
    response = app.test_client().post(
        "/validate",
        data={"file": (io.BytesIO(b"x," * 500), "big.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert "larger than the upload limit of 200 bytes" in response.get_data(as_text=True)


def test_search_without_results_suggests_what_to_try(client):
    html = _html(client, "/search?q=zzzzqqqxx&country=ECU")
    assert "0 results" in html and "Nothing matched" in html
    assert 'href="/search?q=zzzzqqqxx">remove the filters' in html


def test_an_unexpected_failure_is_an_html_500(client, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("the index exploded")

    monkeypatch.setattr("harmonise.web.pages.search", broken)
    html = _html(client, "/search?q=remesas", 500)
    assert "500 — Something went wrong" in html
    assert "exploded" not in html, "internal details stay in the log"
