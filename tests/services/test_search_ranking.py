"""Ranking on the bundled demo registry: what methodologists look for comes first (issue 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmonise.config import Settings
from harmonise.services.catalog import (
    Catalog,
    SearchQuery,
    build_catalog,
    open_catalog,
    search,
)


@pytest.fixture(scope="module")
def demo(project_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    settings = Settings(
        root=project_root,
        registry_dir=project_root / "registry",
        vocabularies_dir=project_root / "vocabularies",
        catalog_dir=tmp_path_factory.mktemp("demo") / ".catalog",
    )
    build_catalog(settings)
    return open_catalog(settings)


def first_page(catalog: Catalog, text: str) -> list[tuple[str, str]]:
    return [(h.type, h.name) for h in search(catalog, SearchQuery(q=text)).hits[:10]]


def test_the_first_page_for_a_topic_shows_its_variables(demo: Catalog) -> None:
    # the short labels of concepts and categories alone filled it with a weaker type lift
    page = first_page(demo, "remittances")
    assert {"variable", "core-variable"} <= {kind for kind, _ in page}


def test_a_wording_question_leads_to_the_variables_that_ask_it(demo: Catalog) -> None:
    page = first_page(demo, "parent abroad")
    assert page[0][0] in {"variable", "core-variable", "question"}
    assert sum(kind == "variable" for kind, _ in page) >= 2


def test_an_exact_variable_name_comes_first(demo: Catalog) -> None:
    assert first_page(demo, "s5p04")[0] == ("variable", "s5p04")
