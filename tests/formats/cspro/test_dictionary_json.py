"""The CSPro 8 JSON dictionary: the csprousers test dictionaries and broken variants."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harmonise.errors import InputError
from harmonise.formats.cspro import SpecialValue, read_cspro_dictionary

VALUE_PROCESSOR = Path("cspro/csprousers-tests/ValueProcessor.dcf")
TEST_DICT = Path("cspro/csprousers-tests/TestDict.dcf")


def test_relative_positions_are_computed(testdata: Path) -> None:
    d, report = read_cspro_dictionary(testdata / VALUE_PROCESSOR)
    assert report.flatten(["code"]) == []
    assert (d.version, d.form, d.record_type_length) == ("CSPro 8.1", "json", 1)
    assert [(i.name[:20], i.start, i.length) for i in d.items] == [
        ("ID", 2, 1),
        ("INTEGER_LENGTH_01", 3, 1),
        ("INTEGER_LENGTH_15_ZE", 4, 15),
        ("INTEGER_LENGTH_15_ZE", 19, 15),
        ("DECIMAL_LENGTH_05_02", 34, 5),
        ("DECIMAL_LENGTH_05_02", 39, 5),
        ("STRING_LENGTH_08", 44, 8),
    ]
    assert d.record_length(d.records[0]) == 51


def test_decimals_decimal_mark_and_zero_fill(testdata: Path) -> None:
    d, _ = read_cspro_dictionary(testdata / VALUE_PROCESSOR)
    flags = [(i.decimals, i.decimal_char, i.zero_fill) for i in d.items[4:6]]
    assert flags == [(2, True, False), (2, False, True)]


def test_value_sets_discrete_ranges_pairs_and_specials(testdata: Path) -> None:
    d, _ = read_cspro_dictionary(testdata / VALUE_PROCESSOR)
    discretes, ranges, specials = d.items[1].value_sets
    assert [p.low for v in discretes.values for p in v.pairs] == ["2", "3", "5", "5"]
    assert [[(p.low, p.high) for p in v.pairs] for v in ranges.values] == [
        [("2", "4")],
        [("3", "5")],
        [("4", None), ("7", None)],
    ]
    assert [(v.special, v.pairs[0].low) for v in specials.values] == [
        (SpecialValue.MISSING, "5"),
        (SpecialValue.REFUSED, "6"),
        (SpecialValue.DEFAULT, "7"),
        (SpecialValue.NOTAPPL, "8"),
    ]
    text = d.items[-1].value_sets[0].values
    assert [p.low for v in text for p in v.pairs] == ["Yaoundé", "Yaoundé", "天津", "天津", "北京"]


def test_binary_items_have_no_position(testdata: Path) -> None:
    d, report = read_cspro_dictionary(testdata / TEST_DICT)
    assert report.flatten(["code"]) == []
    assert [(i.name, i.data_type, i.start) for i in d.records[0].items] == [
        ("TEST_ITEM", "alpha", 5),
        ("TEST_IMAGE", "image", None),
        ("TEST_DOCUMENT", "document", None),
    ]
    assert (d.records[0].max_records, d.record_length(d.records[0])) == (9999, 34)


def test_invalid_json_is_an_input_error_with_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.dcf"
    path.write_text('{\n  "software": "CSPro",\n  "levels": [\n}\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_cspro_dictionary(path)
    assert info.value.line == 4


def _dictionary(items: list[dict[str, object]]) -> dict[str, object]:
    return {
        "software": "CSPro",
        "version": 8.0,
        "fileType": "dictionary",
        "name": "BROKEN_DICT",
        "recordType": {"start": 1, "length": 1},
        "levels": [
            {
                "name": "LEVEL",
                "ids": {
                    "items": [{"name": "ID", "contentType": "numeric", "start": 2, "length": 2}]
                },
                "records": [
                    {
                        "name": "REC",
                        "recordType": "1",
                        "occurrences": {"required": True, "maximum": 1},
                        "length": 8,
                        "items": items,
                    }
                ],
            }
        ],
    }


def test_wrong_shapes_are_findings_and_the_rest_reads(tmp_path: Path) -> None:
    items: list[dict[str, object]] = [
        {"name": "A", "contentType": "numeric", "length": "two"},
        {"name": "B", "contentType": "numeric", "length": 2, "valueSets": "none"},
        {
            "name": "C",
            "contentType": "numeric",
            "length": 2,
            "valueSets": [
                {"name": "C_VS", "values": [{"special": "SKIPPED", "pairs": [{"value": "9"}]}]}
            ],
        },
        {"name": "D", "contentType": "numeric", "start": 8, "length": 2},
    ]
    path = tmp_path / "shapes.dcf"
    path.write_text(json.dumps(_dictionary(items), indent=2), encoding="utf-8")
    d, report = read_cspro_dictionary(path)
    lines = path.read_text(encoding="utf-8").splitlines()

    def line_of(name: str) -> int:
        return lines.index(f'              "name": "{name}",') + 1

    assert report.flatten(["code", "location.line"]) == [
        ["cspro-dictionary-invalid-number", line_of("A")],
        ["cspro-dictionary-invalid-number", line_of("A")],
        ["cspro-dictionary-structure", line_of("B")],
        ["cspro-dictionary-syntax", lines.index('                  "name": "C_VS",') + 1],
        ["cspro-item-beyond-record", line_of("D")],
    ]
    assert [i.name for i in d.records[0].items] == ["B", "C", "D"]


def test_a_json_file_that_is_not_a_dictionary(tmp_path: Path) -> None:
    path = tmp_path / "app.dcf"
    path.write_text('{"software": "CSPro", "fileType": "application"}', encoding="utf-8")
    with pytest.raises(InputError):
        read_cspro_dictionary(path)
    path.write_text("[1, 2, 3]", encoding="utf-8")
    with pytest.raises(InputError):
        read_cspro_dictionary(path)
