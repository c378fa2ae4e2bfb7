from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from harmonise.engine.compile import CrosswalkBinding, compile_plan
from harmonise.engine.duckdb_runner import StudySource, harmonise, read_value_labels
from harmonise.model import CodeAssociation, Crosswalk, RuleType
from tests.engine.fixtures_build import (
    CORE_YESNO,
    ecuador_bindings,
    ecuador_frame,
    recode,
    urn,
    write_parquet,
)


def _rows(path: Path, columns: str) -> list[tuple[object, ...]]:
    return duckdb.sql(f"SELECT {columns} FROM read_parquet('{path}')").fetchall()


@pytest.mark.parametrize("inline_limit", [0, 64], ids=["joined", "inlined"])
def test_lookup_and_copy_write_core_columns(tmp_path: Path, inline_limit: int) -> None:
    data = write_parquet(ecuador_frame(), tmp_path / "ecu.parquet")
    plan, report = compile_plan("ECU-2025", "2.0.0", "ECU", ecuador_bindings())
    assert report.flatten() == []
    out = tmp_path / "h.parquet"
    result = harmonise([StudySource(plan, data, "parquet")], out, inline_limit=inline_limit)
    assert result.report.flatten() == []
    assert result.rows == 5
    assert _rows(out, "sex, age, mother_abroad, father_abroad") == [
        (1, 5.0, 1, 2),
        (2, 12.0, 2, 2),
        (2, 40.0, 2, 1),
        (1, 17.0, 8, 2),
        (2, 3.0, 1, None),
    ]
    assert read_value_labels(out)["sex"] == {"1": "Male", "2": "Female"}


@pytest.mark.parametrize("inline_limit", [0, 64], ids=["joined", "inlined"])
def test_control_columns_name_source_rule_status(tmp_path: Path, inline_limit: int) -> None:
    data = write_parquet(ecuador_frame(), tmp_path / "ecu.parquet")
    plan, _ = compile_plan("ECU-2025", "2.0.0", "ECU", ecuador_bindings())
    out = tmp_path / "h.parquet"
    harmonise(
        [StudySource(plan, data, "parquet")], out, control_columns=True, inline_limit=inline_limit
    )
    assert _rows(out, "father_abroad__source, father_abroad__rule, father_abroad__status")[3:] == [
        ("father", "recode", "complete"),
        ("father", "missing", "missing"),
    ]


def test_uncovered_code_is_an_error_and_left_empty(tmp_path: Path) -> None:
    frame = ecuador_frame()
    frame.loc[0, "p02"] = 7.0
    data = write_parquet(frame, tmp_path / "ecu.parquet")
    plan, _ = compile_plan("ECU-2025", "2.0.0", "ECU", ecuador_bindings())
    out = tmp_path / "h.parquet"
    result = harmonise([StudySource(plan, data, "parquet")], out)
    assert result.report.flatten(["code", "severity", "location.column"]) == [
        ["code-not-in-crosswalk", "error", "p02"]
    ]
    assert _rows(out, "sex")[0] == (None,)


def test_case_when_and_expression_rules(tmp_path: Path) -> None:
    frame = pd.DataFrame({"rel": [1, 2, 2, 3], "sex": [1, 1, 2, 2], "months": [24, 36, 6, None]})
    data = write_parquet(frame, tmp_path / "d.parquet")
    relation = Crosswalk(
        urn=urn("XW-REL"),
        source_variable=urn("V-rel"),
        target_variable=urn("CV-rel"),
        associations=(
            recode(["1"], ["1"]),
            recode(["2"], ["2"], rule=RuleType.CASE_WHEN, condition="sex == 1"),
            recode(["2"], ["3"], rule=RuleType.CASE_WHEN, condition="sex == 2"),
            recode(["3"], [], rule=RuleType.IMPOSSIBLE),
        ),
    )
    years = Crosswalk(
        urn=urn("XW-AGE"),
        source_variable=urn("V-months"),
        target_variable=urn("CV-age"),
        associations=(CodeAssociation(rule=RuleType.RECODE, expression="months / 12"),),
    )
    plan, report = compile_plan(
        "S",
        "1.0.0",
        "ECU",
        [CrosswalkBinding(relation, "rel", "relation"), CrosswalkBinding(years, "months", "age")],
    )
    assert report.flatten() == []
    out = tmp_path / "h.parquet"
    result = harmonise([StudySource(plan, data, "parquet")], out)
    assert result.report.flatten() == []
    assert _rows(out, "relation, age") == [(1, 2.0), (2, 3.0), (3, 0.5), (None, None)]


def test_pooled_studies_get_country_and_null_for_unmapped_targets(tmp_path: Path) -> None:
    ecu = write_parquet(ecuador_frame(), tmp_path / "ecu.parquet")
    alb = write_parquet(pd.DataFrame({"hl4": ["1", "9"]}), tmp_path / "alb.parquet")
    ecu_plan, _ = compile_plan("ECU-2025", "2.0.0", "ECU", ecuador_bindings())
    alb_plan, _ = compile_plan(
        "ALB-2025",
        "1.0.0",
        "ALB",
        [
            CrosswalkBinding(
                Crosswalk(
                    urn=urn("XW-ALB-m"),
                    source_variable=urn("V-ALB-hl4"),
                    target_variable=urn("CV-mother_abroad"),
                    associations=(recode(["1"], ["1"]), recode(["9"], ["8"])),
                ),
                "hl4",
                "mother_abroad",
                target_codes=CORE_YESNO,
            )
        ],
    )
    out = tmp_path / "pooled.parquet"
    result = harmonise(
        [StudySource(ecu_plan, ecu, "parquet"), StudySource(alb_plan, alb, "parquet")], out
    )
    assert result.rows_by_study == {"ECU-2025": 5, "ALB-2025": 2}
    assert duckdb.sql(
        f"SELECT country, mother_abroad, sex FROM read_parquet('{out}') WHERE country = 'ALB'"
    ).fetchall() == [("ALB", 1, None), ("ALB", 8, None)]


def test_missing_source_column_is_reported(tmp_path: Path) -> None:
    data = write_parquet(ecuador_frame().drop(columns=["father"]), tmp_path / "ecu.parquet")
    plan, _ = compile_plan("ECU-2025", "2.0.0", "ECU", ecuador_bindings())
    result = harmonise([StudySource(plan, data, "parquet")], tmp_path / "h.parquet")
    assert result.report.flatten() == ["source-column-missing"]


def test_condition_on_a_missing_column_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    data = write_parquet(pd.DataFrame({"rel": [1, 2]}), tmp_path / "d.parquet")
    relation = Crosswalk(
        urn=urn("XW-REL"),
        source_variable=urn("V-rel"),
        target_variable=urn("CV-rel"),
        associations=(
            recode(["1"], ["1"]),
            recode(["2"], ["2"], rule=RuleType.CASE_WHEN, condition="sex == 1"),
        ),
    )
    plan, _ = compile_plan("S", "1.0.0", "ECU", [CrosswalkBinding(relation, "rel", "relation")])
    out = tmp_path / "h.parquet"
    result = harmonise([StudySource(plan, data, "parquet")], out)
    assert result.report.flatten(["code", "severity"]) == [
        ["crosswalk-expression-unusable", "error"]
    ]
    assert _rows(out, "relation") == [(1,), (None,)]


@pytest.mark.parametrize("inline_limit", [0, 64], ids=["joined", "inlined"])
def test_same_input_gives_byte_identical_output(tmp_path: Path, inline_limit: int) -> None:
    frame = pd.concat([ecuador_frame()] * 2000, ignore_index=True)
    data = tmp_path / "ecu.parquet"
    frame.to_parquet(data, index=False, row_group_size=500)  # many row groups: parallel scan
    plan, _ = compile_plan("ECU-2025", "2.0.0", "ECU", ecuador_bindings())
    a, b = tmp_path / "a.parquet", tmp_path / "b.parquet"
    harmonise([StudySource(plan, data, "parquet")], a, threads=2, inline_limit=inline_limit)
    harmonise([StudySource(plan, data, "parquet")], b, threads=2, inline_limit=inline_limit)
    assert a.read_bytes() == b.read_bytes()
    assert _rows(a, "age")[:6] == [(5.0,), (12.0,), (40.0,), (17.0,), (3.0,), (5.0,)]


def test_text_codes_match_exactly_leading_zeros_kept(tmp_path: Path) -> None:
    data = write_parquet(pd.DataFrame({"occ": ["07", "7", None]}), tmp_path / "d.parquet")
    occupation = Crosswalk(
        urn=urn("XW-OCC"),
        source_variable=urn("V-occ"),
        target_variable=urn("CV-occ"),
        associations=(recode(["07"], ["1"]),),
    )
    plan, _ = compile_plan("S", "1.0.0", "ECU", [CrosswalkBinding(occupation, "occ", "occ")])
    out = tmp_path / "h.parquet"
    result = harmonise([StudySource(plan, data, "parquet")], out)
    assert result.report.flatten(["code", "message"])[0][0] == "code-not-in-crosswalk"
    assert "occ = '7'" in result.report.issues[0].message
    assert _rows(out, "occ") == [(1,), (None,), (None,)]
