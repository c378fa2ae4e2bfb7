"""HTTP done right: ETags and conditional GET, caching, pagination links, CORS and gzip.

ETags come from the catalog build id (the same build answers the same bytes), combined with the
representation so JSON and Turtle of one item never share a validator (RFC 9110 §8.8.3).
"""

from __future__ import annotations

import gzip
import hashlib
from urllib.parse import urlencode

from flask import Flask, Response, request

#: Bodies at least this large are gzip-compressed when the client accepts it.
GZIP_MIN_BYTES = 1024
#: Largest page a client may ask for.
MAX_PAGE_SIZE = 500


def etag_for(build_id: str, *parts: str) -> str:
    """A strong validator for a representation of the current catalog build."""
    digest = hashlib.sha256("\x1f".join((build_id, *parts)).encode("utf-8")).hexdigest()
    return digest[:32]


def page_args(default_size: int = 50) -> tuple[int, int]:
    """Read ``page`` (1-based) and ``per_page`` from the query string, clamped to sane bounds."""

    def _int(name: str, default: int) -> int:
        raw = request.args.get(name)
        if raw is None:
            return default
        try:
            return int(raw)
        except ValueError:
            from harmonise.api.problems import ApiProblem

            raise ApiProblem(
                400, "Bad Request", f"{name} must be a whole number", slug="bad-parameter"
            ) from None

    from harmonise.api.problems import ApiProblem

    page = _int("page", 1)
    size = _int("per_page", default_size)
    if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        raise ApiProblem(
            400,
            "Bad Request",
            f"page must be at least 1 and per_page between 1 and {MAX_PAGE_SIZE}",
            slug="bad-parameter",
        )
    return page, size


def link_header(page: int, size: int, total: int) -> str:
    """RFC 8288 ``Link`` header with first/prev/next/last for a paginated list."""
    last = max(1, -(-total // size))
    args = {k: v for k, v in request.args.items() if k not in ("page", "per_page")}

    def url(p: int) -> str:
        return f"{request.base_url}?{urlencode({**args, 'page': p, 'per_page': size})}"

    links = [f'<{url(1)}>; rel="first"', f'<{url(last)}>; rel="last"']
    if page > 1:
        links.append(f'<{url(min(page - 1, last))}>; rel="prev"')
    if page < last:
        links.append(f'<{url(page + 1)}>; rel="next"')
    return ", ".join(links)


def install_http_behaviour(app: Flask) -> None:
    """Install CORS for GET, gzip for large bodies and default caching headers."""

    @app.after_request
    def _after(response: Response) -> Response:
        if request.path.startswith("/api/"):
            if request.method in ("GET", "HEAD", "OPTIONS"):
                response.headers["Access-Control-Allow-Origin"] = "*"
                response.headers["Access-Control-Expose-Headers"] = "ETag, Link, Content-Type"
            response.headers.setdefault("Cache-Control", "no-store")
            response.vary.add("Accept")
        _maybe_gzip(response)
        return response


def _maybe_gzip(response: Response) -> None:
    if (
        response.direct_passthrough
        or response.status_code < 200
        or response.status_code >= 300
        or "Content-Encoding" in response.headers
        or "gzip" not in request.headers.get("Accept-Encoding", "").lower()
    ):
        return
    data = response.get_data()
    if len(data) < GZIP_MIN_BYTES:
        return
    response.set_data(gzip.compress(data, compresslevel=5, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Length"] = str(len(response.get_data()))
    response.vary.add("Accept-Encoding")
    if response.headers.get("ETag"):
        # A different byte sequence needs a different strong validator.
        tag, _weak = response.get_etag()
        if tag and not tag.endswith("-gz"):
            response.set_etag(tag + "-gz")
