"""The rule object: one small, documented check with a stable code (STANDARDS.md §6.4).

Each rule carries its kebab-case code (never reused), severity, title, a definition quoting
STANDARDS.md (with the §6.4 rule number where there is one), a hint template and the check
function. ``harmonise rules`` lists them from :mod:`harmonise.validate.catalogue`.

Rules that only a reader can check (for instance SKOS S14, "at most one prefLabel per
language", which the model cannot even represent) have ``check=None`` and name the reader in
``checked_by``; the reader emits findings with the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from harmonise.issues import Issue, Location, Severity

_C = TypeVar("_C")


class RuleGroup(StrEnum):
    """The groups of STANDARDS.md §6.4, plus data and metadata (DDI-level) rules."""

    STRUCTURAL = "structural"
    COVERAGE = "coverage"
    CONSISTENCY = "consistency"
    COMPARABILITY = "comparability"
    DATA = "data"
    METADATA = "metadata"


@dataclass(frozen=True)
class Rule(Generic[_C]):
    """One validation rule.

    Attributes:
        code: Stable kebab-case code, never reused.
        severity: Severity of its findings.
        group: The rule group.
        title: A short title.
        definition: What the rule requires, quoting the standard.
        reference: Where it is defined, e.g. ``STANDARDS.md §6.4 rule 11``.
        hint: Hint template (``str.format`` fields filled by the check).
        check: The check over a context, or None when a reader checks it.
        checked_by: Who checks it: ``validator`` or the reader module.
    """

    code: str
    severity: Severity
    group: RuleGroup
    title: str
    definition: str
    reference: str
    hint: str
    check: Callable[[_C], Iterable[Issue]] | None = None
    checked_by: str = "validator"

    def issue(self, message: str, location: Location | None = None, **hint_fields: object) -> Issue:
        """Build a finding of this rule.

        Args:
            message: What is wrong, in plain words.
            location: Where it is.
            **hint_fields: Values for the hint template.

        Returns:
            The issue.
        """
        try:
            hint = self.hint.format(**hint_fields)
        except (KeyError, IndexError):
            hint = self.hint
        return Issue(
            code=self.code,
            severity=self.severity,
            message=message,
            location=location or Location(),
            hint=hint,
        )

    def run(self, context: _C) -> Iterator[Issue]:
        """Run the check on a context (nothing when a reader checks this rule)."""
        if self.check is not None:
            yield from self.check(context)


def apply_waivers(issues: Iterable[Issue], waived: Iterable[str]) -> Iterator[Issue]:
    """Downgrade findings of waived rules to ``info`` (STANDARDS.md §6.4: "errors unless waived").

    Args:
        issues: Findings.
        waived: Rule codes the user waived.

    Yields:
        The findings, waived ones at info level with "(waived)" appended to the message.
    """
    waived_set = frozenset(waived)
    for issue in issues:
        if issue.code in waived_set and issue.severity is not Severity.INFO:
            yield issue.model_copy(
                update={"severity": Severity.INFO, "message": issue.message + " (waived)"}
            )
        else:
            yield issue
