"""Data rules: a crosswalk checked against observed microdata value counts (issue 4).

Not numbered in STANDARDS.md §6.4; they implement its intent for real data: codes present in
the data but not declared, declared codes never observed, the share of records that would end
up unmapped or missing after harmonisation, and out-of-range values. Input is value counts
(``Mapping[str, int]``, computed vectorised by ``harmonise.formats.microdata.value_counts``),
never records, so the cost is independent of the number of records.

Code values are compared by :func:`~harmonise.validate.context.canonical_value`: ``"07"`` in a
code list equals ``7`` stored as a number.
"""

from __future__ import annotations

from collections.abc import Iterator

from harmonise.issues import Issue, Severity
from harmonise.model import RuleType
from harmonise.model.expression import evaluate, parse_expression
from harmonise.validate.context import (
    SYSTEM_MISSING,
    CrosswalkContext,
    canonical_value,
    copies_values,
    is_value_rule,
)
from harmonise.validate.rule import Rule, RuleGroup

#: At most this many findings per rule and variable; the last one says how many more there are.
MAX_FINDINGS_PER_VARIABLE = 50

_REF = "issue 4 data rules (STANDARDS.md §6.2 unmatched source, §6.4 rules 11 and 13 on data)"


def _variable_name(ctx: CrosswalkContext) -> str:
    if ctx.source_variable is not None:
        return ctx.source_variable.name
    return ctx.crosswalk.source_variable.id


def _capped(
    issues: list[Issue], rule: Rule[CrosswalkContext], ctx: CrosswalkContext
) -> Iterator[Issue]:
    if len(issues) <= MAX_FINDINGS_PER_VARIABLE:
        yield from issues
        return
    yield from issues[: MAX_FINDINGS_PER_VARIABLE - 1]
    rest = len(issues) - (MAX_FINDINGS_PER_VARIABLE - 1)
    yield rule.issue(
        f"... and {rest} more such values in {_variable_name(ctx)}", ctx.location(), value="..."
    )


def _as_number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _check_undeclared(ctx: CrosswalkContext) -> Iterator[Issue]:
    if ctx.value_counts is None or ctx.source_code_list is None:
        return
    if not ctx.source_code_list.valid_codes:
        return  # not a coded variable: the range rule applies instead
    declared = {canonical_value(v) for v in ctx.source_code_list.values}
    found = [
        (value, n)
        for value, n in ctx.value_counts.items()
        if n > 0 and value != SYSTEM_MISSING and canonical_value(value) not in declared
    ]
    found.sort(key=lambda pair: (-pair[1], pair[0]))
    name = _variable_name(ctx)
    issues = [
        DATA_CODE_UNDECLARED.issue(
            f"{name}: value {value!r} occurs in {n} record(s) but is not in the code list",
            ctx.location(),
            value=value,
        )
        for value, n in found
    ]
    yield from _capped(issues, DATA_CODE_UNDECLARED, ctx)


DATA_CODE_UNDECLARED: Rule[CrosswalkContext] = Rule(
    code="data-code-undeclared",
    severity=Severity.ERROR,
    group=RuleGroup.DATA,
    title="Code in the data but not in the code list",
    definition="Every value found in the microdata is a declared code of the variable's code "
    "list (else it cannot be harmonised: an unmatched source, §6.2).",
    reference=_REF,
    hint="Declare {value} in the code list (new version) or correct the data.",
    check=_check_undeclared,
)


def _check_unobserved(ctx: CrosswalkContext) -> Iterator[Issue]:
    if ctx.value_counts is None or ctx.source_code_list is None:
        return
    seen = {canonical_value(v) for v, n in ctx.value_counts.items() if n > 0}
    name = _variable_name(ctx)
    for code in ctx.source_code_list.valid_codes:
        if canonical_value(code.value) not in seen:
            yield DECLARED_CODE_UNOBSERVED.issue(
                f"{name}: code {code.value!r} ({code.label.best()}) never occurs in the data",
                ctx.location(),
            )


DECLARED_CODE_UNOBSERVED: Rule[CrosswalkContext] = Rule(
    code="declared-code-unobserved",
    severity=Severity.INFO,
    group=RuleGroup.DATA,
    title="Declared code never observed",
    definition="A valid code declared in the code list occurs in the data (otherwise it is a "
    "structural zero or a sign of a wrong code list).",
    reference=_REF,
    hint="Nothing to do if the category is legitimately empty.",
    check=_check_unobserved,
)


def _value_rule_selects(ctx: CrosswalkContext, value: str) -> bool:
    number: object = _as_number(value)
    if number is None:
        number = value
    name = ctx.source_variable.name if ctx.source_variable is not None else "value"
    row = {"value": number, name: number}
    tgt_missing = ctx.target_missing
    for a in ctx.crosswalk.associations:
        if not is_value_rule(a):
            continue
        if copies_values(a):
            return True
        if all(t in tgt_missing for t in a.targets) or not a.condition:
            continue
        try:
            if evaluate(parse_expression(a.condition), row) is True:
                return True
        except ValueError:
            continue  # the condition reads other variables: not decidable from counts alone
    return False


def unmapped_share(ctx: CrosswalkContext) -> tuple[int, int]:
    """Records with a value that would end up unmapped or missing after harmonisation.

    System-missing (empty) records are left out: they are out of the universe or not
    collected, not unmapped. A value ends up unmapped or missing when it is a missing code,
    in no association, the source of an association without targets or with rule
    ``impossible``, or maps only to missing target codes; values handled by a value rule
    (a copy, a conversion, a condition on ``value``) count as mapped.

    Args:
        ctx: The crosswalk with ``value_counts``.

    Returns:
        (unmapped or missing records, records with a value).
    """
    if ctx.value_counts is None:
        return 0, 0
    tgt_missing = {canonical_value(v) for v in ctx.target_missing}
    src_missing = {canonical_value(v) for v in ctx.source_missing}
    good: set[str] = set()
    for a in ctx.crosswalk.associations:
        if not a.targets or a.rule is RuleType.IMPOSSIBLE:
            continue
        if tgt_missing and all(canonical_value(t) in tgt_missing for t in a.targets):
            continue
        good.update(map(canonical_value, a.sources))
    good -= src_missing
    has_value_rules = any(is_value_rule(a) for a in ctx.crosswalk.associations)
    total = bad = 0
    for value, n in ctx.value_counts.items():
        if value == SYSTEM_MISSING:
            continue
        total += n
        key = canonical_value(value)
        if key in good:
            continue
        if has_value_rules and key not in src_missing and _value_rule_selects(ctx, value):
            continue
        bad += n
    return bad, total


def _check_unmapped_share(ctx: CrosswalkContext) -> Iterator[Issue]:
    bad, total = unmapped_share(ctx)
    if total == 0:
        return
    share = bad / total
    if share > ctx.unmapped_share_threshold:
        yield DATA_UNMAPPED_SHARE.issue(
            f"{_variable_name(ctx)}: {bad} of {total} records ({share:.1%}) would be unmapped or "
            "missing after harmonisation (empty records not counted)",
            ctx.location(),
            threshold=f"{ctx.unmapped_share_threshold:.0%}",
        )


DATA_UNMAPPED_SHARE: Rule[CrosswalkContext] = Rule(
    code="data-unmapped-share",
    severity=Severity.WARNING,
    group=RuleGroup.DATA,
    title="Many records unmapped or missing after harmonisation",
    definition="The share of records that would end up unmapped or missing after harmonisation "
    "stays under the threshold (default 5%).",
    reference=_REF,
    hint="Map the frequent unmapped codes; the threshold is {threshold}.",
    check=_check_unmapped_share,
)


def _range_of(ctx: CrosswalkContext) -> tuple[float | None, float | None]:
    if ctx.valid_range is not None:
        return ctx.valid_range
    if ctx.source_variable is not None:
        return ctx.source_variable.minimum, ctx.source_variable.maximum
    return None, None


def _check_range(ctx: CrosswalkContext) -> Iterator[Issue]:
    if ctx.value_counts is None:
        return
    low, high = _range_of(ctx)
    if low is None and high is None:
        return
    missing = {canonical_value(v) for v in ctx.source_missing}
    found: list[tuple[float, str, int]] = []
    for value, n in ctx.value_counts.items():
        if n <= 0 or value == SYSTEM_MISSING or canonical_value(value) in missing:
            continue
        number = _as_number(value)
        if number is None:
            continue
        if (low is not None and number < low) or (high is not None and number > high):
            found.append((number, value, n))
    found.sort()
    name = _variable_name(ctx)
    issues = [
        DATA_VALUE_OUT_OF_RANGE.issue(
            f"{name}: value {value} in {n} record(s) is outside the valid range "
            f"[{'' if low is None else f'{low:g}'}, {'' if high is None else f'{high:g}'}]",
            ctx.location(),
            value=value,
        )
        for _, value, n in found
    ]
    yield from _capped(issues, DATA_VALUE_OUT_OF_RANGE, ctx)


DATA_VALUE_OUT_OF_RANGE: Rule[CrosswalkContext] = Rule(
    code="data-value-out-of-range",
    severity=Severity.ERROR,
    group=RuleGroup.DATA,
    title="Value outside the valid range",
    definition="Every non-missing numeric value lies within the variable's valid range (DDI-C "
    "valrng, or the range given).",
    reference=_REF,
    hint="Correct {value} in the data, declare it as a missing code, or widen the range.",
    check=_check_range,
)

MICRODATA_DATE_OUT_OF_RANGE: Rule[CrosswalkContext] = Rule(
    code="microdata-date-out-of-range",
    severity=Severity.WARNING,
    group=RuleGroup.DATA,
    title="Date outside the representable range",
    definition="Every date or time value of a microdata file converts to a calendar date "
    "(years 1 to 9999); otherwise it is kept as the number stored.",
    reference="issue 4 (microdata reader: datetime edge case)",
    hint="Check the date values in the statistical package.",
    checked_by="harmonise.formats.microdata",
)

#: The data rules (they run only when value counts are given).
RULES: tuple[Rule[CrosswalkContext], ...] = (
    DATA_CODE_UNDECLARED,
    DECLARED_CODE_UNOBSERVED,
    DATA_UNMAPPED_SHARE,
    DATA_VALUE_OUT_OF_RANGE,
    MICRODATA_DATE_OUT_OF_RANGE,
)
