from __future__ import annotations

from pathlib import Path

import pytest

from harmonise.errors import CatalogError
from harmonise.store.catalog import CatalogDatabase, version_sort_key, write_catalog_db
from harmonise.store.records import CatalogItem, ItemType

AG = "urn:ddi:org.example.migreg"


def item(item_id: str, version: str, kind: ItemType = ItemType.VARIABLE, **kw: str) -> CatalogItem:
    return CatalogItem(
        urn=f"{AG}:{item_id}:{version}",
        type=kind,
        name=kw.pop("name", item_id.lower()),
        label=item_id,
        json=f'{{"id": "{item_id}", "version": "{version}"}}',
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def db(tmp_path: Path) -> CatalogDatabase:
    path = tmp_path / "catalog.sqlite"
    items = [
        item("V1", "1.9.3", country="ECU", study="ECU-2025"),
        item("V1", "1.10.0", country="ECU", study="ECU-2025"),
        item("V2", "1.0.0", name="a", country="ALB", study="ALB-2025"),
        item("CL", "1.0.0", ItemType.CODE_LIST),
        item("CL.1", "1.0.0", ItemType.CATEGORY, parent=f"{AG}:CL:1.0.0"),
        item("V2", "1.0.0", name="duplicate-ignored"),
    ]
    assert write_catalog_db(path, items, {"build_id": "abc"}) == 5
    return CatalogDatabase(path)


def test_version_sort_key_is_numeric() -> None:
    assert version_sort_key("1.10.0") > version_sort_key("1.9.3")


def test_pinned_urn_gives_that_version(db: CatalogDatabase) -> None:
    found = db.get(f"{AG}:V1:1.9.3")
    assert found is not None
    assert found.data() == {"id": "V1", "version": "1.9.3"}


def test_unversioned_urn_gives_the_latest_version(db: CatalogDatabase) -> None:
    found = db.get("URN:DDI:org.example.migreg:V1")
    assert found is not None
    assert found.urn == f"{AG}:V1:1.10.0"
    assert db.versions(f"{AG}:V1") == ["1.9.3", "1.10.0"]


@pytest.mark.parametrize("urn", [f"{AG}:NOPE:1.0.0", "not a urn", ""])
def test_unknown_or_malformed_urn_gives_none(db: CatalogDatabase, urn: str) -> None:
    assert db.get(urn) is None


def test_listing_is_filtered_and_stably_ordered(db: CatalogDatabase) -> None:
    rows, total = db.list(type="variable", country="ECU", limit=1)
    assert total == 2
    assert [r.urn for r in rows] == [f"{AG}:V1:1.10.0"]
    rows, _ = db.list(type="variable", country="ECU", limit=1, offset=1)
    assert [r.urn for r in rows] == [f"{AG}:V1:1.9.3"]


def test_listing_rejects_unknown_filters(db: CatalogDatabase) -> None:
    with pytest.raises(ValueError, match="cannot filter on 'json'"):
        db.list(json="x")


def test_children_and_counts_and_meta(db: CatalogDatabase) -> None:
    assert [c.name for c in db.children(f"{AG}:CL:1.0.0")] == ["cl.1"]
    assert db.counts() == {"category": 1, "code-list": 1, "variable": 3}
    assert db.meta() == {"build_id": "abc"}


def test_missing_database_is_a_catalog_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no catalog database"):
        CatalogDatabase(tmp_path / "none.sqlite")


def test_existing_database_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    path.write_bytes(b"")
    with pytest.raises(CatalogError, match="refusing to overwrite"):
        write_catalog_db(path, [], {})
