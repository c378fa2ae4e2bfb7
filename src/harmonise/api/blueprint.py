"""The ``/api/v1`` blueprint: index, OpenAPI document, reference page, and the resource routes."""

from __future__ import annotations

import html
import json
from typing import Any

from flask import Blueprint, Response, current_app, request, url_for
from pydantic import BaseModel, ConfigDict, Field

from harmonise.api.problems import register_problem_handlers
from harmonise.api.spec import OPERATIONS, openapi_document, operation
from harmonise.config import Settings


class ApiIndex(BaseModel):
    """The API's entry point: links to every collection."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(description="Name of the API.")
    version: str = Field(description="API version.")
    links: dict[str, str] = Field(description="Operation name -> URL of each collection.")


def create_api_blueprint(settings: Settings) -> Blueprint:
    """Build the API blueprint for these settings."""
    bp = Blueprint("api", __name__)
    register_problem_handlers(bp)

    from harmonise.api import query_routes, resources

    resources.register(bp, settings)
    query_routes.register(bp, settings)

    @bp.get("/")
    @operation(
        "/", summary="API index: links to every collection", tag="meta", response_model=ApiIndex
    )
    def api_index() -> Response:
        """Links to the collections and documents of the API."""
        links = {
            op.operation_id: request.host_url.rstrip("/") + "/api/v1" + op.path
            for op in OPERATIONS
            if op.method == "GET" and "{" not in op.path and op.path != "/"
        }
        body = ApiIndex(name="harmonise API", version="v1", links=links)
        return Response(body.model_dump_json(), mimetype="application/json")

    @bp.get("/openapi.json")
    def openapi_json() -> Response:
        """The OpenAPI 3.1 document."""
        doc = current_app.extensions.get("harmonise.openapi")
        if doc is None:
            doc = openapi_document()
            current_app.extensions["harmonise.openapi"] = doc
        return Response(json.dumps(doc), mimetype="application/json")

    @bp.get("/docs")
    def reference_page() -> Response:
        """A readable HTML reference of the API, served without any CDN."""
        return Response(
            _reference_html(openapi_document(), url_for("api.openapi_json")), mimetype="text/html"
        )

    return bp


def _reference_html(doc: dict[str, Any], spec_url: str) -> str:
    esc = html.escape
    rows: list[str] = []
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            params = "".join(
                f"<li><code>{esc(p['name'])}</code> ({esc(p['in'])}"
                f"{', required' if p.get('required') else ''}): {esc(p.get('description', ''))}"
                "</li>"
                for p in op.get("parameters", [])
            )
            media = sorted({m for r in op["responses"].values() for m in r.get("content", {})})
            rows.append(
                f'<section id="{esc(op["operationId"])}"><h3><span class="m">{esc(method.upper())}'
                f"</span> <code>/api/v1{esc(path)}</code></h3><p>{esc(op.get('summary', ''))}</p>"
                + (f"<p>{esc(op['description'])}</p>" if op.get("description") else "")
                + (f"<h4>Parameters</h4><ul>{params}</ul>" if params else "")
                + "<h4>Formats</h4><p>"
                + ", ".join(f"<code>{esc(m)}</code>" for m in media)
                + "</p></section>"
            )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>harmonise API reference</title><style>"
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem;"
        "color:#1a1a1a}code{background:#f2f2f2;padding:0 .2em}section{border-top:1px solid #ccc}"
        ".m{background:#064;color:#fff;padding:0 .4em;border-radius:3px}"
        "</style></head><body><main><h1>harmonise API v1</h1>"
        f'<p>Machine-readable: <a href="{esc(spec_url)}">OpenAPI 3.1 document</a>. '
        "Every item answers in several formats: send <code>Accept</code> or add "
        "<code>?format=</code>. Errors are RFC 9457 problem documents.</p>"
        + "".join(rows)
        + "</main></body></html>"
    )
