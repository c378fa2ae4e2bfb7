"""The DDI files: valid against the official XSDs, and holding what the generators produce."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from harmonise.formats.crosswalk_file import load_crosswalks
from harmonise.formats.ddi_codebook import ddi_codebook_bytes
from harmonise.formats.ddi_lifecycle import ddi_lifecycle_bytes
from harmonise.formats.detect import read_metadata
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


def _same_content(committed: Path, regenerated: bytes, tmp_path: Path) -> bool:
    """Both files read to the same model (robust to writer formatting changes)."""
    fresh = tmp_path / committed.name
    fresh.write_bytes(regenerated)
    return read_metadata(committed)[0] == read_metadata(fresh)[0]


def test_core_and_qualitative_files_are_up_to_date(tmp_path: Path) -> None:
    from migreg import build

    core = REGISTRY / "core" / "core-questionnaire.xml"
    assert _same_content(core, ddi_lifecycle_bytes(build.core_package()), tmp_path)
    for country, version, _ in build.STUDY_VERSIONS:
        written = study_folder(country.study, version) / "qualitative.xml"
        fresh = ddi_lifecycle_bytes(build.qualitative_package(country, version))
        assert _same_content(written, fresh, tmp_path)


def test_crosswalk_and_figure_files_are_up_to_date() -> None:
    from migreg import build

    for country, version, pretest in build.STUDY_VERSIONS:
        folder = study_folder(country.study, version) / "crosswalks"
        expected = {str(cw.urn): cw for cw in build.crosswalks(country, version, pretest)}
        assert {str(cw.urn): cw for cw in load_crosswalks(folder)} == expected
    figures = {p.stem: read_figure_definition(p) for p in (REGISTRY / "figures").glob("*.yaml")}
    assert figures == {d.id: d for d in build.figures()}


@pytest.mark.slow
def test_codebooks_are_up_to_date(
    tmp_path: Path, regenerated_frames: dict[str, pd.DataFrame]
) -> None:
    """Frequencies in the committed codebooks come from the (regenerated) microdata."""
    from migreg import build

    for country, version, pretest in build.STUDY_VERSIONS:
        data = None if pretest else regenerated_frames[country.study]
        package = build.study_package(country, version, pretest, data)
        written = study_folder(country.study, version) / "codebook.xml"
        assert _same_content(written, ddi_codebook_bytes(package), tmp_path), written
