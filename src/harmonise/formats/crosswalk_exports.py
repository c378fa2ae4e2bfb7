"""Crosswalk exports from the one model: tables, JSON, XKOS, DDI-L and recode syntax.

Issue 4 part A §3. Formats (:class:`ExportFormat`):

* ``csv-long``: one row per source→target pair with the computed cardinality and status
  (readable again by :func:`harmonise.formats.crosswalk_sheet.read_long_sheet`);
* ``csv-translation``: IPUMS-style, one row per core code and one column per crosswalk (study);
  source codes that reach no core code cannot appear in this layout and are left out;
* ``json``: the YAML form's structure plus the computed values;
* ``xkos-ttl`` / ``xkos-jsonld``: :mod:`harmonise.formats.xkos`;
* ``ddi``: DDI-L 3.3 ``cm:Comparison``, written by ``formats.ddi_lifecycle.comparison_bytes``;
* ``spss``, ``stata``, ``r``, ``sql``: recode syntax. Conditions and numeric expressions in the
  safe expression form are translated from the syntax tree (never pasted as text); names are
  columns of the source dataset, as in the engine. A source code with several targets and no
  condition cannot be recoded deterministically: it is left missing, with a comment. Impossible and
  undetermined codes become missing. Precedence is the same in every syntax: codes that must
  stay missing win over conditions, which win over plain code mappings (``CASE`` lists them in
  that order; SPSS, Stata and R assign in the reverse order, the last assignment winning).

Codes are written as numbers when every code on that side reads back unchanged as a number
(``7``, ``2.5``; a leading zero as in ``"07"`` makes the side text), otherwise as strings; callers
can force either.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from harmonise.config import DEFAULT_IRI_BASE
from harmonise.formats.crosswalk_file import crosswalk_as_mapping
from harmonise.formats.xkos import xkos_bytes
from harmonise.model.crosswalk import (
    Crosswalk,
    RuleType,
    association_cardinalities,
    association_statuses,
    crosswalk_status,
)
from harmonise.model.expression import (
    Arithmetic,
    Compare,
    Expression,
    InList,
    IsMissing,
    Name,
    Negate,
    Not,
    Number,
    String,
    parse_expression,
)

CodeType = Literal["auto", "numeric", "string"]


class ExportFormat(StrEnum):
    """The export formats of ``harmonise crosswalk export``."""

    XKOS_TTL = "xkos-ttl"
    XKOS_JSONLD = "xkos-jsonld"
    DDI = "ddi"
    CSV_LONG = "csv-long"
    CSV_TRANSLATION = "csv-translation"
    JSON = "json"
    SPSS = "spss"
    STATA = "stata"
    R = "r"
    SQL = "sql"


SUFFIX = {
    ExportFormat.XKOS_TTL: ".ttl",
    ExportFormat.XKOS_JSONLD: ".jsonld",
    ExportFormat.DDI: ".xml",
    ExportFormat.CSV_LONG: ".csv",
    ExportFormat.CSV_TRANSLATION: ".csv",
    ExportFormat.JSON: ".json",
    ExportFormat.SPSS: ".sps",
    ExportFormat.STATA: ".do",
    ExportFormat.R: ".R",
    ExportFormat.SQL: ".sql",
}
"""Conventional file suffix of each format."""

LONG_COLUMNS = (
    "source_code",
    "target_code",
    "rule",
    "semantic",
    "cardinality",
    "status",
    "condition",
    "expression",
    "note",
)

# --- tables and JSON --------------------------------------------------------------------------


def long_csv(crosswalk: Crosswalk) -> bytes:
    """One row per source→target pair (unmatched codes with the other side empty)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(LONG_COLUMNS)
    cards = association_cardinalities(crosswalk)
    statuses = association_statuses(crosswalk)
    for a, card, status in zip(crosswalk.associations, cards, statuses, strict=True):
        pairs = [(s, t) for s in a.sources or ("",) for t in a.targets or ("",)]
        for s, t in pairs:
            writer.writerow(
                [
                    s,
                    t,
                    a.rule.value,
                    a.semantic.value if a.semantic else "",
                    card.value,
                    status.value,
                    a.condition or "",
                    a.expression or "",
                    a.note.best(("en", "")) if len(a.note) else "",
                ]
            )
    for t in crosswalk.unmatched_targets:
        writer.writerow(["", t, "", "", "unmatched-target", "", "", "", ""])
    return out.getvalue().encode("utf-8")


def _study_name(crosswalk: Crosswalk) -> str:
    return crosswalk.study.id if crosswalk.study is not None else crosswalk.source_variable.id


def translation_csv(crosswalks: Sequence[Crosswalk], core_column: str = "core_code") -> bytes:
    """One row per core code, one column per crosswalk, source codes joined by ``;``.

    A source code with several targets appears on each of their rows. Rows are ordered by the
    first appearance of the core code.
    """
    rows: dict[str, list[list[str]]] = {}
    for k, cw in enumerate(crosswalks):
        for a in cw.associations:
            for t in a.targets:
                cells = rows.setdefault(t, [[] for _ in crosswalks])
                cells[k].extend(s for s in a.sources if s not in cells[k])
        for t in cw.unmatched_targets:
            rows.setdefault(t, [[] for _ in crosswalks])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([core_column, *(_study_name(cw) for cw in crosswalks)])
    for target, cells in rows.items():
        writer.writerow([target, *(";".join(c) for c in cells)])
    return out.getvalue().encode("utf-8")


def crosswalk_json(crosswalks: Sequence[Crosswalk]) -> bytes:
    """The crosswalks as JSON: the YAML form's structure plus computed cardinality and status."""
    documents = []
    for cw in crosswalks:
        doc = dict(crosswalk_as_mapping(cw))
        doc["computed"] = {
            "status": crosswalk_status(cw).value,
            "associations": [
                {"cardinality": c.value, "status": s.value}
                for c, s in zip(
                    association_cardinalities(cw), association_statuses(cw), strict=True
                )
            ],
        }
        documents.append(doc)
    payload: object = documents[0] if len(documents) == 1 else documents
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- recode plans -----------------------------------------------------------------------------

_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _canonical_number(code: str) -> bool:
    """True for codes that read back unchanged as numbers (``7``, ``-1``, ``2.5``; not ``07``)."""
    if not _NUMBER.fullmatch(code):
        return False
    return code == (repr(float(code)) if "." in code else str(int(code)))


def _numeric(codes: Sequence[str], wanted: CodeType) -> bool:
    if wanted != "auto":
        return wanted == "numeric"
    return bool(codes) and all(_canonical_number(c) for c in codes)


@dataclass(frozen=True, slots=True)
class _Rule:
    """One recode step.

    When the source is one of ``sources`` (any value if empty) and ``condition`` holds, the
    target becomes ``target`` (a code) or ``expression``.
    """

    sources: tuple[str, ...]
    target: str | None
    expression: Expression | None = None
    condition: Expression | None = None
    comment: str = ""


@dataclass(frozen=True, slots=True)
class RecodePlan:
    """Everything a syntax writer needs, computed once from the crosswalk."""

    crosswalk: str
    source_name: str
    target_name: str
    source_numeric: bool
    target_numeric: bool
    plain: tuple[_Rule, ...]
    conditional: tuple[_Rule, ...]
    missing: tuple[_Rule, ...]


def syntax_name(text: str) -> str:
    """A variable name safe in SPSS, Stata, R and SQL: ``[A-Za-z][A-Za-z0-9_]*``, ≤ 32 chars."""
    name = re.sub(r"[^A-Za-z0-9_]+", "_", text).strip("_") or "v"
    if not name[0].isalpha():
        name = "v_" + name
    return name[:32]


def recode_plan(
    crosswalk: Crosswalk,
    source_name: str | None = None,
    target_name: str | None = None,
    source_type: CodeType = "auto",
    target_type: CodeType = "auto",
) -> RecodePlan:
    """Turn a crosswalk into ordered recode rules.

    Args:
        crosswalk: The crosswalk.
        source_name: Source variable name in the data (default from its URN ID).
        target_name: Name of the new variable (default from the core variable's URN ID).
        source_type: Write source codes as numbers, strings, or decide (``auto``).
        target_type: Likewise for target codes.

    Returns:
        The plan.

    Raises:
        ValueError: A condition or expression is not valid in the safe expression form.
    """
    plain: list[_Rule] = []
    conditional: list[_Rule] = []
    missing: list[_Rule] = []
    t_count: dict[str, set[str]] = {}
    for a in crosswalk.associations:
        if not a.condition:
            for s in a.sources:
                t_count.setdefault(s, set()).update(a.targets)
    source = syntax_name(source_name or crosswalk.source_variable.id)
    for a in crosswalk.associations:
        condition = parse_expression(a.condition) if a.condition else None
        expression = parse_expression(a.expression) if a.expression else None
        if a.rule is RuleType.DIRECT and not a.sources and not a.targets and expression is None:
            expression = Name(source)  # a direct copy of the whole value
        if a.rule in (RuleType.IMPOSSIBLE, RuleType.UNDETERMINED) or (
            not a.targets and expression is None
        ):
            if a.sources:
                missing.append(_Rule(a.sources, None, comment=a.rule.value))
            continue
        target = a.targets[0] if a.targets else None
        if condition is not None:
            conditional.append(_Rule(a.sources, target, expression, condition))
        elif expression is not None:
            conditional.append(_Rule(a.sources, None, expression))
        elif len(a.targets) > 1 or any(len(t_count.get(s, ())) > 1 for s in a.sources):
            missing.append(
                _Rule(a.sources, None, comment="several targets without a condition: left missing")
            )
        else:
            plain.append(_Rule(a.sources, target))
    sources = [s for a in crosswalk.associations for s in a.sources]
    targets = [t for a in crosswalk.associations for t in a.targets]
    return RecodePlan(
        crosswalk=str(crosswalk.urn),
        source_name=source,
        target_name=syntax_name(target_name or crosswalk.target_variable.id),
        source_numeric=_numeric(sources, source_type),
        target_numeric=_numeric(targets, target_type),
        plain=tuple(plain),
        conditional=tuple(conditional),
        missing=tuple(missing),
    )


# --- expression printers ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Dialect:
    ops: dict[str, str]
    string: Callable[[str], str]
    name: Callable[[str], str]
    missing: Callable[[str], str]
    in_list: Callable[[str, list[str], bool], str]
    not_: str
    and_: str
    or_: str
    guard_missing: bool = False  # Stata: missing (.) sorts above every number


def _render(expr: Expression, d: _Dialect) -> str:
    def go(e: Expression) -> str:
        if isinstance(e, Name):
            return d.name(e.name)
        if isinstance(e, Number):
            return repr(e.value) if e.value >= 0 else f"({e.value!r})"
        if isinstance(e, String):
            return d.string(e.value)
        if isinstance(e, IsMissing):
            return d.missing(d.name(e.operand.name))
        if isinstance(e, Negate):
            return f"(-{go(e.operand)})"
        if isinstance(e, Compare) and d.guard_missing:
            guards = [d.missing(go(x)) for x in (e.left, e.right) if isinstance(x, Name)]
            text = f"{go(e.left)} {d.ops[e.op]} {go(e.right)}"
            return "(" + " & ".join([text, *(f"!{g}" for g in guards)]) + ")"
        if isinstance(e, (Arithmetic, Compare)):
            return f"({go(e.left)} {d.ops[e.op]} {go(e.right)})"
        if isinstance(e, InList):
            return d.in_list(go(e.operand), [go(i) for i in e.items], e.negated)
        if isinstance(e, Not):
            return f"({d.not_}{go(e.operand)})"
        joiner = f" {d.and_ if e.op == 'and' else d.or_} "
        return "(" + joiner.join(go(o) for o in e.operands) + ")"

    return go(expr)


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _spss_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _c_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped + '"'


#: Operators every target syntax writes the same way; equality differs per dialect.
_COMMON_OPS = {
    "<": "<",
    "<=": "<=",
    ">": ">",
    ">=": ">=",
    "+": "+",
    "-": "-",
    "*": "*",
    "/": "/",
}

_SQL = _Dialect(
    ops={**_COMMON_OPS, "==": "=", "!=": "<>"},
    string=_sql_string,
    name=lambda n: '"' + n.replace('"', '""') + '"',
    missing=lambda n: f"({n} IS NULL)",
    in_list=lambda x, items, neg: f"({x} {'NOT IN' if neg else 'IN'} ({', '.join(items)}))",
    not_="NOT ",
    and_="AND",
    or_="OR",
)
_SPSS = _Dialect(
    ops={**_COMMON_OPS, "==": "=", "!=": "~="},
    string=_spss_string,
    name=lambda n: n,
    missing=lambda n: f"MISSING({n})",
    in_list=lambda x, items, neg: f"({'NOT ' if neg else ''}ANY({x}, {', '.join(items)}))",
    not_="NOT ",
    and_="AND",
    or_="OR",
)
_STATA = _Dialect(
    ops={**_COMMON_OPS, "==": "==", "!=": "!="},
    string=_c_string,
    name=lambda n: n,
    missing=lambda n: f"missing({n})",
    in_list=lambda x, items, neg: (
        "(" + ("!" if neg else "") + "(" + " | ".join(f"{x} == {i}" for i in items) + "))"
    ),
    not_="!",
    and_="&",
    or_="|",
    guard_missing=True,
)
_R = _Dialect(
    ops={**_COMMON_OPS, "==": "==", "!=": "!="},
    string=_c_string,
    name=lambda n: f"data[[{_c_string(n)}]]",
    missing=lambda n: f"is.na({n})",
    in_list=lambda x, items, neg: f"({'!' if neg else ''}({x} %in% c({', '.join(items)})))",
    not_="!",
    and_="&",
    or_="|",
)


def _code(code: str, numeric: bool, quote: Callable[[str], str]) -> str:
    if numeric:
        return repr(float(code)) if "." in code else str(int(code))
    return quote(code)


# --- syntax writers ---------------------------------------------------------------------------


def _header(plan: RecodePlan, comment: str) -> list[str]:
    return [
        f"{comment} Recode {plan.source_name} into {plan.target_name}",
        f"{comment} Crosswalk {plan.crosswalk} (generated by harmonise; do not edit by hand)",
    ]


def sql_case(plan: RecodePlan, table: str = "data") -> str:
    """A ``SELECT *, CASE ... END AS target FROM table`` statement (ANSI SQL, DuckDB-tested)."""
    src = _SQL.name(plan.source_name)
    lines = [*_header(plan, "--"), "SELECT *,", "  CASE"]

    def code(c: str, numeric: bool) -> str:
        return _code(c, numeric, _sql_string)

    def when(rule: _Rule) -> str:
        parts = []
        if rule.sources:
            items = ", ".join(code(s, plan.source_numeric) for s in rule.sources)
            parts.append(f"{src} IN ({items})")
        else:
            parts.append(f"{src} IS NOT NULL")
        if rule.condition is not None:
            parts.append(_render(rule.condition, _SQL))
        return " AND ".join(parts)

    def then(rule: _Rule) -> str:
        if rule.expression is not None:
            return _render(rule.expression, _SQL)
        return code(rule.target or "", plan.target_numeric)

    for rule in plan.missing:
        lines.append(f"    WHEN {when(rule)} THEN NULL  -- {rule.comment}")
    for rule in plan.conditional:
        lines.append(f"    WHEN {when(rule)} THEN {then(rule)}")
    for rule in plan.plain:
        lines.append(f"    WHEN {when(rule)} THEN {then(rule)}")
    lines.append(f"    ELSE NULL\n  END AS {_SQL.name(plan.target_name)}")
    lines.append(f"FROM {_SQL.name(table)};")
    return "\n".join(lines) + "\n"


def spss_syntax(plan: RecodePlan) -> str:
    """SPSS syntax: ``RECODE ... INTO`` for plain codes, ``IF`` for conditions and expressions."""
    src, tgt = plan.source_name, plan.target_name
    lines = _header(plan, "*")
    lines = [line + "." for line in lines]
    codes = [r.target for r in plan.plain if r.target] + [
        r.target for r in plan.conditional if r.target
    ]
    if not plan.target_numeric:
        width = max((len(c.encode("utf-8")) for c in codes), default=1)
        lines.append(f"STRING {tgt} (A{max(width, 1)}).")
    else:
        lines.append(f"NUMERIC {tgt} (F8.2).")

    def code(c: str, numeric: bool) -> str:
        return _code(c, numeric, _spss_string)

    if plan.plain:
        lines.append(f"RECODE {src}")
        for rule in plan.plain:
            values = " ".join(code(s, plan.source_numeric) for s in rule.sources)
            lines.append(f"  ({values}={code(rule.target or '', plan.target_numeric)})")
        lines.append(f"  INTO {tgt}.")
    for rule in plan.conditional:
        parts = []
        if rule.sources:
            parts.append(
                f"ANY({src}, {', '.join(code(s, plan.source_numeric) for s in rule.sources)})"
            )
        if rule.condition is not None:
            parts.append(_render(rule.condition, _SPSS))
        test = " AND ".join(parts) or f"NOT MISSING({src})"
        value = (
            _render(rule.expression, _SPSS)
            if rule.expression is not None
            else code(rule.target or "", plan.target_numeric)
        )
        lines.append(f"IF ({test}) {tgt} = {value}.")
    blank = "$SYSMIS" if plan.target_numeric else "''"
    for rule in plan.missing:
        lines.append(f"* {', '.join(rule.sources)}: {rule.comment}.")
        values = ", ".join(code(s, plan.source_numeric) for s in rule.sources)
        lines.append(f"IF (ANY({src}, {values})) {tgt} = {blank}.")
    lines.append("EXECUTE.")
    return "\n".join(lines) + "\n"


def stata_syntax(plan: RecodePlan) -> str:
    """Stata do-file lines: ``generate`` then one ``replace ... if`` per rule."""
    src, tgt = plan.source_name, plan.target_name
    lines = _header(plan, "*")

    def code(c: str, numeric: bool) -> str:
        return _code(c, numeric, _c_string)

    lines.append(
        f"generate double {tgt} = ." if plan.target_numeric else f'generate str {tgt} = ""'
    )

    def test(rule: _Rule) -> str:
        parts = []
        if rule.sources:
            alternatives = " | ".join(
                f"{src} == {code(s, plan.source_numeric)}" for s in rule.sources
            )
            parts.append(f"({alternatives})")
        else:
            parts.append(f"!missing({src})")
        if rule.condition is not None:
            parts.append(_render(rule.condition, _STATA))
        return " & ".join(parts)

    for rule in plan.plain:
        lines.append(
            f"replace {tgt} = {code(rule.target or '', plan.target_numeric)} if {test(rule)}"
        )
    for rule in plan.conditional:
        value = (
            _render(rule.expression, _STATA)
            if rule.expression is not None
            else code(rule.target or "", plan.target_numeric)
        )
        lines.append(f"replace {tgt} = {value} if {test(rule)}")
    for rule in plan.missing:
        lines.append(f"* {', '.join(rule.sources)}: {rule.comment}")
        blank = "." if plan.target_numeric else '""'
        lines.append(f"replace {tgt} = {blank} if {test(rule)}")
    return "\n".join(lines) + "\n"


def r_syntax(plan: RecodePlan) -> str:
    """A base-R function ``recode_<target>(data)`` returning ``data`` with the new column."""
    src = _R.name(plan.source_name)
    lines = _header(plan, "#")
    lines.append(f"recode_{plan.target_name} <- function(data) {{")
    empty = "NA_real_" if plan.target_numeric else "NA_character_"
    lines.append(f"  out <- rep({empty}, nrow(data))")

    def code(c: str, numeric: bool) -> str:
        return _code(c, numeric, _c_string)

    def test(rule: _Rule) -> str:
        parts = []
        if rule.sources:
            items = ", ".join(code(s, plan.source_numeric) for s in rule.sources)
            parts.append(f"{src} %in% c({items})")
        else:
            parts.append(f"!is.na({src})")
        if rule.condition is not None:
            parts.append(f"({_render(rule.condition, _R)} %in% TRUE)")
        return " & ".join(parts)

    for rule in plan.plain:
        lines.append(f"  out[{test(rule)}] <- {code(rule.target or '', plan.target_numeric)}")
    for rule in plan.conditional:
        if rule.expression is not None:
            value = _render(rule.expression, _R)
            lines.append(f"  hit <- {test(rule)}")
            lines.append(f"  out[hit] <- ({value})[hit]")
        else:
            lines.append(f"  out[{test(rule)}] <- {code(rule.target or '', plan.target_numeric)}")
    for rule in plan.missing:
        lines.append(f"  # {', '.join(rule.sources)}: {rule.comment}")
        lines.append(f"  out[{test(rule)}] <- NA")
    lines.append(f"  data[[{_c_string(plan.target_name)}]] <- out")
    lines.append("  data")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- dispatch ---------------------------------------------------------------------------------


def export_crosswalks(
    crosswalks: Sequence[Crosswalk],
    fmt: ExportFormat | str,
    *,
    source_name: str | None = None,
    target_name: str | None = None,
    source_type: CodeType = "auto",
    target_type: CodeType = "auto",
    iri_base: str = DEFAULT_IRI_BASE,
    table: str = "data",
) -> bytes:
    """Export crosswalks in any :class:`ExportFormat`.

    Args:
        crosswalks: One or more crosswalk versions (syntax formats write one block each).
        fmt: The format.
        source_name: Source variable name in the data (syntax formats).
        target_name: Name of the harmonised variable (syntax formats).
        source_type: ``auto``, ``numeric`` or ``string`` source codes (syntax formats).
        target_type: Likewise for target codes.
        iri_base: IRI base for XKOS.
        table: Table name in the SQL statement.

    Returns:
        The document as UTF-8 bytes.

    Raises:
        ValueError: Unknown format, or an invalid expression in a crosswalk.
    """
    chosen = ExportFormat(fmt)
    if chosen is ExportFormat.XKOS_TTL:
        return xkos_bytes(crosswalks, "turtle", iri_base)
    if chosen is ExportFormat.XKOS_JSONLD:
        return xkos_bytes(crosswalks, "json-ld", iri_base)
    if chosen is ExportFormat.DDI:
        from harmonise.formats.ddi_lifecycle import comparison_bytes

        return comparison_bytes(crosswalks)
    if chosen is ExportFormat.CSV_LONG:
        return b"".join(
            long_csv(cw) if i == 0 else long_csv(cw).split(b"\r\n", 1)[1]
            for i, cw in enumerate(crosswalks)
        )
    if chosen is ExportFormat.CSV_TRANSLATION:
        return translation_csv(crosswalks)
    if chosen is ExportFormat.JSON:
        return crosswalk_json(crosswalks)
    writer: Callable[[RecodePlan], str] = {
        ExportFormat.SPSS: spss_syntax,
        ExportFormat.STATA: stata_syntax,
        ExportFormat.R: r_syntax,
        ExportFormat.SQL: lambda p: sql_case(p, table),
    }[chosen]
    blocks = [
        writer(recode_plan(cw, source_name, target_name, source_type, target_type))
        for cw in crosswalks
    ]
    return "\n".join(blocks).encode("utf-8")


__all__ = [
    "LONG_COLUMNS",
    "SUFFIX",
    "ExportFormat",
    "RecodePlan",
    "crosswalk_json",
    "export_crosswalks",
    "long_csv",
    "r_syntax",
    "recode_plan",
    "spss_syntax",
    "sql_case",
    "stata_syntax",
    "syntax_name",
    "translation_csv",
]
