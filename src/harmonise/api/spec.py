"""The OpenAPI 3.1 document, generated from the routes and their pydantic models.

Routes are declared with :func:`operation`, which records the path, parameters, offered formats
and response model; :func:`openapi_document` assembles the document from those records and the
models' JSON Schemas (pydantic v2 emits JSON Schema 2020-12, which OpenAPI 3.1 uses as is). Nothing
in the document is written by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from harmonise import __version__
from harmonise.api.negotiation import REPRESENTATIONS

F = TypeVar("F", bound=Callable[..., Any])

_RULE_PARAM = re.compile(r"<(?:[a-z]+:)?([a-zA-Z_]+)>")


@dataclass(frozen=True)
class Param:
    """A query or path parameter."""

    name: str
    description: str
    location: str = "query"
    schema: dict[str, Any] = field(default_factory=lambda: {"type": "string"})
    required: bool = False


@dataclass(frozen=True)
class Operation:
    """One documented operation."""

    rule: str
    method: str
    operation_id: str
    summary: str
    tag: str
    response_model: type[BaseModel] | None
    offered: tuple[str, ...]
    params: tuple[Param, ...]
    request_body: dict[str, Any] | None
    errors: tuple[int, ...]
    description: str = ""
    extra_media: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        """The OpenAPI path template (``{name}`` instead of Flask's ``<type:name>``)."""
        return _RULE_PARAM.sub(lambda m: "{" + m.group(1) + "}", self.rule)


OPERATIONS: list[Operation] = []

COMMON_PARAMS = {
    "format": Param(
        "format",
        "Representation to return, overriding Accept (e.g. json, turtle, ddi-l, csv).",
    ),
    "page": Param("page", "Page number, from 1.", schema={"type": "integer", "minimum": 1}),
    "per_page": Param(
        "per_page",
        "Items per page (1-500).",
        schema={"type": "integer", "minimum": 1, "maximum": 500},
    ),
}


def operation(
    rule: str,
    *,
    summary: str,
    tag: str,
    response_model: type[BaseModel] | None = None,
    offered: tuple[str, ...] = ("json",),
    params: tuple[Param, ...] = (),
    method: str = "GET",
    request_body: dict[str, Any] | None = None,
    errors: tuple[int, ...] = (400, 404, 406),
    extra_media: tuple[str, ...] = (),
    operation_id: str | None = None,
) -> Callable[[F], F]:
    """Record a route for the OpenAPI document (the route itself is registered by Flask)."""

    def decorate(func: F) -> F:
        path_params = tuple(
            Param(name, f"The {name.replace('_', ' ')}.", location="path", required=True)
            for name in _RULE_PARAM.findall(rule)
        )
        extra: tuple[Param, ...] = ()
        if len(offered) > 1:
            extra = (
                Param(
                    "format",
                    "Representation to return, overriding Accept.",
                    schema={"type": "string", "enum": list(offered)},
                ),
            )
        OPERATIONS.append(
            Operation(
                rule=rule,
                method=method.upper(),
                operation_id=operation_id or func.__name__,
                summary=summary,
                tag=tag,
                response_model=response_model,
                offered=offered,
                params=path_params + tuple(params) + extra,
                request_body=request_body,
                errors=errors,
                description=(func.__doc__ or "").strip(),
            )
        )
        return func

    return decorate


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": ["string", "null"]},
    },
    "required": ["type", "title", "status"],
}


def openapi_document(server_url: str = "/api/v1") -> dict[str, Any]:
    """Assemble the OpenAPI 3.1 document from the recorded operations."""
    models = sorted(
        {op.response_model for op in OPERATIONS if op.response_model is not None},
        key=lambda m: m.__name__,
    )
    refs, defs = models_json_schema(
        [(m, "serialization") for m in models],
        ref_template="#/components/schemas/{model}",
    )
    schemas: dict[str, Any] = dict(defs.get("$defs", {}))
    schemas["Problem"] = PROBLEM_SCHEMA
    paths: dict[str, dict[str, Any]] = {}
    for op in sorted(OPERATIONS, key=lambda o: (o.path, o.method)):
        content: dict[str, Any] = {}
        for key in op.offered:
            media = REPRESENTATIONS[key].media_type
            if key == "json" and op.response_model is not None:
                content[media] = {"schema": refs[(op.response_model, "serialization")]}
            elif key in ("json", "jsonld"):
                content.setdefault(media, {"schema": {}})
            elif media not in content:
                content[media] = {"schema": {"type": "string"}}
        for media in op.extra_media:
            content.setdefault(media, {"schema": {}})
        responses: dict[str, Any] = {"200": {"description": "OK", "content": content}}
        if op.method == "GET":
            responses["304"] = {"description": "Not Modified (conditional GET)"}
        for status in op.errors:
            responses[str(status)] = {
                "description": _STATUS_TEXT.get(status, "Error"),
                "content": {
                    "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                },
            }
        entry: dict[str, Any] = {
            "operationId": op.operation_id,
            "summary": op.summary,
            "tags": [op.tag],
            "parameters": [
                {
                    "name": p.name,
                    "in": p.location,
                    "required": p.required,
                    "description": p.description,
                    "schema": p.schema,
                }
                for p in op.params
            ],
            "responses": responses,
        }
        if op.description:
            entry["description"] = op.description
        if op.request_body is not None:
            entry["requestBody"] = op.request_body
        paths.setdefault(op.path, {})[op.method.lower()] = entry
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "harmonise API",
            "version": __version__,
            "description": (
                "Cross-national survey metadata, crosswalks, figures and lineage. Every item is "
                "served in several formats by content negotiation (Accept or ?format=)."
            ),
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


_STATUS_TEXT = {
    400: "Bad Request",
    404: "Not Found",
    406: "Not Acceptable",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    503: "Catalog Unavailable",
}
