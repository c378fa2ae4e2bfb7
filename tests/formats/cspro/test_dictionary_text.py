"""The classic (INI-style) CSPro dictionary: the Popstan census and small broken dictionaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmonise.errors import InputError
from harmonise.formats.cspro import SpecialValue, read_cspro_dictionary

POPSTAN = Path("cspro/popstan-census/Census Dictionary.dcf")

HEADER = """[Dictionary]
Version=CSPro 7.2
Label=Small
Name=SMALL
RecordTypeStart=1
RecordTypeLen=1
Positions=Relative
ZeroFill=Yes
DecimalChar=No

[Level]
Label=Household
Name=HH_LEVEL

[IdItems]

[Item]
Label=Household id
Name=HHID
Start=2
Len=3
ZeroFill=Yes
"""

RECORD = """
[Record]
Label=Person
Name=PERSON
RecordTypeValue='1'
Required=No
MaxRecords=20
RecordLen=10
"""


def write(tmp_path: Path, text: str, name: str = "dict.dcf", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def item(name: str, start: int, length: int, extra: str = "") -> str:
    return f"\n[Item]\nLabel={name.title()}\nName={name}\nStart={start}\nLen={length}\n{extra}"


def test_popstan_levels_records_and_items(testdata: Path) -> None:
    d, report = read_cspro_dictionary(testdata / POPSTAN)
    assert report.flatten(["code"]) == []
    assert (d.name, d.version, d.record_type_start, d.record_type_length) == (
        "CEN2000",
        "CSPro 7.2",
        1,
        1,
    )
    assert [lv.name for lv in d.levels] == ["QUEST"]
    assert [i.name for i in d.levels[0].id_items][:3] == ["PROVINCE", "DISTRICT", "VILLAGE"]
    person, housing = d.records
    assert (person.name, person.type_value, person.required, person.max_records) == (
        "PERSON",
        "1",
        False,
        30,
    )
    assert (person.record_length, housing.record_length, housing.max_records) == (49, 38, 1)
    assert len(d.items) == 44
    assert sum(len(i.value_sets) for i in d.items) == 47


def test_popstan_value_sets_ranges_specials_and_subitems(testdata: Path) -> None:
    d, _ = read_cspro_dictionary(testdata / POPSTAN)
    items = {i.name: i for i in d.items}
    district = items["DISTRICT"].value_sets[0].values
    assert [(p.low, p.high) for v in district for p in v.pairs] == [("1", "18")]
    age = items["P04_AGE"]
    assert [vs.name for vs in age.value_sets] == [
        "P04_AGE_VS1",
        "P04_AGE_VS2",
        "P04_AGE_VS3",
        "AGG_10_5",
    ]
    attend = items["P09_ATTEND"].value_sets[0].values
    assert [(v.pairs[0].low, v.special) for v in attend][-1] == (" ", SpecialValue.NOTAPPL)
    occ = items["P15A_OCC"]
    assert (occ.subitem, occ.parent, occ.start, occ.length) == (True, "P15_OCC", 39, 1)


def test_bom_and_crlf_read_like_plain_text(tmp_path: Path) -> None:
    text = (
        HEADER + RECORD + item("AGE", 5, 2) + "\n[ValueSet]\nLabel=Age\nName=AGE_VS\nValue=0:98\n"
    )
    plain, plain_report = read_cspro_dictionary(write(tmp_path, text, "plain.dcf"))
    crlf = "\ufeff" + text.replace("\n", "\r\n")
    other, other_report = read_cspro_dictionary(write(tmp_path, crlf, "crlf.dcf"))
    assert (plain_report.flatten(["code"]), other_report.flatten(["code"])) == ([], [])
    assert [(i.name, i.start, i.length) for i in other.items] == [
        (i.name, i.start, i.length) for i in plain.items
    ]
    assert other.items[-1].value_sets[0].values[0].pairs[0].high == "98"


def test_item_beyond_record_length_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, HEADER + RECORD + item("AGE", 5, 2) + item("NAME", 7, 8, "DataType=Alpha\n")
    )
    _, report = read_cspro_dictionary(path)
    line = path.read_text().splitlines().index("Name=NAME") - 1  # the [Item] line
    assert report.flatten(["code", "location.line"]) == [["cspro-item-beyond-record", line]]


def test_overlapping_items_are_reported(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + RECORD + item("AGE", 5, 3) + item("SEX", 7, 1))
    _, report = read_cspro_dictionary(path)
    assert report.flatten(["code", "message"]) == [
        ["cspro-item-overlap", "item SEX (7-7) overlaps item AGE (ends at 7) in record PERSON"]
    ]


def test_item_over_the_id_items_is_an_overlap(tmp_path: Path) -> None:
    _, report = read_cspro_dictionary(write(tmp_path, HEADER + RECORD + item("AGE", 3, 2)))
    assert report.flatten(["code"]) == ["cspro-item-overlap"]


def test_broken_lines_are_findings_and_the_rest_still_reads(tmp_path: Path) -> None:
    text = (
        HEADER
        + RECORD
        + item("AGE", 5, 2)
        + "this line has no equals sign\n"
        + item("SEX", 7, "x")  # type: ignore[arg-type]
        + item("ED", 8, 1)
        + "\n[ValueSet]\nLabel=Ed\nName=ED_VS\nValue=1;Primary\nName=SOMETIMES,Special\n"
    )
    path = write(tmp_path, text)
    d, report = read_cspro_dictionary(path)
    lines = path.read_text().splitlines()
    assert report.flatten(["code", "location.line"]) == [
        ["cspro-dictionary-syntax", lines.index("this line has no equals sign") + 1],
        ["cspro-dictionary-syntax", lines.index("Name=SOMETIMES,Special") + 1],
        ["cspro-dictionary-invalid-number", lines.index("Len=x") + 1],
        ["cspro-dictionary-invalid-number", lines.index("Name=SEX") - 1],
    ]
    assert [i.name for i in d.items] == ["HHID", "AGE", "ED"]


def test_not_a_dictionary_is_an_input_error_with_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_cspro_dictionary(write(tmp_path, "[Record]\nName=X\n"))
    assert (info.value.line, "not [Dictionary]" in info.value.message) == (1, True)
    with pytest.raises(InputError):
        read_cspro_dictionary(write(tmp_path, "hello world\n", "other.dcf"))
    with pytest.raises(InputError):
        read_cspro_dictionary(tmp_path / "missing.dcf")


def test_multilingual_labels_follow_the_languages_section(tmp_path: Path) -> None:
    text = HEADER.replace("Label=Small", "Label=Small|Pequeño").replace(
        "[Level]", "[Languages]\nEN=English\nES=Español\n\n[Level]"
    )
    text += (
        RECORD
        + item("SEX", 5, 1)
        + ("\n[ValueSet]\nLabel=Sex|Sexo\nName=SEX_VS\nValue=1;Male|Hombre\nValue=2;Female|Mujer\n")
    )
    d, report = read_cspro_dictionary(write(tmp_path, text))
    assert report.flatten(["code"]) == []
    assert d.languages == ("en", "es")
    assert d.label.root == {"en": "Small", "es": "Pequeño"}
    assert d.items[-1].value_sets[0].values[1].label.root == {"en": "Female", "es": "Mujer"}


def test_occurrences_and_relative_positions_without_start(tmp_path: Path) -> None:
    text = (
        HEADER
        + RECORD.replace("RecordLen=10", "RecordLen=20")
        + "\n[Item]\nLabel=Crops\nName=CROP\nLen=2\nOccurrences=3\n"
        + "\n[Item]\nLabel=Area\nName=AREA\nLen=4\nDecimal=1\n"
    )
    d, report = read_cspro_dictionary(write(tmp_path, text))
    assert report.flatten(["code"]) == []
    crop, area = d.records[0].items
    assert (crop.start, crop.end, crop.column_names) == (5, 10, ("CROP_1", "CROP_2", "CROP_3"))
    assert (area.start, area.decimals) == (11, 1)


def test_ansi_dictionary_is_decoded_as_windows_1252(tmp_path: Path) -> None:
    text = HEADER.replace("Label=Small", "Label=Población") + RECORD + item("SEX", 5, 1)
    d, _ = read_cspro_dictionary(write(tmp_path, text, encoding="cp1252"))
    assert d.label.best() == "Población"


def test_overlapping_id_items_are_reported_once_for_all_records(tmp_path: Path) -> None:
    ids = HEADER + item("LINE", 4, 2)  # HHID is 2-4
    second = RECORD.replace("Name=PERSON", "Name=OTHER").replace("'1'", "'2'")
    _, report = read_cspro_dictionary(write(tmp_path, ids + RECORD + item("AGE", 6, 2) + second))
    assert report.flatten(["code", "message"]) == [
        ["cspro-item-overlap", "item LINE (4-5) overlaps item HHID (ends at 4) in record PERSON"]
    ]


def test_items_beyond_cspro_limits_are_skipped(tmp_path: Path) -> None:
    huge = item("CROPS", 5, 2, "Occurrences=1000000000\n") + item("NOTES", 7, 99999999)
    d, report = read_cspro_dictionary(write(tmp_path, HEADER + RECORD + huge + item("SEX", 7, 1)))
    assert report.flatten(["code"]) == ["cspro-dictionary-limit", "cspro-dictionary-limit"]
    assert [i.name for i in d.records[0].items] == ["SEX"]
