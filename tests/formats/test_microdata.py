"""Microdata reader: real SPSS/Stata files against the CSV oracles shipped beside them."""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from harmonise.errors import InputError, UnsupportedFormatError
from harmonise.formats.microdata import (
    MicrodataFormat,
    iter_microdata_batches,
    read_microdata_info,
    value_counts,
    value_text,
)
from harmonise.validate import canonical_value

SAMPLES = ["sample.sav", "sample.zsav", "sample.por", "sample.dta"]


def _oracle(path: Path, null: str = "") -> dict[str, Counter[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    result: dict[str, Counter[str]] = {}
    for name in rows[0]:
        values = (r[name] for r in rows)
        result[name] = Counter("" if v in (null, "") else canonical_value(v) for v in values)
    return result


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_files_match_the_csv_oracle(testdata: Path, name: str) -> None:
    folder = testdata / "spss-stata" / "pyreadstat" / "basic"
    oracle = _oracle(folder / "sample.csv")
    info = read_microdata_info(folder / name)
    assert info.row_count == 5
    by_lower = {c.lower(): c for c in info.names}
    wanted = ["mychar", "mynum", "mylabl", "myord"]
    counts = value_counts(folder / name, [by_lower[w] for w in wanted])
    for w in wanted:
        got = {canonical_value(k): v for k, v in counts[by_lower[w]].items()}
        assert got == dict(oracle[w]), w


def test_user_missing_values_are_kept_as_codes(testdata: Path) -> None:
    folder = testdata / "spss-stata" / "pyreadstat" / "basic"
    oracle = _oracle(folder / "sample_missing_user.csv", null="#NULL!")
    path = folder / "sample_missing.sav"
    counts = value_counts(path, ["mychar", "mynum", "mylabl", "myord"])
    for name, got in counts.items():
        assert {canonical_value(k): v for k, v in got.items()} == dict(oracle[name]), name
    info = read_microdata_info(path)
    mynum, myord = info.column("mynum"), info.column("myord")
    assert mynum is not None
    assert myord is not None
    assert myord.user_missing == ("-1", "-2", "-3")
    assert mynum.is_missing("2500")
    assert mynum.is_missing("-1")
    assert not mynum.is_missing("1.1")
    assert myord.value_labels == {"-1": "missing", "1": "low", "2": "medium", "3": "high"}


def test_string_user_missing(testdata: Path) -> None:
    folder = testdata / "spss-stata" / "pyreadstat" / "missing_data"
    formatted = _oracle(folder / "missing_char_formatted.csv")["mychar"]
    unformatted = _oracle(folder / "missing_char_unformatted.csv", null="NaN")["mychar"]
    info = read_microdata_info(folder / "missing_char.sav")
    col = info.column("mychar")
    assert col is not None
    assert value_counts(folder / "missing_char.sav", ["mychar"])["mychar"] == dict(formatted)
    # the unformatted oracle shows which stored values are user-missing (read as NaN)
    assert [v for v in formatted if col.is_missing(v)] == [
        v for v in formatted if v not in unformatted
    ]


def test_numeric_user_missing_sav(testdata: Path) -> None:
    folder = testdata / "spss-stata" / "pyreadstat" / "missing_data"
    labeled = _oracle(folder / "missing_sav_labeled.csv")["var1"]
    info = read_microdata_info(folder / "missing_test.sav")
    col = info.column("var1")
    assert col is not None
    assert "missing" in labeled
    assert col.value_labels["1"] == "missing"
    assert col.is_missing("1")
    assert not col.is_missing("2")


def test_stata_extended_missing(testdata: Path) -> None:
    folder = testdata / "spss-stata" / "pyreadstat" / "missing_data"
    oracle = _oracle(folder / "missing_dta_formatted.csv", null="NaN")
    counts = value_counts(folder / "missing_test.dta", [f"var{i}" for i in range(1, 10)])
    for name, got in counts.items():
        expected = {("." + k if k.isalpha() else k): v for k, v in oracle[name].items()}
        assert {canonical_value(k): v for k, v in got.items()} == expected, name
    info = read_microdata_info(testdata / "spss-stata" / "haven" / "stata" / "tagged-na-double.dta")
    col = info.column("x")
    assert col is not None
    assert col.value_labels == {".a": "apple", ".z": ".zebra"}
    assert col.is_missing(".h")
    assert not col.is_missing("5")


def test_non_latin_text(testdata: Path) -> None:
    basic = testdata / "spss-stata" / "pyreadstat" / "basic"
    hebrew = read_microdata_info(basic / "hebrews.sav")
    assert hebrew.file_label == "jamovi data set"
    assert hebrew.row_count == 99
    assert all("HEBREW" in unicodedata.name(ch) for ch in hebrew.names[0] if ch != "_")
    telugu = read_microdata_info(basic / "tegulu.sav")
    text_col = next(c for c in telugu.columns if c.kind == "text")
    (value,) = value_counts(basic / "tegulu.sav", [text_col.name])[text_col.name]
    assert "TELUGU" in unicodedata.name(value[0])


def test_out_of_range_date_is_a_finding_not_a_crash(testdata: Path) -> None:
    path = testdata / "spss-stata" / "haven" / "spss" / "datetime.sav"
    info = read_microdata_info(path)
    assert [[i.code, i.location.column] for i in info.issues] == [
        ["microdata-date-out-of-range", "date.posix"]
    ]
    assert value_counts(path, ["date.posix"])["date.posix"] == {
        "6306150067200": 1,
        "13630867160": 1,
    }


def test_batches_stream_in_chunks(testdata: Path) -> None:
    path = testdata / "spss-stata" / "pyreadstat" / "basic" / "sample_large.sav"
    sizes = [b.num_rows for b in iter_microdata_batches(path, ["mylabl"], batch_rows=100)]
    assert sizes == [100, 100, 100, 100, 85]
    assert read_microdata_info(path).row_count == 485


def test_csv_keeps_leading_zeros_and_counts_empty(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("\ufeffisco,sex\n0110,1\n0110,2\n2211,\n", encoding="utf-8")
    info = read_microdata_info(path)
    assert (info.format, info.names, info.row_count) == (MicrodataFormat.CSV, ("isco", "sex"), 3)
    assert value_counts(path, ["isco", "sex"]) == {
        "isco": {"0110": 2, "2211": 1},
        "sex": {"1": 1, "2": 1, "": 1},
    }
    sizes = [b.num_rows for b in iter_microdata_batches(path, batch_rows=2)]
    assert sizes == [2, 1]


def test_parquet(tmp_path: Path) -> None:
    path = tmp_path / "data.parquet"
    pq.write_table(pa.table({"x": [1.0, 7.0, None, 7.0], "s": ["a", "b", "a", None]}), path)
    info = read_microdata_info(path)
    assert [(c.name, c.kind) for c in info.columns] == [("x", "numeric"), ("s", "text")]
    assert info.row_count == 4
    assert value_counts(path, ["x", "s"]) == {
        "x": {"1": 1, "7": 2, "": 1},
        "s": {"a": 2, "b": 1, "": 1},
    }


def test_value_text() -> None:
    assert [value_text(v) for v in (7.0, 1.5, None, float("nan"), "07", True)] == [
        "7",
        "1.5",
        "",
        "",
        "07",
        "1",
    ]


def test_unreadable_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_microdata_info(tmp_path / "nope.sav")
    broken = tmp_path / "broken.sav"
    broken.write_bytes(b"this is not an SPSS file" * 10)
    with pytest.raises(InputError, match="could not read"):
        read_microdata_info(broken)
    with pytest.raises(InputError, match="could not read"):
        list(iter_microdata_batches(broken))
    with pytest.raises(UnsupportedFormatError):
        read_microdata_info(tmp_path / "data.xlsx")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        read_microdata_info(empty)
    good = tmp_path / "good.csv"
    good.write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(InputError, match="not in the file: b"):
        value_counts(good, ["b"])


def test_stata_float_values_print_as_typed(testdata: Path) -> None:
    haven = testdata / "spss-stata" / "haven"
    stata = value_counts(haven / "iris.dta", ["sepallength"])["sepallength"]
    spss = value_counts(haven / "iris.sav", ["Sepal.Length"])["Sepal.Length"]
    assert stata == spss
    assert stata["5.1"] == 9
