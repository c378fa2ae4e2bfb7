"""The engine's column status agrees with crosswalk_status; only a crosswalk with no rows at all
between variables without code lists is the engine's documented exception (copied, complete)."""

from __future__ import annotations

from harmonise.engine.compile import CrosswalkBinding, compile_column
from harmonise.model import (
    CodeAssociation,
    Crosswalk,
    HarmonisationStatus,
    MatchSemantic,
    RuleType,
)
from harmonise.model.crosswalk import crosswalk_status


def _status(*rows: CodeAssociation) -> tuple[HarmonisationStatus, HarmonisationStatus]:
    crosswalk = Crosswalk(
        urn="urn:ddi:a:XW:1.0.0",
        source_variable="urn:ddi:a:V:1.0.0",
        target_variable="urn:ddi:a:CV:1.0.0",
        associations=rows,
    )
    plan, _ = compile_column(CrosswalkBinding(crosswalk, source_name="v", target_name="cv"))
    return HarmonisationStatus(plan.status), crosswalk_status(crosswalk)


def test_direct_copy_is_complete_in_both() -> None:
    assert _status(CodeAssociation(rule=RuleType.DIRECT)) == (
        HarmonisationStatus.COMPLETE,
        HarmonisationStatus.COMPLETE,
    )


def test_close_copy_is_partial_in_both() -> None:
    # regression: the engine called every single-row copy complete, whatever its semantic
    row = CodeAssociation(rule=RuleType.DIRECT, semantic=MatchSemantic.CLOSE)
    assert _status(row) == (HarmonisationStatus.PARTIAL, HarmonisationStatus.PARTIAL)


def test_range_rows_are_complete_in_both() -> None:
    rows = (
        CodeAssociation(targets=("1",), rule=RuleType.CASE_WHEN, condition="v < 15"),
        CodeAssociation(targets=("2",), rule=RuleType.CASE_WHEN, condition="v >= 15"),
    )
    assert _status(*rows) == (HarmonisationStatus.COMPLETE, HarmonisationStatus.COMPLETE)


def test_no_rows_is_copied_by_the_engine_only() -> None:
    assert _status() == (HarmonisationStatus.COMPLETE, HarmonisationStatus.UNDETERMINED)
