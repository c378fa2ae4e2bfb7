"""Errors in one shape: RFC 9457 ``application/problem+json``.

Every error the API returns — 400, 404, 406, 413, 415, 422, 500 — is a problem document with
``type``, ``title``, ``status``, ``detail`` and ``instance``, plus extension members where useful
(``offered`` for 406, ``issues`` for 422). A 500 never shows a traceback.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Blueprint, Flask, Response, request
from werkzeug.exceptions import HTTPException

from harmonise.errors import CatalogError, InputError, NotFoundError

PROBLEM_TYPE_BASE = "https://id.example.org/migreg/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"

_log = logging.getLogger(__name__)


class ApiProblem(Exception):
    """An error the API answers with a problem document."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str = "",
        *,
        slug: str | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.slug = slug or title.lower().replace(" ", "-")
        self.extensions = extensions


def problem_response(
    status: int, title: str, detail: str = "", *, slug: str | None = None, **extensions: Any
) -> Response:
    """Build a ``problem+json`` response."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + (slug or title.lower().replace(" ", "-")),
        "title": title,
        "status": status,
        "detail": detail or title,
        "instance": request.path if request else None,
    }
    body.update(extensions)
    response = Response(
        json.dumps(body, ensure_ascii=False, default=str),
        status=status,
        mimetype=PROBLEM_MEDIA_TYPE,
    )
    return response


def register_problem_handlers(target: Flask | Blueprint) -> None:
    """Install handlers turning every error into a problem document."""

    @target.errorhandler(ApiProblem)
    def _api_problem(exc: ApiProblem) -> Response:
        return problem_response(exc.status, exc.title, exc.detail, slug=exc.slug, **exc.extensions)

    @target.errorhandler(NotFoundError)
    def _not_found(exc: NotFoundError) -> Response:
        return problem_response(404, "Not Found", str(exc), slug="not-found")

    @target.errorhandler(InputError)
    def _input(exc: InputError) -> Response:
        return problem_response(
            422,
            "Unprocessable Content",
            exc.message,
            slug="unreadable-input",
            hint=exc.hint,
            line=exc.line,
        )

    @target.errorhandler(CatalogError)
    def _catalog(exc: CatalogError) -> Response:
        return problem_response(503, "Catalog Unavailable", str(exc), slug="catalog-unavailable")


def http_problem(exc: HTTPException) -> Response:
    """An HTTP error (404, 405, 413...) as a problem document (405 with ``Allow``)."""
    status = exc.code or 500
    title = exc.name or "Error"
    extra: dict[str, Any] = {}
    allowed = getattr(exc, "valid_methods", None)
    if status == 405 and allowed:
        extra["allowed"] = sorted(allowed)
    response = problem_response(
        status,
        title,
        exc.description or title,
        slug=title.lower().replace(" ", "-"),
        **extra,
    )
    if status == 405 and extra.get("allowed"):
        response.headers["Allow"] = ", ".join(extra["allowed"])
    return response


def register_app_problem_handlers(app: Flask) -> None:
    """Handlers at application level: HTTP errors and the catch-all 500."""
    register_problem_handlers(app)

    app.register_error_handler(HTTPException, http_problem)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        _log.exception("unhandled error on %s", request.path)
        return problem_response(
            500,
            "Internal Server Error",
            "The server could not answer this request. The error has been logged.",
            slug="internal-error",
        )
