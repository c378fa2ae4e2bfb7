"""``harmonise crosswalk import|export|show|history`` through click's runner."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from harmonise.cli.crosswalk_cmd import command
from harmonise.cli.main import cli
from harmonise.formats.crosswalk_file import read_crosswalk_file
from harmonise.model.crosswalk import ChangeReason, CodeAssociation
from harmonise.services.crosswalks import new_version, publish
from tests.formats.crosswalk.test_crosswalk_file import _relationship_crosswalk

PINS = [
    "--source-variable",
    "urn:ddi:org.example.migreg:ISCO-88:1.0.0",
    "--target-variable",
    "urn:ddi:org.example.migreg:ISCO-08:1.0.0",
]


def test_import_real_ilo_table_then_export(testdata: Path, tmp_path: Path) -> None:
    out = tmp_path / "isco.yaml"
    result = CliRunner().invoke(
        command,
        [
            "import",
            str(testdata / "crosswalks" / "ilo-isco" / "corrtab88-08.xls"),
            "--source",
            "ISCO-88 code",
            "--target",
            "ISCO 08 Code",
            "--partial",
            "ISCO-08 part",
            "--source-width",
            "4",
            "--target-width",
            "4",
            *PINS,
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    crosswalk = read_crosswalk_file(out)
    assert crosswalk.issued == dt.date.today()
    assert any(a.sources == ("0110",) for a in crosswalk.associations)
    exported = CliRunner().invoke(
        command, ["export", str(out), "--format", "csv-long", "--out", str(tmp_path / "l.csv")]
    )
    assert exported.exit_code == 0, exported.output
    assert (tmp_path / "l.csv").read_text(encoding="utf-8").startswith("source_code,target_code")
    again = CliRunner().invoke(
        cli, ["crosswalk", "import", str(tmp_path / "l.csv"), *PINS, "--out", str(out)]
    )
    assert (again.exit_code, "never overwritten" in again.output) == (2, True)


def test_import_reports_unreadable_cells_with_exit_1(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["s", "t"])
    ws.append([dt.datetime(2024, 1, 2), "1"])
    ws.append(["2", "2"])
    book.save(tmp_path / "dates.xlsx")
    result = CliRunner().invoke(
        command, ["import", str(tmp_path / "dates.xlsx"), *PINS, "--out", str(tmp_path / "o.yaml")]
    )
    assert (result.exit_code, "sheet-code-is-date" in result.output) == (1, True)
    assert [a.sources for a in read_crosswalk_file(tmp_path / "o.yaml").associations] == [("2",)]


def test_missing_column_is_exit_2_without_traceback(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("s,t\n1,1\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "crosswalk",
            "import",
            str(sheet),
            "--source",
            "nope",
            *PINS,
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert (result.exit_code, "no column 'nope'" in result.output) == (2, True)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("fmt", ["xkos-ttl", "xkos-jsonld", "json", "spss", "stata", "r", "sql"])
def test_export_every_format_to_stdout(tmp_path: Path, fmt: str) -> None:
    path = publish(_relationship_crosswalk(), tmp_path)
    result = CliRunner().invoke(command, ["export", str(path), "--format", fmt])
    assert (result.exit_code, "CW-ECU-REL" in result.output) == (0, True), result.output


def test_show_and_history(tmp_path: Path) -> None:
    v1 = _relationship_crosswalk()
    v2 = new_version(
        v1,
        {"associations": (*v1.associations[:2], CodeAssociation(sources=("07",), targets=("06",)))},
        "Ana",
        ChangeReason.CONCEPTUAL_CHANGE,
        note="07 is parent only",
        date=dt.date(2025, 2, 1),
    )
    first = publish(v1, tmp_path)
    publish(v2, tmp_path)
    shown = CliRunner().invoke(command, ["show", str(first), "--json"])
    assert json.loads(shown.output)["overall_status"] == "partial"
    text = CliRunner().invoke(command, ["show", str(first)]).output
    assert "05 -> 03" in " ".join(text.split())
    history = CliRunner().invoke(command, ["history", str(first)]).output
    lines = history.splitlines()
    assert lines[0].startswith("1.0.0  2025-01-15 Ana Pérez (initial)")
    assert lines[1] == "2.0.0  2025-02-01 Ana (conceptual-change): 07 is parent only"
    assert "    changed 07: → 06, 07 [recode, narrower] => → 06 [recode]" in lines
