"""Crosswalk spreadsheets: real ILO/INDEC/digclass tables and what spreadsheets do to codes."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter, defaultdict
from pathlib import Path

import openpyxl
import pytest

from harmonise.errors import InputError
from harmonise.formats.crosswalk_sheet import (
    SheetRow,
    column_letter,
    crosswalk_from_rows,
    read_long_sheet,
    read_translation_sheet,
)
from harmonise.model.crosswalk import (
    Cardinality,
    Crosswalk,
    MatchSemantic,
    RuleType,
    association_cardinalities,
)
from harmonise.model.urn import Urn

AGENCY = "org.example.migreg"


def _crosswalk(rows: list[SheetRow]) -> Crosswalk:
    return crosswalk_from_rows(
        rows,
        urn=Urn(AGENCY, "CW-SHEET", "1.0.0"),
        source_variable=Urn(AGENCY, "V-SRC", "1.0.0"),
        target_variable=Urn(AGENCY, "CORE-TGT", "1.0.0"),
    )


def _expected_cardinality(pairs: list[tuple[str, str]]) -> dict[str, Cardinality]:
    """Per source code, from plain counting (independent of the model's code)."""
    t_of: dict[str, set[str]] = defaultdict(set)
    s_of: dict[str, set[str]] = defaultdict(set)
    for s, t in pairs:
        t_of[s].add(t)
        s_of[t].add(s)
    result = {}
    for s, targets in t_of.items():
        many_t = len(targets) > 1
        many_s = any(len(s_of[t]) > 1 for t in targets)
        result[s] = (
            Cardinality.MANY_TO_MANY
            if many_t and many_s
            else Cardinality.ONE_TO_MANY
            if many_t
            else Cardinality.MANY_TO_ONE
            if many_s
            else Cardinality.ONE_TO_ONE
        )
    return result


ILO = "crosswalks/ilo-isco/corrtab88-08"
ILO_COLUMNS = {
    "source": "ISCO-88 code",
    "target": "ISCO 08 Code",
    "partial": "ISCO-08 part",
    "note": "Comments",
    "source_width": 4,
    "target_width": 4,
}


@pytest.mark.parametrize("suffix", [".xls", ".csv"])
def test_ilo_isco88_to_08_many_to_many(testdata: Path, suffix: str) -> None:
    with (testdata / f"{ILO}.csv").open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.DictReader(handle))
    pairs = [(r["ISCO-88 code"], r["ISCO 08 Code"]) for r in records]
    partial_sources = {r["ISCO-88 code"] for r in records if r["ISCO-08 part"] == "p"}
    mapping, report = read_long_sheet(testdata / f"{ILO}{suffix}", **ILO_COLUMNS)  # type: ignore[arg-type]
    assert [(r.source, r.target) for r in mapping.rows] == pairs
    crosswalk = _crosswalk(mapping.rows)
    expected = _expected_cardinality(pairs)
    got = dict(
        zip(
            (a.sources[0] for a in crosswalk.associations),
            association_cardinalities(crosswalk),
            strict=True,
        )
    )
    assert got == expected
    assert (
        Counter(got.values())[Cardinality.MANY_TO_MANY]
        == Counter(expected.values())[Cardinality.MANY_TO_MANY]
        > 0
    )
    assert {a.sources[0] for a in crosswalk.associations if a.semantic is MatchSemantic.CLOSE} == (
        partial_sources
    )
    assert "0110" in got  # leading zero restored in the XLS, kept in the CSV
    expected_issues = (
        [["sheet-code-from-number", 2, "B"], ["sheet-code-from-number", 2, "C"]]
        if suffix == ".xls"
        else []
    )
    assert report.flatten(["code", "location.row", "location.column"]) == expected_issues


CNO = "crosswalks/ilo-isco/CONVERSION_CNO-01_CIUO-08"


@pytest.mark.parametrize("suffix", [".xls", ".csv"])
def test_cno01_to_ciuo08_footnotes(testdata: Path, suffix: str) -> None:
    with (testdata / f"{CNO}.csv").open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.reader(handle))[1:]
    code_rows = [r for r in records if r[1].strip()]
    footnoted = [r for r in code_rows if "(" in r[2]]
    footnote_rows = [r for r in records if not r[1].strip() and r[0].startswith("(")]
    mapping, report = read_long_sheet(
        testdata / f"{CNO}{suffix}", source="Código CNO-01", target="Código CIUO-08"
    )
    assert len(mapping.rows) == len(code_rows)
    assert all("." in r.source for r in mapping.rows)  # dotted codes stay text
    crosswalk = _crosswalk(mapping.rows)
    undetermined = [a for a in crosswalk.associations if a.rule is RuleType.UNDETERMINED]
    assert sorted(a.sources[0] for a in undetermined) == sorted(r[1] for r in footnoted)
    assert Counter(a.targets[0] for a in undetermined) == Counter(
        r[2].split("(")[0].strip() for r in footnoted
    )
    assert all("segundo puede determinarse" in (a.note.get("") or "") for a in undetermined)
    counts = report.by_code()
    assert (counts["sheet-footnote-code"], counts["sheet-footnote-row"]) == (
        len(footnoted),
        len(footnote_rows),
    )


@pytest.mark.parametrize(
    ("name", "source", "target"),
    [
        ("isco08_to_isco88", "ISCO08", "ISCO88"),
        ("isco88_to_isco08", "ISCO88", "ISCO08"),
        ("isco88_to_isco68", "ISCO88", "ISCO68"),
        ("isco68_to_isco88", "ISCO68", "ISCO88"),
    ],
)
def test_digclass_translation_tables(testdata: Path, name: str, source: str, target: str) -> None:
    path = testdata / "crosswalks" / "digclass" / "translation" / f"{name}.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.DictReader(handle))
    pairs = list(dict.fromkeys((r[source], r[target]) for r in records))
    mapping, report = read_long_sheet(path, source=source, target=target)
    assert [(r.source, r.target) for r in mapping.rows] == pairs
    crosswalk = _crosswalk(mapping.rows)
    got = dict(
        zip(
            (a.sources[0] for a in crosswalk.associations),
            association_cardinalities(crosswalk),
            strict=True,
        )
    )
    assert got == _expected_cardinality(pairs)
    assert report.by_code().get("sheet-duplicate-row", 0) == len(records) - len(pairs)


# --- what spreadsheets do ---------------------------------------------------------------------


def test_bom_semicolons_trailing_blanks(tmp_path: Path) -> None:
    path = tmp_path / "bom-semicolon.csv"
    path.write_bytes(b"\xef\xbb\xbfsrc;dst;note\r\n01 ;001;x\r\n02;;\r\n;;\r\n03;003 ; \r\n")
    mapping, report = read_long_sheet(path, source="src", target="dst", note="note")
    assert [(r.row, r.source, r.target, r.note) for r in mapping.rows] == [
        (2, "01", "001", "x"),
        (3, "02", "", ""),
        (5, "03", "003", ""),
    ]
    assert report.flatten() == []
    crosswalk = _crosswalk(mapping.rows)
    assert [a.rule for a in crosswalk.associations] == [
        RuleType.RECODE,
        RuleType.IMPOSSIBLE,
        RuleType.RECODE,
    ]


def test_windows_1252_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.csv"
    path.write_bytes("a,b\n1,2\nñ,3\n".encode("cp1252"))
    mapping, report = read_long_sheet(path)
    assert ([r.source for r in mapping.rows], report.flatten(["code", "location.line"])) == (
        ["1", "ñ"],
        [["sheet-not-utf8", 3]],
    )


def test_excel_numbers_and_dates_in_code_cells(tmp_path: Path) -> None:
    path = tmp_path / "excel-ate-my-codes.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Title row of the table"])
    sheet.append(["country code", "core code"])
    sheet.append([7, "07"])
    sheet.append([dt.datetime(2024, 1, 2), "01"])
    sheet.append([10.0, "10"])
    sheet.append([True, "11"])
    book.save(path)
    mapping, report = read_long_sheet(
        path, source="country code", target="core code", source_width=2
    )
    assert [(r.row, r.source, r.target) for r in mapping.rows] == [(3, "07", "07"), (5, "10", "10")]
    assert report.flatten(["code", "severity", "location.row", "location.column"]) == [
        ["sheet-code-from-number", "info", 3, "A"],
        ["sheet-code-is-date", "error", 4, "A"],
        ["sheet-code-is-bool", "error", 6, "A"],
    ]


def test_oversized_sheet_is_cut_with_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import harmonise.formats.crosswalk_sheet as sheet_module

    monkeypatch.setattr(sheet_module, "MAX_CELLS", 10)
    path = tmp_path / "too-large.csv"
    path.write_text("s,t,,,\n" + "".join(f"{i},{i},,,\n" for i in range(20)), encoding="utf-8")
    mapping, report = read_long_sheet(path)
    assert (len(mapping.rows), report.flatten(["code", "severity", "location.row"])) == (
        4,
        [["sheet-too-large", "error", 6]],
    )


def test_duplicate_rows_are_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "duplicate.csv"
    path.write_text("s,t\n1,1\n1,1\n", encoding="utf-8")
    mapping, report = read_long_sheet(path)
    assert (len(mapping.rows), report.flatten(["code", "location.row"])) == (
        1,
        [["sheet-duplicate-row", 3]],
    )


@pytest.mark.parametrize(
    ("content", "kwargs", "fragment"),
    [
        (b"a,b\n1,2\n", {"source": "country"}, "no column 'country'"),
        (b"PK\x03\x04not a zip", {}, "cannot open as XLSX"),
        (b"\xd0\xcf\x11\xe0broken", {}, "cannot open as XLS"),
        (b"a,b\x00\n", {}, "NUL bytes"),
    ],
)
def test_unreadable_files_raise_input_error(
    tmp_path: Path, content: bytes, kwargs: dict[str, str], fragment: str
) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=fragment):
        read_long_sheet(path, **kwargs)  # type: ignore[arg-type]


def test_missing_sheet_names_the_sheets(tmp_path: Path) -> None:
    path = tmp_path / "one-sheet.xlsx"
    book = openpyxl.Workbook()
    book.save(path)
    with pytest.raises(InputError, match="sheets: 'Sheet'"):
        read_long_sheet(path, sheet="Codes")


def test_translation_layout(tmp_path: Path) -> None:
    path = tmp_path / "translation.csv"
    path.write_text(
        "core,label,ECU-2025,ALB-2025\n"
        "01,Head,1,1\n"
        "06,Parent,7,5\n"
        "07,Parent-in-law,7,6\n"
        '10,Foster or stepchild,"4, 5",\n'
        "11,Not related,10;11,9\n"
        "98,Don't know,,\n",
        encoding="utf-8",
    )
    mappings, report = read_translation_sheet(path, core="core")
    assert [m.name for m in mappings] == ["ECU-2025", "ALB-2025"]
    ecuador = _crosswalk(mappings[0].rows)
    assert [(a.sources, a.targets) for a in ecuador.associations] == [
        (("1",), ("01",)),
        (("7",), ("06", "07")),
        (("4",), ("10",)),
        (("5",), ("10",)),
        (("10",), ("11",)),
        (("11",), ("11",)),
    ]
    assert association_cardinalities(ecuador)[1] is Cardinality.ONE_TO_MANY
    assert ecuador.unmatched_targets == ("98",)
    albania = _crosswalk(mappings[1].rows)
    assert albania.unmatched_targets == ("10", "98")
    assert report.flatten() == []


def test_translation_layout_code_without_core_row(tmp_path: Path) -> None:
    path = tmp_path / "translation-orphan.csv"
    path.write_text("core,ECU\n01,1\n,2\n", encoding="utf-8")
    mappings, report = read_translation_sheet(path, core="core", studies=["ECU"])
    assert ([r.source for r in mappings[0].rows], report.flatten(["code", "location.row"])) == (
        ["1"],
        [["sheet-no-core-code", 3]],
    )


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ")])
def test_column_letter(index: int, letters: str) -> None:
    assert column_letter(index) == letters


# --- delimiters and missing columns (regression: `;` files were read as one column) ----------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "bom-semicolon-uneven-rows.csv",
            b"\xef\xbb\xbfsource_code;target_code\n1;1\n2;\n3;3;\n",
            [(2, "1", "1"), (3, "2", ""), (4, "3", "3")],
        ),
        (
            "crlf-semicolon-labels-with-commas.csv",
            b"source_code;target_code;label\r\n1;1;Yes, abroad\r\n2;2;No, here\r\n9;\r\n",
            [(2, "1", "1"), (3, "2", "2"), (4, "9", "")],
        ),
        (
            "quoted-semicolons.csv",
            b'source_code;target_code;note\r\n"01;02";1;"a;b"\r\n03;3;\r\n04;;"c, d"\r\n',
            [(2, "01;02", "1"), (3, "03", "3"), (4, "04", "")],
        ),
        (
            "tab.csv",
            b"source_code\ttarget_code\n1\t1\n2\n",
            [(2, "1", "1"), (3, "2", "")],
        ),
        (
            "pipe-with-commas.csv",
            b"source_code|target_code\n1,5|1\n2|2|\n",
            [(2, "1,5", "1"), (3, "2", "2")],
        ),
        (
            "comma-with-semicolon-in-notes.csv",
            b"source_code,target_code,note\n1,1,x;y\n2,,\n",
            [(2, "1", "1"), (3, "2", "")],
        ),
    ],
)
def test_delimiter_is_detected_from_header_and_first_rows(
    tmp_path: Path, name: str, content: bytes, expected: list[tuple[int, str, str]]
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    for columns in ({}, {"source": "source_code", "target": "target_code"}):
        mapping, report = read_long_sheet(path, **columns)
        assert ([(r.row, r.source, r.target) for r in mapping.rows], report.flatten()) == (
            expected,
            [],
        )


def test_one_column_sheet_reports_the_missing_target_column(tmp_path: Path) -> None:
    path = tmp_path / "one-column.csv"
    path.write_bytes(b"source_code target_code\n1 1\n2 2\n")
    mapping, report = read_long_sheet(path)
    assert (mapping.rows, report.flatten(["code", "severity", "location.row"])) == (
        [],
        [["sheet-column-missing", "error", 1]],
    )
    assert "columns seen: 'source_code target_code'" in report.issues[0].message


def test_translation_sheet_without_study_columns_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "core-only.csv"
    path.write_bytes(b"core\n01\n02\n")
    mappings, report = read_translation_sheet(path)
    assert (mappings, report.flatten(["code", "location.row", "location.column"])) == (
        [],
        [["sheet-column-missing", 1, "B"]],
    )
