"""Regression: a numeric range → code row (``sources: []``, a target, ``case-when`` with a
condition; docs/crosswalk-format.md) counts in the status roll-up like the other value rules.

Before, ``crosswalk_status`` ignored such rows, so a variable coded from ranges of a numeric
source was ``undetermined`` in the catalog and the engine while the validator's rule 24 (its own
``variable_status``) called it complete.
"""

from __future__ import annotations

from harmonise.model import CodeAssociation, Crosswalk, HarmonisationStatus, MatchSemantic, RuleType
from harmonise.model.crosswalk import crosswalk_status, is_value_rule

AGE_GROUP = (
    CodeAssociation(targets=("1",), rule=RuleType.CASE_WHEN, condition="age < 15"),
    CodeAssociation(targets=("2",), rule=RuleType.CASE_WHEN, condition="age >= 15 and age <= 17"),
)


def _cw(*rows: CodeAssociation) -> Crosswalk:
    return Crosswalk(
        urn="urn:ddi:a:XW:1.0.0",
        source_variable="urn:ddi:a:V:1.0.0",
        target_variable="urn:ddi:a:CV:1.0.0",
        associations=rows,
    )


def test_range_rows_are_value_rules_and_complete() -> None:
    assert all(is_value_rule(a) for a in AGE_GROUP)
    assert crosswalk_status(_cw(*AGE_GROUP)) is HarmonisationStatus.COMPLETE


def test_a_close_range_row_is_partial() -> None:
    close = AGE_GROUP[1].model_copy(update={"semantic": MatchSemantic.CLOSE})
    assert crosswalk_status(_cw(AGE_GROUP[0], close)) is HarmonisationStatus.PARTIAL


def test_a_case_when_row_without_condition_or_with_codes_is_no_value_rule() -> None:
    assert not is_value_rule(CodeAssociation(targets=("1",), rule=RuleType.CASE_WHEN))
    split = CodeAssociation(
        sources=("7",), targets=("6",), rule=RuleType.CASE_WHEN, condition="sex == 1"
    )
    assert not is_value_rule(split)
    assert not is_value_rule(CodeAssociation(targets=("1",)))
