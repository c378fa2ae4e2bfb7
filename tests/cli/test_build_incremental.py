"""``harmonise build`` reports how many files it parsed and how many the parse cache gave."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from harmonise.cli.main import cli

CONCEPTS = """@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://id.example.org/migreg/scheme/CS-T/1.0.0> a skos:ConceptScheme ;
    dcterms:identifier "urn:ddi:org.example.migreg:CS-T:1.0.0" ;
    skos:prefLabel "Test concepts"@en .
<https://id.example.org/migreg/concept/C-{name}/1.0.0> a skos:Concept ;
    dcterms:identifier "urn:ddi:org.example.migreg:C-{name}:1.0.0" ;
    skos:inScheme <https://id.example.org/migreg/scheme/CS-T/1.0.0> ;
    skos:prefLabel "{name}"@en .
"""


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "registry").mkdir()
    (tmp_path / "vocabularies").mkdir()
    (tmp_path / "registry" / "programme.yaml").write_text("agency: org.example.migreg\n")
    for name in ("a", "b"):
        (tmp_path / "vocabularies" / f"{name}.ttl").write_text(
            CONCEPTS.format(name=name).replace("CS-T", f"CS-{name}"), encoding="utf-8"
        )
    monkeypatch.delenv("HARMONISE_CATALOG", raising=False)
    monkeypatch.delenv("HARMONISE_ROOT", raising=False)
    return tmp_path


def first_line(root: Path, *extra: str) -> str:
    result = CliRunner().invoke(cli, ["build", "--root", str(root), "-q", *extra])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[0]


def test_build_says_what_it_parsed_and_what_it_reused(root: Path) -> None:
    assert first_line(root).endswith(
        "3 input files (3 new or changed; 2 parsed, 0 reused from the parse cache)"
    )
    (root / "vocabularies" / "b.ttl").write_text(CONCEPTS.format(name="c"), encoding="utf-8")
    assert first_line(root).endswith(
        "3 input files (1 new or changed; 1 parsed, 1 reused from the parse cache)"
    )
    assert first_line(root, "--force").endswith(
        "3 input files (0 new or changed; 0 parsed, 2 reused from the parse cache)"
    )
