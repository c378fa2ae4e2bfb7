"""Incremental reading of the demo registry through the parse cache (issue 5 §1).

Works on a copy of the project's own ``registry/`` and ``vocabularies/`` in tmp_path.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harmonise.config import Settings
from harmonise.services.catalog import build_catalog
from harmonise.services.catalog_items import compile_items
from harmonise.services.registry import RegistryContent, load_registry
from harmonise.store.parse_cache import PARSED_DIR, ParseCache

CROSSWALK = "studies/ALB-2025/1.0.0/crosswalks/XW-ALB-hh_size_1.0.0.yaml"
OTHER_CROSSWALK = "studies/ALB-2025/1.0.0/crosswalks/XW-ALB-remit_use_house_1.0.0.yaml"
CODEBOOK = "studies/ECU-2025/2.0.0/codebook.xml"
READERS = {
    "harmonise.formats.detect.read_metadata": "metadata",
    "harmonise.formats.crosswalk_file.read_crosswalk_file": "crosswalk",
    "harmonise.formats.skos.read_skos": "skos",
    "harmonise.formats.figure_definition.read_figure_definition": "figure",
}


def copy_demo(project_root: Path, into: Path) -> Settings:
    shutil.copytree(project_root / "registry", into / "registry")
    shutil.copytree(project_root / "vocabularies", into / "vocabularies")
    return Settings.from_root(into, catalog_dir=into / ".catalog")


def parsed_files(settings: Settings) -> set[Path]:
    """Every file the registry reads through a format reader."""
    reg = settings.registry_dir
    return {
        *reg.glob("core/*.xml"),
        *reg.glob("studies/*/*/*.xml"),
        *(p for p in reg.glob("studies/*/*/crosswalks/**/*") if p.suffix in (".yaml", ".yml")),
        *reg.glob("figures/*.yaml"),
        *settings.vocabularies_dir.rglob("*.ttl"),
    }


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Path]]:
    """(reader, path) of every call of a format reader while the test runs."""
    seen: list[tuple[str, Path]] = []

    def counting(kind: str, reader: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(path: Path, *args: Any, **kwargs: Any) -> Any:
            seen.append((kind, Path(path)))
            return reader(path, *args, **kwargs)

        return wrapper

    for target, kind in READERS.items():
        module, _, name = target.rpartition(".")
        original = getattr(__import__(module, fromlist=[name]), name)
        monkeypatch.setattr(target, counting(kind, original))
    return seen


def same_content(a: RegistryContent, b: RegistryContent) -> None:
    for name in ("programme", "core", "studies", "concept_schemes", "code_lists", "figures"):
        assert getattr(a, name) == getattr(b, name), name
    assert a.report == b.report
    assert compile_items(a) == compile_items(b)


@pytest.mark.slow
def test_a_cached_load_equals_an_uncached_load(project_root: Path, tmp_path: Path) -> None:
    settings = copy_demo(project_root, tmp_path)
    expected = parsed_files(settings)
    uncached = load_registry(settings)
    cold = ParseCache(tmp_path / "parsed")
    first = load_registry(settings, cache=cold)
    warm = ParseCache(tmp_path / "parsed")
    second = load_registry(settings, cache=warm)
    same_content(uncached, first)
    same_content(uncached, second)
    assert (cold.parsed, cold.reused) == (len(expected), 0)
    assert (warm.parsed, warm.reused) == (0, len(expected))


def test_a_changed_file_is_the_only_one_parsed_again(
    project_root: Path, tmp_path: Path, calls: list[tuple[str, Path]]
) -> None:
    settings = copy_demo(project_root, tmp_path)
    expected = parsed_files(settings)
    load_registry(settings, cache=ParseCache(tmp_path / "parsed"))
    assert {path for _, path in calls} == expected

    crosswalk = settings.registry_dir / CROSSWALK
    text = crosswalk.read_text(encoding="utf-8")
    edited = text.replace("Albania nr_anetaresh to core hh_size", "Household size, edited")
    assert edited != text
    crosswalk.write_text(edited, encoding="utf-8")
    calls.clear()
    cache = ParseCache(tmp_path / "parsed")
    content = load_registry(settings, cache=cache)
    assert calls == [("crosswalk", crosswalk)]
    assert (cache.parsed, cache.reused) == (1, len(expected) - 1)
    labels = {str(cw.urn): cw.label.root.get("en") for cw in content.all_crosswalks()}
    assert labels["urn:ddi:org.example.migreg:XW-ALB-hh_size:1.0.0"] == "Household size, edited"

    codebook = settings.registry_dir / CODEBOOK
    codebook.write_text(codebook.read_text(encoding="utf-8") + "<!-- edited -->\n")
    calls.clear()
    cache = ParseCache(tmp_path / "parsed")
    load_registry(settings, cache=cache)
    assert calls == [("metadata", codebook)]
    assert (cache.parsed, cache.reused) == (1, len(expected) - 1)


@pytest.mark.slow
def test_build_after_one_change_parses_one_file_and_prunes_removed_ones(
    project_root: Path, tmp_path: Path
) -> None:
    settings = copy_demo(project_root, tmp_path)
    n = len(parsed_files(settings))
    first = build_catalog(settings)
    assert (first.files_parsed, first.files_reused) == (n, 0)
    crosswalk = settings.registry_dir / CROSSWALK
    crosswalk.write_text(crosswalk.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    (settings.registry_dir / OTHER_CROSSWALK).unlink()
    second = build_catalog(settings)
    assert (second.up_to_date, second.files_changed) == (False, 1)
    assert (second.files_parsed, second.files_reused) == (1, n - 2)
    assert second.counts["crosswalk"] == first.counts["crosswalk"] - 1
    entries = list((settings.catalog_dir / PARSED_DIR).glob("*.json"))
    assert len(entries) == n - 1


def test_findings_of_a_cached_file_are_still_reported(tmp_path: Path) -> None:
    (tmp_path / "registry").mkdir()
    (tmp_path / "vocabularies").mkdir()
    (tmp_path / "vocabularies" / "imports.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://id.example.org/v> a owl:Ontology ; owl:imports <https://example.org/other> .\n"
        "<https://id.example.org/c> a skos:Concept .\n",
        encoding="utf-8",
    )
    settings = Settings(
        root=tmp_path,
        registry_dir=tmp_path / "registry",
        vocabularies_dir=tmp_path / "vocabularies",
        catalog_dir=tmp_path / ".catalog",
    )
    first = load_registry(settings, cache=ParseCache(tmp_path / "parsed"))
    cache = ParseCache(tmp_path / "parsed")
    second = load_registry(settings, cache=cache)
    assert cache.reused == 1
    assert second.report.flatten(["code"]) == first.report.flatten(["code"])
    assert second.report.flatten(["code"]) == ["skos-import-not-followed"]
