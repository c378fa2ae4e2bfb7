"""Small model objects for the rule tests: a clean Ecuador -> core crosswalk to perturb."""

from __future__ import annotations

import datetime as dt

from harmonise.model import (
    Category,
    Code,
    CodeAssociation,
    CodeList,
    CoreVariable,
    Crosswalk,
    LocalizedText,
    MatchSemantic,
    MissingType,
    Question,
    RepresentationKind,
    RuleType,
    Urn,
    Variable,
)
from harmonise.validate import CrosswalkContext

AGENCY = "org.example.migreg"
SRC_CL = Urn(AGENCY, "p03-CL", "1.0.0")
TGT_CL = Urn(AGENCY, "CL-REL-CORE", "2.0.0")
SRC_VAR = Urn(AGENCY, "ECU-p03", "1.0.0")
TGT_VAR = Urn(AGENCY, "CV-HL3", "2.0.0")
SRC_Q = Urn(AGENCY, "ECU-p03-Q", "1.0.0")
TGT_Q = Urn(AGENCY, "Q-HL3", "2.0.0")


def code(value: str, label: str, missing: MissingType | None = None) -> Code:
    """A code with an English label; ``missing`` marks it as a missing code of that type."""
    return Code(
        value=value,
        category=Category(label=LocalizedText.of(label, "en")),
        missing=missing is not None,
        missing_type=missing,
    )


SOURCE_LIST = CodeList(
    urn=SRC_CL,
    codes=(
        code("1", "Head"),
        code("2", "Spouse"),
        code("7", "Parent or parent-in-law"),
        code("98", "Don't know", MissingType.DONT_KNOW),
    ),
)
TARGET_LIST = CodeList(
    urn=TGT_CL,
    codes=(
        code("01", "Head"),
        code("02", "Spouse"),
        code("06", "Parent"),
        code("07", "Parent-in-law"),
        code("98", "Don't know", MissingType.DONT_KNOW),
    ),
)


def assoc(sources: str, targets: str, **kw: object) -> CodeAssociation:
    """An association from space-separated source and target codes."""
    return CodeAssociation(
        sources=tuple(sources.split()),
        targets=tuple(targets.split()),
        **kw,  # type: ignore[arg-type]
    )


ASSOCIATIONS = (
    assoc("1", "01", semantic=MatchSemantic.EXACT),
    assoc("2", "02"),
    assoc("7", "06 07", rule=RuleType.CASE_WHEN, condition="in_law == 1"),
    assoc("98", "98"),
)


def crosswalk(**overrides: object) -> Crosswalk:
    """The clean crosswalk, with any field replaced."""
    values: dict[str, object] = {
        "urn": Urn(AGENCY, "XW-ECU-p03", "1.0.0"),
        "label": LocalizedText.of("Ecuador p03 to core HL3", "en"),
        "source_variable": SRC_VAR,
        "source_code_list": SRC_CL,
        "target_variable": TGT_VAR,
        "target_code_list": TGT_CL,
        "associations": ASSOCIATIONS,
        "issued": dt.date(2025, 1, 15),
    }
    values.update(overrides)
    return Crosswalk.model_validate(values)


SOURCE_VARIABLE = Variable(
    urn=SRC_VAR,
    name="p03",
    label=LocalizedText.of("Parentesco", "es"),
    question=SRC_Q,
    code_list=SRC_CL,
    representation=RepresentationKind.CODE,
)
TARGET_VARIABLE = CoreVariable(
    urn=TGT_VAR,
    name="HL3",
    label=LocalizedText.of("Relationship to head", "en"),
    question=TGT_Q,
    code_list=TGT_CL,
    representation=RepresentationKind.CODE,
)


def context(**overrides: object) -> CrosswalkContext:
    """The clean context (no finding), with any field replaced."""
    values: dict[str, object] = {
        "crosswalk": crosswalk(),
        "source_code_list": SOURCE_LIST,
        "target_code_list": TARGET_LIST,
        "source_variable": SOURCE_VARIABLE,
        "target_variable": TARGET_VARIABLE,
        "source_question": Question(urn=SRC_Q, text=LocalizedText.of("¿Qué parentesco?", "es")),
        "target_question": Question(urn=TGT_Q, text=LocalizedText.of("Relationship?", "en")),
        "file": "xw.yaml",
    }
    values.update(overrides)
    return CrosswalkContext(**values)  # type: ignore[arg-type]
