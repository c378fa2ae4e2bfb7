"""Run a :class:`~harmonise.engine.plan.HarmonisationPlan` with DuckDB.

The engine package is the only one importing DuckDB. Each lookup column becomes a mapping
table joined to the study's data (``LEFT JOIN map ON data.source = map.source``), or, when it
is short (``inline_limit`` rows, 64 by default), the same table written inline as a simple
``CASE source WHEN code THEN target ...``; case columns become ``CASE``
expressions compiled from the safe expression form (:mod:`harmonise.engine.sql`). The whole
statement is written with ``COPY ... TO ... (FORMAT parquet)``, so rows stream from file to file
inside DuckDB and never become Python objects. Value labels and the column-to-crosswalk map go
into the Parquet key-value metadata (``harmonise:value_labels``, ``harmonise:columns``).

Before writing, one ``GROUPING SETS`` scan counts every source code, so a code the crosswalk
does not cover is a finding (``code-not-in-crosswalk``), never a silently empty cell.

Output rows keep the input order (study by study, ``ORDER BY`` the Parquet file row number):
a parallel join does not, and the harmonised dataset's identity is the SHA-256 of its bytes.

Tabulation runs single-threaded so that floating-point sums are added in the same order every
time: recomputing a figure gives exactly the published value.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]

from harmonise.engine.plan import ColumnKind, ColumnPlan, HarmonisationPlan, ValueType
from harmonise.engine.sql import (
    ColumnType,
    SqlCompiler,
    UnknownNameError,
    quote_identifier,
    quote_literal,
)
from harmonise.issues import Issue, Location, Report, Severity
from harmonise.model.expression import ExpressionError, parse_expression

_STUDY_ORDER = "__harmonise_study_order"
_ROW_ORDER = "__harmonise_row_order"
_SQL_TYPE = {ValueType.INTEGER: "BIGINT", ValueType.DOUBLE: "DOUBLE", ValueType.TEXT: "VARCHAR"}
_NUMERIC_PREFIXES = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "FLOAT",
    "DOUBLE",
    "DECIMAL",
    "REAL",
)


@dataclass(frozen=True)
class StudySource:
    """Where a study's microdata is read from.

    Attributes:
        plan: The compiled plan of the study.
        path: The data file, Parquet (other formats are staged to Parquet first by the
            caller, :func:`stage_batches`).
        format: ``parquet``.
    """

    plan: HarmonisationPlan
    path: Path
    format: str


@dataclass
class RunResult:
    """What a harmonisation run did."""

    rows: int = 0
    rows_by_study: dict[str, int] = field(default_factory=dict)
    value_counts: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    report: Report = field(default_factory=Report)


def connect(
    threads: int | None = None, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with optional thread and memory limits."""
    con = duckdb.connect(":memory:")
    if threads is not None:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit is not None:
        con.execute(f"SET memory_limit = {quote_literal(memory_limit)}")
    return con


def stage_batches(
    batches: Iterator[pa.RecordBatch],
    schema: pa.Schema,
    target: Path,
    con: duckdb.DuckDBPyConnection | None = None,
) -> Path:
    """Stream Arrow record batches (e.g. from an SPSS reader) into a Parquet file via DuckDB.

    Args:
        batches: The batches, read lazily.
        schema: Their schema.
        target: The Parquet file to write.
        con: A connection to reuse (one is opened and closed when omitted).

    Returns:
        ``target``.
    """
    own = con is None
    db = connect() if con is None else con
    try:
        reader = pa.RecordBatchReader.from_batches(schema, batches)
        db.register("staged_input", reader)
        db.execute(
            f"COPY (SELECT * FROM staged_input) TO {quote_literal(str(target))} (FORMAT parquet)"
        )
        db.unregister("staged_input")
    finally:
        if own:
            db.close()
    return target


def _relation(source: StudySource, *, numbered: bool = False) -> str:
    path = quote_literal(str(source.path))
    if numbered:
        return f"read_parquet({path}, file_row_number = true)"
    return f"read_parquet({path})"


def _column_types(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, ColumnType]:
    rows = con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
    return {
        str(name): (
            ColumnType.NUMBER
            if str(kind).upper().startswith(_NUMERIC_PREFIXES)
            else ColumnType.TEXT
        )
        for name, kind, *_ in rows
    }


def normalise_code(value: object) -> str:
    """A code value as text the way crosswalks write it (``7.0`` → ``7``)."""
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)


def _code_sql(code: str, kind: ColumnType) -> str | None:
    if kind is ColumnType.TEXT:
        return quote_literal(code)
    try:
        number = float(code)
    except ValueError:
        return None
    return str(int(number)) if number.is_integer() else repr(number)


def _target_sql(value: str | None, vtype: ValueType) -> str:
    if value is None:
        return "NULL"
    if vtype is ValueType.TEXT:
        return quote_literal(value)
    try:
        float(value)
    except ValueError:
        return "NULL"
    return f"CAST({quote_literal(value)} AS {_SQL_TYPE[vtype]})"


def _profile(
    con: duckdb.DuckDBPyConnection, relation: str, columns: Sequence[str]
) -> tuple[int, dict[str, dict[str, int]]]:
    rows = con.execute(f"SELECT count(*) FROM {relation}").fetchone()
    total = int(rows[0]) if rows else 0
    counts: dict[str, dict[str, int]] = {c: {} for c in columns}
    if not columns:
        return total, counts
    quoted = [quote_identifier(c) for c in columns]
    flags = ", ".join(f"grouping({q})" for q in quoted)
    sets = ", ".join(f"({q})" for q in quoted)
    sql = (
        f"SELECT {', '.join(quoted)}, {flags}, count(*) FROM {relation} "
        f"GROUP BY GROUPING SETS ({sets})"
    )
    for row in con.execute(sql).fetchall():
        n = len(columns)
        values, grouping, count = row[:n], row[n : 2 * n], row[2 * n]
        for i, name in enumerate(columns):
            if grouping[i] == 0:
                value = values[i]
                key = "" if value is None else normalise_code(value)
                if value is not None:
                    counts[name][key] = counts[name].get(key, 0) + int(count)
    return total, counts


def _coverage_issues(
    plan: HarmonisationPlan,
    counts: Mapping[str, Mapping[str, int]],
    types: Mapping[str, ColumnType],
) -> list[Issue]:
    issues: list[Issue] = []
    for column in plan.columns:
        covered = column.covered_sources
        if covered is None:
            continue
        numeric = types.get(column.source) is ColumnType.NUMBER

        def canonical(code: str, numeric: bool = numeric) -> str:
            # a numeric column matches "07" and "7" alike; a text column matches exactly
            return normalise_code(float(code)) if numeric and _numberish(code) else code

        normal = {canonical(c) for c in covered}
        missing = {canonical(c) for c in column.source_missing}
        for value, n in sorted(counts.get(column.source, {}).items()):
            if value in covered or value in normal:
                continue
            declared_missing = value in missing or value in column.source_missing
            issues.append(
                Issue(
                    code="code-not-in-crosswalk",
                    severity=Severity.WARNING if declared_missing else Severity.ERROR,
                    message=f"{plan.study}: {n} record(s) have {column.source} = {value!r}, a code "
                    f"the crosswalk to {column.target} does not cover; {column.target} is left "
                    "empty for them",
                    location=Location(urn=str(column.crosswalk), column=column.source),
                    hint="add the code to the crosswalk (a new version) or correct the data",
                )
            )
    return issues


def _numberish(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@dataclass
class _Select:
    expressions: list[str] = field(default_factory=list)
    joins: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def _column_sql(
    con: duckdb.DuckDBPyConnection,
    column: ColumnPlan,
    *,
    index: int,
    prefix: str,
    types: Mapping[str, ColumnType],
    control: bool,
    select: _Select,
    inline_limit: int,
) -> None:
    target = quote_identifier(column.target)
    sql_type = _SQL_TYPE[column.target_type]
    source_kind = types.get(column.source)
    src = f"s.{quote_identifier(column.source)}"
    rule_sql = status_sql = "NULL"
    if source_kind is None or column.kind is ColumnKind.NOTHING:
        value_sql = f"CAST(NULL AS {sql_type})"
        if column.kind is ColumnKind.NOTHING:
            rule_sql, status_sql = "'impossible'", quote_literal(column.status.value)
        else:
            rule_sql, status_sql = "'no-source-column'", "'impossible'"
    elif column.kind is ColumnKind.COPY:
        value_sql = f"TRY_CAST({src} AS {sql_type})"
        rule_sql = "'direct'"
        status_sql = quote_literal(column.status.value)
    elif column.kind is ColumnKind.LOOKUP and len(column.mapping) <= inline_limit:
        # a short mapping table inlined as a simple CASE: the same lookup, no hash join, and
        # the scan order survives without a sort
        pairs = [
            (code, r)
            for r in column.mapping
            if (code := _code_sql(r.source, source_kind)) is not None
        ]
        fallback = f"CASE WHEN {src} IS NULL THEN 'missing' ELSE 'unmatched' END"

        def simple_case(values: list[str], default: str) -> str:
            if not values:
                return default
            whens = " ".join(
                f"WHEN {code} THEN {v}" for (code, _), v in zip(pairs, values, strict=True)
            )
            return f"CASE {src} {whens} ELSE {default} END"

        value_sql = simple_case(
            [_target_sql(r.target, column.target_type) for _, r in pairs],
            f"CAST(NULL AS {sql_type})",
        )
        value_sql = f"CAST({value_sql} AS {sql_type})"
        rule_sql = simple_case([quote_literal(r.rule.value) for _, r in pairs], fallback)
        status_sql = simple_case([quote_literal(r.status.value) for _, r in pairs], fallback)
    elif column.kind is ColumnKind.LOOKUP:
        table = f"{prefix}map_{index}"
        key_type = "DOUBLE" if source_kind is ColumnType.NUMBER else "VARCHAR"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} "
            f"(source {key_type}, target {sql_type}, rule VARCHAR, status VARCHAR)"
        )
        rows = [
            (r.source, r.target, r.rule.value, r.status.value)
            for r in column.mapping
            if source_kind is ColumnType.TEXT or _numberish(r.source)
        ]
        if rows:
            con.executemany(
                f"INSERT INTO {table} VALUES (TRY_CAST(? AS {key_type}), "
                f"TRY_CAST(? AS {sql_type}), ?, ?)",
                rows,
            )
        alias = f"m{index}"
        select.joins.append(f"LEFT JOIN {table} {alias} ON {src} = {alias}.source")
        value_sql = f"{alias}.target"
        rule_sql = (
            f"COALESCE({alias}.rule, CASE WHEN {src} IS NULL THEN 'missing' ELSE 'unmatched' END)"
        )
        status_sql = (
            f"COALESCE({alias}.status, CASE WHEN {src} IS NULL THEN 'missing' ELSE 'unmatched' END)"
        )
    else:
        compiler = SqlCompiler(types, table="s")
        values, rules, statuses = [], [], []
        for branch in column.branches:
            tests: list[str] = []
            if branch.sources:
                codes = [c for b in branch.sources if (c := _code_sql(b, source_kind)) is not None]
                tests.append(f"{src} IN ({', '.join(codes)})" if codes else "FALSE")
            try:
                if branch.condition:
                    tests.append(compiler.compile(parse_expression(branch.condition)))
                result = (
                    compiler.compile(parse_expression(branch.expression))
                    if branch.expression
                    else None
                )
            except (ExpressionError, UnknownNameError) as exc:
                select.issues.append(
                    Issue(
                        code="crosswalk-expression-unusable",
                        severity=Severity.ERROR,
                        message=f"{column.crosswalk.id}: the rule for codes "
                        f"{', '.join(branch.sources) or '(any)'} cannot run on the data: {exc}; "
                        f"those records get no {column.target}",
                        location=Location(urn=str(column.crosswalk), column=column.source),
                        hint="fix the condition or expression in a new crosswalk version",
                    )
                )
                tests, result = ["FALSE"], None
            when = " AND ".join(tests) if tests else "TRUE"
            if result is not None:
                then = f"TRY_CAST({result} AS {sql_type})"
            else:
                then = _target_sql(branch.target, column.target_type)
            values.append(f"WHEN {when} THEN {then}")
            rules.append(f"WHEN {when} THEN {quote_literal(branch.rule.value)}")
            statuses.append(f"WHEN {when} THEN {quote_literal(branch.status.value)}")
        fallback = f"CASE WHEN {src} IS NULL THEN 'missing' ELSE 'unmatched' END"
        value_sql = f"CAST(CASE {' '.join(values)} ELSE NULL END AS {sql_type})"
        rule_sql = f"CASE {' '.join(rules)} ELSE {fallback} END"
        status_sql = f"CASE {' '.join(statuses)} ELSE {fallback} END"
    select.expressions.append(f"{value_sql} AS {target}")
    if control:
        select.expressions.append(
            f"{quote_literal(column.source)} AS {quote_identifier(column.target + '__source')}"
        )
        select.expressions.append(f"{rule_sql} AS {quote_identifier(column.target + '__rule')}")
        select.expressions.append(f"{status_sql} AS {quote_identifier(column.target + '__status')}")


def _study_select(
    con: duckdb.DuckDBPyConnection,
    source: StudySource,
    *,
    index: int,
    types: Mapping[str, ColumnType],
    control: bool,
    all_targets: Sequence[ColumnPlan],
    issues: list[Issue],
    inline_limit: int,
    joined: list[bool],
) -> str:
    select = _Select()
    select.expressions.append(f"{index} AS {_STUDY_ORDER}")
    select.expressions.append(f"s.file_row_number AS {_ROW_ORDER}")
    select.expressions.append(f"{quote_literal(source.plan.country)} AS country")
    select.expressions.append(f"{quote_literal(source.plan.study)} AS study")
    own = {c.target: c for c in source.plan.columns}
    for j, column in enumerate(all_targets):
        mine = own.get(column.target)
        if mine is None:
            sql_type = _SQL_TYPE[column.target_type]
            select.expressions.append(
                f"CAST(NULL AS {sql_type}) AS {quote_identifier(column.target)}"
            )
            if control:
                for suffix in ("__source", "__rule", "__status"):
                    select.expressions.append(
                        f"CAST(NULL AS VARCHAR) AS {quote_identifier(column.target + suffix)}"
                    )
            continue
        _column_sql(
            con,
            mine,
            index=j,
            prefix=f"s{index}_",
            types=types,
            control=control,
            select=select,
            inline_limit=inline_limit,
        )
    issues.extend(select.issues)
    joined.append(bool(select.joins))
    body = ",\n  ".join(select.expressions)
    joins = "\n".join(select.joins)
    return f"SELECT\n  {body}\nFROM {_relation(source, numbered=True)} s\n{joins}"


def _union_columns(sources: Sequence[StudySource]) -> list[ColumnPlan]:
    by_target: dict[str, ColumnPlan] = {}
    for source in sources:
        for column in source.plan.columns:
            by_target.setdefault(column.target, column)
    return [by_target[k] for k in sorted(by_target)]


def harmonise(
    sources: Sequence[StudySource],
    output: Path,
    *,
    control_columns: bool = False,
    metadata: Mapping[str, str] | None = None,
    threads: int | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
    inline_limit: int = 64,
) -> RunResult:
    """Apply the plans to the studies' data and write one Parquet file.

    Args:
        sources: One or more studies (several are pooled, told apart by ``country``/``study``).
        output: The Parquet file to write.
        control_columns: Add ``<var>__source``, ``<var>__rule``, ``<var>__status`` columns.
        metadata: Extra Parquet key-value metadata.
        threads: DuckDB threads (default: all cores).
        con: A connection to reuse (one is opened and closed when omitted).
        inline_limit: Mapping tables up to this many rows become a simple ``CASE``; longer
            ones are joined (0 joins every lookup).

    Returns:
        Row counts, source-code counts per study and column, and a report.
    """
    own = con is None
    if con is None:
        con = connect(threads=threads)
    elif threads is not None:
        con.execute(f"SET threads = {int(threads)}")
    else:
        con.execute("RESET threads")
    result = RunResult()
    issues: list[Issue] = []
    try:
        targets = _union_columns(sources)
        selects: list[str] = []
        joined: list[bool] = []
        for i, source in enumerate(sources):
            relation = _relation(source)
            types = _column_types(con, relation)
            for column in source.plan.columns:
                if column.source not in types:
                    issues.append(
                        Issue(
                            code="source-column-missing",
                            severity=Severity.ERROR,
                            message=f"{source.plan.study}: the data file has no column "
                            f"{column.source!r}, which the crosswalk to {column.target} reads",
                            location=Location(file=str(source.path), urn=str(column.crosswalk)),
                            hint="check the variable name in the codebook against the data file",
                        )
                    )
            profiled = [
                c.source
                for c in source.plan.columns
                if c.source in types and c.covered_sources is not None
            ]
            total, counts = _profile(con, relation, list(dict.fromkeys(profiled)))
            result.rows_by_study[source.plan.study] = total
            result.rows += total
            result.value_counts[source.plan.study] = counts
            issues.extend(_coverage_issues(source.plan, counts, types))
            selects.append(
                _study_select(
                    con,
                    source,
                    index=i,
                    types=types,
                    control=control_columns,
                    all_targets=targets,
                    issues=issues,
                    inline_limit=inline_limit,
                    joined=joined,
                )
            )
        labels = {c.target: dict(c.value_labels) for c in targets if c.value_labels}
        columns = {
            s.plan.study: {
                c.target: {"source": c.source, "crosswalk": str(c.crosswalk)}
                for c in s.plan.columns
            }
            for s in sources
        }
        kv = {
            "harmonise:value_labels": json.dumps(labels, sort_keys=True, ensure_ascii=False),
            "harmonise:columns": json.dumps(columns, sort_keys=True, ensure_ascii=False),
            **(metadata or {}),
        }
        kv_sql = ", ".join(f"{quote_literal(k)}: {quote_literal(v)}" for k, v in sorted(kv.items()))
        union = "\nUNION ALL BY NAME\n".join(selects)
        # Rows keep the order of the input files (study by study) so the same inputs always
        # give the same bytes: the dataset's content-addressed identity depends on it. A
        # projection of one scan keeps that order by itself; a join or a union needs a sort.
        order = f" ORDER BY {_STUDY_ORDER}, {_ROW_ORDER}" if len(selects) > 1 or any(joined) else ""
        query = f"SELECT * EXCLUDE ({_STUDY_ORDER}, {_ROW_ORDER}) FROM ({union}){order}"
        con.execute(
            f"COPY ({query}) TO {quote_literal(str(output))} "
            f"(FORMAT parquet, KV_METADATA {{{kv_sql}}})"
        )
    finally:
        if own:
            con.close()
    result.report = Report.of(issues)
    return result


def read_value_labels(path: Path) -> dict[str, dict[str, str]]:
    """The value labels stored in a harmonised Parquet file's metadata."""
    con = connect()
    try:
        rows = con.execute(
            "SELECT value FROM parquet_kv_metadata(?) WHERE key = 'harmonise:value_labels'",
            [str(path)],
        ).fetchall()
    finally:
        con.close()
    if not rows:
        return {}
    raw = rows[0][0]
    text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
    data = json.loads(text)
    return data if isinstance(data, dict) else {}
