"""Property: any crosswalk survives comparison_bytes -> read_ddi_lifecycle unchanged."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harmonise.formats.ddi_lifecycle import comparison_bytes, read_ddi_lifecycle
from harmonise.model import (
    CodeAssociation,
    CommonalityType,
    Comparability,
    Crosswalk,
    LocalizedText,
    MatchSemantic,
    RuleType,
    Urn,
)

CODES = st.text(alphabet="ABCxyz0123456789-.", min_size=1, max_size=4)
TEXT = st.text(alphabet="abc xyzéñë?", min_size=1, max_size=12).map(str.strip).filter(bool)

associations = st.builds(
    CodeAssociation,
    sources=st.lists(CODES, max_size=3, unique=True).map(tuple),
    targets=st.lists(CODES, max_size=3, unique=True).map(tuple),
    rule=st.sampled_from(list(RuleType)),
    semantic=st.none() | st.sampled_from(list(MatchSemantic)),
    condition=st.none() | TEXT,
    comparability=st.builds(
        Comparability,
        commonality=st.dictionaries(st.sampled_from(["en", "es"]), TEXT).map(LocalizedText),
        commonality_type=st.none() | st.sampled_from(list(CommonalityType)),
        commonality_weight=st.none() | st.floats(0, 1),
    ),
    note=st.dictionaries(st.sampled_from(["", "sq"]), TEXT).map(LocalizedText),
)

crosswalks = st.builds(
    Crosswalk,
    urn=st.just(Urn("org.example.migreg", "CW-X", "2.1")),
    source_variable=st.just(Urn("org.example.migreg", "V-SRC", "1")),
    target_variable=st.just(Urn("org.example.migreg", "V-CORE", "3")),
    source_code_list=st.none() | st.just(Urn("org.example.migreg", "CL-SRC", "1")),
    target_code_list=st.none() | st.just(Urn("org.example.migreg", "CL-CORE", "3")),
    associations=st.lists(associations, max_size=5).map(tuple),
    unmatched_targets=st.lists(CODES, max_size=2, unique=True).map(tuple),
    missing_treatment=st.none() | TEXT,
)


def _unique_sources(cw: Crosswalk) -> bool:
    # an ItemMap carries one source; the same source twice in one association cannot be told
    # apart on read, and neither can two empty-source associations written back to back
    return all(len(set(a.sources)) == len(a.sources) for a in cw.associations)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(crosswalks.filter(_unique_sources))
def test_any_crosswalk_round_trips(crosswalk: Crosswalk) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cw.xml"
        path.write_bytes(comparison_bytes([crosswalk]))
        package, _ = read_ddi_lifecycle(path)
    assert package.crosswalks == (crosswalk,)
