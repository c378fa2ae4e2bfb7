"""CSPro fixed-width data read through its dictionary: Popstan and small hand-made files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harmonise.errors import InputError
from harmonise.formats.cspro import read_cspro_dictionary
from harmonise.formats.cspro.data import MAX_FINDINGS_PER_KIND, read_cspro_data

POPSTAN_DCF = Path("cspro/popstan-census/Census Dictionary.dcf")
POPSTAN_DAT = Path("cspro/popstan-census/Popstan Census.dat")

SMALL = """[Dictionary]
Version=CSPro 7.2
Label=Small
Name=SMALL
RecordTypeStart=1
RecordTypeLen=1
Positions=Absolute
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

[Record]
Label=Person
Name=PERSON
RecordTypeValue='P'
Required=No
MaxRecords=20
RecordLen=25

[Item]
Label=Name
Name=NAME
Start=5
Len=8
DataType=Alpha

[Item]
Label=Age
Name=AGE
Start=13
Len=2

[ValueSet]
Label=Age
Name=AGE_VS
Value=0:97
Value=98;Don't know
Name=MISSING,Special

[Item]
Label=Income
Name=INCOME
Start=15
Len=5
Decimal=2

[Item]
Label=Weight
Name=WEIGHT
Start=20
Len=6
Decimal=2
DecimalChar=Yes

[Record]
Label=Housing
Name=HOUSING
RecordTypeValue='H'
RecordLen=6

[Item]
Label=Rooms
Name=ROOMS
Start=5
Len=2
"""

LINES = [
    "H00104",
    "P001Yaoundé 3512345 12.50",
    "P001天津      0700150  1.25",
    "P001Ana     98",
    "H00212",
    "P002Bob     4110000 99.99",
]


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.dcf"
    path.write_text(SMALL, encoding="utf-8")
    return path


def write_lines(tmp_path: Path, lines: list[str], *, ending: str = "\n", bom: bool = False) -> Path:
    path = tmp_path / "data.dat"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + ending.join(lines).encode() + b"\n")
    return path


def test_popstan_reads_completely_with_counts_per_record_type(testdata: Path) -> None:
    dictionary, _ = read_cspro_dictionary(testdata / POPSTAN_DCF)
    data, report = read_cspro_data(testdata / POPSTAN_DAT, dictionary)
    raw = (testdata / POPSTAN_DAT).read_text(encoding="ascii").splitlines()
    by_type = Counter(line[0] for line in raw if line)
    assert data.counts == {"PERSON": by_type["1"], "HOUSING": by_type["2"]}
    assert data.lines == len(raw)
    assert set(report.flatten(["code"])) == {"cspro-value-outside-value-set"}


def test_popstan_columns_match_a_plain_slicer(testdata: Path) -> None:
    dictionary, _ = read_cspro_dictionary(testdata / POPSTAN_DCF)
    data, _ = read_cspro_data(testdata / POPSTAN_DAT, dictionary)
    raw = (testdata / POPSTAN_DAT).read_text(encoding="ascii").splitlines()
    persons = [line.ljust(49) for line in raw if line.startswith("1")]
    table = data.tables["PERSON"]
    assert table.column("PROVINCE").to_pylist() == [line[1:3] for line in persons]
    ages = [int(line[23:25]) if line[23:25].strip() else None for line in persons]
    assert table.column("P04_AGE").to_pylist() == ages
    occupation = [int(line[38:40]) if line[38:40].strip() else None for line in persons]
    assert table.column("P15_OCC").to_pylist() == occupation
    assert table.column("_line").to_pylist()[:3] == [1, 2, 3]


def test_alpha_positions_count_characters_not_bytes(small: Path, tmp_path: Path) -> None:
    dictionary, _ = read_cspro_dictionary(small)
    data, report = read_cspro_data(write_lines(tmp_path, LINES), dictionary)
    assert report.flatten(["code"]) == []
    person = data.tables["PERSON"]
    assert person.column("NAME").to_pylist() == ["Yaoundé", "天津", "Ana", "Bob"]
    assert person.column("AGE").to_pylist() == [35, 7, 98, 41]


def test_implied_decimals_and_decimal_mark(small: Path, tmp_path: Path) -> None:
    dictionary, _ = read_cspro_dictionary(small)
    data, _ = read_cspro_data(write_lines(tmp_path, LINES), dictionary)
    person = data.tables["PERSON"]
    assert person.column("INCOME").to_pylist() == [123.45, 1.5, None, 100.0]
    assert person.column("WEIGHT").to_pylist() == [12.5, 1.25, None, 99.99]
    assert person.column("HHID").to_pylist() == ["001", "001", "001", "002"]
    assert data.tables["HOUSING"].column("ROOMS").to_pylist() == [4, 12]


def test_crlf_and_bom_read_like_plain_lines(small: Path, tmp_path: Path) -> None:
    dictionary, _ = read_cspro_dictionary(small)
    plain, _ = read_cspro_data(write_lines(tmp_path, LINES), dictionary)
    other, report = read_cspro_data(
        write_lines(tmp_path, LINES, ending="\r\n", bom=True), dictionary
    )
    assert report.flatten(["code"]) == []
    assert other.tables["PERSON"].equals(plain.tables["PERSON"])
    assert other.tables["HOUSING"].equals(plain.tables["HOUSING"])


def test_small_blocks_give_the_same_tables(small: Path, tmp_path: Path) -> None:
    dictionary, _ = read_cspro_dictionary(small)
    path = write_lines(tmp_path, LINES * 50)
    whole, _ = read_cspro_data(path, dictionary)
    pieces, _ = read_cspro_data(path, dictionary, block_bytes=37)
    assert pieces.tables["PERSON"].equals(whole.tables["PERSON"])
    assert pieces.counts == {"PERSON": 200, "HOUSING": 100}


def test_bad_lines_are_findings_with_lines_and_the_rest_reads(small: Path, tmp_path: Path) -> None:
    lines = [
        "H00104",
        "X001 what is this",
        "P001Eve     3A00100",
        "P001Joe     99",
        "H0030123",
        "P004Kim     20",
    ]
    dictionary, _ = read_cspro_dictionary(small)
    data, report = read_cspro_data(write_lines(tmp_path, lines), dictionary)
    assert report.flatten(["code", "location.line"]) == [
        ["cspro-data-unknown-record-type", 2],
        ["cspro-data-invalid-number", 3],
        ["cspro-value-outside-value-set", 4],
        ["cspro-data-line-too-long", 5],
        ["cspro-data-required-record-missing", 6],  # questionnaire 004 has no HOUSING
    ]
    assert data.counts == {"PERSON": 3, "HOUSING": 2}
    assert data.tables["PERSON"].column("AGE").to_pylist() == [None, 99, 20]


def test_repeated_findings_are_capped_with_a_count(small: Path, tmp_path: Path) -> None:
    dictionary, _ = read_cspro_dictionary(small)
    lines = ["P001Old     99"] * 12
    _, report = read_cspro_data(write_lines(tmp_path, lines), dictionary)
    expected = [["cspro-value-outside-value-set", n] for n in range(1, MAX_FINDINGS_PER_KIND + 1)]
    assert report.flatten(["code", "location.line"]) == [
        *expected,
        ["cspro-data-required-record-missing", 1],
        ["cspro-value-outside-value-set", None],
    ]
    assert "12 in all" in report.issues[-1].message


def test_invalid_utf8_line_is_reported_and_replaced(small: Path, tmp_path: Path) -> None:
    dictionary, _ = read_cspro_dictionary(small)
    path = tmp_path / "latin1.dat"
    path.write_bytes(b"P001Jos\xe9    20\nH00104\n")
    data, report = read_cspro_data(path, dictionary)
    assert report.flatten(["code", "location.line"]) == [["cspro-data-not-utf8", 1]]
    assert data.tables["PERSON"].column("NAME").to_pylist() == ["Jos\ufffd"]
    assert data.counts == {"PERSON": 1, "HOUSING": 1}


def test_binary_data_file_is_an_input_error(small: Path, tmp_path: Path) -> None:
    dictionary, _ = read_cspro_dictionary(small)
    path = tmp_path / "data.csdb"
    path.write_bytes(b"SQLite format 3\x00" + bytes(100))
    with pytest.raises(InputError):
        read_cspro_data(path, dictionary)
    with pytest.raises(InputError):
        read_cspro_data(tmp_path / "missing.dat", dictionary)


REPEATED = """[Dictionary]
Version=CSPro 7.2
Label=Farm
Name=FARM
RecordTypeStart=1
RecordTypeLen=1
Positions=Relative
ZeroFill=Yes
DecimalChar=No

[Level]
Label=Holding
Name=HOLDING

[IdItems]

[Item]
Label=Holding id
Name=FARMID
Start=2
Len=2

[Record]
Label=Crops
Name=CROPS
RecordTypeValue='C'
RecordLen=16

[Item]
Label=Crop code
Name=CROP
Start=4
Len=3
Occurrences=3

[Item]
Label=Crop group
Name=CROP_GROUP
Start=4
Len=1
ItemType=SubItem

[Item]
Label=Plots
Name=PLOTS
Start=13
Len=4
"""


def test_occurrences_and_subitems_become_columns(tmp_path: Path) -> None:
    dcf = tmp_path / "farm.dcf"
    dcf.write_text(REPEATED, encoding="utf-8")
    dictionary, report = read_cspro_dictionary(dcf)
    assert report.flatten(["code"]) == []
    data, findings = read_cspro_data(
        write_lines(tmp_path, ["C01101205   0012", "C02300"]), dictionary
    )
    assert findings.flatten(["code"]) == []
    table = data.tables["CROPS"]
    assert table.column_names == [
        "_line",
        "FARMID",
        "CROP_1",
        "CROP_2",
        "CROP_3",
        "CROP_GROUP",
        "PLOTS",
    ]
    assert table.to_pylist()[0] == {
        "_line": 1,
        "FARMID": "01",
        "CROP_1": 101,
        "CROP_2": 205,
        "CROP_3": None,
        "CROP_GROUP": 1,
        "PLOTS": 12,
    }
    assert table.column("CROP_1").to_pylist() == [101, 300]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    fields=st.lists(
        st.tuples(
            st.text(alphabet="0123456789 -x", min_size=2, max_size=2),
            st.text(alphabet="0123456789 -.", min_size=5, max_size=5),
            st.text(alphabet="0123456789 ", min_size=6, max_size=6),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_byte_matrix_and_text_paths_agree(
    small: Path, tmp_path: Path, fields: list[tuple[str, str, str]]
) -> None:
    dictionary, _ = read_cspro_dictionary(small)
    lines = [f"P001{'Name':<8}{age}{income}{weight}" for age, income, weight in fields]
    ascii_only, ascii_report = read_cspro_data(write_lines(tmp_path, lines), dictionary)
    # one non-ASCII line sends the whole block through the Arrow text path
    mixed, mixed_report = read_cspro_data(write_lines(tmp_path, [*lines, "P999Zoë"]), dictionary)
    n = len(lines)
    assert mixed.tables["PERSON"].slice(0, n).equals(ascii_only.tables["PERSON"])
    spec = ["code", "location.line", "message"]
    # the same findings, bar those about questionnaire 999 (found in another order: a
    # questionnaire is judged when the next one starts or the file ends)
    mixed_findings = sorted((f for f in mixed_report.flatten(spec) if f[1] != n + 1), key=str)
    assert mixed_findings == sorted(ascii_report.flatten(spec), key=str)


@pytest.mark.parametrize("block_bytes", [37, 1 << 20])
def test_record_counts_per_questionnaire(tmp_path: Path, block_bytes: int) -> None:
    dcf = tmp_path / "two.dcf"
    dcf.write_text(SMALL.replace("MaxRecords=20", "MaxRecords=2"), encoding="utf-8")
    dictionary, _ = read_cspro_dictionary(dcf)
    lines = [
        "H00104",
        "P001Ana     30",
        "P002Bob     41",  # questionnaire 002 has no HOUSING record
        "H00301",
        "P003Cy      20",
        "P003Di      21",
        "P003Ed      22",  # a third PERSON record where at most two are allowed
        "H00402",
    ]
    _, report = read_cspro_data(write_lines(tmp_path, lines), dictionary, block_bytes=block_bytes)
    assert report.flatten(["code", "location.line"]) == [
        ["cspro-data-required-record-missing", 3],
        ["cspro-data-too-many-records", 4],
    ]
