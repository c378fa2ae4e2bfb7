"""Tabulate a figure (indicator, universe, weight, breakdowns) over harmonised data with DuckDB.

The figure definition's safe expressions are compiled to SQL over the harmonised columns (core
variable names), with each core variable's declared missing codes read as missing. Every figure
is grouped by ``study`` and ``country`` plus its breakdowns. Estimators (weight ``w``, 1 when
unweighted; rows where the indicator is unknown are left out of numerator and denominator):

* proportion: 100 · Σ w·[indicator] / Σ w, a percentage;
* mean: Σ w·x / Σ w;
* total: Σ w·x;
* count: Σ w over the universe.

Runs single-threaded so floating-point sums are added in file order every time (exact
reproducibility of published values).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from harmonise.engine.duckdb_runner import connect, normalise_code
from harmonise.engine.sql import ColumnType, SqlCompiler, quote_identifier, quote_literal
from harmonise.model.expression import parse_expression
from harmonise.model.figure import FigureDefinition, IndicatorType


@dataclass(frozen=True)
class Cell:
    """One group of a tabulation: raw sums before rounding."""

    study: str
    country: str
    breakdown: tuple[tuple[str, str], ...]
    numerator: float | None
    denominator: float | None
    unweighted_n: int

    @property
    def estimate(self) -> float | None:
        """The unrounded estimate, None when the denominator is empty."""
        return None if self.numerator is None else self.numerator


def _columns(path: Path, con: duckdb.DuckDBPyConnection) -> dict[str, ColumnType]:
    rows = con.execute(
        f"DESCRIBE SELECT * FROM read_parquet({quote_literal(str(path))})"
    ).fetchall()
    numeric = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE", "DECIMAL")
    return {
        str(r[0]): ColumnType.NUMBER if str(r[1]).upper().startswith(numeric) else ColumnType.TEXT
        for r in rows
    }


def harmonised_columns(path: Path) -> dict[str, ColumnType]:
    """The columns of a harmonised Parquet file and their kinds."""
    con = connect(threads=1)
    try:
        return _columns(path, con)
    finally:
        con.close()


def tabulate(
    path: Path,
    definition: FigureDefinition,
    *,
    missing: Mapping[str, Sequence[str]] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> list[Cell]:
    """Compute a figure's cells from a harmonised Parquet file.

    Args:
        path: The harmonised dataset.
        definition: The figure definition.
        missing: Declared missing codes per core variable.
        con: A connection to reuse (its thread count is set to 1).

    Returns:
        One cell per study/country/breakdown group, sorted by study, country and breakdown;
        ``numerator`` holds the estimate for proportion/mean (ratio) or the sum for total/count.

    Raises:
        harmonise.engine.sql.UnknownNameError: An expression names a column the data lacks.
        harmonise.model.expression.ExpressionError: An expression does not parse.
    """
    own = con is None
    db = connect(threads=1) if con is None else con
    db.execute("SET threads = 1")
    try:
        return _tabulate(path, definition, missing, db)
    finally:
        if own:
            db.close()


def _tabulate(
    path: Path,
    definition: FigureDefinition,
    missing: Mapping[str, Sequence[str]] | None,
    con: duckdb.DuckDBPyConnection,
) -> list[Cell]:
    compiler = SqlCompiler(_columns(path, con), missing)
    universe = (
        compiler.compile(parse_expression(definition.universe)) if definition.universe else "TRUE"
    )
    weight = (
        f"CAST({compiler.compile(parse_expression(definition.weight))} AS DOUBLE)"
        if definition.weight
        else "1.0"
    )
    kind = definition.indicator.type
    if kind is IndicatorType.COUNT:
        value = "1.0"
        keep = "TRUE"
    else:
        compiled = compiler.compile(parse_expression(definition.indicator.expression or ""))
        if kind is IndicatorType.PROPORTION:
            value = f"(CASE WHEN {compiled} THEN 1.0 WHEN NOT {compiled} THEN 0.0 END)"
        else:
            value = f"CAST({compiled} AS DOUBLE)"
        keep = f"{value} IS NOT NULL"
    groups = ["study", "country", *(quote_identifier(b) for b in definition.breakdowns)]
    for b in definition.breakdowns:
        compiler.compile(parse_expression(b))  # an unknown breakdown fails like any name
    group_sql = ", ".join(groups)
    sql = (
        f"SELECT {group_sql}, sum(w * v) AS num, sum(w) AS den, count(*) AS n FROM ("
        f"SELECT {group_sql}, {value} AS v, {weight} AS w FROM read_parquet("
        f"{quote_literal(str(path))}) "
        f"WHERE ({universe}) IS TRUE AND {keep} AND {weight} IS NOT NULL"
        f") GROUP BY {group_sql} ORDER BY {group_sql}"
    )
    rows = con.execute(sql).fetchall()
    cells: list[Cell] = []
    for row in rows:
        study, country = str(row[0]), str(row[1])
        crumbs = row[2 : 2 + len(definition.breakdowns)]
        num, den, n = row[-3], row[-2], int(row[-1])
        breakdown = tuple(
            (b, "" if c is None else normalise_code(c))
            for b, c in zip(definition.breakdowns, crumbs, strict=True)
        )
        estimate: float | None
        if kind in (IndicatorType.PROPORTION, IndicatorType.MEAN):
            estimate = None if not den else float(num) / float(den)
            if estimate is not None and kind is IndicatorType.PROPORTION:
                estimate *= 100.0
        elif kind is IndicatorType.TOTAL:
            estimate = float(num) if num is not None else None
        else:
            estimate = float(den) if den is not None else None
        cells.append(
            Cell(
                study=study,
                country=country,
                breakdown=breakdown,
                numerator=estimate,
                denominator=float(den) if den is not None else None,
                unweighted_n=n,
            )
        )
    return cells
