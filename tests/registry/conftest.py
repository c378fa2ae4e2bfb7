"""Fixtures for the registry content tests: the generators in tools/registry and parsed content."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from harmonise.formats.crosswalk_file import load_crosswalks
from harmonise.formats.ddi_codebook import read_ddi_codebook
from harmonise.formats.ddi_lifecycle import read_ddi_lifecycle
from harmonise.model import Crosswalk, MetadataPackage

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools" / "registry"
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

REGISTRY = ROOT / "registry"
STUDY_VERSIONS = (("ECU-2025", "1.0.0"), ("ECU-2025", "2.0.0"), ("ALB-2025", "1.0.0"))
FINAL_VERSIONS = (("ECU-2025", "2.0.0"), ("ALB-2025", "1.0.0"))


def study_folder(study: str, version: str) -> Path:
    """The folder of one study version."""
    return REGISTRY / "studies" / study / version


@pytest.fixture(scope="session")
def core() -> MetadataPackage:
    """The core package read back with the project's DDI-L reader."""
    package, report = read_ddi_lifecycle(REGISTRY / "core" / "core-questionnaire.xml")
    assert report.flatten(["code"]) == []
    return package


@pytest.fixture(scope="session")
def codebooks() -> dict[tuple[str, str], MetadataPackage]:
    """Every study version's codebook read back with the project's DDI-C reader."""
    result = {}
    for study, version in STUDY_VERSIONS:
        package, report = read_ddi_codebook(study_folder(study, version) / "codebook.xml")
        assert report.flatten(["code"]) == []
        result[(study, version)] = package
    return result


@pytest.fixture(scope="session")
def crosswalks() -> dict[tuple[str, str], list[Crosswalk]]:
    """Every study version's crosswalks."""
    return {sv: load_crosswalks(study_folder(*sv) / "crosswalks") for sv in STUDY_VERSIONS}


@pytest.fixture(scope="session")
def regenerated_frames() -> dict[str, pd.DataFrame]:
    """The synthetic microdata regenerated from the seeded generator (once per session)."""
    from migreg.countries import COUNTRIES
    from migreg.microdata import generate_frame

    return {c.study: generate_frame(c) for c in COUNTRIES}


@pytest.fixture(scope="session")
def migreg() -> Any:
    """The content-definition package (tools/registry/migreg)."""
    import migreg.build

    return migreg.build
