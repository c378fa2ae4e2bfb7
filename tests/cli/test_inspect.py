"""``harmonise inspect``: table, --json document and exit codes 0/1/2."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from harmonise.cli.main import cli
from harmonise.formats import detect


def test_table_for_a_legacy_codebook(testdata: Path) -> None:
    path = testdata / "ddi-codebook-1.2.2/ihsn-nada/ag-eth-survey-2004_ddi.xml"
    result = CliRunner().invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    assert "ddi-codebook-1.2.2 (declares version 1.2.2)" in result.output
    assert "Annual Agricultural Sample Survey" in result.output
    assert "missing-study-identifier" in result.output


def test_json_document_has_the_counts(testdata: Path) -> None:
    path = testdata / "ddi-codebook-2.5/cessda/fsd-3271.xml"
    result = CliRunner().invoke(cli, ["inspect", "--json", str(path)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["format"] == "ddi-codebook-2.5"
    assert document["languages"] == ["en", "fi"]
    counts = document["counts"]
    assert [counts[k] for k in ("variables", "questions", "categories", "languages")] == [
        234,
        234,
        1008,
        2,
    ]


def test_error_level_issues_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "duplicate-id.xml"
    path.write_text(
        '<codeBook xmlns="ddi:codebook:2_5"><stdyDscr><citation><titlStmt><titl>T</titl>'
        "<IDNo>T1</IDNo></titlStmt></citation></stdyDscr><dataDscr>"
        '<var ID="V1" name="a"/><var ID="V1" name="b"/></dataDscr></codeBook>',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["inspect", "--json", str(path)])
    assert result.exit_code == 1
    assert [i["code"] for i in json.loads(result.output)["issues"]] == ["duplicate-id"]


def test_unreadable_file_exits_2(testdata: Path) -> None:
    path = testdata / "ddi-codebook-2.5/cessda/ukds-7481-not-wellformed.xml-invalid"
    result = CliRunner().invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 2
    assert "not well-formed XML" in result.output
    assert "Traceback" not in result.output


def test_unreadable_file_with_json_exits_2(testdata: Path) -> None:
    path = testdata / "ddi-codebook-2.5/cessda/oaipmh-missing-metadata.xml"
    result = CliRunner().invoke(cli, ["inspect", "--json", str(path)])
    assert result.exit_code == 2
    document = json.loads(result.output)
    assert "holds no codeBook" in document["error"]
    assert document["hint"]


def test_ddi_lifecycle_is_inspected_or_clearly_refused(testdata: Path) -> None:
    path = testdata / "ddi-lifecycle-3.3/insee-eno/ddi-lqnje8yr_ehis-2025.xml"
    result = CliRunner().invoke(cli, ["inspect", "--json", str(path)])
    if detect.lifecycle_reader() is None:
        assert result.exit_code == 2
        assert "cannot read yet" in json.loads(result.output)["error"]
    else:
        assert result.exit_code in (0, 1), result.output
        document = json.loads(result.output)
        assert document["format"] == "ddi-lifecycle-3.3"
        assert document["counts"]["variables"] > 0


def test_microdata_is_summarised_not_refused(project_root: Path) -> None:
    path = project_root / "registry/studies/ECU-2025/2.0.0/data/persons.sav"
    result = CliRunner().invoke(cli, ["inspect", "--json", str(path)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert (document["format"], document["counts"]["questions"]) == ("spss", 0)
    assert document["counts"]["variables"] > 0


def test_registry_crosswalk_table(project_root: Path) -> None:
    path = project_root / "registry/studies/ECU-2025/2.0.0/crosswalks/XW-ECU-age_2.0.0.yaml"
    result = CliRunner().invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    assert "harmonise-crosswalk" in result.output
    assert "urn:ddi:org.example.migreg:CV-age:1.0.0" in result.output


def test_cspro_dictionary_json(testdata: Path) -> None:
    path = testdata / "cspro/popstan-census/Census Dictionary.dcf"
    result = CliRunner().invoke(cli, ["inspect", "--json", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["format"] == "cspro"
