"""Importing CSPro dictionaries and data into the registry as DDI-C 2.5 study versions."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from harmonise.cli.main import cli
from harmonise.errors import InputError
from harmonise.formats.ddi_codebook import read_ddi_codebook
from harmonise.formats.xsd import schema_errors
from harmonise.model import MissingType
from harmonise.services.cspro_import import (
    CsproImportResult,
    build_cspro_package,
    import_cspro,
    next_version,
)

POPSTAN_DCF = Path("cspro/popstan-census/Census Dictionary.dcf")
POPSTAN_DAT = Path("cspro/popstan-census/Popstan Census.dat")
DICTIONARIES = [
    POPSTAN_DCF,
    Path("cspro/csprousers-tests/ValueProcessor.dcf"),
    Path("cspro/csprousers-tests/TestDict.dcf"),
]


@pytest.fixture(scope="module")
def popstan_import(
    testdata: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, CsproImportResult]:
    registry = tmp_path_factory.mktemp("registry")
    result = import_cspro(
        testdata / POPSTAN_DCF,
        registry_dir=registry,
        data_path=testdata / POPSTAN_DAT,
        study_id="POPSTAN",
    )
    return registry, result


@pytest.mark.parametrize("name", DICTIONARIES, ids=lambda p: p.name)
def test_every_dictionary_imports_as_a_valid_codebook(
    testdata: Path, schemas: Path, tmp_path: Path, name: Path
) -> None:
    result = import_cspro(testdata / name, registry_dir=tmp_path)
    assert result.codebook is not None
    errors = schema_errors(
        result.codebook.read_bytes(), schemas / "ddi-codebook-2.5" / "codebook.xsd"
    )
    assert errors == []


def test_popstan_with_data_is_valid_and_counts_records(
    popstan_import: tuple[Path, CsproImportResult], schemas: Path
) -> None:
    registry, result = popstan_import
    codebook = registry / "studies" / "POPSTAN" / "1.0.0" / "codebook.xml"
    assert result.codebook == codebook
    assert result.record_counts == {"PERSON": 24271, "HOUSING": 4872}
    assert schema_errors(codebook.read_bytes(), schemas / "ddi-codebook-2.5" / "codebook.xsd") == []


def test_frequencies_match_an_independent_count(
    popstan_import: tuple[Path, CsproImportResult], testdata: Path
) -> None:
    registry, _ = popstan_import
    raw = (testdata / POPSTAN_DAT).read_text(encoding="ascii").splitlines()
    persons = [line.ljust(49) for line in raw if line.startswith("1")]
    sex = Counter(line[22] for line in persons)
    attend = Counter(line[31].strip() for line in persons)
    package, _ = read_ddi_codebook(registry / "studies" / "POPSTAN" / "1.0.0" / "codebook.xml")
    v_sex = package.variable("P03_SEX")
    v_attend = package.variable("P09_ATTEND")
    assert v_sex is not None
    assert v_attend is not None
    assert (v_sex.frequency("1"), v_sex.frequency("2")) == (sex["1"], sex["2"])
    assert (v_attend.frequency("1"), v_attend.frequency("9")) == (attend["1"], attend["9"])
    assert v_attend.statistics.invalid == attend[""]
    assert v_attend.statistics.valid == len(persons) - attend[""]


def test_summary_statistics_of_a_numeric_item(testdata: Path) -> None:
    result = build_cspro_package(testdata / POPSTAN_DCF, data_path=testdata / POPSTAN_DAT)
    raw = (testdata / POPSTAN_DAT).read_text(encoding="ascii").splitlines()
    ages = [int(line[23:25]) for line in raw if line.startswith("1")]
    age = result.package.variable("P04_AGE")
    assert age is not None
    stats = age.statistics
    assert (stats.minimum, stats.maximum, stats.valid) == (min(ages), max(ages), len(ages))
    assert stats.mean == pytest.approx(sum(ages) / len(ages))


def test_missing_types_survive_the_codebook_round_trip(
    popstan_import: tuple[Path, CsproImportResult],
) -> None:
    registry, _ = popstan_import
    package, _ = read_ddi_codebook(registry / "studies" / "POPSTAN" / "1.0.0" / "codebook.xml")
    attend = package.variable("P09_ATTEND")
    assert attend is not None
    codes = package.code_list(attend.code_list)
    assert codes is not None
    assert [(c.value, c.missing_type) for c in codes.missing_codes] == [
        ("", MissingType.NOT_APPLICABLE)
    ]


def test_urns_survive_the_codebook_round_trip(
    popstan_import: tuple[Path, CsproImportResult],
) -> None:
    registry, result = popstan_import
    package, _ = read_ddi_codebook(registry / "studies" / "POPSTAN" / "1.0.0" / "codebook.xml")
    original = result.package
    assert [v.urn for v in package.variables] == [v.urn for v in original.variables]
    sex = package.variable("P03_SEX")
    assert sex is not None
    assert sex.location is not None
    assert (sex.location.start, sex.location.end) == (23, 23)


def test_existing_versions_are_never_overwritten(testdata: Path, tmp_path: Path) -> None:
    dcf = testdata / DICTIONARIES[1]
    first = import_cspro(dcf, registry_dir=tmp_path, study_id="VP")
    second = import_cspro(dcf, registry_dir=tmp_path, study_id="VP")
    assert (first.version, second.version) == ("1.0.0", "1.1.0")
    assert next_version(tmp_path / "studies" / "VP") == "1.2.0"
    before = (tmp_path / "studies" / "VP" / "1.0.0" / "codebook.xml").read_bytes()
    with pytest.raises(InputError, match="exists already"):
        import_cspro(dcf, registry_dir=tmp_path, study_id="VP", version="1.0.0")
    with pytest.raises(InputError, match="not a version"):
        import_cspro(dcf, registry_dir=tmp_path, study_id="VP", version="v2")
    assert (tmp_path / "studies" / "VP" / "1.0.0" / "codebook.xml").read_bytes() == before


def test_cli_imports_and_says_what_it_did(testdata: Path, tmp_path: Path) -> None:
    args = [
        "import",
        "cspro",
        str(testdata / POPSTAN_DCF),
        "--data",
        str(testdata / POPSTAN_DAT),
        "--study",
        "POP-2000",
        "--registry",
        str(tmp_path),
        "--kind",
        "census",
    ]
    outcome = CliRunner().invoke(cli, args)
    assert outcome.exit_code == 0, outcome.output
    assert "29,143 records (PERSON 24,271, HOUSING 4,872)" in outcome.output
    assert f"wrote {tmp_path / 'studies' / 'POP-2000' / '1.0.0' / 'codebook.xml'}" in outcome.output


def test_cli_rejects_a_file_that_is_not_a_dictionary(tmp_path: Path) -> None:
    bad = tmp_path / "notes.dcf"
    bad.write_text("just some notes\n", encoding="utf-8")
    outcome = CliRunner().invoke(cli, ["import", "cspro", str(bad), "--registry", str(tmp_path)])
    assert outcome.exit_code == 2
    assert not (tmp_path / "studies").exists()


def test_cli_exits_1_when_the_import_has_error_findings(testdata: Path, tmp_path: Path) -> None:
    text = (testdata / POPSTAN_DCF).read_text(encoding="utf-8-sig")
    assert "\nName=PROV_VS1\n" in text
    duplicate = tmp_path / "duplicate-name.dcf"
    renamed = text.replace("\nName=PROV_VS1\n", "\nName=PROVINCE\n", 1)
    duplicate.write_text(renamed, encoding="utf-8")
    registry = tmp_path / "registry"
    args = ["import", "cspro", "--registry", str(registry), "--study", "DUP"]
    outcome = CliRunner().invoke(cli, [*args, str(duplicate)])
    assert outcome.exit_code == 1, outcome.output
    assert "cspro-duplicate-name" in outcome.output
    assert (registry / "studies" / "DUP" / "1.0.0" / "codebook.xml").is_file()


def test_cli_exits_0_for_a_clean_dictionary(testdata: Path, tmp_path: Path) -> None:
    args = ["import", "cspro", "--registry", str(tmp_path), str(testdata / POPSTAN_DCF)]
    outcome = CliRunner().invoke(cli, args)
    assert outcome.exit_code == 0, outcome.output
    assert "findings: 0 errors" in outcome.output
