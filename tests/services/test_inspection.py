"""The inspect use case (services.inspection)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmonise.errors import InputError
from harmonise.services.inspection import inspect_file


def test_inspects_a_multilingual_codebook(testdata: Path) -> None:
    result = inspect_file(testdata / "ddi-codebook-2.5/cessda/fsd-3307.xml")
    assert (result.format, result.version, result.root) == ("ddi-codebook-2.5", "2.5", "codeBook")
    assert result.study is not None
    assert result.study.title == "Child Barometer 2018"
    assert result.study.identifiers == ["FSD3307", "urn:nbn:fi:fsd:T-FSD3307"]
    assert result.languages == ["en", "fi"]
    assert result.exit_code == 0
    document = result.to_json()
    counts = document["counts"]
    assert {k: counts[k] for k in ("variables", "questions", "categories", "languages")} == {
        "variables": 78,
        "questions": 78,
        "categories": 275,
        "languages": 2,
    }
    assert document["issues"][0]["code"] == "missing-file-id"


def test_error_level_issues_give_exit_code_1(tmp_path: Path) -> None:
    path = tmp_path / "dangling.xml"
    path.write_text(
        '<codeBook xmlns="ddi:codebook:2_5"><stdyDscr><citation><titlStmt><titl>T</titl>'
        "<IDNo>T1</IDNo></titlStmt></citation></stdyDscr>"
        '<dataDscr><var ID="V1" name="a" files="F9"/></dataDscr></codeBook>',
        encoding="utf-8",
    )
    result = inspect_file(path)
    assert result.report.flatten() == ["dangling-file-reference"]
    assert result.exit_code == 1


def test_unreadable_file_raises(testdata: Path) -> None:
    with pytest.raises(InputError):
        inspect_file(testdata / "ddi-codebook-2.5/cessda/ukds-7481-not-wellformed.xml-invalid")
