"""Compile the safe expression form (``harmonise.model.expression``) to SQL.

The SQL is the ANSI subset DuckDB and Spark SQL share (CASE, IN, IS NULL, NULLIF, TRY_CAST is
DuckDB; Spark's ``try_cast`` has the same meaning), so one compiled plan can run on either
engine (docs/spark.md). Semantics match :func:`harmonise.model.expression.evaluate`:

* three-valued logic: a missing value makes comparisons and arithmetic unknown (NULL);
* declared missing codes of a variable read as NULL everywhere, and ``is_missing(x)`` is true for
  NULL or a declared missing code;
* division by zero is NULL (DuckDB would give ``inf``);
* a number compared with a text column compares the column's numeric reading (``TRY_CAST``).

Identifiers are always double-quoted and string literals escaped, so no name or value from a
crosswalk or figure definition can change the statement's structure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum

from harmonise.model.expression import (
    Arithmetic,
    BoolOp,
    Compare,
    Expression,
    InList,
    IsMissing,
    Name,
    Negate,
    Not,
    Number,
    String,
)


class ColumnType(StrEnum):
    """The kind of values a column holds, as far as expressions care."""

    NUMBER = "number"
    TEXT = "text"


def quote_identifier(name: str) -> str:
    """A double-quoted SQL identifier (embedded quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    """A single-quoted SQL string literal (embedded quotes doubled)."""
    return "'" + value.replace("'", "''") + "'"


def number_literal(value: int | float) -> str:
    """A SQL numeric literal; integers stay integers, floats keep full precision."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    return repr(float(value))


class UnknownNameError(ValueError):
    """An expression reads a name that is not a column."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown variable {name!r}")
        self.name = name


class SqlCompiler:
    """Compiles expressions over a known set of columns.

    Args:
        columns: Column name → its type. A name outside it raises :class:`UnknownNameError`.
        missing: Declared missing codes per column (as text, e.g. ``("98", "99")``).
        table: Alias to qualify column names with (``s`` gives ``s."age"``), if any.
    """

    def __init__(
        self,
        columns: Mapping[str, ColumnType],
        missing: Mapping[str, Sequence[str]] | None = None,
        table: str | None = None,
    ) -> None:
        self._table = table
        self._columns = dict(columns)
        self._missing = {k: tuple(v) for k, v in (missing or {}).items() if v}

    def _codes(self, name: str) -> str:
        kind = self._columns[name]
        return ", ".join(
            _code_literal(code, kind) for code in self._missing[name] if _fits(code, kind)
        )

    def _raw(self, name: str) -> str:
        if name not in self._columns:
            raise UnknownNameError(name)
        if self._table:
            return f"{self._table}.{quote_identifier(name)}"
        return quote_identifier(name)

    def _name(self, name: str) -> str:
        raw = self._raw(name)
        codes = self._codes(name) if name in self._missing else ""
        if not codes:
            return raw
        return f"(CASE WHEN {raw} IN ({codes}) THEN NULL ELSE {raw} END)"

    def _kind(self, expr: Expression) -> ColumnType:
        if isinstance(expr, Name):
            return self._columns.get(expr.name, ColumnType.NUMBER)
        if isinstance(expr, String):
            return ColumnType.TEXT
        return ColumnType.NUMBER

    def _numeric(self, expr: Expression) -> str:
        sql = self.compile(expr)
        if self._kind(expr) is ColumnType.TEXT:
            return f"TRY_CAST({sql} AS DOUBLE)"
        return sql

    def compile(self, expr: Expression) -> str:
        """The SQL text of an expression (parenthesised where precedence needs it).

        Raises:
            UnknownNameError: The expression reads a name that is not a known column.
        """
        if isinstance(expr, Name):
            return self._name(expr.name)
        if isinstance(expr, Number):
            return number_literal(expr.value)
        if isinstance(expr, String):
            return quote_literal(expr.value)
        if isinstance(expr, IsMissing):
            raw = self._raw(expr.operand.name)
            codes = self._codes(expr.operand.name) if expr.operand.name in self._missing else ""
            if codes:
                return f"({raw} IS NULL OR {raw} IN ({codes}))"
            return f"({raw} IS NULL)"
        if isinstance(expr, Negate):
            return f"(-{self._numeric(expr.operand)})"
        if isinstance(expr, Arithmetic):
            left, right = self._numeric(expr.left), self._numeric(expr.right)
            if expr.op == "/":
                return f"(CAST({left} AS DOUBLE) / NULLIF({right}, 0))"
            return f"({left} {expr.op} {right})"
        if isinstance(expr, Compare):
            return self._compare(expr)
        if isinstance(expr, InList):
            return self._in_list(expr)
        if isinstance(expr, Not):
            return f"(NOT {self.compile(expr.operand)})"
        if isinstance(expr, BoolOp):
            joiner = " AND " if expr.op == "and" else " OR "
            return "(" + joiner.join(self.compile(o) for o in expr.operands) + ")"
        raise TypeError(f"not an expression node: {expr!r}")  # pragma: no cover

    def _compare(self, expr: Compare) -> str:
        op = "=" if expr.op == "==" else ("<>" if expr.op == "!=" else expr.op)
        left_kind, right_kind = self._kind(expr.left), self._kind(expr.right)
        if left_kind is right_kind:
            return f"({self.compile(expr.left)} {op} {self.compile(expr.right)})"
        return f"({self._numeric(expr.left)} {op} {self._numeric(expr.right)})"

    def _in_list(self, expr: InList) -> str:
        items = expr.items
        strings = bool(items) and isinstance(items[0], String)
        if strings and self._kind(expr.operand) is ColumnType.TEXT:
            operand = self.compile(expr.operand)
            listed = ", ".join(quote_literal(str(i.value)) for i in items)
        elif strings:
            operand = f"CAST({self.compile(expr.operand)} AS VARCHAR)"
            listed = ", ".join(quote_literal(str(i.value)) for i in items)
        else:
            operand = self._numeric(expr.operand)
            listed = ", ".join(number_literal(i.value) for i in items)  # type: ignore[arg-type]
        keyword = "NOT IN" if expr.negated else "IN"
        return f"({operand} {keyword} ({listed}))"


def _fits(code: str, kind: ColumnType) -> bool:
    if kind is ColumnType.TEXT:
        return True
    try:
        float(code)
    except ValueError:
        return False
    return True


def _code_literal(code: str, kind: ColumnType) -> str:
    if kind is ColumnType.TEXT:
        return quote_literal(code)
    number = float(code)
    return number_literal(int(number) if number.is_integer() else number)
