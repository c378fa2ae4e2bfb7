"""The validate service: dispatch by path, the registry core as reference, data, outputs."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest

from harmonise.config import Settings
from harmonise.formats.crosswalk_file import write_crosswalk_file
from harmonise.services.validation import result_json, result_junit, validate_paths
from tests.services.validation_registry import build_registry, crosswalk_of
from tests.validate import builders as b

CLEAN_DATA = [1.0] * 30 + [2.0] * 20 + [7.0] * 10 + [98.0, None]


def _run(root: Path, *paths: Path, **kw: object):  # type: ignore[no-untyped-def]
    return validate_paths(list(paths), settings=Settings.from_root(root), **kw)  # type: ignore[arg-type]


def test_clean_registry(tmp_path: Path) -> None:
    build_registry(tmp_path, data=CLEAN_DATA)
    result = _run(tmp_path, tmp_path)
    assert result.report.flatten(["code"]) == []
    assert result.exit_code == 0


def test_registry_with_bad_data_and_figure(tmp_path: Path) -> None:
    build_registry(tmp_path, data=[*CLEAN_DATA, 5.0, 5.0], figure=True)
    result = _run(tmp_path, tmp_path / "registry")
    assert result.report.flatten(["code", "severity"]) == [
        ["data-code-undeclared", "error"],
        ["figure-mapping-missing", "warning"],
    ]
    assert result.exit_code == 1
    assert result.report.issues[0].location.file.endswith("XW-ECU-p03_1.0.0.yaml")  # type: ignore[union-attr]


def test_study_folder_and_single_crosswalk(tmp_path: Path) -> None:
    version = build_registry(tmp_path)
    crosswalk = crosswalk_of(version)
    broken = crosswalk.model_copy(update={"associations": crosswalk.associations[:3]})
    path = version / "crosswalks" / "XW-ECU-p03_1.0.0.yaml"
    path.unlink()
    write_crosswalk_file(broken, path)
    expected = [["source-code-unmapped", "error"], ["target-code-uncovered", "error"]]
    for target in (version.parent, version, path, version / "crosswalks"):
        result = _run(tmp_path, target)
        assert result.report.flatten(["code", "severity"]) == expected, target


def test_ddi_file_with_data(tmp_path: Path) -> None:
    version = build_registry(tmp_path)
    data = tmp_path / "p.csv"
    data.write_text("p03\n1\n2\n7\n98\n4\n", encoding="utf-8")
    result = _run(tmp_path, version / "codebook.xml", data=data)
    assert result.report.flatten(["code", "location.file"]) == [["data-code-undeclared", str(data)]]


def test_crosswalk_sheet_against_a_core_variable(tmp_path: Path) -> None:
    build_registry(tmp_path)
    sheet = tmp_path / "p03.csv"
    sheet.write_text("ecu,core\n1,01\n2,02\n7,06\n7,07\n98,97\n", encoding="utf-8")
    result = _run(tmp_path, sheet, core_variable="HL3")
    assert result.report.flatten(["code", "location.row"]) == [
        ["target-code-undeclared", 6],
        ["target-code-uncovered", None],
    ]
    unknown = _run(tmp_path, sheet, core_variable="nope")
    assert unknown.exit_code == 2


def test_vocabulary_and_microdata_paths(testdata: Path, tmp_path: Path) -> None:
    build_registry(tmp_path)
    skos = testdata / "skos" / "ddi-cv" / "SummaryStatisticType_1.0.rdf"
    dates = testdata / "spss-stata" / "haven" / "spss" / "datetime.sav"
    result = _run(tmp_path, skos, dates)
    assert result.report.flatten(["code"]) == ["skos-iri-invalid", "microdata-date-out-of-range"]
    assert result.exit_code == 0


def test_unreadable_input_does_not_hide_the_others(tmp_path: Path) -> None:
    version = build_registry(tmp_path)
    garbage = tmp_path / "garbage.xml"
    garbage.write_text("<codeBook><unclosed>", encoding="utf-8")
    result = _run(tmp_path, garbage, tmp_path / "missing.yaml", version)
    assert result.report.flatten(["code"]) == ["input-unreadable", "input-unreadable"]
    assert result.exit_code == 2
    assert result.unreadable == (str(garbage), str(tmp_path / "missing.yaml"))


def test_waived_rule(tmp_path: Path) -> None:
    build_registry(tmp_path, data=[*CLEAN_DATA, 5.0])
    result = _run(tmp_path, tmp_path, waived=["data-code-undeclared", "data-unmapped-share"])
    assert result.report.flatten(["code", "severity"]) == [["data-code-undeclared", "info"]]
    assert result.exit_code == 0


def test_json_and_junit(tmp_path: Path) -> None:
    build_registry(tmp_path, data=[*CLEAN_DATA, 5.0])
    result = _run(tmp_path, tmp_path)
    document = result_json(result)
    assert document["counts"] == {"error": 1, "warning": 0, "info": 0}
    assert document["exit_code"] == 1
    junit = ElementTree.fromstring(result_junit(result))
    assert junit.get("failures") == "1"
    assert junit.get("tests") == str(len(junit.findall(".//testcase")))
    failures = junit.findall(".//failure")
    assert [f.get("type") for f in failures] == ["data-code-undeclared"]


@pytest.mark.slow
def test_project_registry_reads_cleanly(project_root: Path) -> None:
    if not (project_root / "registry" / "studies").is_dir():
        pytest.skip("the demonstration registry has not been generated")
    result = _run(project_root, project_root / "registry")
    assert result.unreadable == ()
    assert "input-unreadable" not in result.report.by_code()


def test_sheet_row_locations_follow_the_file(tmp_path: Path) -> None:
    build_registry(tmp_path)
    sheet = tmp_path / "rows.csv"
    sheet.write_text("ecu,core\n9,01\n", encoding="utf-8")
    result = _run(tmp_path, sheet, core_variable=b.TARGET_VARIABLE.name)
    assert ["target-code-uncovered", None] in result.report.flatten(["code", "location.row"])
