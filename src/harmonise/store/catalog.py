"""The catalog database: every item's model JSON in SQLite, for look-ups by URN and listings.

One table ``items`` keyed by the version-pinned URN, with the columns the listings filter and sort
on, and a ``meta`` table holding the build id and counts. An unversioned URN resolves to the
latest version (DDI late binding, STANDARDS.md §2.4) by a numeric version sort key. The database
is written once per build into a fresh file and then only read (opened ``mode=ro``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from harmonise.errors import CatalogError
from harmonise.model import Urn, UrnError
from harmonise.store.records import CatalogItem

_SCHEMA = """
CREATE TABLE items (
    urn TEXT PRIMARY KEY,
    agency TEXT NOT NULL,
    item_id TEXT NOT NULL,
    version TEXT NOT NULL,
    version_sort TEXT NOT NULL,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    label TEXT NOT NULL,
    study TEXT NOT NULL,
    study_version TEXT NOT NULL,
    country TEXT NOT NULL,
    module TEXT NOT NULL,
    languages TEXT NOT NULL,
    status TEXT NOT NULL,
    parent TEXT NOT NULL,
    json TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX items_by_id ON items (agency, item_id, version_sort);
CREATE INDEX items_by_type ON items (type, name, urn);
CREATE INDEX items_by_parent ON items (parent);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""

#: Columns a listing may filter on.
LIST_FILTERS: tuple[str, ...] = ("type", "study", "study_version", "country", "module", "status")


def version_sort_key(version: str) -> str:
    """A text key that sorts dotted versions numerically (``1.10.0`` after ``1.9.3``)."""
    return ".".join(f"{int(part):09d}" for part in version.split("."))


@dataclass(frozen=True)
class StoredItem:
    """A row of the catalog: the summary columns and the model JSON."""

    urn: str
    type: str
    name: str
    label: str
    study: str
    study_version: str
    country: str
    module: str
    languages: tuple[str, ...]
    status: str
    parent: str
    json: str

    def data(self) -> object:
        """The model JSON parsed."""
        return json.loads(self.json)


_COLUMNS = (
    "urn, type, name, label, study, study_version, country, module, languages, status, parent, json"
)


def _row(row: tuple[str, ...]) -> StoredItem:
    return StoredItem(
        urn=row[0],
        type=row[1],
        name=row[2],
        label=row[3],
        study=row[4],
        study_version=row[5],
        country=row[6],
        module=row[7],
        languages=tuple(x for x in row[8].split(" ") if x),
        status=row[9],
        parent=row[10],
        json=row[11],
    )


def write_catalog_db(path: Path, items: Iterable[CatalogItem], meta: dict[str, str]) -> int:
    """Write a new catalog database holding these items.

    Args:
        path: The database file to create (must not exist yet).
        items: The items; a repeated URN keeps its first occurrence.
        meta: Build facts (build id, counts...) stored in the ``meta`` table.

    Returns:
        The number of items stored.
    """
    if path.exists():
        raise CatalogError(f"refusing to overwrite an existing catalog database: {path}")
    con = sqlite3.connect(path)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        rows = []
        for item in items:
            try:
                urn = Urn.parse(item.urn)
            except UrnError as exc:
                raise CatalogError(f"catalog item without a valid URN: {exc}") from exc
            version = urn.version or "0"
            rows.append(
                (
                    item.urn,
                    urn.agency,
                    urn.id,
                    version,
                    version_sort_key(version),
                    item.type.value,
                    item.name,
                    item.label,
                    item.study,
                    item.study_version,
                    item.country,
                    item.module,
                    " ".join(item.languages),
                    item.status,
                    item.parent,
                    item.json,
                )
            )
        con.executemany(
            "INSERT OR IGNORE INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows
        )
        con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        con.commit()
        count = int(con.execute("SELECT count(*) FROM items").fetchone()[0])
    finally:
        con.close()
    return count


class CatalogDatabase:
    """Read-only access to a built catalog database."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise CatalogError(f"no catalog database at {path}; run `harmonise build`")
        self._con = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )

    def close(self) -> None:
        """Close the connection."""
        self._con.close()

    def meta(self) -> dict[str, str]:
        """The build facts stored with the catalog."""
        return dict(self._con.execute("SELECT key, value FROM meta").fetchall())

    def get(self, urn: str) -> StoredItem | None:
        """The item with this URN; an unversioned URN gives the latest version.

        Args:
            urn: A DDI URN, with or without version (``urn:ddi:`` prefix case-insensitive).

        Returns:
            The stored item, or None when there is none (or the text is not a URN).
        """
        try:
            parsed = Urn.parse(urn, require_version=False)
        except UrnError:
            return None
        if parsed.is_pinned:
            row = self._con.execute(
                f"SELECT {_COLUMNS} FROM items WHERE urn = ?", (str(parsed),)
            ).fetchone()
        else:
            row = self._con.execute(
                f"SELECT {_COLUMNS} FROM items WHERE agency = ? AND item_id = ? "
                "ORDER BY version_sort DESC LIMIT 1",
                (parsed.agency, parsed.id),
            ).fetchone()
        return _row(row) if row is not None else None

    def versions(self, urn: str) -> list[str]:
        """Every stored version of the item, oldest first."""
        try:
            parsed = Urn.parse(urn, require_version=False)
        except UrnError:
            return []
        rows = self._con.execute(
            "SELECT version FROM items WHERE agency = ? AND item_id = ? ORDER BY version_sort",
            (parsed.agency, parsed.id),
        ).fetchall()
        return [r[0] for r in rows]

    def children(self, urn: str) -> list[StoredItem]:
        """Items whose parent is this URN (the categories of a code list), in name order."""
        rows = self._con.execute(
            f"SELECT {_COLUMNS} FROM items WHERE parent = ? ORDER BY name, urn", (urn,)
        ).fetchall()
        return [_row(r) for r in rows]

    def list(
        self,
        *,
        limit: int = 100,
        offset: int = 0,
        **filters: str | None,
    ) -> tuple[list[StoredItem], int]:
        """Items filtered by column values, ordered by type, name and URN (stable).

        Args:
            limit: Page size (capped at 1000).
            offset: Rows to skip.
            **filters: Column values to match exactly; keys from :data:`LIST_FILTERS`.

        Returns:
            The page of items and the total number matching.

        Raises:
            ValueError: When a filter names an unknown column.
        """
        where: list[str] = []
        params: list[str] = []
        for key, value in sorted(filters.items()):
            if key not in LIST_FILTERS:
                raise ValueError(f"cannot filter on {key!r}; use one of {', '.join(LIST_FILTERS)}")
            if value is not None:
                where.append(f"{key} = ?")
                params.append(value)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        total = int(self._con.execute(f"SELECT count(*) FROM items{clause}", params).fetchone()[0])
        rows = self._con.execute(
            f"SELECT {_COLUMNS} FROM items{clause} ORDER BY type, name, urn LIMIT ? OFFSET ?",
            [*params, max(0, min(limit, 1000)), max(0, offset)],
        ).fetchall()
        return [_row(r) for r in rows], total

    def counts(self) -> dict[str, int]:
        """Number of items per type."""
        rows = self._con.execute("SELECT type, count(*) FROM items GROUP BY type ORDER BY type")
        return {str(t): int(n) for t, n in rows.fetchall()}

    def __iter__(self) -> Iterator[StoredItem]:
        cursor = self._con.execute(f"SELECT {_COLUMNS} FROM items ORDER BY urn")
        for row in cursor:
            yield _row(row)
