from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from harmonise.engine.duckdb_runner import read_value_labels
from harmonise.formats.prov import read_harmonisation_lineage
from harmonise.model import Crosswalk, Urn
from harmonise.services.harmonisation import StudyData, harmonise_studies, latest_crosswalks
from tests.services.harmonisation_world import (
    ALB,
    ECU,
    FRAMES,
    core_package,
    crosswalks,
    parent_crosswalk,
    study,
    study_package,
)

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def test_one_study_with_control_columns_and_lineage(tmp_path: Path) -> None:
    out = tmp_path / "out" / "ecu.parquet"
    result = harmonise_studies(
        [study(ECU, tmp_path)], core_package(), out, root=tmp_path, control_columns=True, now=NOW
    )
    assert result.report.flatten() == []
    rows = duckdb.sql(
        f"SELECT mother_abroad, mother_abroad__source, mother_abroad__rule, age "
        f"FROM read_parquet('{out}')"
    ).fetchall()
    assert rows[3] == (8, "p14", "recode", 17.0)
    assert read_value_labels(out)["mother_abroad"] == {"1": "Yes", "2": "No", "8": "Don't know"}
    assert result.lineage is not None
    assert read_harmonisation_lineage(result.prov_files[0]) == result.lineage
    assert read_harmonisation_lineage(result.prov_files[1]) == result.lineage
    assert [f.path for f in result.lineage.inputs] == ["data/ECU-2025.sav"]
    assert {c.target_name: c.status for c in result.lineage.crosswalks} == {
        "age": "complete",
        "father_abroad": "complete",
        "mother_abroad": "complete",
        "weight_person": "complete",
    }


def test_same_inputs_give_the_same_dataset_identity(tmp_path: Path) -> None:
    studies = [study(ECU, tmp_path), study(ALB, tmp_path)]
    a = harmonise_studies(studies, core_package(), tmp_path / "a.parquet", now=NOW)
    b = harmonise_studies(studies, core_package(), tmp_path / "b.parquet", now=NOW)
    assert a.lineage is not None
    assert b.lineage is not None
    assert a.lineage.dataset == b.lineage.dataset
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()


def test_csv_input_is_read_as_text_codes(tmp_path: Path) -> None:
    path = tmp_path / "alb.csv"
    pd.DataFrame(FRAMES["ALB"]).to_csv(path, index=False)
    data = StudyData("ALB-2025", "1.0.0", "ALB", path, study_package(ALB), crosswalks(ALB))
    out = tmp_path / "alb.parquet"
    result = harmonise_studies([data], core_package(), out)
    assert result.report.flatten() == []
    assert duckdb.sql(f"SELECT mother_abroad, age FROM read_parquet('{out}')").fetchall() == [
        (2, 2.0),
        (1, 15.0),
        (1, 60.0),
        (2, 10.0),
    ]


def test_crosswalk_to_unknown_variables_is_reported(tmp_path: Path) -> None:
    stray = Crosswalk(
        urn=Urn("org.example.migreg", "XW-ECU-stray", "1.0.0"),
        source_variable=Urn("org.example.migreg", "V-ECU-nope", "2.0.0"),
        target_variable=Urn("org.example.migreg", "CV-age", "1.0.0"),
    )
    unknown_core = parent_crosswalk(ECU, "mother_abroad").model_copy(
        update={
            "urn": Urn("org.example.migreg", "XW-ECU-core", "1.0.0"),
            "target_variable": Urn("org.example.migreg", "CV-nope", "1.0.0"),
        }
    )
    result = harmonise_studies(
        [study(ECU, tmp_path, extra=(stray, unknown_core))],
        core_package(),
        tmp_path / "h.parquet",
    )
    assert result.report.flatten() == ["unknown-core-variable", "unknown-source-variable"]


def test_unreadable_data_file_is_a_finding(tmp_path: Path) -> None:
    ecu = study(ECU, tmp_path)
    ecu.data_file.write_bytes(b"not an spss file")
    result = harmonise_studies([ecu], core_package(), tmp_path / "h.parquet")
    assert result.report.flatten() == ["data-file-unreadable"]
    assert result.output is None


def test_latest_crosswalk_version_wins() -> None:
    old = parent_crosswalk(ECU, "mother_abroad")
    new = parent_crosswalk(ECU, "mother_abroad", version="1.10.0")
    mid = parent_crosswalk(ECU, "mother_abroad", version="1.9.0")
    assert latest_crosswalks([new, old, mid]) == (new,)
