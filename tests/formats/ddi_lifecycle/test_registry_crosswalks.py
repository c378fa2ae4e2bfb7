"""Every crosswalk of the registry survives cm:Comparison (XSD-valid, read back unchanged)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmonise.formats.crosswalk_file import load_crosswalks
from harmonise.formats.ddi_lifecycle import comparison_bytes, read_ddi_lifecycle
from harmonise.formats.xsd import schema_errors
from harmonise.model import CodeList
from tests.conftest import PROJECT_ROOT

FOLDERS = sorted(
    str(p.relative_to(PROJECT_ROOT))
    for p in (PROJECT_ROOT / "registry" / "studies").glob("*/*/crosswalks")
)


@pytest.fixture(scope="module")
def core_lists(project_root: Path) -> tuple[CodeList, ...]:
    """The core code lists, read once."""
    core, _ = read_ddi_lifecycle(project_root / "registry" / "core" / "core-questionnaire.xml")
    return core.code_lists


@pytest.mark.slow
@pytest.mark.parametrize("folder", FOLDERS)
def test_registry_crosswalks_round_trip(
    folder: str, core_lists: tuple[CodeList, ...], project_root: Path, schemas: Path, tmp_path: Path
) -> None:
    crosswalks = load_crosswalks(project_root / folder)
    assert crosswalks
    data = comparison_bytes(crosswalks, core_lists)
    assert schema_errors(data, schemas / "ddi-lifecycle-3.3" / "instance.xsd") == []
    path = tmp_path / "comparison.xml"
    path.write_bytes(data)
    package, report = read_ddi_lifecycle(path)
    assert report.flatten(["code"]) == []
    assert package.crosswalks == tuple(crosswalks)
