"""Crosswalk exports: tables, JSON, DDI, and recode syntax (SQL run on real data in DuckDB)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from harmonise.formats.crosswalk_exports import (
    ExportFormat,
    export_crosswalks,
    recode_plan,
    sql_case,
    syntax_name,
)
from harmonise.formats.crosswalk_sheet import (
    crosswalk_from_rows,
    read_long_sheet,
    read_translation_sheet,
)
from harmonise.formats.xsd import schema_errors
from harmonise.model.crosswalk import CodeAssociation, Crosswalk, RuleType
from harmonise.model.expression import evaluate, parse_expression
from harmonise.model.urn import Urn
from tests.formats.crosswalk.test_crosswalk_file import _relationship_crosswalk

AGENCY = "org.example.migreg"
DIGCLASS = "crosswalks/digclass/translation"


def _from_sheet(path: Path, source: str, target: str, **kw: object) -> Crosswalk:
    mapping, _ = read_long_sheet(path, source=source, target=target, **kw)  # type: ignore[arg-type]
    return crosswalk_from_rows(
        mapping.rows,
        urn=Urn(AGENCY, "CW-X", "1.0.0"),
        source_variable=Urn(AGENCY, source.replace(" ", "-"), "1.0.0"),
        target_variable=Urn(AGENCY, target.replace(" ", "-"), "1.0.0"),
        issued=dt.date(2025, 1, 15),
    )


def test_sql_recodes_real_isco08_codes_in_duckdb(testdata: Path) -> None:
    path = testdata / DIGCLASS / "isco08_to_isco88.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        expected = {r["ISCO08"]: r["ISCO88"] for r in csv.DictReader(handle)}
    crosswalk = _from_sheet(path, "ISCO08", "ISCO88")
    sql = export_crosswalks(
        [crosswalk], ExportFormat.SQL, source_name="ISCO08", target_name="isco88_h", table="data"
    ).decode()
    con = duckdb.connect()
    con.execute(f"CREATE TABLE data AS SELECT * FROM read_csv('{path}', all_varchar = true)")
    got = dict(con.execute(f"SELECT ISCO08, isco88_h FROM ({sql.rstrip().rstrip(';')})").fetchall())
    assert got == expected
    assert got["0110"] == "0110"  # text codes keep their leading zeros


def test_sql_leaves_splits_missing_on_real_ilo_table(testdata: Path) -> None:
    path = testdata / "crosswalks" / "ilo-isco" / "corrtab88-08.csv"
    targets: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for r in csv.DictReader(handle):
            targets[r["ISCO-88 code"]].add(r["ISCO 08 Code"])
    crosswalk = _from_sheet(path, "ISCO-88 code", "ISCO 08 Code")
    sql = sql_case(recode_plan(crosswalk, "isco88", "isco08"), table="codes")
    con = duckdb.connect()
    con.execute("CREATE TABLE codes (isco88 VARCHAR)")
    con.executemany("INSERT INTO codes VALUES (?)", [[c] for c in sorted(targets)])
    got = dict(con.execute(f"SELECT isco88, isco08 FROM ({sql.rstrip().rstrip(';')})").fetchall())
    assert got == {s: (next(iter(t)) if len(t) == 1 else None) for s, t in targets.items()}


CONDITIONAL = Crosswalk(
    urn=Urn(AGENCY, "CW-AGE", "1.0.0"),
    source_variable=Urn(AGENCY, "V-AGE", "1.0.0"),
    target_variable=Urn(AGENCY, "CORE-AGEGRP", "1.0.0"),
    associations=(
        CodeAssociation(targets=("1",), rule=RuleType.CASE_WHEN, condition="age < 15"),
        CodeAssociation(
            targets=("2",), rule=RuleType.CASE_WHEN, condition="age >= 15 and age <= 17"
        ),
        CodeAssociation(
            targets=("3",),
            rule=RuleType.CASE_WHEN,
            condition="age >= 18 and not is_missing(sex) and sex in [1, 2]",
        ),
        CodeAssociation(sources=("98", "99"), targets=(), rule=RuleType.IMPOSSIBLE),
    ),
)


def _expected(row: dict[str, object]) -> str | None:
    if row["age"] in (98, 99):
        return None
    for a in CONDITIONAL.associations:
        if a.condition and evaluate(parse_expression(a.condition), row):
            return a.targets[0]
    return None


ROWS = [
    {"age": age, "sex": sex}
    for age in (None, 0, 14, 15, 17, 18, 40, 98, 99)
    for sex in (None, 1, 2, 3)
]


def test_sql_conditions_match_row_evaluation() -> None:
    sql = sql_case(recode_plan(CONDITIONAL, "age", "agegrp", target_type="string"), "people")
    con = duckdb.connect()
    con.execute("CREATE TABLE people (age INTEGER, sex INTEGER)")
    con.executemany("INSERT INTO people VALUES (?, ?)", [[r["age"], r["sex"]] for r in ROWS])
    query = f"SELECT age, sex, agegrp FROM ({sql.rstrip().rstrip(';')})"
    got = {(a, s): g for a, s, g in con.execute(query).fetchall()}
    assert got == {
        (r["age"], r["sex"]): _expected(r) if r["age"] is not None else None for r in ROWS
    }


def test_direct_copy_and_conversion_of_whole_values_in_duckdb() -> None:
    crosswalk = Crosswalk(
        urn=Urn(AGENCY, "CW-MONTHS", "1.0.0"),
        source_variable=Urn(AGENCY, "months", "1.0.0"),
        target_variable=Urn(AGENCY, "CORE-YEARS", "1.0.0"),
        associations=(
            CodeAssociation(sources=("99",), rule=RuleType.IMPOSSIBLE),
            CodeAssociation(rule=RuleType.RECODE, expression="months / 12"),
        ),
    )
    copy = crosswalk.model_copy(update={"associations": (CodeAssociation(rule=RuleType.DIRECT),)})
    con = duckdb.connect()
    con.execute("CREATE TABLE data AS SELECT * FROM (VALUES (6), (24), (99), (NULL)) t(months)")
    results = []
    for cw in (crosswalk, copy):
        sql = sql_case(recode_plan(cw, target_name="out")).rstrip().rstrip(";")
        results.append(con.execute(f"SELECT months, out FROM ({sql}) ORDER BY 1").fetchall())
    assert results == [
        [(6, 0.5), (24, 2.0), (99, None), (None, None)],
        [(6, 6), (24, 24), (99, 99), (None, None)],
    ]


def test_syntax_contents() -> None:
    plan_args = {"source_name": "rel", "target_name": "rel_core"}
    crosswalk = _relationship_crosswalk()
    spss = export_crosswalks([crosswalk], "spss", **plan_args).decode()  # type: ignore[arg-type]
    stata = export_crosswalks([crosswalk], "stata", **plan_args).decode()  # type: ignore[arg-type]
    r = export_crosswalks([crosswalk], "r", **plan_args).decode()  # type: ignore[arg-type]
    assert "STRING rel_core (A2)." in spss
    assert "  ('10' '11'='11')" in spss
    assert "IF (ANY(rel, '05') AND ((age < 18) AND (rel = 5))) rel_core = '03'." in spss
    assert 'replace rel_core = "11" if (rel == "10" | rel == "11")' in stata
    assert "(age < 18 & !missing(age))" in stata  # Stata's missing sorts above every number
    assert 'out[data[["rel"]] %in% c("10", "11")] <- "11"' in r
    assert "# 07: several targets without a condition: left missing" in r


@pytest.mark.parametrize(
    ("text", "name"), [("V-ECU-REL", "V_ECU_REL"), ("1st var", "v_1st_var"), ("--", "v")]
)
def test_syntax_name(text: str, name: str) -> None:
    assert syntax_name(text) == name


def test_long_csv_reads_back(tmp_path: Path, testdata: Path) -> None:
    source = testdata / "crosswalks" / "ilo-isco" / "corrtab88-08.csv"
    crosswalk = _from_sheet(source, "ISCO-88 code", "ISCO 08 Code", partial="ISCO-08 part")
    path = tmp_path / "long.csv"
    path.write_bytes(export_crosswalks([crosswalk], "csv-long"))
    again = _from_sheet(
        path, "source_code", "target_code", partial="semantic", partial_marker="close"
    )
    assert [(a.sources, a.targets, a.semantic) for a in again.associations] == [
        (a.sources, a.targets, a.semantic) for a in crosswalk.associations
    ]
    with path.open(encoding="utf-8", newline="") as handle:
        statuses = {r["status"] for r in csv.DictReader(handle)}
    assert statuses == {"complete", "partial"}


def test_translation_csv_reads_back(tmp_path: Path) -> None:
    crosswalk = _relationship_crosswalk()
    path = tmp_path / "translation.csv"
    path.write_bytes(export_crosswalks([crosswalk, crosswalk], "csv-translation"))
    mappings, report = read_translation_sheet(path, core="core_code")
    pairs = sorted((r.source, r.target) for r in mappings[0].rows if r.source)
    expected = sorted((s, t) for a in crosswalk.associations for s in a.sources for t in a.targets)
    assert (pairs, len(mappings), report.flatten()) == (expected, 2, [])


def test_json_holds_computed_values() -> None:
    doc = json.loads(export_crosswalks([_relationship_crosswalk()], "json"))
    assert (
        doc["computed"]["status"],
        [a["cardinality"] for a in doc["computed"]["associations"]],
    ) == (
        "partial",
        [
            "one-to-one",
            "one-to-one",
            "one-to-many",
            "many-to-one",
            "one-to-one",
            "unmatched-source",
        ],
    )
    assert doc["associations"][0]["sources"] == ["01"]


def test_ddi_comparison_is_schema_valid(schemas: Path) -> None:
    data = export_crosswalks([_relationship_crosswalk()], "ddi")
    assert schema_errors(data, schemas / "ddi-lifecycle-3.3" / "instance.xsd") == []


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="pdf"):
        export_crosswalks([_relationship_crosswalk()], "pdf")
