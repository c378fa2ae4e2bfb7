"""SKOS reader: real DDI CVs, HISCO and the EU CN XKOS excerpt, plus small broken vocabularies."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmonise.errors import InputError, UnsupportedFormatError
from harmonise.formats.skos import read_skos
from harmonise.model import MetadataPackage, MissingType
from harmonise.validate import all_rules, validate_package

# concept counts stated in testdata/README.md (independent of this reader)
README_COUNTS = {
    "ddi-cv/ModeOfCollection_1.1.rdf": 52,
    "ddi-cv/LifecycleEventType_1.0.rdf": 39,
    "ddi-cv/NumericType_1.0.rdf": 10,
    "ddi-cv/ResponseUnit_1.0.rdf": 5,
    "ddi-cv/SoftwarePackage_1.0.rdf": 48,
    "ddi-cv/SummaryStatisticType_2.0.rdf": 44,
    "ddi-cv/SummaryStatisticsType_1.0.ttl": 44,
    "ddi-cv/TimeMethod_1.0.rdf": 12,
    "ddi-cv/TimeMethod_1.1.rdf": 12,
    "ddi-cv/TimeZone_1.0.rdf": 40,
}


@pytest.mark.parametrize(("name", "count"), sorted(README_COUNTS.items()))
def test_ddi_controlled_vocabularies(testdata: Path, name: str, count: int) -> None:
    content, report = read_skos(testdata / "skos" / name)
    assert report.flatten(["code"]) == []
    (scheme,) = content.concept_schemes
    (code_list,) = content.code_lists
    assert len(scheme.concepts) == len(code_list.codes) == count
    assert len(set(code_list.values)) == count
    assert all(c.label.get("en") for c in code_list.codes)
    assert validate_package(MetadataPackage(code_lists=content.code_lists)).flatten(["code"]) == []


def test_mode_of_collection_hierarchy(testdata: Path) -> None:
    content, _ = read_skos(testdata / "skos" / "ddi-cv" / "ModeOfCollection_1.1.rdf")
    (cl,) = content.code_lists
    assert str(cl.urn).endswith(":1.1")
    assert cl.name == "ModeOfCollection"
    # README: 37 skos:narrower links; the dotted notations spell out the hierarchy
    assert sum(1 for c in cl.codes if c.parent) == 37
    assert all(c.level == c.value.count(".") + 1 for c in cl.codes)
    assert all(c.parent == c.value.rpartition(".")[0] for c in cl.codes if c.parent)


def test_iri_with_a_space_is_a_finding(testdata: Path) -> None:
    content, report = read_skos(testdata / "skos" / "ddi-cv" / "SummaryStatisticType_1.0.rdf")
    assert report.flatten(["code", "severity"]) == [["skos-iri-invalid", "warning"]]
    iris = [c.iri for c in content.concept_schemes[0].concepts]
    assert any(iri and iri.endswith("#Second Quartile") for iri in iris)


@pytest.mark.slow
def test_hisco(testdata: Path) -> None:
    content, report = read_skos(testdata / "skos" / "hisco" / "hisco.ttl")
    (scheme,) = content.concept_schemes
    assert len(scheme.concepts) == 2045  # README
    # README: 2,038 broader links; 9 of them point at IRIs that are not concepts of the scheme
    assert sum(1 for c in scheme.concepts if c.broader) == 2038 - 9
    assert content.code_lists == ()  # HISCO has no skos:notation: concepts only
    assert scheme.label.get("de") == "Vokabular Historischer Berufsbezeichnungen"
    assert report.flatten(["code"]) == ["skos-duplicate-preflabel"] * 2


def test_eu_cn_xkos(testdata: Path) -> None:
    content, report = read_skos(testdata / "skos" / "eu-cn2024-xkos" / "cn.ttl")
    assert report.flatten(["code"]) == []
    by_id = {cl.urn.id: cl for cl in content.code_lists}
    cn2024 = by_id["cn2024"]
    assert str(cn2024.urn).endswith(":2024")
    assert [(c.value, c.level, c.parent) for c in cn2024.codes] == [
        ("01", 2, "I"),
        ("0101", 3, "01"),
        ("I", 1, None),
    ]
    assert cn2024.code("0101").label.languages == ("de", "en")  # type: ignore[union-attr]


def test_json_ld(testdata: Path) -> None:
    folder = testdata / "skos" / "eu-cn2024-xkos"
    content, _ = read_skos(folder / "concept-scheme.jsonld")
    (scheme,) = content.concept_schemes
    assert scheme.label.get("en") == "Combined Nomenclature, 2024 (CN 2024)"
    child, _ = read_skos(folder / "child-concept.jsonld")
    (concept,) = child.concepts
    assert concept.iri
    assert concept.iri.startswith("http://data.europa.eu/xsp/cn2024/")


CORE_LIST = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix mig:  <https://id.example.org/migreg/ns#> .
@prefix core: <https://id.example.org/migreg/cl/rel-core/2.0.0/> .
core: a skos:ConceptScheme ; skos:prefLabel "Relationship to head"@en ;
    dcterms:identifier "urn:ddi:org.example.migreg:CL-REL-CORE:2.0.0" ;
    skos:hasTopConcept core:01, core:10, core:98, core:99 .
core:01 a skos:Concept ; skos:inScheme core: ; skos:notation "01" ;
    skos:prefLabel "Head"@en , "Jefe/a del hogar"@es , "Kryefamiljari"@sq .
core:10 a skos:Concept ; skos:inScheme core: ; skos:notation "10" ;
    skos:prefLabel "Adopted, foster or stepchild"@en ; skos:altLabel "Stepchild"@en .
core:98 a skos:Concept ; skos:inScheme core: ; skos:notation "98" ;
    skos:prefLabel "Don't know"@en ; mig:isMissing true ; mig:missingType mig:dontKnow .
core:99 a skos:Concept ; skos:inScheme core: ; skos:notation "99" ;
    skos:prefLabel "No response"@en ; mig:missingType "noResponse" .
"""


def test_core_code_list_with_missing_codes(tmp_path: Path) -> None:
    path = tmp_path / "core.ttl"
    path.write_text(CORE_LIST, encoding="utf-8")
    content, report = read_skos(path)
    assert report.flatten(["code"]) == []
    (cl,) = content.code_lists
    assert str(cl.urn) == "urn:ddi:org.example.migreg:CL-REL-CORE:2.0.0"
    assert [(c.value, c.missing, c.missing_type) for c in cl.codes] == [
        ("01", False, None),
        ("10", False, None),
        ("98", True, MissingType.DONT_KNOW),
        ("99", True, MissingType.NO_RESPONSE),
    ]
    assert cl.codes[0].label.root == {"en": "Head", "es": "Jefe/a del hogar", "sq": "Kryefamiljari"}


BROKEN = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <https://example.org/> .
ex:s a skos:ConceptScheme, skos:Concept ; owl:imports <https://example.org/other.ttl> .
ex:a a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "A"@en, "Alpha"@en ;
    skos:altLabel "A"@en ; skos:exactMatch ex:b ; skos:broadMatch ex:b .
"""


def test_integrity_violations(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(BROKEN, encoding="utf-8")
    content, report = read_skos(path)
    assert report.flatten(["code"]) == [
        "skos-import-not-followed",
        "skos-class-overlap",
        "skos-match-conflict",
        "skos-duplicate-preflabel",
    ]
    package = MetadataPackage(concept_schemes=content.concept_schemes)
    assert validate_package(package).flatten(["code"]) == ["skos-label-conflict"]
    codes = {r.code for r in all_rules()}
    assert set(report.flatten(["code"])) <= codes


def test_refuses_remote_json_ld_context(tmp_path: Path) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text('{"@context": "https://schema.org/", "@id": "x"}', encoding="utf-8")
    with pytest.raises(InputError, match="remote @context"):
        read_skos(path)


def test_refuses_xml_entities(tmp_path: Path) -> None:
    path = tmp_path / "entities.rdf"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">&a;</rdf:RDF>',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="entities"):
        read_skos(path)


def test_unreadable_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(InputError, match="could not parse") as info:
        read_skos(bad)
    assert info.value.line == 2
    with pytest.raises(InputError, match="not found"):
        read_skos(tmp_path / "missing.ttl")
    with pytest.raises(UnsupportedFormatError):
        read_skos(tmp_path / "vocab.docx")
