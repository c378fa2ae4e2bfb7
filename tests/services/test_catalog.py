from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harmonise.config import Settings
from harmonise.errors import CatalogError, NotFoundError
from harmonise.services.catalog import (
    Catalog,
    CatalogBuildError,
    SearchQuery,
    build_catalog,
    open_catalog,
    search,
)
from tests.services.catalog_content import sample_content

AG = "urn:ddi:org.example.migreg"


def project(root: Path) -> Settings:
    (root / "registry").mkdir(parents=True)
    (root / "vocabularies").mkdir()
    (root / "registry" / "programme.yaml").write_text("agency: org.example.migreg\n")
    (root / "vocabularies" / "concepts.ttl").write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://id.example.org/migreg/concept/C-X> a skos:Concept .\n"
    )
    return Settings(
        root=root,
        registry_dir=root / "registry",
        vocabularies_dir=root / "vocabularies",
        catalog_dir=root / ".catalog",
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Catalog]:
    settings = project(tmp_path_factory.mktemp("catalog"))
    build_catalog(settings, source=sample_content())
    return settings, open_catalog(settings)


def hits(catalog: Catalog, **kw: object) -> list[tuple[str, str]]:
    results = search(catalog, SearchQuery(**kw))  # type: ignore[arg-type]
    return [(h.type, h.name) for h in results.hits]


def test_build_summary_counts_every_item(tmp_path: Path) -> None:
    settings = project(tmp_path)
    summary = build_catalog(settings, source=sample_content())
    assert not summary.up_to_date
    assert (summary.files, summary.files_changed) == (2, 2)
    assert summary.counts == {
        "category": 9,
        "code-list": 3,
        "concept": 2,
        "concept-scheme": 1,
        "core-variable": 2,
        "crosswalk": 4,
        "question": 6,
        "study": 2,
        "variable": 4,
    }
    assert summary.triples > 0


def test_unchanged_inputs_skip_the_build_and_keep_the_build_id(tmp_path: Path) -> None:
    settings = project(tmp_path)
    first = build_catalog(settings, source=sample_content())
    again = build_catalog(settings, source=sample_content())
    assert (again.up_to_date, again.build_id, again.items) == (True, first.build_id, first.items)
    # the summary of a skipped build still tells what the catalog holds
    assert again.triples == first.triples > 0


def test_a_new_index_layout_rebuilds_unchanged_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = project(tmp_path)
    first = build_catalog(settings, source=sample_content())
    monkeypatch.setattr("harmonise.services.catalog.INDEX_FORMAT", "next")
    again = build_catalog(settings, source=sample_content())
    assert (again.up_to_date, again.build_id != first.build_id) == (False, True)


def test_a_changed_file_gives_a_new_build_id(tmp_path: Path) -> None:
    settings = project(tmp_path)
    first = build_catalog(settings, source=sample_content())
    (settings.vocabularies_dir / "concepts.ttl").write_text("# changed\n")
    second = build_catalog(settings, source=sample_content())
    assert (second.up_to_date, second.files_changed) == (False, 1)
    assert second.build_id != first.build_id
    assert open_catalog(settings).build_id == second.build_id


def test_dangling_references_fail_the_build_and_keep_the_old_catalog(tmp_path: Path) -> None:
    settings = project(tmp_path)
    good = build_catalog(settings, source=sample_content())
    with pytest.raises(CatalogBuildError) as caught:
        build_catalog(settings, source=sample_content(dangling=True))
    assert caught.value.report.flatten(["code", "location.urn"]) == [
        ["dangling-reference", f"{AG}:CW-ALB-2025-GHOST:1.0.0"],
        ["dangling-reference", f"{AG}:CW-ALB-2025-GHOST:1.0.0"],
    ]
    assert open_catalog(settings).build_id == good.build_id
    assert not [p for p in (settings.catalog_dir / "builds").iterdir() if p.name.startswith(".")]


def test_deleting_the_catalog_and_rebuilding_gives_the_same_answers(
    tmp_path: Path, built: tuple[Settings, Catalog]
) -> None:
    settings = project(tmp_path)
    build_catalog(settings, source=sample_content())
    before = search(open_catalog(settings), SearchQuery(q="remesas"))
    shutil.rmtree(settings.catalog_dir)
    build_catalog(settings, source=sample_content())
    after = search(open_catalog(settings), SearchQuery(q="remesas"))
    assert after.model_dump() == before.model_dump()


def test_no_catalog_is_a_catalog_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="run `harmonise build` first"):
        open_catalog(project(tmp_path))


def test_spanish_query_finds_albanian_and_core_variables(built: tuple[Settings, Catalog]) -> None:
    found = hits(built[1], q="remesas", type=("variable", "core-variable"))
    assert set(found) == {
        ("core-variable", "remit_received"),
        ("variable", "p12"),
        ("variable", "q7"),
    }


def test_language_restriction(built: tuple[Settings, Catalog]) -> None:
    found = hits(built[1], q="remesas", type=("variable",), lang="sq")
    assert found == [("variable", "q7")]


def test_exact_variable_name_first(built: tuple[Settings, Catalog]) -> None:
    found = hits(built[1], q="HL3", type=("variable",))
    assert found == [("variable", "hl3"), ("variable", "hl30")]


def test_facets_and_status(built: tuple[Settings, Catalog]) -> None:
    results = search(built[1], SearchQuery(q="extranjero OR nëna", type=("variable",)))
    assert results.facets["country"] == {"ALB": 1, "ECU": 1}
    assert results.facets["status"] == {"complete": 1, "impossible": 1}
    assert results.facets["concept"] == {"C-PARENT-ABROAD": 2}
    assert results.build_id == built[1].build_id


def test_get_item_by_pinned_and_unversioned_urn(built: tuple[Settings, Catalog]) -> None:
    catalog = built[1]
    assert catalog.get_item(f"{AG}:ECU-2025-MOTHER")["name"] == "hl3"
    assert catalog.get_item(f"{AG}:ECU-2025-MOTHER:2.0.0")["name"] == "hl3"
    with pytest.raises(NotFoundError):
        catalog.get_item(f"{AG}:ECU-2025-MOTHER:1.0.0")


def test_list_items_by_type_with_filters(built: tuple[Settings, Catalog]) -> None:
    rows, total = built[1].list_items("variable", country="ALB")
    assert total == 2
    assert [r.name for r in rows] == ["hl30", "q7"]
    with pytest.raises(ValueError, match="cannot filter on json"):
        built[1].list_items("variable", json="x")


def test_categories_of_a_code_list(built: tuple[Settings, Catalog]) -> None:
    children = built[1].children(f"{AG}:ALB-2025-CL-YN:1.0.0")
    assert [(c.name, c.label) for c in children] == [("1", "Po"), ("2", "Jo"), ("98", "Don't know")]


def test_sparql_over_items_vocabularies_and_crosswalks(built: tuple[Settings, Catalog]) -> None:
    result = built[1].sparql(
        "PREFIX xkos: <http://rdf-vocabulary.ddialliance.org/xkos#> "
        "SELECT (COUNT(?c) AS ?n) WHERE { ?c a xkos:Correspondence }"
    )
    assert result.bindings[0]["n"]["value"] == "4"
    vocab = built[1].sparql("ASK { <https://id.example.org/migreg/concept/C-X> ?p ?o }")
    assert vocab.boolean is True


def test_superseded_study_versions_are_hidden_unless_asked(tmp_path: Path) -> None:
    from dataclasses import replace

    from tests.services.catalog_content import study_package

    content = sample_content()
    old = study_package(
        "ECU",
        "ECU-2025",
        "1.0.0",
        "es",
        {"REMIT": "p12", "MOTHER": "hl3"},
        {"REMIT": "¿Recibió remesas?", "MOTHER": "¿La madre vive fuera?"},
    )
    older = replace(content.studies[0], version="1.0.0", package=old, crosswalks=())
    settings = project(tmp_path)
    build_catalog(settings, source=replace(content, studies=(older, *content.studies)))
    catalog = open_catalog(settings)
    current = search(catalog, SearchQuery(q="p12", type=("variable",)))
    every = search(catalog, SearchQuery(q="p12", type=("variable",), all_versions=True))
    assert [h.urn for h in current.hits] == [f"{AG}:ECU-2025-REMIT:2.0.0"]
    assert [h.urn for h in every.hits] == [
        f"{AG}:ECU-2025-REMIT:1.0.0",
        f"{AG}:ECU-2025-REMIT:2.0.0",
    ]
