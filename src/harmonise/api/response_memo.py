"""A memo of fully rendered API responses, consulted before Flask (issue 6 §11).

Most API traffic is the same few cached representations fetched again and again. Flask and
Werkzeug spend far longer building a request context, matching the URL, negotiating and
assembling headers than the handler spends finding the (already cached) body, so this WSGI
layer answers a repeat ``GET``/``HEAD`` from a bounded in-memory memo of the status, headers and
body that Flask itself produced for that same request.

Soundness rules (it must never answer something Flask would not have answered):

- Only responses a route explicitly marked memoisable (:func:`mark_memoisable`, called by the
  ETag-carrying representations of the catalog in :mod:`harmonise.api.resources`) with status
  200 or 304, an ``ETag`` and a ``Content-Length`` equal to the body length are recorded; errors,
  406, redirects, uploads, SPARQL, search and anything unmarked always go to Flask.
- The key is every request input those routes read, taken verbatim from the WSGI environ: path,
  script root, the raw query string, the raw ``Accept`` and ``If-None-Match`` headers, whether
  ``gzip`` appears in ``Accept-Encoding`` (the same test the gzip step makes), scheme, host and
  server name/port (``Link`` headers hold absolute URLs). The method is not part of the key: a
  ``HEAD`` is answered with the ``GET``'s headers and no body, exactly as Werkzeug does.
- The memo is emptied whenever the registry browser changes (the registry was re-read), so
  every entry belongs to the catalog state that produced it.

Deviation from the issue's sketch: the key holds the raw ``Accept`` header and the raw query
string rather than the negotiated media type and a canonicalised query. Flask's ETag for a list
covers the raw query string and its ``Link`` header follows the parameters' order, so two
spellings that canonicalise alike can get different bytes from Flask; keying on the raw values
keeps the memo an exact function of the request. Likewise a 304 is replayed only for the very
``If-None-Match`` value Flask answered, instead of being synthesised from the 200 (Flask's 304
carries a different header set, which synthesis would have to imitate).

This is a memo of this server's own output, not an HTTP cache in the sense of RFC 9111: it
never serves anything on heuristic freshness and never sees other servers' responses.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from flask import request

#: The WSGI environ key a route sets to say "this response may be replayed".
MEMOISABLE = "harmonise.memoisable"

_ExcInfo = tuple[type[BaseException], BaseException, TracebackType] | tuple[None, None, None]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

_KEY_ENVIRON = (
    "PATH_INFO",
    "SCRIPT_NAME",
    "QUERY_STRING",
    "HTTP_ACCEPT",
    "HTTP_IF_NONE_MATCH",
    "wsgi.url_scheme",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
)
_RECORDABLE_STATUS = ("200 ", "304 ")


def mark_memoisable() -> None:
    """Mark the current request's response as replayable by :class:`ResponseMemo`.

    Call it only from a route whose answer (status, headers and body) depends on nothing but the
    request inputs listed in this module's docstring and the registry browser's state.
    """
    request.environ[MEMOISABLE] = True


@dataclass(frozen=True)
class MemoStats:
    """Counters of a :class:`ResponseMemo` (for tests, benchmarks and monitoring)."""

    hits: int
    misses: int
    entries: int
    bytes: int


@dataclass(frozen=True)
class _Entry:
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    size: int


class ResponseMemo:
    """WSGI middleware replaying Flask's own answers to repeat cacheable GET/HEAD requests.

    Args:
        app: The wrapped WSGI application (Flask's ``wsgi_app``).
        generation: Returns an object that changes (by identity) whenever what the routes serve
            may change; the memo is emptied when it does. An exception makes the request bypass
            the memo.
        prefix: Only paths under this prefix are considered.
        max_entries: Most responses kept.
        max_bytes: Most bytes kept (bodies, headers and keys together).
        max_body: Largest body kept.
        max_key: Longest key (sum of the request values it holds) considered.
    """

    def __init__(
        self,
        app: WsgiApp,
        generation: Callable[[], object],
        *,
        prefix: str = "/api/",
        max_entries: int = 1024,
        max_bytes: int = 32 * 1024 * 1024,
        max_body: int = 1024 * 1024,
        max_key: int = 4096,
    ) -> None:
        self.app = app
        self._generation = generation
        self._prefix = prefix
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._max_body = max_body
        self._max_key = max_key
        self._lock = threading.Lock()
        self._data: OrderedDict[tuple[Any, ...], _Entry] = OrderedDict()
        self._bytes = 0
        self._owner: object = None
        self._hits = 0
        self._misses = 0

    def stats(self) -> MemoStats:
        """The memo's counters and current size."""
        with self._lock:
            return MemoStats(self._hits, self._misses, len(self._data), self._bytes)

    def clear(self) -> None:
        """Forget every recorded response."""
        with self._lock:
            self._data.clear()
            self._bytes = 0

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Answer from the memo, or call the application and record a memoisable answer."""
        method = environ.get("REQUEST_METHOD")
        if (
            (method != "GET" and method != "HEAD")
            or not environ.get("PATH_INFO", "").startswith(self._prefix)
            or environ.get("CONTENT_LENGTH") not in (None, "", "0")
            or "HTTP_TRANSFER_ENCODING" in environ
        ):
            return self.app(environ, start_response)
        key = self._key(environ)
        if key is None:
            return self.app(environ, start_response)
        try:
            owner = self._generation()
        except Exception:  # the application reports the problem itself
            return self.app(environ, start_response)
        with self._lock:
            if owner is not self._owner:
                self._data.clear()
                self._bytes = 0
                self._owner = owner
            entry = self._data.get(key)
            if entry is not None:
                self._data.move_to_end(key)
                self._hits += 1
            else:
                self._misses += 1
        if entry is not None:
            start_response(entry.status, list(entry.headers))
            return [] if method == "HEAD" else [entry.body]
        if method == "HEAD":  # Werkzeug drops a HEAD's body: nothing to record
            return self.app(environ, start_response)
        return self._record(environ, start_response, key, owner)

    def _key(self, environ: dict[str, Any]) -> tuple[Any, ...] | None:
        values = tuple(environ.get(name) for name in _KEY_ENVIRON)
        if sum(len(v) for v in values if isinstance(v, str)) > self._max_key:
            return None
        gzip = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "").lower()
        return (*values, gzip)

    def _record(
        self,
        environ: dict[str, Any],
        start_response: StartResponse,
        key: tuple[Any, ...],
        owner: object,
    ) -> Iterable[bytes]:
        seen: list[tuple[str, list[tuple[str, str]]]] = []

        def capture(
            status: str, headers: list[tuple[str, str]], exc_info: _ExcInfo | None = None
        ) -> Any:
            seen.append((status, list(headers)))
            if exc_info is None:
                return start_response(status, headers)
            return start_response(status, headers, exc_info)

        environ.pop(MEMOISABLE, None)
        result = self.app(environ, capture)
        if environ.get(MEMOISABLE) is not True or len(seen) != 1:
            return result
        status, headers = seen[0]
        if not status.startswith(_RECORDABLE_STATUS):
            return result
        names = {name.lower(): value for name, value in headers}
        if "etag" not in names or "set-cookie" in names:
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        expected = "0" if status.startswith("304 ") else str(len(body))
        if names.get("content-length", "0") != expected or len(body) > self._max_body:
            return [body]
        size = (
            len(body)
            + sum(len(n) + len(v) for n, v in headers)
            + sum(len(v) for v in key if isinstance(v, str))
            + 256
        )
        entry = _Entry(status, tuple(headers), body, size)
        try:
            still = self._generation()
        except Exception:  # it answered a moment ago; do not record on a doubt
            return [body]
        if still is not owner:  # the registry was re-read during the request
            return [body]
        with self._lock:
            if owner is self._owner:
                self._store(key, entry)
        return [body]

    def _store(self, key: tuple[Any, ...], entry: _Entry) -> None:
        old = self._data.pop(key, None)
        if old is not None:
            self._bytes -= old.size
        self._data[key] = entry
        self._bytes += entry.size
        while self._data and (len(self._data) > self._max_entries or self._bytes > self._max_bytes):
            _key, evicted = self._data.popitem(last=False)
            self._bytes -= evicted.size
