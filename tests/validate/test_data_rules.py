"""Data rules: value counts of microdata against a crosswalk and its code lists."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from harmonise.model import MissingType, RuleType
from harmonise.validate import (
    SYSTEM_MISSING,
    canonical_value,
    validate_crosswalk,
    validate_variable_data,
)
from harmonise.validate.data_rules import MAX_FINDINGS_PER_VARIABLE, unmapped_share
from tests.validate import builders as b

CLEAN_COUNTS = {"1": 500, "2": 400, "7": 90, "98": 10}


def _codes(counts: dict[str, int], **kw: object) -> list[str]:
    return validate_crosswalk(b.context(value_counts=counts, **kw)).flatten(["code"])


def test_clean_counts_have_no_finding() -> None:
    assert _codes(CLEAN_COUNTS) == []


def test_numeric_data_matches_zero_padded_codes() -> None:
    assert canonical_value("07") == canonical_value("7.0") == "7"
    assert canonical_value("0110") == "110"
    assert canonical_value("A1") == "A1"
    assert _codes({"1.0": 500, "2": 400, "07": 90, "98": 10}) == []


def test_code_in_data_not_declared() -> None:
    report = validate_crosswalk(b.context(value_counts={**CLEAN_COUNTS, "5": 3}))
    assert report.flatten(["code", "message"]) == [
        [
            "data-code-undeclared",
            "p03: value '5' occurs in 3 record(s) but is not in the code list",
        ]
    ]


def test_undeclared_findings_are_capped() -> None:
    counts = {**CLEAN_COUNTS, **{str(1000 + i): 1 for i in range(80)}}
    codes = _codes(counts, unmapped_share_threshold=1.0)
    assert codes == ["data-code-undeclared"] * MAX_FINDINGS_PER_VARIABLE


def test_declared_code_never_observed() -> None:
    counts = {"1": 500, "7": 90}
    report = validate_crosswalk(b.context(value_counts=counts))
    assert report.flatten(["code", "severity"]) == [["declared-code-unobserved", "info"]]


def test_unmapped_share_above_threshold() -> None:
    counts = {"1": 50, "2": 30, "7": 10, "98": 10, SYSTEM_MISSING: 5}
    ctx = b.context(value_counts=counts)
    assert unmapped_share(ctx) == (10, 100)
    assert validate_crosswalk(ctx).flatten(["code", "message"]) == [
        [
            "data-unmapped-share",
            "p03: 10 of 100 records (10.0%) would be unmapped or missing after harmonisation "
            "(empty records not counted)",
        ]
    ]
    assert _codes(counts, unmapped_share_threshold=0.2) == []


def test_value_out_of_range() -> None:
    counts = {"3": 10, "17": 2, "-1": 1, "98": 4}
    no_codes = b.SOURCE_LIST.model_copy(update={"codes": b.SOURCE_LIST.codes[3:]})
    report = validate_crosswalk(
        b.context(
            value_counts=counts,
            valid_range=(0, 15),
            source_code_list=no_codes,
            target_code_list=None,
            crosswalk=b.crosswalk(associations=(b.assoc("98", "98"),)),
            unmapped_share_threshold=1.0,
        )
    )
    assert report.flatten(["code", "location.file"]) == [
        ["data-value-out-of-range", "xw.yaml"],
        ["data-value-out-of-range", "xw.yaml"],
    ]
    assert [i.message.split(":")[1].split()[1] for i in report] == ["-1", "17"]


def test_range_taken_from_the_source_variable() -> None:
    var = b.SOURCE_VARIABLE.model_copy(update={"minimum": 1.0, "maximum": 7.0})
    assert _codes({**CLEAN_COUNTS, "8": 0}, source_variable=var) == []
    assert "data-value-out-of-range" in _codes({**CLEAN_COUNTS, "9": 1}, source_variable=var)


@given(st.dictionaries(st.sampled_from(["1", "2", "7", "98", "5", ""]), st.integers(0, 10**6)))
def test_unmapped_share_is_bounded(counts: dict[str, int]) -> None:
    bad, total = unmapped_share(b.context(value_counts=counts))
    assert 0 <= bad <= total == sum(n for v, n in counts.items() if v != SYSTEM_MISSING)


def test_variable_data_without_crosswalk() -> None:
    report = validate_variable_data(
        b.SOURCE_VARIABLE, b.SOURCE_LIST, {"1": 3, "2": 1, "7": 2, "98": 1, "4": 2}, file="d.sav"
    )
    assert report.flatten(["code", "location.file"]) == [["data-code-undeclared", "d.sav"]]
    assert validate_variable_data(b.SOURCE_VARIABLE, b.SOURCE_LIST, CLEAN_COUNTS).flatten() == []


def test_value_rules_map_values() -> None:
    age = b.SOURCE_VARIABLE.model_copy(update={"name": "age"})
    ages = b.SOURCE_LIST.model_copy(update={"codes": (b.code("98", "DK", MissingType.DONT_KNOW),)})
    copy = b.crosswalk(
        associations=(b.assoc("", "", rule=RuleType.DIRECT), b.assoc("98", "98")),
        source_code_list=ages.urn,
    )
    counts = {"3": 40, "15": 50, "98": 2}
    kw = {"source_variable": age, "source_code_list": ages, "target_code_list": None}
    assert _codes(counts, crosswalk=copy, **kw) == []
    ranges = b.crosswalk(
        associations=(
            b.assoc("", "1", rule=RuleType.CASE_WHEN, condition="value < 5"),
            b.assoc("98", "98"),
        ),
        source_code_list=ages.urn,
    )
    assert unmapped_share(b.context(value_counts=counts, crosswalk=ranges, **kw)) == (52, 92)
