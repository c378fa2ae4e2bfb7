"""The synthetic microdata: frequencies match the codebooks, documented defects, determinism."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from harmonise.formats.microdata import read_microdata_info, value_counts
from harmonise.model import MetadataPackage
from tests.registry.conftest import FINAL_VERSIONS, study_folder

MAX_BYTES = 3 * 1024 * 1024


def _data(study: str, version: str) -> Path:
    return study_folder(study, version) / "data" / "persons.sav"


@pytest.mark.parametrize(("study", "version"), FINAL_VERSIONS)
def test_size_and_shape(
    codebooks: dict[tuple[str, str], MetadataPackage], study: str, version: str
) -> None:
    path = _data(study, version)
    assert path.stat().st_size < MAX_BYTES
    info = read_microdata_info(path)
    package = codebooks[(study, version)]
    assert package.study is not None
    assert [f.cases for f in package.study.files] == [info.row_count]
    assert 11_000 <= info.row_count <= 13_000
    assert [c.name for c in info.columns] == [v.name for v in package.variables]


@pytest.mark.parametrize(("study", "version"), FINAL_VERSIONS)
def test_frequencies_equal_codebook_catstat(
    codebooks: dict[tuple[str, str], MetadataPackage], study: str, version: str
) -> None:
    package = codebooks[(study, version)]
    coded = [v for v in package.variables if v.code_list is not None]
    counts = value_counts(_data(study, version), [v.name for v in coded])
    mismatches = []
    for v in coded:
        for f in v.frequencies:
            if counts[v.name].get(f.value, 0) != f.frequency:
                mismatches.append((v.name, f.value, f.frequency, counts[v.name].get(f.value, 0)))
    assert mismatches == []
    assert sum(len(v.frequencies) for v in coded) == sum(
        len(package.code_list(v.code_list).codes) for v in coded
    )  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("study", "version", "undeclared"),
    [("ECU-2025", "2.0.0", {"s5p04": {"7": 14}}), ("ALB-2025", "1.0.0", {})],
)
def test_undeclared_codes_are_only_the_documented_ones(
    codebooks: dict[tuple[str, str], MetadataPackage],
    study: str,
    version: str,
    undeclared: dict[str, dict[str, int]],
) -> None:
    package = codebooks[(study, version)]
    coded = [v for v in package.variables if v.code_list is not None]
    counts = value_counts(_data(study, version), [v.name for v in coded])
    found: dict[str, dict[str, int]] = {}
    for v in coded:
        declared = set(package.code_list(v.code_list).values)  # type: ignore[union-attr]
        extra = {k: n for k, n in counts[v.name].items() if k and k not in declared}
        if extra:
            found[v.name] = extra
    assert found == undeclared


@pytest.mark.parametrize(
    ("study", "version", "age", "outside"),
    [("ECU-2025", "2.0.0", "s1p05", []), ("ALB-2025", "1.0.0", "q105", [140.0])],
)
def test_out_of_range_ages_are_only_the_documented_ones(
    codebooks: dict[tuple[str, str], MetadataPackage],
    regenerated_frames: dict[str, pd.DataFrame],
    study: str,
    version: str,
    age: str,
    outside: list[float],
) -> None:
    variable = codebooks[(study, version)].variable(age)
    assert variable is not None
    assert (variable.minimum, variable.maximum) == (0, 95)
    ages = regenerated_frames[study][age]
    assert sorted(ages[(ages < 0) | (ages > 95)]) == outside


def test_joint_distribution_is_plausible(regenerated_frames: dict[str, pd.DataFrame]) -> None:
    """Children with a parent abroad live more often in remittance-receiving households."""
    for study, (mother, father, remit) in {
        "ECU-2025": ("s2p02", "s2p04", "s5p01"),
        "ALB-2025": ("q202", "q204", "q501"),
    }.items():
        frame = regenerated_frames[study]
        children = frame[frame[mother].notna()]
        abroad = (children[mother] == 1) | (children[father] == 1)
        share_with = (children.loc[abroad, remit] == 1).mean()
        share_without = (children.loc[~abroad, remit] == 1).mean()
        assert share_with > 2 * share_without


@pytest.mark.slow
def test_generator_is_deterministic(
    tmp_path: Path, regenerated_frames: dict[str, pd.DataFrame]
) -> None:
    """Regenerating the microdata gives the committed files byte for byte."""
    from migreg.countries import COUNTRIES
    from migreg.microdata import write_sav

    for country in COUNTRIES:
        out = tmp_path / f"{country.study}.sav"
        write_sav(country, regenerated_frames[country.study], out)
        version = "2.0.0" if country.study == "ECU-2025" else "1.0.0"
        assert out.read_bytes() == _data(country.study, version).read_bytes()


def test_other_seed_gives_other_data() -> None:
    from migreg.countries import ALBANIA
    from migreg.microdata import generate_frame

    first = generate_frame(ALBANIA, households=40, seed=1)
    again = generate_frame(ALBANIA, households=40, seed=1)
    other = generate_frame(ALBANIA, households=40, seed=2)
    pd.testing.assert_frame_equal(first, again)
    assert not first.equals(other)
