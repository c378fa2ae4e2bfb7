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
<https://id.example.org/migreg/concept/C-remit/1.0.0> a skos:Concept ;
    dcterms:identifier "urn:ddi:org.example.migreg:C-remit:1.0.0" ;
    skos:inScheme <https://id.example.org/migreg/scheme/CS-T/1.0.0> ;
    skos:prefLabel "Remittances"@en , "Remesas"@es , "Remitancat"@sq .
"""

FIGURE = """id: FIG-T
version: 1.0.0
title: {en: Test figure}
indicator: {type: count}
studies: [NOPE-2025]
"""


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "registry").mkdir()
    (tmp_path / "vocabularies").mkdir()
    (tmp_path / "registry" / "programme.yaml").write_text("agency: org.example.migreg\n")
    (tmp_path / "vocabularies" / "concepts.ttl").write_text(CONCEPTS, encoding="utf-8")
    monkeypatch.delenv("HARMONISE_CATALOG", raising=False)
    monkeypatch.delenv("HARMONISE_ROOT", raising=False)
    return tmp_path


def test_build_then_up_to_date_then_search(root: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["build", "--root", str(root), "-q"])
    assert first.exit_code == 0, first.output
    assert first.output.startswith("built catalog ")
    assert "  concept         1" in first.output.splitlines()
    again = runner.invoke(cli, ["build", "--root", str(root), "-q"])
    assert again.exit_code == 0, again.output
    assert again.output.startswith("catalog up to date")
    found = runner.invoke(cli, ["search", "remitancat", "--root", str(root)])
    assert "[concept] C-remit  Remittances  (core)" in found.output


def test_dangling_reference_fails_with_the_report(root: Path) -> None:
    figures = root / "registry" / "figures"
    figures.mkdir()
    (figures / "FIG-T.yaml").write_text(FIGURE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--root", str(root), "-q"])
    assert result.exit_code == 1
    assert "dangling-reference" in result.output
    assert "NOPE-2025" in result.output
    assert not (root / ".catalog" / "current").exists()
