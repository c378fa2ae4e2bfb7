"""Counts and structure of the registry content, so accidental loss is caught."""

from __future__ import annotations

import pytest

from harmonise.formats.ddi_lifecycle import read_ddi_lifecycle
from harmonise.model import InstrumentKind, MetadataPackage, ResponseDomainKind
from tests.registry.conftest import STUDY_VERSIONS, study_folder

CORE_MODULES = ["HH", "HL", "PA", "MG", "RM", "ED", "HE", "CL", "CC"]


def test_core_counts(core: MetadataPackage) -> None:
    assert core.counts() == {
        "variables": 49,
        "questions": 46,
        "categories": 335,
        "code_lists": 13,
        "concepts": 63,
        "crosswalks": 0,
        "languages": 3,
    }
    assert [m.name for m in core.instruments[0].modules] == CORE_MODULES


def test_every_core_question_is_trilingual_with_universe_and_concept(core: MetadataPackage) -> None:
    incomplete = [
        q.name
        for q in core.questions
        if q.text.languages != ("en", "es", "sq") or not q.concepts or q.universe is None
    ]
    assert incomplete == []
    with_instructions = [q for q in core.questions if q.interviewer_instructions]
    assert len(with_instructions) == 13


def test_every_core_variable_has_concept_and_coded_ones_a_code_list(core: MetadataPackage) -> None:
    concept_urns = {c.urn for c in core.all_concepts()}
    list_urns = {cl.urn for cl in core.code_lists}
    assert [v.name for v in core.core_variables if len(v.concepts) != 1] == []
    assert [v.name for v in core.core_variables if not set(v.concepts) <= concept_urns] == []
    domains = [q.response_domain.code_list for q in core.questions if q.response_domain.code_list]
    assert len(domains) == 38
    assert set(domains) <= list_urns
    coded = [v for v in core.core_variables if v.code_list is not None]
    assert len(coded) == 38
    assert [v.name for v in coded if v.code_list not in list_urns] == []


def test_core_missing_codes_are_typed(core: MetadataPackage) -> None:
    yes_no = next(cl for cl in core.code_lists if cl.urn.id == "CL-YESNO")
    assert [(c.value, c.missing_type) for c in yes_no.missing_codes] == [
        ("8", "dontKnow"),
        ("9", "noResponse"),
    ]


@pytest.mark.parametrize(
    ("study", "version", "variables", "specific"),
    [
        ("ECU-2025", "1.0.0", 53, 4),
        ("ECU-2025", "2.0.0", 54, 5),
        ("ALB-2025", "1.0.0", 54, 5),
    ],
)
def test_study_counts(
    codebooks: dict[tuple[str, str], MetadataPackage],
    study: str,
    version: str,
    variables: int,
    specific: int,
) -> None:
    package = codebooks[(study, version)]
    assert len(package.variables) == variables
    assert len(package.questions) == variables - 3  # ids and weights have no question
    country_specific = [v for v in package.variables if v.notes.get("en", "").startswith("Country")]
    assert len(country_specific) == specific


def test_every_variable_has_a_pinned_urn(codebooks: dict[tuple[str, str], MetadataPackage]) -> None:
    for (study, version), package in codebooks.items():
        assert {v.urn.version for v in package.variables} == {version}
        assert all(v.urn.id == f"{study}-V-{v.name}" for v in package.variables)


def test_two_countries_in_their_languages(
    codebooks: dict[tuple[str, str], MetadataPackage],
) -> None:
    found = {(p.study.country, p.study.languages) for p in codebooks.values() if p.study}
    assert found == {("ECU", ("en", "es")), ("ALB", ("en", "sq"))}


def test_study_level_metadata_recorded(codebooks: dict[tuple[str, str], MetadataPackage]) -> None:
    for package in codebooks.values():
        study = package.study
        assert study is not None
        assert study.sample_design
        assert study.collection_mode
        assert study.fieldwork_start is not None
        assert study.fieldwork_end is not None
        assert study.fieldwork_start < study.fieldwork_end
        assert len(study.producers) == 1
        assert len(study.partners) == 3


@pytest.mark.parametrize(("study", "version"), STUDY_VERSIONS)
def test_qualitative_guides(study: str, version: str) -> None:
    package, report = read_ddi_lifecycle(study_folder(study, version) / "qualitative.xml")
    assert report.flatten(["code"]) == []
    assert sorted(i.kind for i in package.instruments) == [
        InstrumentKind.FOCUS_GROUP_GUIDE,
        InstrumentKind.INTERVIEW_GUIDE,
    ]
    assert len(package.questions) == 15
    assert {q.response_domain.kind for q in package.questions} == {ResponseDomainKind.TEXT}


@pytest.mark.parametrize(("study", "version"), STUDY_VERSIONS)
def test_national_texts_in_the_national_language(
    codebooks: dict[tuple[str, str], MetadataPackage], study: str, version: str
) -> None:
    lang = "es" if study.startswith("ECU") else "sq"
    package = codebooks[(study, version)]
    assert [v.name for v in package.variables if not v.label.get(lang)] == []
    assert [q.name for q in package.questions if not q.text.get(lang)] == []
    unlabelled = [
        (cl.urn.id, c.value)
        for cl in package.code_lists
        for c in cl.codes
        if not c.label.get(lang) and len(cl.codes) < 200  # countries: English names
    ]
    assert unlabelled == []


def test_ecuador_reference_period_changed_after_pretest(
    codebooks: dict[tuple[str, str], MetadataPackage],
) -> None:
    texts = []
    for version in ("1.0.0", "2.0.0"):
        package = codebooks[("ECU-2025", version)]
        variable = package.variable("s5p01")
        assert variable is not None
        question = package.question(variable.question)
        assert question is not None
        texts.append(question.text.get("es", "")[:22])
    assert texts == ["En los últimos 12 mese", "En los últimos 6 meses"]
