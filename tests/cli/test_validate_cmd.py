"""``harmonise validate`` and ``harmonise rules``: output formats and exit codes 0/1/2."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from harmonise.cli.main import cli
from harmonise.validate import all_rules
from tests.services.validation_registry import build_registry

CLEAN = [1.0] * 30 + [2.0] * 20 + [7.0] * 10 + [98.0]


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("HARMONISE_ROOT", str(tmp_path))
    return CliRunner()


def test_clean_registry_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    build_registry(tmp_path, data=CLEAN)
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert "valid: 0 errors, 0 warnings" in result.output


def test_findings_exit_1_and_are_grouped(runner: CliRunner, tmp_path: Path) -> None:
    version = build_registry(tmp_path, data=[*CLEAN, 5.0])
    result = runner.invoke(cli, ["validate", str(version)])
    assert result.exit_code == 1
    assert "XW-ECU-p03_1.0.0.yaml" in result.output
    assert "data-code-undeclared" in result.output
    assert "hint: Declare 5 in the code list" in result.output
    assert "notes not shown" not in result.output


def test_notes_hidden_unless_verbose(runner: CliRunner, tmp_path: Path) -> None:
    version = build_registry(tmp_path, data=[1.0] * 30 + [7.0] * 10)
    quiet = runner.invoke(cli, ["validate", str(version)])
    assert quiet.exit_code == 0
    assert "1 notes not shown (declared-code-unobserved x1" in quiet.output
    loud = runner.invoke(cli, ["validate", "-v", str(version)])
    assert "code '2' (Spouse) never occurs in the data" in loud.output


def test_json_format(runner: CliRunner, tmp_path: Path) -> None:
    version = build_registry(tmp_path, data=[*CLEAN, 5.0])
    result = runner.invoke(cli, ["validate", "--format", "json", str(version)])
    document = json.loads(result.output)
    assert [i["code"] for i in document["issues"]] == ["data-code-undeclared"]
    assert document["exit_code"] == result.exit_code == 1


def test_junit_format(runner: CliRunner, tmp_path: Path) -> None:
    version = build_registry(tmp_path, data=[*CLEAN, 5.0])
    result = runner.invoke(cli, ["validate", "--format", "junit", str(version)])
    assert result.exit_code == 1
    root = ElementTree.fromstring(result.output)
    assert [f.get("type") for f in root.iter("failure")] == ["data-code-undeclared"]


def test_data_option_and_unreadable_input_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    version = build_registry(tmp_path)
    data = tmp_path / "p.csv"
    data.write_text("p03\n1\n2\n", encoding="utf-8")
    ok = runner.invoke(cli, ["validate", str(version / "codebook.xml"), "--data", str(data)])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(cli, ["validate", str(version), str(tmp_path / "nope.ttl")])
    assert bad.exit_code == 2
    assert "could not read" in bad.output
    assert "input-unreadable" in bad.output


def test_waive(runner: CliRunner, tmp_path: Path) -> None:
    version = build_registry(tmp_path, data=[*CLEAN, 5.0])
    result = runner.invoke(cli, ["validate", str(version), "--waive", "data-code-undeclared"])
    assert result.exit_code == 0


def test_rules_lists_every_rule(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["rules", "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert [r["code"] for r in document] == [r.code for r in all_rules()]
    table = runner.invoke(cli, ["rules"])
    assert "source-code-unmapped" in table.output


def test_rules_shows_one_rule(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["rules", "missing-maps-to-valid"])
    assert result.exit_code == 0
    assert "STANDARDS.md §6.4 rule 13" in result.output
    assert "DK->DK" in result.output
    unknown = runner.invoke(cli, ["rules", "no-such-rule"])
    assert unknown.exit_code == 2


def test_sheet_columns(runner: CliRunner, tmp_path: Path) -> None:
    build_registry(tmp_path)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "label,core,ecu\nHead,01,1\nSpouse,02,2\nParent,06,7\nIn-law,07,7\nDK,98,98\n",
        encoding="utf-8",
    )
    args = ["validate", str(sheet), "--core-variable", "HL3", "--format", "json"]
    result = runner.invoke(cli, [*args, "--source-column", "ecu", "--target-column", "C"])
    assert json.loads(result.output)["by_code"]["target-code-undeclared"] == 3  # 1, 2, 7
    result = runner.invoke(cli, [*args, "--source-column", "ecu", "--target-column", "core"])
    assert result.exit_code == 0, result.output
