"""Crosswalk versioning: new versions, immutable publishing, history, diff and summary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from harmonise.formats.crosswalk_file import read_crosswalk_file
from harmonise.model.crosswalk import ChangeReason, CodeAssociation, Crosswalk, RuleType
from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn
from harmonise.services.crosswalks import (
    VersionExistsError,
    diff,
    history,
    history_of_file,
    new_version,
    next_version,
    publish,
    summarize,
)

AGENCY = "org.example.migreg"


def _first() -> Crosswalk:
    return Crosswalk(
        urn=Urn(AGENCY, "CW-ALB-REL", "1.0.0"),
        label=LocalizedText({"en": "Relationship"}),
        source_variable=Urn(AGENCY, "V-ALB-REL", "1.0.0"),
        target_variable=Urn(AGENCY, "CORE-REL", "1.0.0"),
        associations=(
            CodeAssociation(sources=("1",), targets=("01",), rule=RuleType.DIRECT),
            CodeAssociation(sources=("7",), targets=("06", "07")),
            CodeAssociation(sources=("9",), targets=(), rule=RuleType.IMPOSSIBLE),
        ),
    )


@pytest.mark.parametrize(
    ("version", "reason", "expected"),
    [
        ("1.2.3", ChangeReason.CONCEPTUAL_CHANGE, "2.0.0"),
        ("1.2.3", ChangeReason.REAL_LIFE_CHANGE, "2.0.0"),
        ("1.2.3", ChangeReason.TRANSLATION, "1.3.0"),
        ("1.2.3", ChangeReason.TYPO, "1.2.4"),
        ("1", ChangeReason.TYPO, "1.0.1"),
    ],
)
def test_next_version(version: str, reason: ChangeReason, expected: str) -> None:
    assert next_version(version, reason) == expected


def test_new_version_points_back_and_leaves_old_alone() -> None:
    old = _first()
    rows = (*old.associations[:1], CodeAssociation(sources=("7",), targets=("06",)))
    new = new_version(
        old,
        {"associations": rows},
        author="Arben Hoxha",
        reason=ChangeReason.CONCEPTUAL_CHANGE,
        note="7 now means parent only",
        date=dt.date(2025, 3, 1),
    )
    assert (str(new.urn), str(new.version_info.previous) if new.version_info else None) == (
        "urn:ddi:org.example.migreg:CW-ALB-REL:2.0.0",
        "urn:ddi:org.example.migreg:CW-ALB-REL:1.0.0",
    )
    assert (new.issued, len(old.associations)) == (dt.date(2025, 3, 1), 3)


@pytest.mark.parametrize(
    ("changes", "version", "fragment"),
    [
        ({"colour": "red"}, None, "unknown crosswalk fields"),
        ({"urn": "urn:ddi:a:b:9.0.0"}, None, "set by new_version"),
        ({}, "0.9.0", "must come after"),
    ],
)
def test_new_version_refuses(
    changes: dict[str, object], version: str | None, fragment: str
) -> None:
    with pytest.raises(ValueError, match=fragment):
        new_version(_first(), changes, "x", ChangeReason.TYPO, version=version)


def test_publish_never_overwrites(tmp_path: Path) -> None:
    old = _first()
    path = publish(old, tmp_path)
    assert read_crosswalk_file(path) == old
    with pytest.raises(VersionExistsError):
        publish(old, tmp_path)
    relabelled = old.model_copy(update={"label": LocalizedText({"en": "Other"})})
    with pytest.raises(VersionExistsError, match="already published"):
        publish(relabelled, tmp_path / ".")
    assert read_crosswalk_file(path) == old


def test_history_and_diff(tmp_path: Path) -> None:
    v1 = _first()
    v2 = new_version(
        v1,
        {
            "associations": (
                v1.associations[0],
                CodeAssociation(sources=("7",), targets=("06",)),
                CodeAssociation(sources=("8",), targets=("07",)),
            ),
            "label": LocalizedText({"en": "Relationship to head"}),
        },
        "Arben Hoxha",
        ChangeReason.CONCEPTUAL_CHANGE,
        date=dt.date(2025, 3, 1),
    )
    v3 = new_version(v2, {}, "Ana", ChangeReason.TYPO, date=dt.date(2025, 3, 2))
    for cw in (v3, v1, v2):
        publish(cw, tmp_path)
    versions = history_of_file(tmp_path / "CW-ALB-REL_1.0.0.yaml")
    assert [cw.urn.version for cw in versions] == ["1.0.0", "2.0.0", "2.0.1"]
    assert history([v1, v2], "OTHER") == []
    change = diff(v1, v2)
    assert [(c.kind, c.source) for c in change.codes] == [
        ("changed", "7"),
        ("added", "8"),
        ("removed", "9"),
    ]
    assert [f.field for f in change.fields] == ["label"]
    assert change.codes[0].before == "→ 06, 07 [recode]"
    assert diff(v2, v3).empty


def test_summary_counts_computed_values() -> None:
    summary = summarize(_first())
    assert (summary.cardinality, summary.status, summary.overall_status.value) == (
        {"one-to-one": 1, "one-to-many": 1, "unmatched-source": 1},
        {"complete": 1, "partial": 1, "impossible": 1},
        "partial",
    )
