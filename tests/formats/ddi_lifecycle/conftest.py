"""Fixtures for the DDI-L tests: a small package using every element the writer emits."""

from __future__ import annotations

import datetime as dt

import pytest

from harmonise.model import (
    Category,
    ChangeReason,
    Code,
    CodeAssociation,
    CodeList,
    CommonalityType,
    Comparability,
    Concept,
    ConceptScheme,
    CoreVariable,
    Crosswalk,
    CrosswalkVersionInfo,
    Instrument,
    LocalizedText,
    MatchSemantic,
    MetadataPackage,
    MissingType,
    Module,
    Question,
    RepresentationKind,
    ResponseDomain,
    ResponseDomainKind,
    RuleType,
    SourceFormat,
    Study,
    Universe,
    Urn,
    Variable,
)

A = "org.example.migreg"
L = LocalizedText


def _urn(ident: str, version: str = "1.0.0") -> Urn:
    return Urn(A, ident, version)


@pytest.fixture
def core_list() -> CodeList:
    """A core code list with translations, a missing code and a nested code."""
    return CodeList(
        urn=_urn("CL-REL-CORE", "2.0.0"),
        name="rel",
        label=L({"en": "Relationship"}),
        codes=(
            Code(
                value="1",
                category=Category(
                    urn=_urn("CAT-REL-CORE-01", "2.0.0"),
                    label=L({"en": "Head", "es": "Jefe", "sq": "Kryefamiljar"}),
                ),
            ),
            Code(
                value="2",
                category=Category(urn=_urn("CAT-REL-CORE-02", "2.0.0"), label=L({"en": "Spouse"})),
            ),
            Code(
                value="21",
                category=Category(urn=_urn("CAT-REL-CORE-21", "2.0.0"), label=L({"en": "Sub"})),
                level=2,
                parent="2",
            ),
            Code(
                value="98",
                category=Category(urn=_urn("CAT-DK", "2.0.0"), label=L({"en": "DK"})),
                missing=True,
                missing_type=MissingType.DONT_KNOW,
            ),
        ),
    )


@pytest.fixture
def country_list() -> CodeList:
    """A country code list, categories with URNs."""
    return CodeList(
        urn=_urn("CL-REL-EC"),
        codes=tuple(
            Code(value=v, category=Category(urn=_urn(f"CAT-REL-EC-{i}"), label=L({"es": v})))
            for i, v in enumerate(("1", "2", "3", "9"), start=1)
        ),
    )


@pytest.fixture
def crosswalk() -> Crosswalk:
    """A crosswalk with one-to-one, many-to-one and unmatched-source associations."""
    return Crosswalk(
        urn=_urn("CW-EC-REL"),
        label=L({"en": "EC relationship to core"}),
        source_variable=_urn("V-EC-P03"),
        source_code_list=_urn("CL-REL-EC"),
        target_variable=_urn("V-CORE-REL", "2.0.0"),
        target_code_list=_urn("CL-REL-CORE", "2.0.0"),
        associations=(
            CodeAssociation(
                sources=("1",), targets=("1",), rule=RuleType.DIRECT, semantic=MatchSemantic.EXACT
            ),
            CodeAssociation(
                sources=("2", "3"),
                targets=("2",),
                comparability=Comparability(
                    commonality=L({"en": "same"}),
                    difference=L({"en": "EC merges"}),
                    commonality_type=CommonalityType.HIGH,
                    commonality_weight=0.85,
                ),
                note=L({"en": "merged", "es": "fusionado"}),
            ),
            CodeAssociation(sources=("9",), targets=(), rule=RuleType.IMPOSSIBLE),
        ),
        unmatched_targets=("98",),
        missing_treatment="DK kept as DK",
        version_info=CrosswalkVersionInfo(
            author="Ana",
            date=dt.date(2025, 3, 1),
            reason=ChangeReason.CORRECTION,
            note="fixed a code",
            previous=_urn("CW-EC-REL", "0.9.0"),
        ),
        issued=dt.date(2025, 3, 2),
        study=_urn("ECU-2025", "2.0.0"),
    )


@pytest.fixture
def package(core_list: CodeList, country_list: CodeList, crosswalk: Crosswalk) -> MetadataPackage:
    """A package using questions, instrument, code lists, variables, concepts and a crosswalk."""
    q = Question(
        urn=_urn("Q-HL3"),
        name="HL3",
        text=L({"en": "What is the relationship?", "es": "¿Qué parentesco?", "sq": "Cila?"}),
        interviewer_instructions=L({"en": "Read all options", "es": "Lea todo"}),
        response_domain=ResponseDomain(kind=ResponseDomainKind.CODE, code_list=core_list.urn),
        universe=Universe(
            urn=_urn("U-MEMBERS"), text=L({"en": "All members"}), condition="age >= 0"
        ),
        concepts=(_urn("CON-REL"),),
        module="HL",
        sequence=1,
    )
    q2 = Question(
        urn=_urn("Q-AGE"),
        name="HL6",
        text=L({"en": "Age"}),
        response_domain=ResponseDomain(
            kind=ResponseDomainKind.NUMERIC, minimum=0, maximum=120.5, decimals=0, unit="years"
        ),
        module="HL",
        sequence=2,
    )
    q3 = Question(
        urn=_urn("Q-OPEN"),
        text=L({"en": "Tell me about it"}),
        response_domain=ResponseDomain(kind=ResponseDomainKind.TEXT, max_length=2000),
        module="QL",
        sequence=3,
    )
    instrument = Instrument(
        urn=_urn("INS-CORE"),
        name="core",
        label=L({"en": "Core questionnaire"}),
        modules=(
            Module(name="HL", label=L({"en": "Household list"}), questions=(q.urn, q2.urn)),
            Module(name="QL", questions=(q3.urn,)),
        ),
        languages=("en", "es", "sq"),
    )
    concept = Concept(
        urn=_urn("CON-REL"),
        label=L({"en": "Relationship"}),
        definition=L({"en": "Kinship to the head"}),
        scheme=_urn("CS-MIG"),
    )
    variable = Variable(
        urn=_urn("V-EC-P03"),
        name="p03",
        label=L({"es": "Parentesco"}),
        question=q.urn,
        code_list=country_list.urn,
        representation=RepresentationKind.CODE,
        concepts=(concept.urn,),
    )
    core = CoreVariable(
        urn=_urn("V-CORE-REL", "2.0.0"),
        name="rel_head",
        label=L({"en": "Relationship to head"}),
        code_list=core_list.urn,
        representation=RepresentationKind.CODE,
        module="HL",
        question=q.urn,
    )
    study = Study(
        urn=_urn("ECU-2025", "2.0.0"),
        title=L({"en": "Ecuador 2025", "es": "Ecuador 2025 (es)"}),
        abstract=L({"en": "Children left behind."}),
        country="ECU",
        year=2025,
        languages=("es",),
    )
    return MetadataPackage(
        source_format=SourceFormat.DDI_LIFECYCLE_3_3,
        agency=A,
        study=study,
        instruments=(instrument,),
        questions=(q, q2, q3),
        code_lists=(core_list, country_list),
        variables=(variable,),
        core_variables=(core,),
        concept_schemes=(
            ConceptScheme(urn=_urn("CS-MIG"), label=L({"en": "Migration"}), concepts=(concept,)),
        ),
        universes=(q.universe,) if q.universe else (),
        crosswalks=(crosswalk,),
    )
