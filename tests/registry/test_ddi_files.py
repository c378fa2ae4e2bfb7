"""The DDI files: valid against the official XSDs, and identical to what the generators write."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from harmonise.formats.crosswalk_file import crosswalk_file_text
from harmonise.formats.ddi_codebook import ddi_codebook_bytes
from harmonise.formats.ddi_lifecycle import ddi_lifecycle_bytes
from harmonise.formats.figure_definition import read_figure_definition
from harmonise.formats.xml_safety import parse_safely
from harmonise.formats.xsd import schema_errors
from tests.registry.conftest import REGISTRY, STUDY_VERSIONS, study_folder

LIFECYCLE_FILES = [REGISTRY / "core" / "core-questionnaire.xml"] + [
    study_folder(*sv) / "qualitative.xml" for sv in STUDY_VERSIONS
]
CODEBOOK_FILES = [study_folder(*sv) / "codebook.xml" for sv in STUDY_VERSIONS]


@pytest.mark.parametrize("path", LIFECYCLE_FILES, ids=lambda p: str(p.relative_to(REGISTRY)))
def test_lifecycle_valid_against_xsd(schemas: Path, path: Path) -> None:
    errors = schema_errors(parse_safely(path), schemas / "ddi-lifecycle-3.3" / "instance.xsd")
    assert errors == []


@pytest.mark.parametrize("path", CODEBOOK_FILES, ids=lambda p: str(p.relative_to(REGISTRY)))
def test_codebook_valid_against_xsd(schemas: Path, path: Path) -> None:
    errors = schema_errors(parse_safely(path), schemas / "ddi-codebook-2.5" / "codebook.xsd")
    assert errors == []


def test_core_and_qualitative_files_are_up_to_date() -> None:
    from migreg import build

    core = REGISTRY / "core" / "core-questionnaire.xml"
    assert ddi_lifecycle_bytes(build.core_package()) == core.read_bytes()
    for country, version, _ in build.STUDY_VERSIONS:
        written = (study_folder(country.study, version) / "qualitative.xml").read_bytes()
        assert ddi_lifecycle_bytes(build.qualitative_package(country, version)) == written


def test_crosswalk_and_figure_files_are_up_to_date() -> None:
    from migreg import build

    for country, version, pretest in build.STUDY_VERSIONS:
        folder = study_folder(country.study, version) / "crosswalks"
        expected = {
            f"{cw.urn.id}_{cw.urn.version}.yaml": crosswalk_file_text(cw)
            for cw in build.crosswalks(country, version, pretest)
        }
        found = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")}
        assert found == expected
    figures = {p.stem: read_figure_definition(p) for p in (REGISTRY / "figures").glob("*.yaml")}
    assert figures == {d.id: d for d in build.figures()}


@pytest.mark.slow
def test_codebooks_are_up_to_date(regenerated_frames: dict[str, pd.DataFrame]) -> None:
    """Frequencies in the committed codebooks come from the (regenerated) microdata."""
    from migreg import build

    for country, version, pretest in build.STUDY_VERSIONS:
        data = None if pretest else regenerated_frames[country.study]
        package = build.study_package(country, version, pretest, data)
        written = (study_folder(country.study, version) / "codebook.xml").read_bytes()
        assert ddi_codebook_bytes(package) == written, f"{country.study} {version}"
