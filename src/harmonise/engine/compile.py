"""Compile crosswalks into a :class:`~harmonise.engine.plan.HarmonisationPlan`.

Pure Python (no engine). A crosswalk whose rows all map explicit source codes to at most one
target without conditions becomes a **mapping table** (joined, not looped over rows); one with
case-when conditions or numeric-recode expressions becomes a **case** list; a single ``direct``
row without source codes is a **copy**; a crosswalk that is impossible or undetermined throughout
produces **nothing** (an all-NULL column) and says so.

Rules (STANDARDS.md §6.1–6.4): a source code mapped to several targets without a condition is
ambiguous: it maps to NULL with status partial, never to an arbitrary one of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from harmonise.engine.plan import (
    CaseBranch,
    ColumnKind,
    ColumnPlan,
    HarmonisationPlan,
    MappingRow,
    ValueType,
)
from harmonise.issues import Issue, Location, Report, Severity
from harmonise.model.codelist import CodeList
from harmonise.model.crosswalk import (
    Crosswalk,
    HarmonisationStatus,
    RuleType,
    association_status,
    crosswalk_status,
)


@dataclass(frozen=True)
class CrosswalkBinding:
    """A crosswalk with the names and code lists it needs to run on data.

    Attributes:
        crosswalk: The crosswalk version.
        source_name: The source variable's column name in the data file.
        target_name: The core variable's name (the harmonised column).
        source_codes: The source variable's code list, if known (for missing codes).
        target_codes: The core variable's code list, if known (for type and labels).
    """

    crosswalk: Crosswalk
    source_name: str
    target_name: str
    source_codes: CodeList | None = None
    target_codes: CodeList | None = None


def _is_integer(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def _value_type(binding: CrosswalkBinding, kind: ColumnKind) -> ValueType:
    codes = binding.target_codes.values if binding.target_codes is not None else ()
    targets = [t for a in binding.crosswalk.associations for t in a.targets]
    values = list(codes) + targets
    if values and all(_is_integer(v) for v in values):
        return ValueType.INTEGER
    if values:
        return ValueType.TEXT
    if kind in (ColumnKind.COPY, ColumnKind.CASE, ColumnKind.NOTHING):
        return ValueType.DOUBLE
    return ValueType.TEXT


def _labels(codes: CodeList | None) -> tuple[tuple[str, str], ...]:
    if codes is None:
        return ()
    return tuple((c.value, c.label.best(("en",))) for c in codes.codes)


def _kind(binding: CrosswalkBinding) -> ColumnKind:
    crosswalk = binding.crosswalk
    rows = crosswalk.associations
    if not rows and binding.target_codes is None and binding.source_codes is None:
        return ColumnKind.COPY  # a numeric variable (age, weight) taken as it is
    active = [a for a in rows if a.rule not in (RuleType.IMPOSSIBLE, RuleType.UNDETERMINED)]
    if not active:
        return ColumnKind.NOTHING
    if len(rows) == 1 and rows[0].rule is RuleType.DIRECT and not rows[0].sources:
        return ColumnKind.COPY
    simple = all(
        a.sources and not a.condition and not a.expression and len(a.targets) <= 1 for a in rows
    )
    if simple:
        return ColumnKind.LOOKUP
    return ColumnKind.CASE


def copy_or_crosswalk_status(
    crosswalk: Crosswalk,
    kind: ColumnKind,
    missing: frozenset[str] = frozenset(),
    frequencies: dict[str, float] | None = None,
) -> HarmonisationStatus:
    """The crosswalk's status (:func:`~harmonise.model.crosswalk.crosswalk_status`).

    A ``direct`` row without codes is a value rule there, so a copied numeric variable is
    complete (or partial when its semantic says so) exactly as the catalog and the validator show
    it. Deviation: a crosswalk with **no rows at all** between variables without code lists (a
    :attr:`ColumnKind.COPY`) is undetermined for the model, but the engine copies the values and
    calls it complete, so that such a numeric mapping does not block every figure using it.
    """
    if kind is ColumnKind.COPY and not crosswalk.associations:
        return HarmonisationStatus.COMPLETE
    return crosswalk_status(crosswalk, missing, frequencies)


def compile_column(binding: CrosswalkBinding) -> tuple[ColumnPlan, Report]:
    """Compile one crosswalk into a column plan.

    Args:
        binding: The crosswalk with its names and code lists.

    Returns:
        The column plan and a report (ambiguous codes, impossible mappings).
    """
    cw = binding.crosswalk
    issues: list[Issue] = []
    where = Location(urn=str(cw.urn))
    kind = _kind(binding)
    missing = (
        tuple(c.value for c in binding.source_codes.missing_codes) if binding.source_codes else ()
    )
    status = copy_or_crosswalk_status(cw, kind, frozenset(missing))
    mapping: list[MappingRow] = []
    branches: list[CaseBranch] = []
    if kind is ColumnKind.LOOKUP:
        seen: dict[str, int] = {}
        for a in cw.associations:
            a_status = association_status(cw, a)
            for s in a.sources:
                target = a.targets[0] if a.targets else None
                if a.rule in (RuleType.IMPOSSIBLE, RuleType.UNDETERMINED):
                    target = None
                if s in seen:
                    previous = mapping[seen[s]]
                    if previous.target != target:
                        mapping[seen[s]] = MappingRow(
                            source=s,
                            target=None,
                            rule=previous.rule,
                            status=HarmonisationStatus.PARTIAL,
                        )
                        issues.append(
                            Issue(
                                code="ambiguous-source-code",
                                severity=Severity.WARNING,
                                message=f"{cw.urn.id}: source code {s!r} of "
                                f"{binding.source_name} maps to "
                                "several targets without a condition; it is left empty",
                                location=where,
                                hint="add a case-when condition that decides between them",
                            )
                        )
                    continue
                seen[s] = len(mapping)
                mapping.append(MappingRow(source=s, target=target, rule=a.rule, status=a_status))
    elif kind is ColumnKind.CASE:
        for a in cw.associations:
            a_status = association_status(cw, a)
            if a.rule in (RuleType.IMPOSSIBLE, RuleType.UNDETERMINED) or (
                not a.targets and not a.expression
            ):
                branches.append(
                    CaseBranch(sources=a.sources, rule=a.rule, status=a_status, target=None)
                )
                continue
            if len(a.targets) > 1 and not a.condition:
                issues.append(
                    Issue(
                        code="ambiguous-source-code",
                        severity=Severity.WARNING,
                        message=f"{cw.urn.id}: codes {', '.join(a.sources)} of "
                        f"{binding.source_name} map to "
                        "several targets without a condition; they are left empty",
                        location=where,
                        hint="add a case-when condition that decides between them",
                    )
                )
                branches.append(
                    CaseBranch(
                        sources=a.sources,
                        rule=a.rule,
                        status=HarmonisationStatus.PARTIAL,
                        target=None,
                    )
                )
                continue
            branches.append(
                CaseBranch(
                    sources=a.sources,
                    condition=a.condition,
                    target=a.targets[0] if a.targets and not a.expression else None,
                    expression=a.expression,
                    rule=a.rule,
                    status=a_status,
                )
            )
    if kind is ColumnKind.NOTHING:
        issues.append(
            Issue(
                code="impossible-mapping",
                severity=Severity.WARNING,
                message=f"{cw.urn.id}: {binding.target_name} cannot be produced from "
                f"{binding.source_name}: "
                f"the crosswalk is {status.value}; the column is left empty",
                location=where,
            )
        )
    plan = ColumnPlan(
        target=binding.target_name,
        target_type=_value_type(binding, kind),
        source=binding.source_name,
        kind=kind,
        mapping=tuple(mapping),
        branches=tuple(branches),
        crosswalk=cw.urn,
        source_variable=cw.source_variable,
        target_variable=cw.target_variable,
        status=status,
        source_missing=missing,
        value_labels=_labels(binding.target_codes),
    )
    return plan, Report.of(issues)


def compile_plan(
    study: str, version: str, country: str, bindings: Sequence[CrosswalkBinding]
) -> tuple[HarmonisationPlan, Report]:
    """Compile every crosswalk of a study into one plan.

    Two crosswalks producing the same core variable are a conflict: the first (by URN) is kept
    and the conflict reported as an error.

    Args:
        study: Study ID.
        version: Study version.
        country: ISO 3166-1 alpha-3 code.
        bindings: The crosswalks with their names and code lists.

    Returns:
        The plan and a report.
    """
    columns: list[ColumnPlan] = []
    report = Report()
    by_target: dict[str, ColumnPlan] = {}
    for binding in sorted(bindings, key=lambda b: (b.target_name, str(b.crosswalk.urn))):
        column, found = compile_column(binding)
        report = report.merge(found)
        if binding.target_name in by_target:
            report = report.merge(
                Report.of(
                    [
                        Issue(
                            code="duplicate-core-target",
                            severity=Severity.ERROR,
                            message=f"{binding.target_name} is produced by two crosswalks of "
                            f"{study}: {by_target[binding.target_name].crosswalk} and "
                            f"{binding.crosswalk.urn}; only the first is applied",
                            location=Location(urn=str(binding.crosswalk.urn)),
                            hint="keep one crosswalk per core variable and study version",
                        )
                    ]
                )
            )
            continue
        by_target[binding.target_name] = column
        columns.append(column)
    return HarmonisationPlan(
        study=study, version=version, country=country, columns=tuple(columns)
    ), report
