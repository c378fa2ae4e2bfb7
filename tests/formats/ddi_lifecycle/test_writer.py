"""The DDI-L 3.3 writer: output validates against the official XSD."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from harmonise.formats.ddi_lifecycle import (
    comparison_bytes,
    ddi_lifecycle_bytes,
    write_ddi_lifecycle,
)
from harmonise.formats.xsd import schema_errors
from harmonise.model import (
    CodeList,
    Crosswalk,
    MetadataPackage,
    Question,
    ResponseDomain,
    ResponseDomainKind,
    Urn,
)

XSD = Path("ddi-lifecycle-3.3") / "instance.xsd"
NS = {"r": "ddi:reusable:3_3", "cm": "ddi:comparative:3_3", "d": "ddi:datacollection:3_3"}


def test_package_is_schema_valid(package: MetadataPackage, schemas: Path) -> None:
    assert schema_errors(ddi_lifecycle_bytes(package), schemas / XSD) == []


def test_empty_package_is_schema_valid(schemas: Path) -> None:
    assert schema_errors(ddi_lifecycle_bytes(MetadataPackage()), schemas / XSD) == []


def test_comparison_is_schema_valid(
    crosswalk: Crosswalk, core_list: CodeList, country_list: CodeList, schemas: Path
) -> None:
    with_lists = comparison_bytes([crosswalk], [core_list, country_list])
    without_lists = comparison_bytes([crosswalk])
    assert schema_errors(with_lists, schemas / XSD) == []
    assert schema_errors(without_lists, schemas / XSD) == []


def test_comparison_writes_computed_cardinality_and_status(
    crosswalk: Crosswalk, core_list: CodeList, country_list: CodeList
) -> None:
    root = etree.fromstring(comparison_bytes([crosswalk], [core_list, country_list]))
    props = root.xpath(
        "//cm:CategoryMap/cm:ItemMap/cm:Correspondence/r:UserDefinedCorrespondenceProperty"
        "[r:AttributeKey='mappingCardinality' or r:AttributeKey='harmonisationStatus']"
        "/r:AttributeValue/text()",
        namespaces=NS,
    )
    # 1->1 complete; 2->2 and 3->2 many-to-one complete; 9 unmatched source impossible
    assert props == [
        "one-to-one",
        "complete",
        "many-to-one",
        "complete",
        "many-to-one",
        "complete",
        "unmatched-source",
        "impossible",
    ]
    variable_status = root.xpath(
        "//cm:VariableMap//r:UserDefinedCorrespondenceProperty/r:AttributeValue/text()",
        namespaces=NS,
    )
    assert variable_status == ["partial"]
    gi = root.xpath("//d:GenerationInstruction", namespaces=NS)
    assert [g.get("isDerived") for g in gi] == ["false"]
    command = gi[0].xpath(".//r:CommandContent/text()", namespaces=NS)[0]
    assert "2, 3 -> 2" in command


def test_item_references_use_categories_when_lists_known(
    crosswalk: Crosswalk, core_list: CodeList, country_list: CodeList
) -> None:
    known = etree.fromstring(comparison_bytes([crosswalk], [core_list, country_list]))
    unknown = etree.fromstring(comparison_bytes([crosswalk]))
    path = "//cm:CategoryMap//cm:SourceItemReference/r:TypeOfObject/text()"
    assert set(known.xpath(path, namespaces=NS)) == {"Category"}
    assert set(unknown.xpath(path, namespaces=NS)) == {"Code"}


def test_write_to_file(package: MetadataPackage, tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    write_ddi_lifecycle(package, target)
    assert target.read_bytes() == ddi_lifecycle_bytes(package)


def test_translations_are_marked_against_the_study_language(package: MetadataPackage) -> None:
    root = etree.fromstring(ddi_lifecycle_bytes(package))
    marked = root.xpath(
        "//d:QuestionItem/d:QuestionText//d:Text[@isTranslated='true']", namespaces=NS
    )
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    # the study's language is es: the en and sq texts of HL3 are its translations
    assert [(t.get(lang), t.get("translationSourceLanguage")) for t in marked] == [
        ("en", "es"),
        ("sq", "es"),
    ]


def test_non_finite_bounds_are_left_out(schemas: Path) -> None:
    question = Question(
        urn=Urn("a.b", "Q", "1"),
        response_domain=ResponseDomain(
            kind=ResponseDomainKind.NUMERIC, minimum=float("-inf"), maximum=1e21
        ),
    )
    data = ddi_lifecycle_bytes(MetadataPackage(questions=(question,)))
    assert schema_errors(data, schemas / XSD) == []
    root = etree.fromstring(data)
    assert root.xpath("//r:NumberRange/*/text()", namespaces=NS) == ["1000000000000000000000"]
