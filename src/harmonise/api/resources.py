"""The API's resource routes: thin handlers over :mod:`harmonise.services.browse` and friends.

Every item route answers in several representations (``Accept`` or ``?format=``); every list is
paginated in a stable order with ``Link`` headers; every GET carries an ``ETag`` derived from the
catalog build and answers ``If-None-Match`` with 304.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, request
from pydantic import BaseModel

from harmonise.api.http import etag_for, link_header, page_args
from harmonise.api.negotiation import Representation, negotiate
from harmonise.api.problems import ApiProblem
from harmonise.api.response_memo import mark_memoisable
from harmonise.api.spec import Param, operation
from harmonise.config import Settings
from harmonise.model.lineage import FigureLineage
from harmonise.services import exports
from harmonise.services.browse import (
    Browser,
    ConcordanceMatrix,
    CoreVariableView,
    CrosswalkView,
    ItemPage,
    ItemSummary,
    ItemType,
    Record,
    open_browser,
    paginate,
)
from harmonise.services.lineage import prov_bytes, trace_figure

LIST_PARAMS = (
    Param("study", "Only items of this study (ID or ID/version)."),
    Param("country", "Only items of this country (ISO 3166-1 alpha-3)."),
    Param("name", "Only items with this exact name (case-insensitive)."),
    Param(
        "all_versions", "Include every version, not only the latest.", schema={"type": "boolean"}
    ),
    Param("page", "Page number, from 1.", schema={"type": "integer", "minimum": 1}),
    Param(
        "per_page",
        "Items per page (1-500).",
        schema={"type": "integer", "minimum": 1, "maximum": 500},
    ),
)


class _BodyCache:
    """A small thread-safe LRU of rendered bodies keyed by their ETag (build + URL + format).

    The ETag changes with the catalog build, so a cached body can never be stale; only bodies
    up to 2 MB are kept, at most 512 of them.
    """

    def __init__(self, entries: int = 512, max_body: int = 2 * 1024 * 1024) -> None:
        self._data: OrderedDict[str, bytes | str] = OrderedDict()
        self._lock = threading.Lock()
        self._entries = entries
        self._max_body = max_body

    def get(self, key: str) -> bytes | str | None:
        with self._lock:
            found = self._data.get(key)
            if found is not None:
                self._data.move_to_end(key)
            return found

    def put(self, key: str, body: bytes | str) -> None:
        if len(body) > self._max_body:
            return
        with self._lock:
            self._data[key] = body
            self._data.move_to_end(key)
            while len(self._data) > self._entries:
                self._data.popitem(last=False)


_BODIES = _BodyCache()


def _conditional(
    browser: Browser,
    rep: Representation,
    body: Callable[[], bytes | str],
    *,
    extra: str = "",
    max_age: int = 60,
    memoisable: bool = True,
) -> Response:
    """The representation ``rep`` with a strong ETag, or 304 when ``If-None-Match`` matches it.

    ``memoisable`` says the answer depends only on the request and the browser's registry state,
    so :class:`~harmonise.api.response_memo.ResponseMemo` may replay it.
    """
    if memoisable:
        mark_memoisable()
    tag = etag_for(browser.build_id, request.path, rep.key, extra)
    if request.if_none_match and (
        request.if_none_match.contains(tag) or request.if_none_match.contains(tag + "-gz")
    ):
        response = Response(status=304)
        response.set_etag(tag)
        response.headers["Cache-Control"] = f"public, max-age={max_age}"
        return response
    data = _BODIES.get(tag)
    if data is None:
        data = body()
        _BODIES.put(tag, data)
    content_type = rep.media_type
    if rep.media_type.startswith("text/") or rep.key in ("spss", "stata", "r", "sql"):
        content_type += "; charset=utf-8"
    response = Response(data, content_type=content_type)
    response.set_etag(tag)
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    if rep.key not in ("json", "html"):
        response.headers["Content-Disposition"] = (
            f'inline; filename="{_safe_filename(request.path)}.{rep.extension}"'
        )
    return response


def _safe_filename(path: str) -> str:
    tail = path.rstrip("/").rsplit("/", 1)[-1]
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in tail)[:120] or "item"


def _json(model: BaseModel | dict[str, Any] | list[Any]) -> bytes:
    if isinstance(model, BaseModel):
        return model.model_dump_json().encode("utf-8")
    return json.dumps(model, ensure_ascii=False, default=str).encode("utf-8")


def _list_response(browser: Browser, rows: list[ItemSummary]) -> Response:
    page, size = page_args()
    result: ItemPage = paginate(rows, page, size)
    rep = negotiate(("json", "csv"))
    if rep.key == "csv":
        response = _conditional(
            browser, rep, lambda: _summaries_csv(rows), extra=request.query_string.decode("latin-1")
        )
    else:
        response = _conditional(
            browser, rep, lambda: _json(result), extra=request.query_string.decode("latin-1")
        )
    response.headers["Link"] = link_header(page, size, result.total)
    response.headers["X-Total-Count"] = str(result.total)
    return response


def _summaries_csv(rows: list[ItemSummary]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["urn", "type", "name", "label", "study", "country", "languages"])
    for s in rows:
        writer.writerow(
            [
                s.urn,
                s.type.value,
                s.name,
                s.label,
                s.study or "",
                s.country or "",
                " ".join(s.languages),
            ]
        )
    return out.getvalue()


def _flag(name: str) -> bool:
    raw = request.args.get(name)
    if raw is None:
        return False
    raw = raw.lower()
    if raw in ("0", "false", "no"):
        return False
    if raw in ("1", "true", "yes"):
        return True
    raise ApiProblem(400, "Bad Request", f"{name} must be true or false", slug="bad-parameter")


def register(bp: Blueprint, settings: Settings) -> None:
    """Add the resource routes to the API blueprint."""

    def browser() -> Browser:
        return open_browser(settings)

    def item_response(record: Record, key: str, filled: bool) -> Response:
        offered = exports.offered_formats(record.type)
        rep = negotiate(offered)
        b = browser()
        response = _conditional(b, rep, lambda: exports.render(b, record, rep.key), extra=key)
        response.headers["Content-Location"] = f"{request.script_root}/api/v1/items/{key}"
        if filled:
            response.headers["X-Resolved-Version"] = key
            response.headers["Link"] = (
                f'<{request.url_root}api/v1/items/{key}>; rel="latest-version"'
            )
        return response

    def list_route(rule: str, rtype: ItemType, summary: str, tag: str) -> None:
        def handler() -> Response:
            b = browser()
            rows = b.list_items(
                rtype,
                study=request.args.get("study"),
                country=request.args.get("country"),
                name=request.args.get("name"),
                all_versions=_flag("all_versions"),
            )
            return _list_response(b, rows)

        handler.__name__ = f"list_{rtype.value.replace('-', '_')}"
        handler.__doc__ = summary
        bp.add_url_rule(
            rule,
            handler.__name__,
            operation(
                rule,
                summary=summary,
                tag=tag,
                response_model=ItemPage,
                offered=("json", "csv"),
                params=LIST_PARAMS,
            )(handler),
            methods=["GET"],
        )

        def get_handler(urn: str) -> Response:
            if rtype is ItemType.FIGURE and urn.endswith("/lineage"):
                return figure_lineage(urn[: -len("/lineage")])
            record, key, filled = browser().get(urn, rtype)
            return item_response(record, key, filled)

        get_handler.__name__ = f"get_{rtype.value.replace('-', '_')}"
        get_handler.__doc__ = (
            f"One {rtype.value} by DDI URN; an unversioned URN resolves to the latest version."
        )
        bp.add_url_rule(
            rule + "/<path:urn>",
            get_handler.__name__,
            operation(
                rule + "/<path:urn>",
                summary=f"Get a {rtype.value}",
                tag=tag,
                response_model=exports.response_model(rtype),
                offered=exports.offered_formats(rtype),
            )(get_handler),
            methods=["GET"],
        )

    list_route("/studies", ItemType.STUDY, "List studies", "studies")
    list_route("/variables", ItemType.VARIABLE, "List country variables", "variables")
    list_route("/questions", ItemType.QUESTION, "List questions", "questions")
    list_route("/code-lists", ItemType.CODE_LIST, "List code lists", "code lists")
    list_route("/concepts", ItemType.CONCEPT, "List concepts", "concepts")
    list_route("/concept-schemes", ItemType.CONCEPT_SCHEME, "List concept schemes", "concepts")
    list_route("/core-variables", ItemType.CORE_VARIABLE, "List core variables", "core")
    list_route("/figures", ItemType.FIGURE, "List published figures", "figures")

    @bp.get("/core-variables/<path:urn>/variants")
    @operation(
        "/core-variables/<path:urn>/variants",
        tag="core",
        summary="A core variable's country variants side by side",
        response_model=CoreVariableView,
    )
    def core_variable_variants(urn: str) -> Response:
        """The core variable with each country's variable, wording and crosswalk status."""
        b = browser()
        view = b.core_variable_view(urn)
        return _conditional(b, negotiate(("json",)), lambda: _json(view))

    @bp.get("/concordance")
    @operation(
        "/concordance",
        tag="core",
        response_model=ConcordanceMatrix,
        offered=("json", "csv"),
        summary="Concordance matrix: core variable × study with crosswalk status",
    )
    def concordance() -> Response:
        """Each cell holds the country variable and the status of its crosswalk."""
        b = browser()
        rep = negotiate(("json", "csv"))
        matrix = b.concordance()
        if rep.key == "csv":
            return _conditional(b, rep, lambda: exports.concordance_csv(matrix))
        return _conditional(b, rep, lambda: _json(matrix))

    @bp.get("/crosswalks")
    @operation(
        "/crosswalks",
        tag="crosswalks",
        response_model=ItemPage,
        offered=("json", "csv"),
        summary="List crosswalks (latest versions), by source variable, core variable or study",
        params=(
            Param("source", "URN of the source (country) variable."),
            Param("core", "URN of the target core variable."),
            Param("study", "Study ID or ID/version."),
            Param("page", "Page number.", schema={"type": "integer", "minimum": 1}),
            Param(
                "per_page",
                "Items per page.",
                schema={"type": "integer", "minimum": 1, "maximum": 500},
            ),
        ),
    )
    def list_crosswalks() -> Response:
        """Crosswalks of the latest study versions, filtered."""
        b = browser()
        try:
            rows = b.crosswalks_for(
                source=request.args.get("source"),
                core=request.args.get("core"),
                study=request.args.get("study"),
            )
        except ValueError as exc:
            raise ApiProblem(400, "Bad Request", str(exc), slug="bad-parameter") from None
        return _list_response(b, rows)

    @bp.get("/crosswalks/<path:urn>")
    @operation(
        "/crosswalks/<path:urn>",
        tag="crosswalks",
        response_model=CrosswalkView,
        offered=exports.offered_formats(ItemType.CROSSWALK),
        summary="Get a crosswalk version in any export format",
    )
    def get_crosswalk(urn: str) -> Response:
        """A crosswalk with computed cardinalities and statuses; exports by content negotiation."""
        if urn.endswith("/versions"):
            return crosswalk_versions(urn[: -len("/versions")])
        record, key, filled = browser().get(urn, ItemType.CROSSWALK)
        return item_response(record, key, filled)

    @operation(
        "/crosswalks/<path:urn>/versions",
        tag="crosswalks",
        response_model=ItemPage,
        summary="Every version of a crosswalk",
    )
    def crosswalk_versions(urn: str) -> Response:
        """All versions of the crosswalk, oldest first."""
        b = browser()
        b.get(urn, ItemType.CROSSWALK)
        rows = [b.summary(b.resolve(k)[0]) for k in b.versions(urn)]
        return _list_response(b, rows)

    @operation(
        "/figures/<path:urn>/lineage",
        tag="figures",
        response_model=FigureLineage,
        offered=("json", "turtle", "jsonld"),
        summary="The PROV-O lineage of a figure's newest computed values",
    )
    def figure_lineage(urn: str) -> Response:
        """From the published values to the crosswalk versions, questions and data files."""
        b = browser()
        record, _key, _filled = b.get(urn, ItemType.FIGURE)
        trace = trace_figure(
            record.obj.id, settings.registry_dir / "figures" / "values", settings.root
        )
        rep = negotiate(("json", "turtle", "jsonld"))
        # Not memoisable: the trace reads the figure's value files on every request.
        if rep.key == "json":
            return _conditional(
                b,
                rep,
                lambda: _json(trace.lineage),
                extra=str(trace.values_file),
                memoisable=False,
            )
        return _conditional(
            b,
            rep,
            lambda: prov_bytes(trace, rep.key),
            extra=str(trace.values_file),
            memoisable=False,
        )

    @bp.get("/items/<path:urn>")
    @operation(
        "/items/<path:urn>",
        tag="items",
        summary="Resolve any DDI URN (unversioned: the latest version, and says so)",
        offered=("json",),
    )
    def get_item(urn: str) -> Response:
        """Any item of the registry by URN, in every format its type offers."""
        record, key, filled = browser().resolve(urn)
        return item_response(record, key, filled)
