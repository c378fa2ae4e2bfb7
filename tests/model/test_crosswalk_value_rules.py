from harmonise.model import CodeAssociation, Crosswalk, HarmonisationStatus, RuleType
from harmonise.model.crosswalk import crosswalk_status, is_value_rule


def _cw(*rows: CodeAssociation) -> Crosswalk:
    return Crosswalk(
        urn="urn:ddi:a:XW:1.0.0",
        source_variable="urn:ddi:a:V:1.0.0",
        target_variable="urn:ddi:a:CV:1.0.0",
        associations=rows,
    )


def test_a_direct_numeric_copy_is_complete():
    row = CodeAssociation(rule=RuleType.DIRECT)
    assert is_value_rule(row)
    assert crosswalk_status(_cw(row)) is HarmonisationStatus.COMPLETE


def test_a_reference_period_conversion_is_complete_and_a_bare_recode_is_not_a_value_rule():
    converted = CodeAssociation(rule=RuleType.RECODE, expression="months * 2")
    assert crosswalk_status(_cw(converted)) is HarmonisationStatus.COMPLETE
    assert not is_value_rule(CodeAssociation(rule=RuleType.RECODE))


def test_an_impossible_row_without_codes_makes_the_variable_impossible():
    row = CodeAssociation(rule=RuleType.IMPOSSIBLE)
    assert crosswalk_status(_cw(row)) is HarmonisationStatus.IMPOSSIBLE


def test_no_rows_at_all_is_undetermined():
    assert crosswalk_status(_cw()) is HarmonisationStatus.UNDETERMINED
