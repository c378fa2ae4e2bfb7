from __future__ import annotations

from pathlib import Path

import pytest

from harmonise.errors import CatalogError
from harmonise.store.layout import CatalogLayout, build_id_of


def test_build_id_depends_on_paths_and_contents_not_order() -> None:
    a = build_id_of([("registry/a.xml", "11"), ("vocabularies/b.ttl", "22")])
    assert a == build_id_of([("vocabularies/b.ttl", "22"), ("registry/a.xml", "11")])
    assert a != build_id_of([("registry/a.xml", "12"), ("vocabularies/b.ttl", "22")])
    assert a != build_id_of([("registry/c.xml", "11"), ("vocabularies/b.ttl", "22")])


def _build(layout: CatalogLayout, build_id: str) -> Path:
    staging = layout.staging_dir(build_id)
    (staging / "content").write_text(build_id, encoding="utf-8")
    return layout.publish(staging, build_id)


def test_publish_points_current_at_the_new_build(tmp_path: Path) -> None:
    layout = CatalogLayout(tmp_path)
    with pytest.raises(CatalogError, match="run `harmonise build` first"):
        layout.current_dir()
    _build(layout, "aaa")
    _build(layout, "bbb")
    assert layout.current_id() == "bbb"
    assert (layout.current_dir() / "content").read_text(encoding="utf-8") == "bbb"


def test_old_builds_are_pruned_keeping_the_previous_one(tmp_path: Path) -> None:
    layout = CatalogLayout(tmp_path)
    for build_id in ("aaa", "bbb", "ccc"):
        _build(layout, build_id)
    assert sorted(p.name for p in layout.builds.iterdir()) == ["bbb", "ccc"]


def test_a_discarded_staging_folder_leaves_the_current_build(tmp_path: Path) -> None:
    layout = CatalogLayout(tmp_path)
    _build(layout, "aaa")
    staging = layout.staging_dir("bbb")
    layout.discard(staging)
    assert layout.current_id() == "aaa"
    assert not staging.exists()


@pytest.mark.parametrize("pointer", ["", "../../etc", "zzz\n"])
def test_a_bad_pointer_means_no_catalog(tmp_path: Path, pointer: str) -> None:
    (tmp_path / "current").write_text(pointer, encoding="utf-8")
    assert CatalogLayout(tmp_path).current_id() is None
