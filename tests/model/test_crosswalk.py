"""Computed cardinality, status and connected blocks of crosswalks (STANDARDS.md §6.2–6.3)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from harmonise.model.crosswalk import (
    Cardinality,
    CodeAssociation,
    Crosswalk,
    HarmonisationStatus,
    MatchSemantic,
    RuleType,
    association_cardinalities,
    association_cardinality,
    association_status,
    association_statuses,
    block_cardinality,
    connected_blocks,
    crosswalk_status,
)
from harmonise.model.urn import Urn

C = Cardinality
S = HarmonisationStatus


def _cw(*rows: CodeAssociation) -> Crosswalk:
    return Crosswalk(
        urn=Urn("org.example.migreg", "CW-T", "1.0.0"),
        source_variable=Urn("org.example.migreg", "V-T", "1.0.0"),
        target_variable=Urn("org.example.migreg", "CORE-T", "1.0.0"),
        associations=rows,
    )


def _a(sources: str, targets: str, **kw: object) -> CodeAssociation:
    return CodeAssociation(
        sources=tuple(sources.split()),
        targets=tuple(targets.split()),
        **kw,  # type: ignore[arg-type]
    )


RELATIONSHIP = _cw(
    _a("1", "01", rule=RuleType.DIRECT, semantic=MatchSemantic.EXACT),
    _a("4", "10", semantic=MatchSemantic.BROADER),
    _a("7", "06 07", semantic=MatchSemantic.NARROWER),
    _a("10 11", "11"),
    _a("99", ""),
    _a("", "98"),
)


def test_cardinalities_follow_section_6_2() -> None:
    assert association_cardinalities(RELATIONSHIP) == (
        C.ONE_TO_ONE,
        C.ONE_TO_ONE,
        C.ONE_TO_MANY,
        C.MANY_TO_ONE,
        C.UNMATCHED_SOURCE,
        C.UNMATCHED_TARGET,
    )


def test_statuses_follow_section_6_2_defaults() -> None:
    assert association_statuses(RELATIONSHIP) == (
        S.COMPLETE,
        S.COMPLETE,
        S.PARTIAL,
        S.COMPLETE,
        S.IMPOSSIBLE,
        S.COMPLETE,
    )
    assert crosswalk_status(RELATIONSHIP) == S.PARTIAL
    assert crosswalk_status(RELATIONSHIP, missing_sources=frozenset({"7", "99"})) == S.COMPLETE


def test_split_over_two_rows_widens_both_rows() -> None:
    crosswalk = _cw(_a("7", "06"), _a("7", "07"), _a("8", "07"))
    assert association_cardinalities(crosswalk) == (C.ONE_TO_MANY, C.MANY_TO_MANY, C.MANY_TO_ONE)


def test_case_when_split_is_complete() -> None:
    crosswalk = _cw(
        _a("7", "06", rule=RuleType.CASE_WHEN, condition="sex == 1"),
        _a("7", "07", rule=RuleType.CASE_WHEN, condition="sex == 2"),
    )
    assert association_statuses(crosswalk) == (S.COMPLETE, S.COMPLETE)


def test_blocks_keep_n_to_m_together() -> None:
    crosswalk = _cw(
        _a("A", "1"), _a("B", "2"), _a("A", "3"), _a("C", "3"), _a("D", ""), _a("", "9")
    )
    blocks = connected_blocks(crosswalk)
    assert blocks == ((0, 2, 3), (1,), (4,), (5,))
    assert [block_cardinality(crosswalk, b) for b in blocks] == [
        C.MANY_TO_MANY,
        C.ONE_TO_ONE,
        C.UNMATCHED_SOURCE,
        C.UNMATCHED_TARGET,
    ]


_codes = st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=3, unique=True)


@given(st.lists(st.tuples(_codes, _codes), max_size=8))
def test_bulk_functions_equal_single_ones(rows: list[tuple[list[str], list[str]]]) -> None:
    crosswalk = _cw(*(CodeAssociation(sources=tuple(s), targets=tuple(t)) for s, t in rows))
    assert association_cardinalities(crosswalk) == tuple(
        association_cardinality(crosswalk, a) for a in crosswalk.associations
    )
    assert association_statuses(crosswalk) == tuple(
        association_status(crosswalk, a) for a in crosswalk.associations
    )
    blocks = connected_blocks(crosswalk)
    assert sorted(i for b in blocks for i in b) == list(range(len(rows)))
    for block in blocks:  # no code is shared across two blocks
        other = {i for b in blocks if b != block for i in b}
        codes = {
            (k, c) for i in block for k, cs in (("s", rows[i][0]), ("t", rows[i][1])) for c in cs
        }
        others = {
            (k, c) for i in other for k, cs in (("s", rows[i][0]), ("t", rows[i][1])) for c in cs
        }
        assert not codes & others


def test_cached_maps_are_per_crosswalk() -> None:
    row = _a("1", "x")
    first, second = _cw(row), _cw(row, _a("1", "y"))
    assert [
        association_cardinality(first, row),
        association_cardinality(second, row),
        association_cardinality(first, row),
        association_cardinality(_cw(row), row),
    ] == [C.ONE_TO_ONE, C.ONE_TO_MANY, C.ONE_TO_ONE, C.ONE_TO_ONE]
