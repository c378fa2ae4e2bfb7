"""ResponseMemo answers exactly what Flask answers, and records only what it may replay.

Every comparison sends the same WSGI request three times: to Flask alone (the reference), to a
fresh memo (a miss that records) and to the memo again (a hit, or a pass-through when the answer
must not be recorded); status, header list (in order) and body must be identical.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from werkzeug.test import EnvironBuilder, run_wsgi_app

from harmonise.api.negotiation import REPRESENTATIONS
from harmonise.api.response_memo import ResponseMemo
from harmonise.config import Settings
from harmonise.model import Urn
from harmonise.services.browse import open_browser
from tests.api.resource_kinds import KINDS

Answer = tuple[str, list[tuple[str, str]], bytes]

GZIP = {"Accept-Encoding": "gzip, deflate"}


def _call(wsgi: Any, path: str, method: str = "GET", **kwargs: Any) -> Answer:
    environ = EnvironBuilder(path=path, method=method, **kwargs).get_environ()
    app_iter, status, headers = run_wsgi_app(wsgi, environ, buffered=True)
    return status, headers.to_wsgi_list(), b"".join(app_iter)


@pytest.fixture
def flask_only(app: Flask) -> Any:
    memo = app.wsgi_app
    assert isinstance(memo, ResponseMemo)  # create_app installs it by default
    return memo.app


@pytest.fixture
def memo(flask_only: Any, demo_settings: Settings) -> ResponseMemo:
    return ResponseMemo(flask_only, lambda: open_browser(demo_settings))


def _same_three_times(flask_only: Any, memo: ResponseMemo, path: str, **kwargs: Any) -> Answer:
    reference = _call(flask_only, path, **kwargs)
    assert _call(memo, path, **kwargs) == reference
    assert _call(memo, path, **kwargs) == reference
    return reference


def _recorded(flask_only: Any, memo: ResponseMemo, path: str, **kwargs: Any) -> Answer:
    """The answer is identical, and the second request was a hit."""
    before = memo.stats()
    answer = _same_three_times(flask_only, memo, path, **kwargs)
    after = memo.stats()
    assert (after.hits - before.hits, after.entries - before.entries) == (1, 1)
    return answer


def _passed_through(flask_only: Any, memo: ResponseMemo, path: str, **kwargs: Any) -> Answer:
    """The answer is identical, and nothing was recorded or replayed."""
    before = memo.stats()
    answer = _same_three_times(flask_only, memo, path, **kwargs)
    after = memo.stats()
    assert (after.hits, after.entries) == (before.hits, before.entries)
    return answer


@pytest.mark.parametrize("gzip", [False, True], ids=["identity", "gzip"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_item_format_is_replayed_identically_and_only_when_200(
    flask_only, memo, some, kind, gzip
):
    statuses = set()
    for fmt in REPRESENTATIONS:
        path = f"/api/v1/{kind}/{some[kind]}?format={fmt}"
        headers = GZIP if gzip else {}
        reference = _call(flask_only, path, headers=headers)
        statuses.add(reference[0])
        if reference[0] == "200 OK":
            _recorded(flask_only, memo, path, headers=headers)
        else:  # 406 for a format this kind does not offer
            assert reference[0].startswith("406")
            _passed_through(flask_only, memo, path, headers=headers)
    assert "200 OK" in statuses


def test_large_bodies_are_gzipped_identically_with_vary(flask_only, memo, some):
    # A list page of 500 items is well above the gzip threshold.
    status, headers, body = _recorded(
        flask_only, memo, "/api/v1/variables?per_page=500", headers=GZIP
    )
    named = dict(headers)
    assert (status, named["Content-Encoding"], named["Vary"]) == (
        "200 OK",
        "gzip",
        "Accept, Accept-Encoding",
    )
    assert named["ETag"].endswith('-gz"')
    assert named["Access-Control-Allow-Origin"] == "*"
    assert body[:2] == b"\x1f\x8b"
    plain = _recorded(flask_only, memo, "/api/v1/variables?per_page=500")
    assert "Content-Encoding" not in dict(plain[1])


ODD_ACCEPTS = (
    "",
    "*/*",
    "text/turtle",
    "text/turtle;q=0.2, application/json;q=0.9",
    "application/json;q=0.1, text/turtle",
    "application/ld+json",
    "application/xml",
    "text/csv, */*;q=0.1",
    "TEXT/TURTLE",
    "text/*",
    ";;;,,q=",
    "image/png",
)


def _one_memo_for_all(flask_only: Any, memo: ResponseMemo, requests: list[dict[str, Any]]) -> None:
    """Every request through one memo, twice over: misses first, then hits or pass-throughs."""
    references = [_call(flask_only, **r) for r in requests]
    for _round in range(2):
        for r, reference in zip(requests, references, strict=True):
            assert _call(memo, **r) == reference, r
    recordable = sum(ref[0] in ("200 OK", "304 NOT MODIFIED") for ref in references)
    assert (memo.stats().entries, memo.stats().hits) == (recordable, recordable)


def test_odd_accept_headers_get_flasks_answer(flask_only, memo, some):
    path = f"/api/v1/crosswalks/{some['crosswalks']}"
    requests = [{"path": path, "headers": {"Accept": a}} for a in ODD_ACCEPTS]
    _one_memo_for_all(flask_only, memo, [*requests, {"path": path}])


def test_mixed_requests_share_one_memo_without_crosstalk(flask_only, memo, some):
    item = f"/api/v1/crosswalks/{some['crosswalks']}"
    unversioned = f"/api/v1/items/{Urn.parse(some['crosswalks']).unversioned()}"
    etag = dict(_call(flask_only, item)[1])["ETag"]
    requests: list[dict[str, Any]] = [
        {"path": item},
        {"path": item, "headers": GZIP},
        {"path": item, "headers": {"Accept": "text/turtle"}},
        {"path": item, "headers": {"Accept": "text/turtle", **GZIP}},
        {"path": item, "headers": {"If-None-Match": etag}},
        {"path": item, "headers": {"If-None-Match": etag, **GZIP}},
        {"path": item + "?format=turtle"},
        {"path": "/api/v1/variables?per_page=500"},
        {"path": "/api/v1/variables?per_page=500", "headers": GZIP},
        {"path": unversioned},
        {"path": unversioned, "headers": {"Host": "other.example"}},
        {"path": unversioned, "base_url": "https://localhost/"},
        {"path": unversioned, "environ_overrides": {"wsgi.url_scheme": "https"}},
        {"path": unversioned, "base_url": "http://localhost/mount"},
        {"path": unversioned, "base_url": "http://localhost/other-mount"},
    ]
    _one_memo_for_all(flask_only, memo, requests)


def test_unacceptable_accept_is_406_and_never_recorded(flask_only, memo, some):
    path = f"/api/v1/crosswalks/{some['crosswalks']}"
    status, _headers, _body = _passed_through(
        flask_only, memo, path, headers={"Accept": "image/png"}
    )
    assert status.startswith("406")


def test_odd_query_strings_on_an_item_get_flasks_answer(flask_only, memo, some):
    queries = (
        "format=turtle&format=json",
        "format=json&format=turtle",
        "FORMAT=turtle",
        "format=TURTLE",
        "format=%20turtle%20",
        "x=%ff%fe&format=csv",
        "&&format=ttl",
        "page=2&per_page=1",
        "format=",
    )
    path = f"/api/v1/crosswalks/{some['crosswalks']}"
    _one_memo_for_all(flask_only, memo, [{"path": f"{path}?{q}"} for q in queries])


def test_list_query_order_matters_and_each_spelling_gets_its_own_answer(flask_only, memo):
    one = _recorded(flask_only, memo, "/api/v1/variables?page=2&per_page=3&country=ALB")
    other = _recorded(flask_only, memo, "/api/v1/variables?country=ALB&per_page=3&page=2")
    assert one[2] == other[2]
    # Flask's ETag covers the raw query string: the two spellings are different entries.
    assert dict(one[1])["ETag"] != dict(other[1])["ETag"]
    assert memo.stats().entries == 2


@pytest.mark.parametrize("query", ["per_page=0", "page=zero", "all_versions=maybe"])
def test_bad_list_parameters_are_400_and_never_recorded(flask_only, memo, query):
    status = _passed_through(flask_only, memo, f"/api/v1/variables?{query}")[0]
    assert status.startswith("400")


def test_unknown_item_is_404_and_never_recorded(flask_only, memo):
    status = _passed_through(flask_only, memo, "/api/v1/crosswalks/urn:ddi:example.org:NOPE:1")[0]
    assert status.startswith("404")


@pytest.mark.parametrize("gzip", [False, True], ids=["identity", "gzip"])
def test_conditional_get_304_is_replayed_for_the_same_validator(flask_only, memo, some, gzip):
    path = f"/api/v1/variables?per_page=500&country={'ALB'}"
    headers = GZIP if gzip else {}
    etag = dict(_call(flask_only, path, headers=headers)[1])["ETag"]
    status, answer, body = _recorded(
        flask_only, memo, path, headers={**headers, "If-None-Match": etag}
    )
    named = dict(answer)
    assert (status, body) == ("304 NOT MODIFIED", b"")
    assert named["Access-Control-Allow-Origin"] == "*"
    assert "Accept" in named["Vary"]
    # A different validator is a different request: Flask answers it (here: 200).
    other = _recorded(flask_only, memo, path, headers={**headers, "If-None-Match": '"other"'})
    assert other[0] == "200 OK"


@pytest.mark.parametrize("validator", ["*", 'W/"weak"', '"a", "b"', "garbage"])
def test_odd_if_none_match_values_get_flasks_answer(flask_only, memo, some, validator):
    path = f"/api/v1/items/{some['concepts']}"
    _recorded(flask_only, memo, path, headers={"If-None-Match": validator})


def test_head_is_answered_with_the_gets_headers_and_no_body(flask_only, memo, some):
    path = f"/api/v1/crosswalks/{some['crosswalks']}?format=turtle"
    reference_head = _call(flask_only, path, method="HEAD")
    assert reference_head[2] == b""
    # A HEAD before any GET goes to Flask and records nothing.
    assert _call(memo, path, method="HEAD") == reference_head
    assert memo.stats().entries == 0
    get = _recorded(flask_only, memo, path)
    hits = memo.stats().hits
    assert _call(memo, path, method="HEAD") == reference_head
    assert memo.stats().hits == hits + 1
    assert reference_head[1] == get[1]


def test_unversioned_urn_links_follow_host_and_mount_point(flask_only, memo, some):
    unversioned = str(Urn.parse(some["crosswalks"]).unversioned())
    path = f"/api/v1/items/{unversioned}"
    here = _recorded(flask_only, memo, path, base_url="http://one.example/")
    there = _recorded(flask_only, memo, path, base_url="https://two.example:8443/mounted")
    assert "http://one.example/api/v1/items/" in dict(here[1])["Link"]
    assert "https://two.example:8443/mounted/api/v1/items/" in dict(there[1])["Link"]
    assert dict(there[1])["Content-Location"].startswith("/mounted/api/v1/items/")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/concordance",
        "/api/v1/concordance?format=csv",
        "/api/v1/crosswalks",
        "/api/v1/crosswalks?study=ALB",
    ],
)
def test_other_catalog_views_are_replayed_identically(flask_only, memo, path):
    _recorded(flask_only, memo, path)


def test_core_variants_and_crosswalk_versions_are_replayed_identically(flask_only, memo, some):
    _recorded(flask_only, memo, f"/api/v1/core-variables/{some['core-variables']}/variants")
    _recorded(flask_only, memo, f"/api/v1/crosswalks/{some['crosswalks']}/versions")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/",
        "/api/v1/openapi.json",
        "/api/v1/search?q=remittances",
        "/api/v1/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D",
        "/api/v1/nowhere",
        "/",
    ],
)
def test_unmarked_routes_are_never_recorded(flask_only, memo, path):
    _passed_through(flask_only, memo, path)


def test_figure_lineage_reads_files_per_request_and_is_never_recorded(flask_only, memo, some):
    _passed_through(flask_only, memo, f"/api/v1/figures/{some['figures']}/lineage")


def test_post_and_bodies_go_to_flask(flask_only, memo, some):
    path = f"/api/v1/crosswalks/{some['crosswalks']}"
    _recorded(flask_only, memo, path)
    status = _passed_through(flask_only, memo, path, method="POST")[0]
    assert status.startswith("405")
    # A GET carrying a body is not a plain repeat: Flask answers it.
    _passed_through(flask_only, memo, path, data=b"12345")


def test_memo_is_bounded_by_entries_bytes_and_body_size(flask_only, demo_settings, some):
    def memo_of(**limits: int) -> ResponseMemo:
        return ResponseMemo(flask_only, lambda: open_browser(demo_settings), **limits)

    paths = [f"/api/v1/variables?per_page={n}" for n in range(1, 8)]
    by_entries = memo_of(max_entries=3)
    for path in paths:
        _call(by_entries, path)
    assert by_entries.stats().entries == 3
    by_bytes = memo_of(max_bytes=6_000)
    for path in paths:
        _call(by_bytes, path)
    assert 0 < by_bytes.stats().bytes <= 6_000
    assert by_bytes.stats().entries < len(paths)
    by_body = memo_of(max_body=10)
    assert _call(by_body, paths[0]) == _call(flask_only, paths[0])
    assert by_body.stats().entries == 0
    by_key = memo_of(max_key=50)
    _call(by_key, f"/api/v1/crosswalks/{some['crosswalks']}")
    assert by_key.stats().entries == 0


def test_a_new_registry_state_empties_the_memo(flask_only, some):
    state = [object()]
    memo = ResponseMemo(flask_only, lambda: state[0])
    path = f"/api/v1/crosswalks/{some['crosswalks']}"
    _call(memo, path)
    _call(memo, path)
    assert (memo.stats().hits, memo.stats().entries) == (1, 1)
    state[0] = object()
    assert _call(memo, path) == _call(flask_only, path)
    assert (memo.stats().hits, memo.stats().misses) == (1, 2)


def test_a_registry_reread_during_the_request_records_nothing(flask_only, some):
    memo = ResponseMemo(flask_only, object)  # a new state on every look
    path = f"/api/v1/crosswalks/{some['crosswalks']}"
    _call(memo, path)
    _call(memo, path)
    assert (memo.stats().hits, memo.stats().entries) == (0, 0)


def test_a_failing_state_look_up_bypasses_the_memo(flask_only, some):
    def broken() -> object:
        raise RuntimeError("registry unreadable")

    memo = ResponseMemo(flask_only, broken)
    path = f"/api/v1/crosswalks/{some['crosswalks']}"
    assert _call(memo, path) == _call(flask_only, path)
    assert memo.stats() == memo.stats().__class__(0, 0, 0, 0)


def test_create_app_can_leave_the_memo_out(demo_settings):
    from harmonise.app import create_app

    bare = create_app(demo_settings, TESTING=True, HARMONISE_RESPONSE_MEMO=False)
    assert not isinstance(bare.wsgi_app, ResponseMemo)
