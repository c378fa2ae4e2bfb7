"""Crosswalks: each adapted variable mapped onto its core variable, pinned and explained."""

from __future__ import annotations

import pytest

from harmonise.model import ChangeReason, Crosswalk, MetadataPackage
from harmonise.model.crosswalk import crosswalk_status
from tests.registry.conftest import STUDY_VERSIONS


def test_one_crosswalk_per_core_item_in_every_study_version(
    crosswalks: dict[tuple[str, str], list[Crosswalk]],
    codebooks: dict[tuple[str, str], MetadataPackage],
) -> None:
    counts = {sv: len(cws) for sv, cws in crosswalks.items()}
    assert counts == {
        ("ECU-2025", "1.0.0"): 49,
        ("ECU-2025", "2.0.0"): 49,
        ("ALB-2025", "1.0.0"): 49,
    }
    for sv, cws in crosswalks.items():
        mapped = {cw.source_variable for cw in cws}
        core_items = {
            v.urn
            for v in codebooks[sv].variables
            if not v.notes.get("en", "").startswith("Country")
        }
        assert mapped == core_items


@pytest.mark.parametrize(("study", "version"), STUDY_VERSIONS)
def test_references_are_pinned_and_resolve(
    crosswalks: dict[tuple[str, str], list[Crosswalk]],
    codebooks: dict[tuple[str, str], MetadataPackage],
    core: MetadataPackage,
    study: str,
    version: str,
) -> None:
    package = codebooks[(study, version)]
    core_urns = {v.urn for v in core.core_variables}
    unresolved = []
    for cw in crosswalks[(study, version)]:
        refs = [cw.source_variable, cw.target_variable, cw.source_code_list, cw.target_code_list]
        assert all(r is None or r.is_pinned for r in refs)
        source = next((v for v in package.variables if v.urn == cw.source_variable), None)
        if source is None or cw.target_variable not in core_urns:
            unresolved.append(str(cw.urn))
            continue
        assert cw.source_code_list == source.code_list
        target = next(v for v in core.core_variables if v.urn == cw.target_variable)
        assert cw.target_code_list == target.code_list
    assert unresolved == []


@pytest.mark.parametrize(("study", "version"), STUDY_VERSIONS)
def test_codes_are_covered_both_ways(
    crosswalks: dict[tuple[str, str], list[Crosswalk]],
    codebooks: dict[tuple[str, str], MetadataPackage],
    core: MetadataPackage,
    study: str,
    version: str,
) -> None:
    """STANDARDS.md §6.4 rules 11 and 12: every source code mapped; every target reached."""
    package = codebooks[(study, version)]
    problems = []
    for cw in crosswalks[(study, version)]:
        source_list = package.code_list(cw.source_code_list)
        target_list = core.code_list(cw.target_code_list)
        if source_list is None or target_list is None:
            assert source_list is None
            assert target_list is None
            continue
        sources = [s for a in cw.associations for s in a.sources]
        targets = {t for a in cw.associations for t in a.targets} | set(cw.unmatched_targets)
        if sorted(set(sources)) != sorted(source_list.values):
            problems.append((cw.urn.id, "sources"))
        if not targets >= set(target_list.values) or not targets <= set(target_list.values):
            problems.append((cw.urn.id, "targets"))
    assert problems == []


def _statuses(cws: list[Crosswalk], package: MetadataPackage) -> dict[str, str]:
    result = {}
    for cw in cws:
        source_list = package.code_list(cw.source_code_list)
        missing = (
            frozenset(c.value for c in source_list.missing_codes) if source_list else frozenset()
        )
        status = crosswalk_status(cw, missing)
        if status.value != "complete" and cw.associations[0].sources:
            result[cw.target_variable.id] = status.value
    return result


def test_partial_and_impossible_mappings_are_the_intended_ones(
    crosswalks: dict[tuple[str, str], list[Crosswalk]],
    codebooks: dict[tuple[str, str], MetadataPackage],
) -> None:
    ecu = _statuses(crosswalks[("ECU-2025", "2.0.0")], codebooks[("ECU-2025", "2.0.0")])
    alb = _statuses(crosswalks[("ALB-2025", "1.0.0")], codebooks[("ALB-2025", "1.0.0")])
    assert ecu == {
        "CV-rel_head": "partial",
        "CV-isced_level": "partial",
        "CV-remit_receive": "partial",
        "CV-remit_channel": "partial",
    }
    assert alb == {
        "CV-rel_head": "partial",
        "CV-remit_use_educ": "partial",
        "CV-remit_use_health": "partial",
        "CV-contact_freq": "impossible",
    }


def test_every_non_complete_mapping_is_explained(
    crosswalks: dict[tuple[str, str], list[Crosswalk]],
) -> None:
    unexplained = [
        cw.urn.id
        for cws in crosswalks.values()
        for cw in cws
        if cw.comparability.commonality_type is not None
        and cw.comparability.commonality_type.value != "Identical"
        and not cw.comparability.difference
    ]
    assert unexplained == []


def test_ecuador_final_versions_revise_the_pretest(
    crosswalks: dict[tuple[str, str], list[Crosswalk]],
) -> None:
    pretest = {cw.urn.unversioned(): cw.urn for cw in crosswalks[("ECU-2025", "1.0.0")]}
    reasons: dict[str, int] = {}
    for cw in crosswalks[("ECU-2025", "2.0.0")]:
        info = cw.version_info
        assert info is not None
        assert info.previous == pretest[cw.urn.unversioned()]
        reasons[info.reason.value] = reasons.get(info.reason.value, 0) + 1
    assert reasons == {
        ChangeReason.CORRECTION.value: 45,
        ChangeReason.CODE_LIST_CHANGE.value: 1,
        ChangeReason.CONCEPTUAL_CHANGE.value: 1,
        ChangeReason.TRANSLATION.value: 1,
        ChangeReason.TYPO.value: 1,
    }
