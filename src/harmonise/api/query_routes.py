"""Search, SPARQL and validation routes of the API.

- ``GET /search``: ranked hits with highlights and facet counts (the catalog's tantivy index).
- ``GET|POST /sparql``: a read-only SPARQL 1.1 query endpoint over the catalog graph, with a time
  and result-size limit (SPARQL 1.1 Protocol: ``query`` parameter, form or
  ``application/sparql-query`` body; results as ``application/sparql-results+json``, CSV, or
  N-Triples/Turtle for CONSTRUCT/DESCRIBE); updates are refused.
- ``POST /validate``: the same report as ``harmonise validate`` for an uploaded DDI file,
  crosswalk sheet or SPSS/Stata file (multipart or raw body), nothing stored.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from flask import Blueprint, Response, request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from harmonise.api.http import etag_for
from harmonise.api.problems import ApiProblem
from harmonise.api.spec import Param, operation
from harmonise.config import Settings
from harmonise.errors import CatalogError
from harmonise.issues import Report
from harmonise.services.catalog import SearchQuery, SearchResults, search
from harmonise.services.catalog_access import SparqlError, SparqlTimeout, current_catalog
from harmonise.services.uploads import (
    UnsupportedUploadError,
    UploadTooLargeError,
    validate_upload,
)

SPARQL_RESULTS_JSON = "application/sparql-results+json"
_UPDATE_WORDS = ("insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add")


class ValidationOut(BaseModel):
    """The report of an uploaded file (the same as ``harmonise validate --format json``)."""

    model_config = ConfigDict(frozen=True)

    file: str = Field(description="The upload's safe name.")
    valid: bool = Field(description="True when no finding is at error level.")
    readable: bool = Field(description="False when the file could not be read at all.")
    counts: dict[str, int] = Field(description="Findings per severity.")
    report: Report = Field(description="Every finding with location and hint.")


def _multi(name: str) -> tuple[str, ...]:
    values: list[str] = []
    for raw in request.args.getlist(name):
        values.extend(v.strip() for v in raw.split(",") if v.strip())
    return tuple(values)


def _int_arg(name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ApiProblem(
            400, "Bad Request", f"{name} must be a whole number", slug="bad-parameter"
        ) from None


def register(bp: Blueprint, settings: Settings) -> None:
    """Add the search, SPARQL and validation routes."""

    @bp.get("/search")
    @operation(
        "/search",
        tag="search",
        response_model=SearchResults,
        summary="Search variables, questions, categories, concepts, core variables and studies",
        params=(
            Param("q", 'Query: words, "phrases", prefix*, AND/OR/NOT; any language.'),
            Param("country", "ISO 3166-1 alpha-3 codes (repeat or comma-separate)."),
            Param("study", "Study IDs."),
            Param(
                "type", "Item types: variable, question, category, concept, core-variable, study."
            ),
            Param("module", "Questionnaire modules."),
            Param("concept", "Concept IDs."),
            Param("status", "Harmonisation statuses."),
            Param("lang", "Only items with text in this language (en, es, sq)."),
            Param("page", "Page number.", schema={"type": "integer", "minimum": 1, "maximum": 500}),
            Param(
                "per_page",
                "Hits per page.",
                schema={"type": "integer", "minimum": 1, "maximum": 100},
            ),
        ),
        errors=(400, 406, 503),
    )
    def search_items() -> Response:
        """Never fails on the query text: bad syntax is repaired and said so in notices."""
        try:
            query = SearchQuery(
                q=request.args.get("q", "")[:10_000],
                country=_multi("country"),
                study=_multi("study"),
                type=_multi("type"),
                module=_multi("module"),
                concept=_multi("concept"),
                status=_multi("status"),
                lang=request.args.get("lang") or None,
                page=_int_arg("page", 1),
                page_size=_int_arg("per_page", 20),
            )
        except ValidationError as exc:
            detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ApiProblem(400, "Bad Request", detail, slug="bad-parameter") from None
        catalog = current_catalog(settings)
        tag = etag_for(catalog.build_id, request.full_path)
        if request.if_none_match and request.if_none_match.contains(tag):
            response = Response(status=304)
            response.set_etag(tag)
            return response
        results = search(catalog, query)
        response = Response(results.model_dump_json(), mimetype="application/json")
        response.set_etag(tag)
        response.headers["Cache-Control"] = "public, max-age=60"
        return response

    @bp.route("/sparql", methods=["GET", "POST"])
    @operation(
        "/sparql",
        tag="sparql",
        summary="Read-only SPARQL 1.1 query over the catalog graph",
        params=(
            Param(
                "query",
                "The SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE).",
                schema={"type": "string", "minLength": 1, "maxLength": 100_000},
                required=True,
            ),
        ),
        errors=(400, 406, 415, 503),
        extra_media=(SPARQL_RESULTS_JSON, "text/csv", "application/n-triples", "text/turtle"),
    )
    @operation(
        "/sparql",
        method="POST",
        operation_id="sparql_post",
        tag="sparql",
        summary="Read-only SPARQL 1.1 query over the catalog graph (query in the body)",
        request_body={
            "required": True,
            "content": {
                "application/sparql-query": {"schema": {"type": "string"}},
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {"query": {"type": "string"}},
                        "required": ["query"],
                    }
                },
            },
        },
        errors=(400, 406, 415, 503),
        extra_media=(SPARQL_RESULTS_JSON, "text/csv", "application/n-triples", "text/turtle"),
    )
    def sparql() -> Response:
        """Time- and size-limited; SERVICE and updates are refused."""
        query = _sparql_text()
        lowered = query.lower()
        if (
            request.form.get("update")
            or request.mimetype == "application/sparql-update"
            or (_looks_like_update(lowered))
        ):
            raise ApiProblem(
                400,
                "Bad Request",
                "this endpoint is read-only: updates are refused",
                slug="sparql-update-refused",
            )
        try:
            result = current_catalog(settings).sparql(query)
        except SparqlTimeout as exc:
            raise ApiProblem(503, "Query Timeout", str(exc), slug="sparql-timeout") from None
        except SparqlError as exc:
            raise ApiProblem(400, "Bad Request", str(exc), slug="sparql-error") from None
        return _sparql_response(result)

    @bp.post("/validate")
    @operation(
        "/validate",
        method="POST",
        tag="validation",
        response_model=ValidationOut,
        summary="Validate a DDI file, crosswalk sheet or SPSS/Stata file; nothing is stored",
        params=(
            Param("filename", "Name of a raw-body upload (its suffix says what it is)."),
            Param("core_variable", "For a crosswalk sheet: the core variable it maps onto."),
        ),
        request_body={
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                        "required": ["file"],
                    }
                },
                "application/xml": {"schema": {"type": "string"}},
                "text/csv": {"schema": {"type": "string"}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            },
        },
        errors=(400, 413, 415, 422),
    )
    def validate_file() -> Response:
        """Findings grouped by severity with locations and hints, as `harmonise validate`."""
        max_bytes = settings.max_upload_bytes
        core_variable = (request.args.get("core_variable") or "").strip()[:100] or None
        if request.content_length is not None and request.content_length > max_bytes:
            raise ApiProblem(
                413,
                "Content Too Large",
                f"uploads are limited to {max_bytes} bytes",
                slug="too-large",
            )
        try:
            if request.mimetype == "multipart/form-data":
                part = request.files.get("file")
                if part is None:
                    raise ApiProblem(
                        400,
                        "Bad Request",
                        "send the file in a part named 'file'",
                        slug="missing-file",
                    )
                result, name = validate_upload(
                    part.stream,
                    filename=part.filename,
                    media_type=part.mimetype,
                    settings=settings,
                    max_bytes=max_bytes,
                    core_variable=(request.form.get("core_variable") or "").strip()[:100]
                    or core_variable,
                )
            else:
                filename = request.args.get("filename") or request.headers.get("X-Filename")
                result, name = validate_upload(
                    request.stream,
                    filename=filename,
                    media_type=request.mimetype,
                    settings=settings,
                    max_bytes=max_bytes,
                    core_variable=core_variable,
                )
        except UnsupportedUploadError as exc:
            raise ApiProblem(
                415, "Unsupported Media Type", exc.message, slug="unsupported-upload", hint=exc.hint
            ) from None
        except UploadTooLargeError as exc:
            raise ApiProblem(413, "Content Too Large", exc.message, slug="too-large") from None
        out = ValidationOut(
            file=name,
            valid=result.report.valid,
            readable=not result.unreadable,
            counts=result.report.counts(),
            report=result.report.sorted(),
        )
        if not out.readable:
            first = out.report.issues[0].message if out.report.issues else "unreadable file"
            raise ApiProblem(
                422,
                "Unprocessable Content",
                first,
                slug="unreadable-upload",
                **out.model_dump(mode="json"),
            )
        return Response(out.model_dump_json(), mimetype="application/json")


def _looks_like_update(lowered: str) -> bool:
    import re

    stripped = re.sub(r"#[^\n]*", " ", lowered)
    stripped = re.sub(r'"[^"]*"|\'[^\']*\'|<[^>]*>', " ", stripped)
    words = set(re.findall(r"[a-z]+", stripped))
    has_query_form = bool(words & {"select", "ask", "construct", "describe"})
    return not has_query_form and bool(words & set(_UPDATE_WORDS))


def _sparql_text() -> str:
    if request.method == "GET":
        query = request.args.get("query")
    elif request.mimetype == "application/sparql-query":
        query = request.get_data(as_text=True)
    elif request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        query = request.form.get("query")
        if query is None and request.form.get("update"):
            raise ApiProblem(
                400,
                "Bad Request",
                "this endpoint is read-only: updates are refused",
                slug="sparql-update-refused",
            )
    elif request.mimetype == "application/sparql-update":
        raise ApiProblem(
            400,
            "Bad Request",
            "this endpoint is read-only: updates are refused",
            slug="sparql-update-refused",
        )
    else:
        raise ApiProblem(
            415,
            "Unsupported Media Type",
            "send the query as ?query=, a form field or application/sparql-query",
            slug="unsupported-media-type",
        )
    if not query or not query.strip():
        raise ApiProblem(
            400, "Bad Request", "no SPARQL query given (parameter 'query')", slug="missing-query"
        )
    if len(query) > 100_000:
        raise ApiProblem(
            400, "Bad Request", "the query is longer than 100,000 characters", slug="query-too-long"
        )
    return query


def _sparql_response(result: Any) -> Response:
    accept = request.accept_mimetypes
    if result.kind == "graph":
        best = accept.best_match(
            ["application/n-triples", "text/turtle", "text/plain"], default="application/n-triples"
        )
        if best == "text/turtle":
            from harmonise.services.catalog_access import ntriples_to_turtle

            return Response(
                ntriples_to_turtle(result.ntriples), content_type="text/turtle; charset=utf-8"
            )
        return Response(result.ntriples, content_type="application/n-triples; charset=utf-8")
    best = accept.best_match(
        [SPARQL_RESULTS_JSON, "application/json", "text/csv"], default=SPARQL_RESULTS_JSON
    )
    if best is None:
        raise ApiProblem(
            406,
            "Not Acceptable",
            "SPARQL results are offered as JSON or CSV",
            offered=[SPARQL_RESULTS_JSON, "text/csv"],
        )
    if best == "text/csv" and result.kind == "select":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.bindings:
            writer.writerow([row.get(v, {}).get("value", "") for v in result.variables])
        response = Response(out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        response = Response(json.dumps(result.to_json()), mimetype=SPARQL_RESULTS_JSON)
    if result.truncated:
        response.headers["X-Result-Truncated"] = "true"
    return response


__all__ = ["CatalogError", "ValidationOut", "register"]
