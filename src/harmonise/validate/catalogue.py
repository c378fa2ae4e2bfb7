"""The rule catalogue and the entry points that run it.

:func:`all_rules` lists every rule (``harmonise rules``); :func:`validate_crosswalk`,
:func:`validate_package` and :func:`validate_packages` run the rules over model objects and return
a :class:`~harmonise.issues.Report`. Pure: no I/O (DESIGN.md §3).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from harmonise.issues import Issue, Report
from harmonise.model import CodeList, Crosswalk, MetadataPackage, Variable
from harmonise.validate import crosswalk_rules, data_rules, metadata_rules
from harmonise.validate.context import CrosswalkContext
from harmonise.validate.rule import Rule, apply_waivers


def all_rules() -> tuple[Rule[Any], ...]:
    """Every rule, crosswalk rules first (STANDARDS.md §6.4 order), then data and metadata."""
    return (
        *crosswalk_rules.RULES,
        *data_rules.RULES,
        *metadata_rules.RULES,
        *metadata_rules.CROSS_PACKAGE_RULES,
    )


def rule_by_code(code: str) -> Rule[Any] | None:
    """The rule with this code, or None."""
    for rule in all_rules():
        if rule.code == code:
            return rule
    return None


def validate_crosswalk(context: CrosswalkContext, waived: Iterable[str] = ()) -> Report:
    """Run the crosswalk rules, and the data rules when value counts are given.

    Args:
        context: The crosswalk and what it is checked against.
        waived: Rule codes whose findings are downgraded to info ("errors unless waived").

    Returns:
        The report.
    """
    issues: list[Issue] = []
    for rule in crosswalk_rules.RULES:
        issues.extend(rule.run(context))
    if context.value_counts is not None:
        for rule in data_rules.RULES:
            issues.extend(rule.run(context))
    inputs = (context.file,) if context.file else (str(context.crosswalk.urn),)
    return Report.of(apply_waivers(issues, waived), inputs)


def validate_variable_data(
    variable: Variable,
    code_list: CodeList | None,
    counts: Mapping[str, int],
    file: str | None = None,
    valid_range: tuple[float | None, float | None] | None = None,
) -> Report:
    """Run the data rules that need no crosswalk (undeclared, unobserved, out of range).

    Args:
        variable: The variable (its ``minimum``/``maximum`` give the range by default).
        code_list: Its code list, if coded.
        counts: Observed counts per value (see :data:`~harmonise.validate.SYSTEM_MISSING`).
        file: The data file, for locations.
        valid_range: Valid range, overriding the variable's.

    Returns:
        The report.
    """
    placeholder = Crosswalk(
        urn=variable.urn, source_variable=variable.urn, target_variable=variable.urn
    )
    context = CrosswalkContext(
        crosswalk=placeholder,
        source_code_list=code_list,
        source_variable=variable,
        value_counts=counts,
        valid_range=valid_range,
        file=file,
    )
    issues: list[Issue] = []
    for rule in (
        data_rules.DATA_CODE_UNDECLARED,
        data_rules.DECLARED_CODE_UNOBSERVED,
        data_rules.DATA_VALUE_OUT_OF_RANGE,
    ):
        issues.extend(rule.run(context))
    return Report.of(issues, (file,) if file else ())


def validate_package(
    package: MetadataPackage, file: str | None = None, waived: Iterable[str] = ()
) -> Report:
    """Run the metadata rules over one package.

    Args:
        package: What one DDI or SKOS file described.
        file: The file it came from; set on every finding without a file.
        waived: Rule codes to downgrade to info.

    Returns:
        The report.
    """
    issues: list[Issue] = []
    for rule in metadata_rules.RULES:
        issues.extend(rule.run(package))
    if file is not None:
        issues = [_with_file(i, file) for i in issues]
    return Report.of(apply_waivers(issues, waived), (file,) if file else ())


def validate_packages(packages: Sequence[MetadataPackage], waived: Iterable[str] = ()) -> Report:
    """Run the cross-package rules (rule 23 across studies) over several packages."""
    issues: list[Issue] = []
    for rule in metadata_rules.CROSS_PACKAGE_RULES:
        issues.extend(rule.run(packages))
    return Report.of(apply_waivers(issues, waived))


def _with_file(issue: Issue, file: str) -> Issue:
    if issue.location.file:
        return issue
    return issue.model_copy(update={"location": issue.location.model_copy(update={"file": file})})
