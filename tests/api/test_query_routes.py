import io

import pytest


def test_search_finds_across_languages_with_facets(client):
    body = client.get("/api/v1/search?q=remesas").get_json()
    assert body["total"] > 0
    assert set(body["facets"]) >= {"type", "country"}
    countries = {h["country"] for h in body["hits"]}
    assert "ALB" in countries or body["facets"]["country"].get("ALB", 0) > 0


def test_search_filters_by_country(client):
    body = client.get("/api/v1/search?q=school&country=ECU").get_json()
    assert body["hits"]
    assert {h["country"] for h in body["hits"]} <= {"ECU"}


@pytest.mark.parametrize("q", ['"unbalanced', "AND", "((((", "x" * 10_000, "\x00\x01ctrl", "*"])
def test_bad_queries_never_fail(client, q):
    response = client.get("/api/v1/search", query_string={"q": q})
    assert response.status_code == 200
    assert "hits" in response.get_json()


def test_search_bad_paging_is_400(client):
    assert client.get("/api/v1/search?q=a&per_page=100000").status_code == 400
    assert client.get("/api/v1/search?q=a&page=zero").status_code == 400


def test_sparql_select_json_and_csv(client):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    body = client.get("/api/v1/sparql", query_string={"query": q}).get_json()
    assert int(body["results"]["bindings"][0]["n"]["value"]) > 1000
    csv_resp = client.post("/api/v1/sparql", data={"query": q}, headers={"Accept": "text/csv"})
    assert csv_resp.get_data(as_text=True).splitlines()[0] == "n"


def test_sparql_ask_and_construct(client):
    ask = client.get("/api/v1/sparql", query_string={"query": "ASK { ?s ?p ?o }"}).get_json()
    assert ask["boolean"] is True
    construct = client.post(
        "/api/v1/sparql",
        data="CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
        content_type="application/sparql-query",
        headers={"Accept": "text/turtle"},
    )
    assert construct.mimetype == "text/turtle"


@pytest.mark.parametrize(
    ("kwargs"),
    [
        {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
        {
            "data": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            "content_type": "application/sparql-update",
        },
        {"data": "DELETE WHERE { ?s ?p ?o }", "content_type": "application/sparql-query"},
    ],
)
def test_sparql_updates_are_refused(client, kwargs):
    response = client.post("/api/v1/sparql", **kwargs)
    assert response.status_code == 400
    assert "read-only" in response.get_json()["detail"]


def test_sparql_service_and_syntax_errors(client):
    service = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    assert client.get("/api/v1/sparql", query_string={"query": service}).status_code == 400
    assert client.get("/api/v1/sparql", query_string={"query": "SELEC"}).status_code == 400
    assert client.get("/api/v1/sparql").status_code == 400


def test_validate_upload_of_a_good_codebook(client, project_root):
    data = (project_root / "registry/studies/ALB-2025/1.0.0/codebook.xml").read_bytes()
    response = client.post(
        "/api/v1/validate",
        data={"file": (io.BytesIO(data), "codebook.xml")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["readable"] and body["file"] == "codebook.xml"
    assert body["counts"]["error"] == 0


def test_validate_broken_crosswalk_sheet_reports_findings(client):
    sheet = "source_code,target_code\n1,1\n2,99\n"
    response = client.post(
        "/api/v1/validate?filename=broken.csv&core_variable=sex",
        data=sheet.encode(),
        content_type="text/csv",
    )
    assert response.status_code in (200, 422)
    codes = {i["code"] for i in response.get_json()["report"]["issues"]}
    assert codes, "a sheet mapping onto an undeclared core code has findings"


def test_validate_truncated_xml_is_422_with_line(client):
    response = client.post(
        "/api/v1/validate",
        data=b"<codeBook xmlns='ddi:codebook:2_5'>",
        content_type="application/xml",
    )
    assert response.status_code == 422
    issue = response.get_json()["report"]["issues"][0]
    assert issue["location"]["line"] == 1


def test_validate_refuses_unknown_types_and_empty_uploads(client):
    assert (
        client.post("/api/v1/validate", data=b"%PDF", content_type="application/pdf").status_code
        == 415
    )
    empty = client.post("/api/v1/validate?filename=a.xml", data=b"", content_type="application/xml")
    assert empty.status_code == 422
    missing = client.post("/api/v1/validate", data={}, content_type="multipart/form-data")
    assert missing.status_code == 400


def test_validate_upload_cap_is_413(app, client):
    old = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 100
    try:
        response = client.post(
            "/api/v1/validate?filename=a.xml", data=b"<a/>" * 100, content_type="application/xml"
        )
    finally:
        app.config["MAX_CONTENT_LENGTH"] = old
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"


def test_xxe_upload_is_refused_without_network(client):
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>'
        b"<codeBook xmlns='ddi:codebook:2_5'>&x;</codeBook>"
    )
    response = client.post(
        "/api/v1/validate?filename=x.xml", data=xxe, content_type="application/xml"
    )
    assert response.status_code == 422
    assert "entit" in response.get_json()["report"]["issues"][0]["message"]
