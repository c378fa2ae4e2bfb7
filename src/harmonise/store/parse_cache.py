"""The parse cache: what a format reader made of a file, kept so an unchanged file is not re-read.

``harmonise build`` is incremental (issue 5 §1): when one registry file changes, only that file
goes through its reader again; every other file's model objects come from this cache. Layout::

    <catalog_dir>/parsed/<key>.json

One entry per file. Its key is a SHA-256 over the reader's name (``kind``), the file's path,
the SHA-256 of the file's bytes and the *code fingerprint* — a digest of the source of
``harmonise.formats``, ``harmonise.model``, ``harmonise.issues`` and ``harmonise.errors``, the
package version and the versions of the parsing libraries — so a changed file, a changed reader
or an upgraded library never serves a stale parse. The path is part of the key because findings
and some model fields name the file they came from.

An entry is one line of JSON naming what it holds (format, kind, path, file hash, fingerprint),
a newline, then the value as pydantic JSON (``TypeAdapter.dump_json``), findings included, so
the warnings of a cached file are still reported. Nothing is pickled: reading an entry only
validates JSON against the model, it never executes anything. Entries are written to a temporary
file and renamed with :func:`os.replace` (atomic), so a reader never sees half an entry; an entry
that is corrupt, truncated, too large, from another format or does not match its key is ignored
and the file parsed again. A file whose reader fails is not cached (it is read again next time).
:meth:`ParseCache.prune` removes every entry the current build did not use, so the folder holds
at most one entry per input file.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import time
import uuid
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from pydantic import TypeAdapter, ValidationError

from harmonise.store.layout import file_sha256

__all__ = ["PARSED_DIR", "ParseCache", "code_fingerprint"]

T = TypeVar("T")

#: Folder of the cache under the catalog directory.
PARSED_DIR = "parsed"
#: Bump when the entry layout changes.
CACHE_FORMAT = "harmonise-parse-cache/1"
#: An entry larger than this is not read (the readers' own input limits are far below it).
MAX_ENTRY_BYTES = 256 * 1024 * 1024
_SUFFIX = ".json"
_TMP_PREFIX = ".tmp-"
#: A temporary file older than this belongs to a build that died; prune removes it.
_STALE_TMP_SECONDS = 3600.0
#: Packages whose code decides what a parse yields, besides harmonise itself.
_LIBRARIES = ("pydantic", "pydantic-core", "lxml", "rdflib", "oxrdflib", "pyyaml")
#: harmonise sub-packages and modules whose source decides what a parse yields.
_CODE = ("formats", "model", "issues", "errors.py")


def _library_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@functools.cache
def code_fingerprint() -> str:
    """A digest of the code that parses registry files, computed once per process.

    Covers the source files of ``harmonise.formats``, ``harmonise.model``, ``harmonise.issues``
    and ``harmonise.errors``, the harmonise version, the cache format and the versions of the
    parsing libraries.

    Returns:
        64 hex digits.
    """
    from harmonise import __version__

    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0harmonise {__version__}\0".encode())
    for name in _LIBRARIES:
        digest.update(f"{name} {_library_version(name)}\0".encode())
    for part in _CODE:
        root = package / part
        files = sorted(root.rglob("*.py")) if root.is_dir() else [root]
        for file in files:
            try:
                data = file.read_bytes()
            except OSError:
                data = b"<unreadable>"
            digest.update(file.relative_to(package).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


class ParseCache:
    """Parse results of registry files, keyed by file content and code fingerprint.

    Args:
        folder: Where the entries live (``<catalog_dir>/parsed``); created when needed. When it
            cannot be created or written, the cache parses every file and stores nothing.
        fingerprint: The code fingerprint; :func:`code_fingerprint` when omitted (tests pass
            their own to show that another fingerprint misses).

    Attributes:
        parsed: Files read by their reader through this cache (misses).
        reused: Files whose result came from the cache (hits).
    """

    def __init__(self, folder: Path, fingerprint: str | None = None) -> None:
        self.folder = folder
        self.fingerprint = fingerprint if fingerprint is not None else code_fingerprint()
        self.parsed = 0
        self.reused = 0
        self._used: set[str] = set()
        self._writable = True

    def _key(self, kind: str, path: Path, sha256: str) -> str:
        text = "\0".join((CACHE_FORMAT, kind, str(path), sha256, self.fingerprint))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _header(self, kind: str, path: Path, sha256: str) -> dict[str, str]:
        return {
            "format": CACHE_FORMAT,
            "kind": kind,
            "path": str(path),
            "sha256": sha256,
            "fingerprint": self.fingerprint,
        }

    def load(
        self,
        kind: str,
        path: Path,
        adapter: TypeAdapter[T],
        parse: Callable[[], T],
    ) -> T:
        """The parse of ``path``: from the cache when the file and the code are unchanged.

        Args:
            kind: Which reader (part of the key, e.g. ``"metadata"``, ``"crosswalk"``).
            path: The file.
            adapter: Serializes and validates the result (findings included).
            parse: Reads the file; called on a miss. Its exceptions propagate and nothing is
                stored.

        Returns:
            The result, equal to what ``parse()`` returns.
        """
        try:
            sha256 = file_sha256(path)
        except OSError:
            self.parsed += 1
            return parse()  # let the reader report the unreadable file
        key = self._key(kind, path, sha256)
        self._used.add(key + _SUFFIX)
        header = self._header(kind, path, sha256)
        cached = self._read(key, header, adapter)
        if cached is not None:
            self.reused += 1
            return cached
        value = parse()
        self.parsed += 1
        try:
            unchanged = file_sha256(path) == sha256
        except OSError:
            unchanged = False
        if unchanged:  # a file edited while it was read is not stored under the old hash
            self._write(key, header, adapter.dump_json(value))
        return value

    def _read(self, key: str, header: dict[str, str], adapter: TypeAdapter[T]) -> T | None:
        entry = self.folder / (key + _SUFFIX)
        try:
            if entry.stat().st_size > MAX_ENTRY_BYTES:
                return None
            raw = entry.read_bytes()
        except OSError:
            return None
        head, sep, body = raw.partition(b"\n")
        if not sep:
            return None
        try:
            if json.loads(head) != header:
                return None
            return adapter.validate_json(body)
        except (ValueError, ValidationError):  # corrupt, truncated or foreign: parse again
            return None

    def _write(self, key: str, header: dict[str, str], body: bytes) -> None:
        if not self._writable:
            return
        tmp = self.folder / f"{_TMP_PREFIX}{key[:16]}-{uuid.uuid4().hex[:8]}"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as handle:
                handle.write(json.dumps(header, sort_keys=True).encode("utf-8") + b"\n")
                handle.write(body)
            os.replace(tmp, self.folder / (key + _SUFFIX))
        except OSError:
            self._writable = False  # a read-only catalog folder: keep building, uncached
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)

    def prune(self) -> int:
        """Remove every entry this cache did not use (and temporary files of dead builds).

        Call it after a complete read of the registry, so the folder keeps one entry per
        current input file.

        Returns:
            How many files were removed.
        """
        removed = 0
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return 0
        now = time.time()
        for entry in entries:
            name = entry.name
            try:
                if name.startswith(_TMP_PREFIX):
                    if now - entry.stat().st_mtime < _STALE_TMP_SECONDS:
                        continue  # may belong to a build running right now
                elif not name.endswith(_SUFFIX) or name in self._used:
                    continue
                if entry.is_file():
                    entry.unlink()
                    removed += 1
            except OSError:
                continue
        return removed
