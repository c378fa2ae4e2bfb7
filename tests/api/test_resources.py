import json

import pytest
from rdflib import Graph

from harmonise.model import Urn
from tests.api.resource_kinds import KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_every_collection_lists_and_every_item_resolves(client, some, kind):
    listing = client.get(f"/api/v1/{kind}")
    assert listing.status_code == 200
    body = listing.get_json()
    assert body["total"] >= len(body["items"]) > 0
    urn = some[kind]
    item = client.get(f"/api/v1/{kind}/{urn}")
    assert item.status_code == 200, item.get_data(as_text=True)
    assert item.headers["ETag"]
    assert client.get(f"/api/v1/items/{urn}").status_code == 200


def test_lists_are_paginated_in_a_stable_order_with_link_headers(client):
    first = client.get("/api/v1/variables?per_page=5&page=1")
    second = client.get("/api/v1/variables?per_page=5&page=2")
    again = client.get("/api/v1/variables?per_page=5&page=1")
    assert first.get_json() == again.get_json()
    names1 = [i["urn"] for i in first.get_json()["items"]]
    names2 = [i["urn"] for i in second.get_json()["items"]]
    assert not set(names1) & set(names2)
    assert 'rel="next"' in first.headers["Link"]
    assert 'rel="prev"' in second.headers["Link"]
    assert int(first.headers["X-Total-Count"]) == first.get_json()["total"]


def test_filters_by_country(client):
    body = client.get("/api/v1/variables?country=ALB&per_page=500").get_json()
    assert body["items"]
    assert {i["country"] for i in body["items"]} == {"ALB"}


def test_unversioned_urn_resolves_to_latest_and_says_so(client, some):
    urn = Urn.parse(some["crosswalks"])
    response = client.get(f"/api/v1/items/{urn.unversioned()}")
    assert response.status_code == 200
    assert response.headers["X-Resolved-Version"] == str(urn)
    assert 'rel="latest-version"' in response.headers["Link"]


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("json", "application/json"),
        ("jsonld", "application/ld+json"),
        ("turtle", "text/turtle"),
        ("ddi-l", "application/vnd.ddi.lifecycle+xml"),
        ("csv", "text/csv"),
        ("csv-translation", "text/csv"),
        ("spss", "application/x-spss-syntax"),
        ("stata", "application/x-stata-syntax"),
        ("r", "application/x-r-syntax"),
        ("sql", "application/sql"),
    ],
)
def test_crosswalk_in_every_format(client, some, fmt, media):
    response = client.get(f"/api/v1/crosswalks/{some['crosswalks']}?format={fmt}")
    assert response.status_code == 200
    assert response.mimetype == media
    assert response.data


def test_crosswalk_json_carries_computed_status(client, some):
    body = client.get(f"/api/v1/crosswalks/{some['crosswalks']}").get_json()
    assert body["status"] in {"complete", "partial", "impossible", "undetermined"}
    assert all("cardinality" in a for a in body["associations"])
    assert some["crosswalks"] in body["versions"]


def test_accept_header_negotiates_turtle_that_parses(client, some):
    response = client.get(
        f"/api/v1/crosswalks/{some['crosswalks']}", headers={"Accept": "text/turtle"}
    )
    assert response.mimetype == "text/turtle"
    assert len(Graph().parse(data=response.data, format="turtle")) > 0


def test_406_lists_offered_types(client, some):
    response = client.get(f"/api/v1/concepts/{some['concepts']}", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.mimetype == "application/problem+json"
    assert "text/turtle" in response.get_json()["offered"]


def test_unknown_format_parameter_is_406(client, some):
    response = client.get(f"/api/v1/concepts/{some['concepts']}?format=pdf")
    assert response.status_code == 406


def test_conditional_get_answers_304(client, some):
    url = f"/api/v1/code-lists/{some['code-lists']}"
    etag = client.get(url).headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    other = client.get(url + "?format=turtle").headers["ETag"]
    assert other != etag


def test_variable_in_ddi_codebook_and_lifecycle(client, some):
    url = f"/api/v1/variables/{some['variables']}"
    assert b"codeBook" in client.get(url + "?format=ddi-c").data
    assert b"FragmentInstance" in client.get(url + "?format=ddi-l").data


def test_core_variable_variants_and_concordance(client):
    matrix = client.get("/api/v1/concordance").get_json()
    assert matrix["studies"] and matrix["rows"]
    assert all(len(r["cells"]) == len(matrix["studies"]) for r in matrix["rows"])
    mapped = [r for r in matrix["rows"] if all(c["crosswalk"] for c in r["cells"])]
    assert mapped, "some core variable is mapped in every study"
    view = client.get(f"/api/v1/core-variables/{mapped[0]['core_variable']}/variants").get_json()
    assert {v["study"] for v in view["variants"]} == set(matrix["studies"])
    csv_text = client.get("/api/v1/concordance?format=csv").get_data(as_text=True)
    assert csv_text.splitlines()[0].startswith("core_variable,name,module")


def test_crosswalks_by_core_variable_and_study(client, some):
    cw = client.get(f"/api/v1/crosswalks/{some['crosswalks']}").get_json()["crosswalk"]
    rows = client.get(f"/api/v1/crosswalks?core={cw['target_variable']}&per_page=50").get_json()[
        "items"
    ]
    assert some["crosswalks"] in [r["urn"] for r in rows]
    by_source = client.get(f"/api/v1/crosswalks?source={cw['source_variable']}").get_json()
    assert [r["urn"] for r in by_source["items"]] == [some["crosswalks"]]


def test_crosswalk_versions(client, some):
    body = client.get(f"/api/v1/crosswalks/{some['crosswalks']}/versions").get_json()
    assert some["crosswalks"] in [i["urn"] for i in body["items"]]


def test_not_found_is_a_problem(client):
    response = client.get("/api/v1/variables/urn:ddi:org.example.migreg:NOPE:1.0.0")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 404 and body["title"] == "Not Found"


@pytest.mark.parametrize("urn", ["not-a-urn", "urn:ddi::x:1", "%00", "urn:ddi:a:b:1.0.0/../../etc"])
def test_malformed_urns_are_404_not_500(client, urn):
    response = client.get(f"/api/v1/items/{urn}")
    assert response.status_code == 404
    assert json.loads(response.data)["status"] == 404


def test_bad_page_parameter_is_400(client):
    response = client.get("/api/v1/studies?page=x")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


def test_cors_and_gzip(client):
    response = client.get("/api/v1/concordance", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Content-Encoding"] == "gzip"
    import gzip

    assert json.loads(gzip.decompress(response.data))["rows"]


def test_wrong_method_is_405_with_allow(client):
    response = client.post("/api/v1/studies")
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"
    assert "GET" in response.headers["Allow"]
