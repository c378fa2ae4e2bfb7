from __future__ import annotations

import duckdb
import pytest

from harmonise.engine.sql import ColumnType, SqlCompiler, UnknownNameError
from harmonise.model.expression import evaluate, parse_expression

ROWS = [
    {"age": 5, "sex": 1, "name": "ana", "m": 1},
    {"age": 40, "sex": 2, "name": "bo", "m": 98},
    {"age": None, "sex": 2, "name": None, "m": 2},
    {"age": 0, "sex": 1, "name": "x'y", "m": None},
]
TYPES = {
    "age": ColumnType.NUMBER,
    "sex": ColumnType.NUMBER,
    "name": ColumnType.TEXT,
    "m": ColumnType.NUMBER,
}
MISSING = {"m": ("98",)}


def _sql_values(text: str) -> list[object]:
    con = duckdb.connect()
    con.execute('CREATE TABLE t (i INTEGER, age DOUBLE, sex INTEGER, name VARCHAR, "m" INTEGER)')
    con.executemany(
        "INSERT INTO t VALUES (?, ?, ?, ?, ?)",
        [(i, r["age"], r["sex"], r["name"], r["m"]) for i, r in enumerate(ROWS)],
    )
    sql = SqlCompiler(TYPES, MISSING).compile(parse_expression(text))
    return [row[0] for row in con.execute(f"SELECT {sql} FROM t ORDER BY i").fetchall()]


@pytest.mark.parametrize(
    "text",
    [
        "age < 18",
        "age < 18 and sex == 1",
        "age < 18 or sex == 2",
        "not (age >= 18)",
        "sex in [1, 3]",
        "sex not in [1]",
        "name in ['ana', \"x'y\"]",
        "age / 0",
        "age * 2 + 1",
        "-age",
        "is_missing(age)",
        "is_missing(m)",
        "m == 1 or m == 2",
        "m > 0",
    ],
)
def test_sql_matches_row_evaluation(text: str) -> None:
    expected = [evaluate(parse_expression(text), row, {"m": frozenset({98})}) for row in ROWS]
    got = _sql_values(text)
    assert [None if v is None else float(v) for v in got] == [
        None if v is None else float(v) for v in expected
    ]


def test_unknown_name_is_refused() -> None:
    with pytest.raises(UnknownNameError, match="'nope'"):
        SqlCompiler(TYPES).compile(parse_expression("nope == 1"))


def test_string_literals_are_escaped() -> None:
    sql = SqlCompiler({"name": ColumnType.TEXT}).compile(parse_expression('name == "\');--"'))
    assert sql == "(\"name\" = ''');--')"
