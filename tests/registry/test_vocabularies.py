"""The SKOS vocabularies: concepts, core code lists and the mapping vocabulary."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from harmonise.formats.skos import read_skos
from tests.registry.conftest import ROOT

VOCABULARIES = ROOT / "vocabularies"


@pytest.mark.parametrize(
    ("name", "schemes", "code_lists"),
    [
        ("migreg-concepts.ttl", 1, 0),
        ("migreg-core-codelists.ttl", 13, 13),
        ("migreg-mapping.ttl", 4, 0),
    ],
)
def test_reads_without_findings(name: str, schemes: int, code_lists: int) -> None:
    content, report = read_skos(VOCABULARIES / name)
    assert report.flatten(["code"]) == []
    assert (len(content.concept_schemes), len(content.code_lists)) == (schemes, code_lists)


def test_concept_scheme_is_trilingual() -> None:
    content, _ = read_skos(VOCABULARIES / "migreg-concepts.ttl")
    concepts = content.concept_schemes[0].concepts
    assert len(concepts) == 63
    assert [c.urn.id for c in concepts if c.label.languages != ("en", "es", "sq")] == []


def test_country_list_is_complete_iso_3166() -> None:
    content, _ = read_skos(VOCABULARIES / "migreg-core-codelists.ttl")
    countries = next(cl for cl in content.code_lists if cl.urn.id == "CL-COUNTRY")
    assert {c.value for c in countries.valid_codes} == {c.numeric for c in pycountry.countries}
    assert [(c.value, c.missing_type) for c in countries.missing_codes] == [
        ("998", "dontKnow"),
        ("999", "noResponse"),
    ]


def test_missing_value_scheme() -> None:
    content, _ = read_skos(VOCABULARIES / "migreg-core-codelists.ttl")
    missing = next(cl for cl in content.code_lists if cl.urn.id == "CL-MISSING")
    assert [(c.value, c.missing_type) for c in missing.codes] == [
        ("96", "notApplicable"),
        ("97", "refused"),
        ("98", "dontKnow"),
        ("99", "noResponse"),
    ]


def test_mapping_vocabulary_terms() -> None:
    content, _ = read_skos(VOCABULARIES / "migreg-mapping.ttl")
    terms = {
        s.label.get("en"): sorted(c.iri.rsplit("#", 1)[-1] for c in s.concepts if c.iri)
        for s in content.concept_schemes
    }
    assert terms["Mapping cardinality"] == sorted(
        ["OneToOne", "ManyToOne", "OneToMany", "ManyToMany", "UnmatchedSource", "UnmatchedTarget"]
    )
    assert terms["Harmonisation status"] == ["Complete", "Impossible", "Partial", "Undetermined"]


def test_turtle_is_regenerated_identically(tmp_path: Path) -> None:
    from migreg.write import write_vocabularies

    write_vocabularies(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in VOCABULARIES.glob("*.ttl")
    )
    for path in tmp_path.iterdir():
        assert path.read_bytes() == (VOCABULARIES / path.name).read_bytes(), path.name
