"""A small two-country world for the harmonisation, figure and lineage tests (built in tmp_path).

Ecuador (Spanish) and Albania (Albanian) each have a codebook package (variables with questions),
crosswalks onto a five-variable core, SPSS microdata written with pyreadstat, and one figure
definition: the share of children (age < 18) with the mother or father abroad, weighted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyreadstat

from harmonise.formats.figure_definition import write_figure_definition
from harmonise.model import (
    Category,
    Code,
    CodeAssociation,
    CodeList,
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
    Study,
    Urn,
    Variable,
)
from harmonise.model.figure import FigureDefinition, Indicator, IndicatorType
from harmonise.services.harmonisation import StudyData

A = "org.example.migreg"


def _cl(id_: str, codes: dict[str, str], missing: tuple[str, ...] = ()) -> CodeList:
    return CodeList(
        urn=Urn(A, id_, "1.0.0"),
        codes=tuple(
            Code(
                value=v,
                category=Category(label=LocalizedText({"en": label})),
                missing=v in missing,
                missing_type=MissingType.DONT_KNOW if v in missing else None,
            )
            for v, label in codes.items()
        ),
    )


YESNO = _cl("CL-YESNO", {"1": "Yes", "2": "No", "8": "Don't know"}, ("8",))


def core_package() -> MetadataPackage:
    def cv(name: str, code_list: CodeList | None = None) -> CoreVariable:
        return CoreVariable(
            urn=Urn(A, f"CV-{name}", "1.0.0"),
            name=name,
            code_list=code_list.urn if code_list else None,
        )

    return MetadataPackage(
        code_lists=(YESNO,),
        core_variables=(
            cv("age"),
            cv("mother_abroad", YESNO),
            cv("father_abroad", YESNO),
            cv("weight_person"),
        ),
    )


@dataclass(frozen=True)
class CountrySpec:
    study: str
    version: str
    country: str
    lang: str
    names: dict[str, str]
    question: dict[str, str]


ECU = CountrySpec(
    "ECU-2025",
    "2.0.0",
    "ECU",
    "es",
    {"age": "p03", "mother_abroad": "p14", "father_abroad": "p15", "weight_person": "fexp_per"},
    {
        "p03": "¿Cuántos años cumplidos tiene?",
        "p14": "¿Dónde vive actualmente la madre de (NOMBRE)?",
        "p15": "¿Dónde vive actualmente el padre de (NOMBRE)?",
    },
)
ALB = CountrySpec(
    "ALB-2025",
    "1.0.0",
    "ALB",
    "sq",
    {"age": "hl6", "mother_abroad": "hl14", "father_abroad": "hl16", "weight_person": "pesha_ind"},
    {
        "hl6": "Sa vjeç është (EMRI)?",
        "hl14": "Ku jeton aktualisht nëna e (EMRIT)?",
        "hl16": "Ku jeton aktualisht babai i (EMRIT)?",
    },
)
# national code lists of "where does the parent live": 1 abroad, 2 in the household,
# 3 elsewhere in the country, 9 does not know
PARENT_CODES = {"1": "Abroad", "2": "In this household", "3": "Elsewhere", "9": "DK"}


def study_package(spec: CountrySpec) -> MetadataPackage:
    prefix = spec.country
    questions = tuple(
        Question(
            urn=Urn(A, f"Q-{prefix}-{name}", spec.version),
            name=name.upper(),
            text=LocalizedText({spec.lang: text, "en": f"(en) {name}"}),
        )
        for name, text in spec.question.items()
    )
    parent = _cl(f"CL-{prefix}-PARENT", PARENT_CODES, ("9",))
    variables = []
    for core, name in spec.names.items():
        has_q = name in spec.question
        variables.append(
            Variable(
                urn=Urn(A, f"V-{prefix}-{name}", spec.version),
                name=name,
                label=LocalizedText({spec.lang: f"{core} ({name})"}),
                question=Urn(A, f"Q-{prefix}-{name}", spec.version) if has_q else None,
                code_list=parent.urn if core.endswith("_abroad") else None,
            )
        )
    return MetadataPackage(
        study=Study(urn=Urn(A, spec.study, spec.version), country=spec.country),
        instruments=(
            Instrument(
                urn=Urn(A, f"INST-{prefix}", spec.version),
                modules=(Module(name="HL", questions=tuple(q.urn for q in questions)),),
            ),
        ),
        questions=questions,
        code_lists=(parent,),
        variables=tuple(variables),
    )


def parent_crosswalk(
    spec: CountrySpec,
    core: str,
    version: str = "1.0.0",
    abroad_semantic: MatchSemantic | None = None,
) -> Crosswalk:
    prefix = spec.country
    name = spec.names[core]
    return Crosswalk(
        urn=Urn(A, f"XW-{prefix}-{name}", version),
        source_variable=Urn(A, f"V-{prefix}-{name}", spec.version),
        target_variable=Urn(A, f"CV-{core}", "1.0.0"),
        associations=(
            CodeAssociation(sources=("1",), targets=("1",), semantic=abroad_semantic),
            CodeAssociation(sources=("2", "3"), targets=("2",)),
            CodeAssociation(sources=("9",), targets=("8",)),
        ),
        version_info=CrosswalkVersionInfo(
            author="team",
            date="2026-01-01",
            previous=Urn(A, f"XW-{prefix}-{name}", "1.0.0") if version != "1.0.0" else None,
        ),
    )


def numeric_crosswalk(spec: CountrySpec, core: str) -> Crosswalk:
    prefix = spec.country
    name = spec.names[core]
    return Crosswalk(
        urn=Urn(A, f"XW-{prefix}-{name}", "1.0.0"),
        source_variable=Urn(A, f"V-{prefix}-{name}", spec.version),
        target_variable=Urn(A, f"CV-{core}", "1.0.0"),
    )


def crosswalks(spec: CountrySpec) -> tuple[Crosswalk, ...]:
    return (
        numeric_crosswalk(spec, "age"),
        numeric_crosswalk(spec, "weight_person"),
        parent_crosswalk(spec, "mother_abroad"),
        parent_crosswalk(spec, "father_abroad"),
    )


FRAMES = {
    "ECU": {
        "p03": [5, 12, 40, 17, 3, 8],
        "p14": [1, 2, 3, 9, 1, 2],
        "p15": [2, 2, 1, 2, 3, 1],
        "fexp_per": [1.5, 2.0, 1.0, 1.0, 3.0, 0.5],
    },
    "ALB": {
        "hl6": [2, 15, 60, 10],
        "hl14": [2, 1, 1, 2],
        "hl16": [1, 2, 2, 2],
        "pesha_ind": [2.0, 2.0, 1.0, 4.0],
    },
}


def write_sav(spec: CountrySpec, folder: Path, frame: dict[str, list[float]] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{spec.study}.sav"
    pyreadstat.write_sav(pd.DataFrame(frame or FRAMES[spec.country]), str(path))
    return path


def study(spec: CountrySpec, root: Path, extra: tuple[Crosswalk, ...] = ()) -> StudyData:
    return StudyData(
        study_id=spec.study,
        version=spec.version,
        country=spec.country,
        data_file=write_sav(spec, root / "data"),
        package=study_package(spec),
        crosswalks=crosswalks(spec) + extra,
    )


def definition(**changes: object) -> FigureDefinition:
    base = FigureDefinition(
        id="FIG-CHILD-PARENT-ABROAD",
        version="1.0.0",
        title=LocalizedText({"en": "Children with a parent abroad", "es": "Niños", "sq": "Fëmijë"}),
        universe="age < 18",
        indicator=Indicator(
            type=IndicatorType.PROPORTION,
            expression="mother_abroad == 1 or father_abroad == 1",
        ),
        weight="weight_person",
        studies=("ECU-2025", "ALB-2025"),
        decimals=1,
    )
    return base.model_copy(update=changes)


def write_definition(root: Path, defn: FigureDefinition | None = None) -> Path:
    folder = root / "registry" / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    d = defn or definition()
    path = folder / f"{d.id}.yaml"
    write_figure_definition(d, path)
    return path
