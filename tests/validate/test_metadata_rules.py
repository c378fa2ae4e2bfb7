"""Metadata rules over packages: code values, labels, identifiers, references, SKOS S13."""

from __future__ import annotations

import re

from harmonise.model import (
    Code,
    CodeList,
    Concept,
    ConceptScheme,
    LocalizedText,
    MetadataPackage,
    Question,
    SourceFormat,
    Urn,
    Variable,
)
from harmonise.validate import all_rules, rule_by_code, validate_package, validate_packages
from tests.validate import builders as b


def _package(**overrides: object) -> MetadataPackage:
    values: dict[str, object] = {
        "code_lists": (b.SOURCE_LIST,),
        "variables": (b.SOURCE_VARIABLE,),
        "questions": (Question(urn=b.SRC_Q, text=LocalizedText.of("¿Parentesco?", "es")),),
    }
    values.update(overrides)
    return MetadataPackage.model_validate(values)


def test_clean_package() -> None:
    assert validate_package(_package()).flatten(["code"]) == []


def test_empty_values_are_not_duplicates() -> None:
    empty = b.SOURCE_LIST.model_copy(update={"codes": (Code(value=""), Code(value=""))})
    assert validate_package(_package(code_lists=(empty,))).flatten(["code"]) == [
        "category-label-missing",
        "category-label-missing",
    ]


def test_duplicate_code_value() -> None:
    dup = b.SOURCE_LIST.model_copy(update={"codes": (*b.SOURCE_LIST.codes, b.code("2", "Wife"))})
    report = validate_package(_package(code_lists=(dup,)), file="codebook.xml")
    assert report.flatten(["code", "location.file"]) == [["code-value-duplicate", "codebook.xml"]]


def test_labels_missing() -> None:
    bare = b.SOURCE_LIST.model_copy(update={"codes": (*b.SOURCE_LIST.codes, Code(value="9"))})
    var = b.SOURCE_VARIABLE.model_copy(update={"label": LocalizedText()})
    assert validate_package(_package(code_lists=(bare,), variables=(var,))).flatten(["code"]) == [
        "category-label-missing",
        "variable-label-missing",
    ]


def test_missing_code_without_type() -> None:
    untyped = Code(value="99", missing=True, category=b.code("99", "NR").category)
    cl = b.SOURCE_LIST.model_copy(update={"codes": (*b.SOURCE_LIST.codes, untyped)})
    assert validate_package(_package(code_lists=(cl,))).flatten(["code", "severity"]) == [
        ["missing-code-untyped", "info"]
    ]


def test_identifier_rejected_by_xsd() -> None:
    cl = b.SOURCE_LIST.model_copy(update={"urn": Urn(b.AGENCY, "CL.rel", "1.0.0")})
    var = b.SOURCE_VARIABLE.model_copy(update={"code_list": cl.urn})
    package = _package(code_lists=(cl,), variables=(var,), source_format="ddi-lifecycle-3.3")
    assert validate_package(package).flatten(["code"]) == ["package-identifier-invalid"]
    # IDs a DDI-C reader minted are not the producer's to fix
    minted = package.model_copy(update={"source_format": SourceFormat.DDI_CODEBOOK_2_5})
    assert validate_package(minted).flatten(["code"]) == []


def test_unresolved_references() -> None:
    var = b.SOURCE_VARIABLE.model_copy(update={"code_list": Urn(b.AGENCY, "NOPE", "1.0.0")})
    wrong = Variable(
        urn=Urn(b.AGENCY, "v2", "1.0.0"), name="v2", label=var.label, question=b.SRC_VAR
    )
    report = validate_package(_package(variables=(var, wrong)))
    assert report.flatten(["code", "message"]) == [
        [
            "package-reference-unresolved",
            f"{b.SRC_VAR} refers to code list urn:ddi:org.example.migreg:NOPE:1.0.0, which is "
            "nothing in the package",
        ],
        [
            "package-reference-unresolved",
            f"urn:ddi:org.example.migreg:v2:1.0.0 refers to question {b.SRC_VAR}, which is "
            "another kind of item",
        ],
    ]


def test_unpinned_package_reference_resolves_to_any_version() -> None:
    var = b.SOURCE_VARIABLE.model_copy(update={"code_list": b.SRC_CL.unversioned()})
    assert validate_package(_package(variables=(var,))).flatten(["code"]) == []


def test_label_both_pref_and_alt() -> None:
    c = Concept(
        urn=Urn(b.AGENCY, "C1", "1.0.0"),
        label=LocalizedText({"en": "Migrant", "es": "Migrante"}),
        alt_labels=(LocalizedText({"en": "Migrant"}),),
    )
    ok = c.model_copy(update={"alt_labels": (LocalizedText({"en": "Emigrant"}),)})
    scheme = ConceptScheme(urn=Urn(b.AGENCY, "CS", "1.0.0"), concepts=(c,))
    assert validate_package(_package(concept_schemes=(scheme,))).flatten(["code"]) == [
        "skos-label-conflict"
    ]
    assert validate_package(_package(concepts=(ok,))).flatten(["code"]) == []


def test_name_reused_across_studies_with_different_question() -> None:
    alb_q = Urn(b.AGENCY, "ALB-p03-Q", "1.0.0")
    alb = MetadataPackage(
        variables=(Variable(urn=Urn(b.AGENCY, "ALB-p03", "1.0.0"), name="P03", question=alb_q),),
        questions=(Question(urn=alb_q, text=LocalizedText.of("Lidhja familjare?", "es")),),
    )
    same = alb.model_copy(
        update={"questions": (Question(urn=alb_q, text=LocalizedText.of("¿Parentesco?", "es")),)}
    )
    assert validate_packages([_package(), alb]).flatten(["code"]) == ["variable-name-reused"]
    assert validate_packages([_package(), same]).flatten(["code"]) == []


def test_catalogue_codes_are_unique_and_documented() -> None:
    rules = all_rules()
    codes = [r.code for r in rules]
    assert len(codes) == len(set(codes))
    assert all(r.definition and r.hint and r.title and r.reference for r in rules)
    found = (re.fullmatch(r".*§6\.4 rule (\d+)", r.reference) for r in rules)
    numbered = {m[1] for m in found if m}
    # every §6.4 rule is listed except 17 (DDI ItemMap layout; see crosswalk_rules docstring)
    assert numbered == {str(n) for n in range(1, 25)} - {"17"}
    assert rule_by_code("source-code-unmapped") is not None
    assert rule_by_code("no-such-rule") is None


def test_code_list_with_unique_values_passes() -> None:
    cl = CodeList(urn=b.SRC_CL, codes=(b.code("1", "a"), b.code("01", "b")))
    assert validate_package(_package(code_lists=(cl,))).flatten(["code"]) == []
