"""Where a built catalog lives on disk, and how a new build replaces the old one atomically.

Layout of ``settings.catalog_dir``::

    builds/<build-id>/catalog.sqlite   items and their model JSON (store.catalog)
    builds/<build-id>/index/           the search index: one tantivy index per item type
                                       (shard-<type>-<n>/) and facts.json: the item count,
                                       layout version and the tables of facet numbers
                                       (store.search)
    builds/<build-id>/graph/           the Oxigraph RDF store (store.graph)
    builds/<build-id>/build.json       the build summary
    current                            the id of the build readers use (one line)
    parsed/                            parse results of registry files, by content hash, so an
                                       incremental build parses only changed files
                                       (store.parse_cache)

A build is written into a staging folder beside the others, renamed to ``builds/<build-id>``
and then published by replacing ``current`` with :func:`os.replace`, which is atomic on POSIX
and Windows: a reader sees the old build or the new one, never half of one (issue 5 §1). The
build id is a hash of the input files' paths and contents (and of the catalog format), so
unchanged inputs give the same id and the build is skipped. The two newest builds are kept so a
reader that opened the previous one keeps working.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path

from harmonise.errors import CatalogError

#: Bump when the catalog's on-disk form changes (tables, index schema, graph), so that a build
#: made by an older release is never taken as up to date.
CATALOG_FORMAT = "harmonise-catalog/2"
DB_FILE = "catalog.sqlite"
INDEX_DIR = "index"
GRAPH_DIR = "graph"
SUMMARY_FILE = "build.json"
_POINTER = "current"
_KEEP = 2


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def build_id_of(hashes: Iterable[tuple[str, str]]) -> str:
    """The build id: a hash of the catalog format and every (relative path, content hash).

    Args:
        hashes: (path relative to the project, SHA-256 of its bytes) for every input file.

    Returns:
        The first 20 hex digits of the SHA-256 over them, in path order.
    """
    digest = hashlib.sha256(CATALOG_FORMAT.encode())
    for rel, sha in sorted(hashes):
        digest.update(b"\0" + rel.encode("utf-8") + b"\0" + sha.encode("ascii"))
    return digest.hexdigest()[:20]


class CatalogLayout:
    """The folders of a catalog directory."""

    def __init__(self, catalog_dir: Path) -> None:
        self.root = catalog_dir
        self.builds = catalog_dir / "builds"

    def current_id(self) -> str | None:
        """The id of the published build, or None when there is none."""
        try:
            text = (self.root / _POINTER).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        if not text or not text.isalnum() or not (self.builds / text).is_dir():
            return None
        return text

    def build_dir(self, build_id: str) -> Path:
        """The folder of one build."""
        return self.builds / build_id

    def current_dir(self) -> Path:
        """The folder of the published build.

        Raises:
            CatalogError: When no build has been published.
        """
        build_id = self.current_id()
        if build_id is None:
            raise CatalogError(
                f"no catalog at {self.root}; run `harmonise build` first",
            )
        return self.build_dir(build_id)

    def staging_dir(self, build_id: str) -> Path:
        """A new, empty folder to write a build into."""
        self.builds.mkdir(parents=True, exist_ok=True)
        path = self.builds / f".staging-{build_id}-{uuid.uuid4().hex[:8]}"
        path.mkdir()
        return path

    def publish(self, staging: Path, build_id: str) -> Path:
        """Move a finished staging folder into place and point ``current`` at it.

        Args:
            staging: The folder the build was written into.
            build_id: Its id.

        Returns:
            The build's final folder.
        """
        final = self.build_dir(build_id)
        if final.exists():
            # the same inputs were built before: the existing folder holds the same content
            shutil.rmtree(staging)
        else:
            os.replace(staging, final)
        pointer_tmp = self.root / f".{_POINTER}-{uuid.uuid4().hex[:8]}"
        pointer_tmp.write_text(build_id + "\n", encoding="ascii")
        os.replace(pointer_tmp, self.root / _POINTER)
        self.prune(keep=build_id)
        return final

    def discard(self, staging: Path) -> None:
        """Remove a staging folder after a failed build."""
        shutil.rmtree(staging, ignore_errors=True)

    def prune(self, keep: str) -> None:
        """Remove old builds and abandoned staging folders, keeping the newest two builds."""
        if not self.builds.is_dir():
            return
        entries = sorted(
            (p for p in self.builds.iterdir() if p.is_dir()),
            key=lambda p: p.stat().st_mtime_ns,
            reverse=True,
        )
        kept = 0
        for entry in entries:
            if entry.name.startswith(".staging-"):
                continue  # may belong to a build running right now
            if entry.name == keep or kept < _KEEP - 1:
                kept += entry.name != keep
                continue
            shutil.rmtree(entry, ignore_errors=True)

    def ensure(self) -> None:
        """Create the catalog folder.

        Raises:
            CatalogError: When it cannot be created.
        """
        try:
            self.builds.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CatalogError(f"cannot create the catalog folder {self.root}: {exc}") from exc
