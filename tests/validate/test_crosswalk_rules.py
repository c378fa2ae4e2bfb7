"""Crosswalk rules (STANDARDS.md §6.4): one failing and one passing case per rule."""

from __future__ import annotations

import pytest

from harmonise.model import (
    Cardinality,
    Comparability,
    CoreVariable,
    Crosswalk,
    HarmonisationStatus,
    LocalizedText,
    MatchSemantic,
    Question,
    RuleType,
    Universe,
    Urn,
)
from harmonise.validate import check_figure_coverage, validate_crosswalk
from harmonise.validate.crosswalk_rules import condition_names, id_violates_xsd
from tests.validate import builders as b
from tests.validate.builders import assoc


def _codes(**overrides: object) -> list[str]:
    return validate_crosswalk(b.context(**overrides)).flatten(["code"])


KNOWN = {
    b.SRC_VAR: "Variable",
    b.TGT_VAR: "RepresentedVariable",
    b.SRC_CL: "CodeList",
    b.TGT_CL: "CodeList",
}


def test_clean_crosswalk_has_no_finding() -> None:
    report = validate_crosswalk(b.context(known_objects=KNOWN, instruction_pairs=None))
    assert report.flatten(["code"]) == []
    assert report.valid


def test_reference_unresolved_and_wrong_type() -> None:
    known = {**KNOWN, b.SRC_VAR: "CodeList"}
    del known[b.TGT_CL]
    report = validate_crosswalk(b.context(known_objects=known))
    assert report.flatten(["code", "severity"]) == [
        ["reference-wrong-type", "error"],
        ["reference-unresolved", "error"],
    ]


def test_unpinned_reference_resolves_to_latest_but_is_flagged() -> None:
    cw = b.crosswalk(source_variable=b.SRC_VAR.unversioned())
    assert _codes(crosswalk=cw, known_objects=KNOWN) == ["reference-not-pinned"]


def test_identifier_with_lower_case_after_dot() -> None:
    bad = Urn(b.AGENCY, "CL-REL-EC.c07", "1.0.0")
    assert id_violates_xsd(bad)
    assert not id_violates_xsd(Urn(b.AGENCY, "CL-REL-EC.C07", "1.0.0"))
    cw = b.crosswalk(urn=bad)
    assert _codes(crosswalk=cw) == ["identifier-invalid"]


def test_same_source_and_target() -> None:
    cw = b.crosswalk(target_code_list=b.SRC_CL)
    assert _codes(crosswalk=cw)[:1] == ["same-source-and-target"]
    cw2 = b.crosswalk(target_code_list=b.SRC_CL.with_version("2.0.0"))
    assert "same-source-and-target" not in _codes(crosswalk=cw2)


def test_codes_outside_their_schemes() -> None:
    rows = (*b.ASSOCIATIONS, assoc("5", "99"))
    report = validate_crosswalk(b.context(crosswalk=b.crosswalk(associations=rows)))
    assert report.flatten(["code", "location.row"]) == [
        ["source-code-undeclared", 5],
        ["target-code-undeclared", 5],
    ]


def test_commonality_rules_are_enforced_by_the_model() -> None:
    with pytest.raises(ValueError, match="less than or equal to 1"):
        Comparability(commonality_weight=1.5)
    with pytest.raises(ValueError, match="Identical"):
        Comparability(commonality_type="Similar")  # type: ignore[arg-type]


def test_correspondence_needs_english_label_and_issued() -> None:
    cw = b.crosswalk(label=LocalizedText.of("Parentesco", "es"), issued=None)
    assert _codes(crosswalk=cw) == ["crosswalk-label-missing", "crosswalk-issued-missing"]


def test_exact_and_broader_match_on_one_pair() -> None:
    rows = (*b.ASSOCIATIONS, assoc("1", "01", semantic=MatchSemantic.BROADER))
    assert _codes(crosswalk=b.crosswalk(associations=rows)) == [
        "exact-match-conflict",
        "source-code-mapped-twice",
    ]


def test_source_code_unmapped_including_missing_codes() -> None:
    rows = b.ASSOCIATIONS[:3]
    cw = b.crosswalk(associations=rows, unmatched_targets=("98",))
    report = validate_crosswalk(b.context(crosswalk=cw))
    assert report.flatten(["code", "message"]) == [
        ["source-code-unmapped", "source missing code '98' (Don't know) is in no association"]
    ]


def test_unmatched_source_association_counts_as_mapped() -> None:
    rows = (*b.ASSOCIATIONS[:3], assoc("98", "", rule=RuleType.IMPOSSIBLE))
    cw = b.crosswalk(associations=rows, unmatched_targets=("98",))
    assert _codes(crosswalk=cw) == []


def test_case_when_rows_may_share_a_source() -> None:
    rows = (
        *b.ASSOCIATIONS[:2],
        assoc("7", "06", rule=RuleType.CASE_WHEN, condition="in_law == 0"),
        assoc("7", "07", rule=RuleType.CASE_WHEN, condition="in_law == 1"),
        b.ASSOCIATIONS[3],
    )
    assert _codes(crosswalk=b.crosswalk(associations=rows)) == []
    rows2 = (*rows[:2], assoc("7", "06"), assoc("7", "07"), rows[4])
    assert _codes(crosswalk=b.crosswalk(associations=rows2)) == ["source-code-mapped-twice"]


def test_target_code_uncovered_unless_declared_unmatched() -> None:
    rows = (*b.ASSOCIATIONS[:2], assoc("7", "06"), b.ASSOCIATIONS[3])
    report = validate_crosswalk(b.context(crosswalk=b.crosswalk(associations=rows)))
    assert report.flatten(["code", "message"]) == [
        [
            "target-code-uncovered",
            "target code '07' (Parent-in-law) is in no association and not declared unmatched",
        ]
    ]
    cw = b.crosswalk(associations=rows, unmatched_targets=("07",))
    assert _codes(crosswalk=cw) == []


def test_missing_and_valid_codes_do_not_cross() -> None:
    rows = (
        assoc("1", "01"),
        assoc("2", "98"),
        assoc("7", "06 07", rule=RuleType.CASE_WHEN, condition="in_law == 1"),
        assoc("98", "02"),
    )
    assert _codes(crosswalk=b.crosswalk(associations=rows)) == [
        "valid-maps-to-missing",
        "missing-maps-to-valid",
    ]
    flagged = (*rows[:1], assoc("2", "98", rule=RuleType.IMPOSSIBLE), rows[2], assoc("98", "98"))
    assert _codes(crosswalk=b.crosswalk(associations=flagged)) == ["target-code-uncovered"]


def test_declared_cardinality_must_equal_computed() -> None:
    assert _codes(declared_cardinalities={0: Cardinality.MANY_TO_ONE}) == ["cardinality-mismatch"]
    assert _codes(declared_cardinalities={2: Cardinality.ONE_TO_MANY}) == []


def test_exact_match_only_on_complete_one_to_one() -> None:
    rows = (
        *b.ASSOCIATIONS[:2],
        assoc("7", "06 07", rule=RuleType.CASE_WHEN, condition="in_law == 1", semantic="exact"),
        b.ASSOCIATIONS[3],
    )
    assert _codes(crosswalk=b.crosswalk(associations=rows)) == ["exact-match-not-one-to-one"]


def test_split_is_complete_only_with_a_rule_on_another_variable() -> None:
    own = (
        *b.ASSOCIATIONS[:2],
        assoc("7", "06 07", rule=RuleType.CASE_WHEN, condition="p03 == 7"),
        b.ASSOCIATIONS[3],
    )
    assert _codes(crosswalk=b.crosswalk(associations=own)) == ["split-complete-without-rule"]
    plain = (*b.ASSOCIATIONS[:2], assoc("7", "06 07"), b.ASSOCIATIONS[3])
    assert _codes(crosswalk=b.crosswalk(associations=plain)) == []
    declared = {2: HarmonisationStatus.COMPLETE}
    assert _codes(crosswalk=b.crosswalk(associations=plain), declared_statuses=declared) == [
        "split-complete-without-rule"
    ]


def test_condition_names_skip_strings_and_keywords() -> None:
    assert condition_names("sex == 'in law' and not is_missing(age)") == {"sex", "age"}


def test_recode_instruction_matches_associations() -> None:
    pairs = {("1", "01"), ("2", "02"), ("7", "06"), ("7", "07"), ("98", "98")}
    assert _codes(instruction_pairs=frozenset(pairs)) == []
    wrong = frozenset(pairs - {("2", "02")} | {("2", "01")})
    report = validate_crosswalk(b.context(instruction_pairs=wrong))
    assert report.flatten(["message"]) == [
        "the recode instruction maps '2' -> '01', which no association does",
        "association '2' -> '02' is missing from the recode instruction",
    ]


def test_declared_status_equals_rollup() -> None:
    assert _codes(declared_status=HarmonisationStatus.COMPLETE) == []
    assert _codes(declared_status=HarmonisationStatus.PARTIAL) == ["status-mismatch"]


def test_universes_differ_without_note() -> None:
    src = b.SOURCE_VARIABLE.model_copy(update={"universe": Universe(condition="age >= 5")})
    tgt = b.TARGET_VARIABLE.model_copy(update={"universe": Universe(condition="age >= 0")})
    assert _codes(source_variable=src, target_variable=tgt) == ["universe-differs"]
    noted = b.crosswalk(
        comparability=Comparability(difference=LocalizedText.of("Only 5+ asked", "en"))
    )
    assert _codes(source_variable=src, target_variable=tgt, crosswalk=noted) == []
    same = b.TARGET_VARIABLE.model_copy(update={"universe": Universe(condition="age  >= 5")})
    assert _codes(source_variable=src, target_variable=same) == []


def test_concepts_differ_unless_mapped() -> None:
    c1, c2 = Urn(b.AGENCY, "C-REL-EC", "1.0.0"), Urn(b.AGENCY, "C-REL", "1.0.0")
    src = b.SOURCE_VARIABLE.model_copy(update={"concepts": (c1,)})
    tgt = b.TARGET_VARIABLE.model_copy(update={"concepts": (c2,)})
    assert _codes(source_variable=src, target_variable=tgt) == ["concept-differs"]
    mapped = frozenset({(c1, c2)})
    assert _codes(source_variable=src, target_variable=tgt, concept_matches=mapped) == []


def test_wording_differs_while_categories_identical() -> None:
    identity = b.crosswalk(
        associations=tuple(assoc(v, v) for v in b.TARGET_LIST.values),
        source_code_list=Urn(b.AGENCY, "CL-HL3-ALB", "1.0.0"),
    )
    alb_list = b.TARGET_LIST.model_copy(update={"urn": Urn(b.AGENCY, "CL-HL3-ALB", "1.0.0")})
    sq = Question(urn=b.SRC_Q, text=LocalizedText.of("Relationship to the head?", "en"))
    tq = Question(urn=b.TGT_Q, text=LocalizedText.of("Relationship?", "en"))
    kw = {"crosswalk": identity, "source_code_list": alb_list}
    assert _codes(source_question=sq, target_question=tq, **kw) == ["wording-differs"]
    assert _codes(source_question=tq, target_question=tq, **kw) == []


def test_same_name_different_question() -> None:
    src = b.SOURCE_VARIABLE.model_copy(update={"name": "hl3"})
    sq = Question(urn=b.SRC_Q, text=LocalizedText.of("Who is the head?", "en"))
    assert _codes(source_variable=src, source_question=sq) == ["same-name-different-question"]
    assert _codes(source_question=sq) == []


def test_waived_findings_become_info() -> None:
    cw = b.crosswalk(issued=None)
    report = validate_crosswalk(b.context(crosswalk=cw), waived=["crosswalk-issued-missing"])
    assert report.flatten(["code", "severity"]) == [["crosswalk-issued-missing", "info"]]
    assert report.valid


def _core(name: str, id_: str) -> CoreVariable:
    return CoreVariable(urn=Urn(b.AGENCY, id_, "2.0.0"), name=name)


def test_figure_coverage() -> None:
    hl3, age = _core("HL3", "CV-HL3"), _core("age", "CV-AGE")
    good = b.crosswalk()
    partial = b.crosswalk(associations=(*b.ASSOCIATIONS[:2], assoc("7", "06 07")))
    impossible: Crosswalk = b.crosswalk(
        target_variable=age.urn, associations=(assoc("1", "", rule=RuleType.IMPOSSIBLE),)
    )
    issues = check_figure_coverage(
        "FIG-X",
        [hl3, age],
        {"ALB-2025": [partial], "ECU-2025": [good, impossible]},
    )
    assert [[i.code, i.severity.value] for i in issues] == [
        ["figure-mapping-partial", "info"],
        ["figure-mapping-missing", "warning"],
        ["figure-mapping-missing", "warning"],
    ]
    assert list(check_figure_coverage("FIG-X", [hl3], {"ECU-2025": [good]})) == []


def test_expressions_must_parse() -> None:
    rows = (
        *b.ASSOCIATIONS[:2],
        assoc("7", "06 07", rule=RuleType.CASE_WHEN, condition="in_law == = 1"),
        b.ASSOCIATIONS[3],
    )
    report = validate_crosswalk(b.context(crosswalk=b.crosswalk(associations=rows)))
    assert report.flatten(["code", "location.row"]) == [
        ["split-complete-without-rule", 3],
        ["expression-invalid", 3],
    ]


def test_recode_instruction_consistent_with_associations() -> None:
    """Rule 18: the GenerationInstruction maps exactly the associations' pairs."""
    clean = b.crosswalk()
    pairs = frozenset((s, t) for a in clean.associations for s in a.sources for t in a.targets)
    assert _codes(instruction_pairs=pairs) == []
    extra = pairs | {("2", "06")}
    assert _codes(instruction_pairs=extra) == ["instruction-mismatch"]
    one_short = frozenset(sorted(pairs)[1:])
    assert _codes(instruction_pairs=one_short) == ["instruction-mismatch"]


@pytest.mark.parametrize(
    ("field", "bad", "good"),
    [("commonality_weight", 1.5, 0.85), ("commonality_type", "Great", "High")],
)
def test_commonality_weight_and_type_are_refused_where_they_are_read(
    field: str, bad: object, good: object, tmp_path
) -> None:
    """Rules 6 and 7 are enforced by the model and reported by the readers with a line."""
    from pydantic import ValidationError

    from harmonise.errors import InputError
    from harmonise.formats.crosswalk_file import read_crosswalk_file, write_crosswalk_file

    with pytest.raises(ValidationError):
        Comparability.model_validate({field: bad})
    assert Comparability.model_validate({field: good})
    path = tmp_path / "xw.yaml"
    write_crosswalk_file(
        b.crosswalk(comparability=Comparability.model_validate({field: good})), path
    )
    text = path.read_text(encoding="utf-8")
    good_text = f"{field}: {good}"
    assert good_text in text
    path.write_text(text.replace(good_text, f"{field}: {bad}"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_crosswalk_file(path)
    assert info.value.line is not None
