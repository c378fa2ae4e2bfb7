"""Format detection and read_metadata dispatch (formats.detect)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmonise.errors import InputError, UnsupportedFormatError
from harmonise.formats import detect
from harmonise.formats.detect import describe_format, detect_format, read_metadata
from harmonise.model import SourceFormat


@pytest.mark.parametrize(
    ("name", "expected", "version"),
    [
        ("ddi-codebook-2.5/cessda/fsd-3307.xml", SourceFormat.DDI_CODEBOOK_2_5, "2.5"),
        ("ddi-codebook-2.5/cessda/fsd-3307-oaipmh.xml", SourceFormat.DDI_CODEBOOK_2_5, "2.5"),
        (
            "ddi-codebook-1.2.2/ihsn-nada/ag-eth-survey-2003_ddi.xml",
            SourceFormat.DDI_CODEBOOK_LEGACY,
            "1.2.2",
        ),
        ("ddi-lifecycle-3.2/cessda/gesis-2800.xml", SourceFormat.DDI_LIFECYCLE_3_2, "3.2"),
        (
            "ddi-lifecycle-3.3/insee-eno/ddi-lqnje8yr_ehis-2025.xml",
            SourceFormat.DDI_LIFECYCLE_3_3,
            "3.3",
        ),
        ("sdmx/ESTAT_CL_FREQ.xml", SourceFormat.OTHER, None),
        ("spss-stata/pyreadstat/basic/sample.sav", SourceFormat.SPSS, None),
        ("cspro/popstan-census/Census Dictionary.dcf", SourceFormat.CSPRO, None),
    ],
)
def test_detects_real_files(
    testdata: Path, name: str, expected: SourceFormat, version: str | None
) -> None:
    info = describe_format(testdata / name)
    assert (info.format, info.version) == (expected, version)
    assert detect_format(testdata / name) is expected


def test_no_namespace_codebook(tmp_path: Path) -> None:
    path = tmp_path / "old.xml"
    path.write_text('<codeBook version="1.0"><stdyDscr/></codeBook>', encoding="utf-8")
    assert detect_format(path) is SourceFormat.DDI_CODEBOOK_NO_NAMESPACE


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        detect_format(tmp_path / "absent.xml")


def test_read_metadata_reads_ddi_codebook(testdata: Path) -> None:
    package, report = read_metadata(testdata / "ddi-codebook-2.5/cessda/fsd-3307.xml")
    assert package.counts()["variables"] == 78
    assert report.errors == ()


def test_read_metadata_reads_ddi_lifecycle_when_available(testdata: Path) -> None:
    if detect.lifecycle_reader() is None:
        pytest.skip("the DDI-L reader is not part of this build")
    package, _report = read_metadata(
        testdata / "ddi-lifecycle-3.3/insee-eno/ddi-lqnje8yr_ehis-2025.xml"
    )
    assert package.source_format is SourceFormat.DDI_LIFECYCLE_3_3
    assert package.variables


def test_read_metadata_says_when_ddi_lifecycle_is_not_readable(
    testdata: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(detect, "lifecycle_reader", lambda: None)
    with pytest.raises(UnsupportedFormatError, match=r"DDI-Lifecycle 3\.3, which harmonise cannot"):
        read_metadata(testdata / "ddi-lifecycle-3.3/insee-eno/ddi-lqnje8yr_ehis-2025.xml")


def test_read_metadata_refuses_non_ddi(testdata: Path) -> None:
    with pytest.raises(UnsupportedFormatError, match="root element is 'Structure'"):
        read_metadata(testdata / "sdmx/ESTAT_CL_FREQ.xml")


def test_read_metadata_explains_empty_oaipmh(testdata: Path) -> None:
    with pytest.raises(InputError, match="holds no codeBook"):
        read_metadata(testdata / "ddi-codebook-2.5/cessda/oaipmh-missing-metadata.xml")


def test_read_metadata_routes_cspro_dictionaries(testdata: Path) -> None:
    package, report = read_metadata(testdata / "cspro/popstan-census/Census Dictionary.dcf")
    assert (package.source_format, report.errors) == (SourceFormat.CSPRO, ())
    assert package.counts()["variables"] > 0
