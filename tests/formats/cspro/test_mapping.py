"""CSPro dictionaries mapped onto the domain model: variables, code lists, record groups."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmonise.formats.cspro import read_cspro
from harmonise.model import DataLocation, MissingType, RepresentationKind, Urn

POPSTAN = Path("cspro/popstan-census/Census Dictionary.dcf")
VALUE_PROCESSOR = Path("cspro/csprousers-tests/ValueProcessor.dcf")
TEST_DICT = Path("cspro/csprousers-tests/TestDict.dcf")


@pytest.mark.parametrize(
    ("name", "variables", "first"),
    [
        (POPSTAN, 44, "PROVINCE"),
        (VALUE_PROCESSOR, 7, "ID"),
        (TEST_DICT, 4, "TESTDICT_ID"),
    ],
)
def test_every_item_is_a_variable(testdata: Path, name: Path, variables: int, first: str) -> None:
    package, _ = read_cspro(testdata / name)
    assert (len(package.variables), package.variables[0].name) == (variables, first)
    assert package.study is not None
    assert package.study.urn.version == "1.0.0"


def test_locations_carry_the_record_type(testdata: Path) -> None:
    package, _ = read_cspro(testdata / POPSTAN, study_id="POP", version="2.0.0")
    sex = package.variable("P03_SEX")
    assert sex is not None
    assert sex.location == DataLocation(start=23, end=23, width=1, record_type="PERSON")
    province = package.variable("PROVINCE")
    assert province is not None
    assert province.location is not None
    assert province.location.record_type is None
    assert sex.urn == Urn("org.example.migreg", "POP-P03_SEX", "2.0.0")
    assert sex.code_list == Urn("org.example.migreg", "POP-P03_SEX-CL", "2.0.0")


def test_notappl_blank_is_a_typed_missing_code(testdata: Path) -> None:
    package, _ = read_cspro(testdata / POPSTAN)
    attend = package.variable("P09_ATTEND")
    assert attend is not None
    code_list = package.code_list(attend.code_list)
    assert code_list is not None
    assert [(c.value, c.missing_type) for c in code_list.codes] == [
        ("1", None),
        ("2", None),
        ("9", None),
        ("", MissingType.NOT_APPLICABLE),
    ]


def test_ranges_set_bounds_and_small_labelled_ranges_become_codes(testdata: Path) -> None:
    package, _ = read_cspro(testdata / POPSTAN)
    district = package.variable("DISTRICT")
    assert district is not None
    assert (district.minimum, district.maximum, district.code_list) == (1.0, 18.0, None)
    assert district.representation is RepresentationKind.NUMERIC
    occupation = package.variable("P15_OCC")
    assert occupation is not None
    codes = package.code_list(occupation.code_list)
    assert codes is not None
    assert [(c.value, c.label.best()) for c in codes.codes][2:4] == [
        ("10", "Artist Technical"),
        ("11", "Artist Technical"),
    ]
    building = package.variable("BUILDING")
    assert building is not None
    assert "1:998 Building" in building.notes.best()


def test_special_values_map_to_missing_types(testdata: Path) -> None:
    package, report = read_cspro(testdata / VALUE_PROCESSOR)
    specials = next(cl for cl in package.code_lists if cl.name.endswith("SPECIALS_VS"))
    assert [(c.value, c.missing_type, c.category.description.best()) for c in specials.codes] == [
        ("5", MissingType.NO_RESPONSE, "CSPro special value MISSING"),
        ("6", MissingType.REFUSED, "CSPro special value REFUSED"),
        ("7", MissingType.SYSTEM_MISSING, "CSPro special value DEFAULT"),
        ("8", MissingType.NOT_APPLICABLE, "CSPro special value NOTAPPL"),
    ]
    assert report.flatten(["code", "location.line"]) == [
        ["cspro-duplicate-value", 57],
        ["cspro-duplicate-value", 163],
        ["cspro-duplicate-value", 163],
    ]
    text = package.variable("STRING_LENGTH_08")
    assert text is not None
    text_codes = package.code_list(text.code_list)
    assert text_codes is not None
    assert text_codes.values == ("Yaoundé", "天津", "北京")


def test_record_types_are_record_groups_inside_their_level(testdata: Path) -> None:
    package, _ = read_cspro(testdata / POPSTAN)
    assert package.study is not None
    groups = {g.id: g for g in package.study.groups}
    assert [(g.id, g.type) for g in package.study.groups] == [
        ("VG_PERSON", "record"),
        ("VG_HOUSING", "record"),
        ("VG_QUEST", "other"),
    ]
    assert groups["VG_QUEST"].groups == ("VG_PERSON", "VG_HOUSING")
    assert groups["VG_HOUSING"].variables[0] == "H01_TYPE"
    assert len(groups["VG_PERSON"].variables) == 23


def test_binary_items_are_variables_without_location(testdata: Path) -> None:
    package, _ = read_cspro(testdata / TEST_DICT)
    image = package.variable("TEST_IMAGE")
    assert image is not None
    assert (image.location, image.representation) == (None, RepresentationKind.OTHER)
