from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Graph

from harmonise.errors import NotFoundError
from harmonise.services.figures import compute_figure
from harmonise.services.lineage import prov_bytes, trace_figure, trace_lines
from tests.services.harmonisation_world import (
    ALB,
    ECU,
    core_package,
    parent_crosswalk,
    study,
    write_definition,
)

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _publish(root: Path, studies: list, now: dt.datetime = NOW) -> None:
    run = compute_figure(
        write_definition(root),
        studies,
        core_package(),
        values_dir=root / "registry" / "figures" / "values",
        harmonised_dir=root / ".catalog" / "harmonised",
        root=root,
        now=now,
    )
    assert run.figure is not None


def _trace(root: Path, dataset: str | None = None):
    return trace_figure(
        "FIG-CHILD-PARENT-ABROAD", root / "registry" / "figures" / "values", root, dataset
    )


def test_trace_reaches_question_wording_and_data_files(tmp_path: Path) -> None:
    _publish(tmp_path, [study(ECU, tmp_path), study(ALB, tmp_path)])
    trace = _trace(tmp_path)
    assert trace.report.flatten() == []
    text = "\n".join(trace_lines(trace))
    assert "value    ECU: 71.4 (n=4)" in text
    assert "[es] ¿Dónde vive actualmente la madre de (NOMBRE)?" in text
    assert "[sq] Ku jeton aktualisht nëna e (EMRIT)?" in text
    assert "mother_abroad ← crosswalk urn:ddi:org.example.migreg:XW-ECU-p14:1.0.0" in text
    assert "data file data/ECU-2025.sav sha256:" in text
    assert "← instrument urn:ddi:org.example.migreg:INST-ECU:2.0.0" in text


@pytest.mark.parametrize(("fmt", "rdf"), [("turtle", "turtle"), ("prov-json", "json-ld")])
def test_prov_record_is_emitted_and_parses(tmp_path: Path, fmt: str, rdf: str) -> None:
    _publish(tmp_path, [study(ALB, tmp_path)])
    graph = Graph().parse(data=prov_bytes(_trace(tmp_path), fmt), format=rdf)
    assert len(graph) > 50


def test_changed_data_file_is_a_checksum_mismatch(tmp_path: Path) -> None:
    ecu = study(ECU, tmp_path)
    _publish(tmp_path, [ecu, study(ALB, tmp_path)])
    ecu.data_file.write_bytes(ecu.data_file.read_bytes() + b"\0")
    assert _trace(tmp_path).report.flatten(["code", "location.file"]) == [
        ["lineage-checksum-mismatch", "data/ECU-2025.sav"]
    ]


def test_missing_files_are_reported(tmp_path: Path) -> None:
    alb = study(ALB, tmp_path)
    _publish(tmp_path, [alb])
    alb.data_file.unlink()
    for parquet in (tmp_path / ".catalog" / "harmonised").glob("*.parquet"):
        parquet.unlink()
    assert _trace(tmp_path).report.flatten(["code", "severity"]) == [
        ["lineage-file-missing", "error"],
        ["lineage-file-missing", "info"],
    ]


def test_old_figure_still_traces_to_the_old_crosswalk_version(tmp_path: Path) -> None:
    _publish(tmp_path, [study(ECU, tmp_path), study(ALB, tmp_path)])
    old_dataset = _trace(tmp_path).figure.dataset.id
    newer = parent_crosswalk(ECU, "mother_abroad", version="1.1.0")
    newer = newer.model_copy(
        update={
            "associations": (
                newer.associations[0],
                newer.associations[1].model_copy(update={"sources": ("2", "3", "9")}),
            )
        }
    )
    ecu = study(ECU, tmp_path, extra=(newer,))
    _publish(tmp_path, [ecu, study(ALB, tmp_path)], now=NOW + dt.timedelta(days=1))
    latest = "\n".join(trace_lines(_trace(tmp_path)))
    old = "\n".join(trace_lines(_trace(tmp_path, old_dataset)))
    assert "XW-ECU-p14:1.1.0 [complete]" in latest
    assert "revises urn:ddi:org.example.migreg:XW-ECU-p14:1.0.0" in latest
    assert "XW-ECU-p14:1.0.0 [complete]" in old
    assert "XW-ECU-p14:1.1.0" not in old


def test_uncomputed_figure_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="run `harmonise figures compute` first"):
        _trace(tmp_path)


def test_broken_values_file_is_an_input_error(tmp_path: Path) -> None:
    from harmonise.errors import InputError

    folder = tmp_path / "registry" / "figures" / "values" / "FIG-CHILD-PARENT-ABROAD" / "1.0.0"
    folder.mkdir(parents=True)
    (folder / "H-x.json").write_text('{"definition": 1}', encoding="utf-8")
    with pytest.raises(InputError, match="not a figure values file"):
        _trace(tmp_path)
