"""A tiny registry on disk for the validate service and CLI tests (written under tmp_path).

Core: the core variable HL3 with its code list (DDI-L); Ecuador 1.0.0: variable p03 (DDI-C), its
crosswalk onto HL3 (YAML), optionally microdata (SPSS) and a figure definition.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadstat

from harmonise.formats.crosswalk_file import (
    crosswalk_file_name,
    load_crosswalks,
    write_crosswalk_file,
)
from harmonise.formats.ddi_codebook.writer import write_ddi_codebook
from harmonise.formats.ddi_lifecycle.writer import write_ddi_lifecycle
from harmonise.formats.detect import read_metadata
from harmonise.model import (
    Crosswalk,
    Identifier,
    LocalizedText,
    MetadataPackage,
    Question,
    Study,
    Urn,
)
from tests.validate import builders as b

STUDY = Urn(b.AGENCY, "ECU-2025", "1.0.0")

FIGURE = """\
id: FIG-HEAD
version: 1.0.0
title: {en: "Household heads"}
universe: "HL3 == 1"
indicator:
  type: count
studies: [ECU-2025, ALB-2025]
decimals: 0
"""


def build_registry(root: Path, *, data: list[float] | None = None, figure: bool = False) -> Path:
    """Write the registry under ``root`` and return the study version folder."""
    registry = root / "registry"
    (registry / "core").mkdir(parents=True)
    (root / "vocabularies").mkdir()
    core = MetadataPackage(
        core_variables=(b.TARGET_VARIABLE,),
        code_lists=(b.TARGET_LIST,),
        questions=(Question(urn=b.TGT_Q, text=LocalizedText.of("Relationship?", "en")),),
    )
    write_ddi_lifecycle(core, registry / "core" / "core-questionnaire.xml")
    version = registry / "studies" / "ECU-2025" / "1.0.0"
    (version / "crosswalks").mkdir(parents=True)
    study = MetadataPackage(
        study=Study(
            urn=STUDY,
            title=LocalizedText.of("Encuesta", "es"),
            country="ECU",
            identifiers=(Identifier(value="ECU-2025", agency=b.AGENCY),),
        ),
        variables=(b.SOURCE_VARIABLE,),
        code_lists=(b.SOURCE_LIST,),
        questions=(Question(urn=b.SRC_Q, text=LocalizedText.of("¿Parentesco?", "es")),),
    )
    write_ddi_codebook(study, version / "codebook.xml")
    read_back, _ = read_metadata(version / "codebook.xml")
    (variable,) = read_back.variables
    crosswalk = b.crosswalk(
        source_variable=variable.urn, source_code_list=variable.code_list, study=STUDY
    )
    write_crosswalk_file(crosswalk, version / "crosswalks" / crosswalk_file_name(crosswalk))
    if data is not None:
        (version / "data").mkdir()
        frame = pd.DataFrame({"p03": data})
        pyreadstat.write_sav(frame, str(version / "data" / "persons.sav"))
    if figure:
        (registry / "figures").mkdir()
        (registry / "figures" / "FIG-HEAD.yaml").write_text(FIGURE, encoding="utf-8")
    return version


def crosswalk_of(version: Path) -> Crosswalk:
    """The crosswalk written into a study version folder."""
    (crosswalk,) = load_crosswalks(version / "crosswalks")
    return crosswalk
