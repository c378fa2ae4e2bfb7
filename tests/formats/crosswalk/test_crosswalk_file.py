"""The registry's YAML form of a crosswalk: deterministic writing, round trips, strict reading."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from harmonise.errors import InputError
from harmonise.formats.crosswalk_file import (
    crosswalk_as_mapping,
    crosswalk_file_name,
    crosswalk_file_text,
    crosswalk_from_text,
    load_crosswalks,
    read_crosswalk_file,
    write_crosswalk_file,
)
from harmonise.model.crosswalk import (
    ChangeReason,
    CodeAssociation,
    CommonalityType,
    Comparability,
    Crosswalk,
    CrosswalkVersionInfo,
    MatchSemantic,
    RuleType,
)
from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn

AGENCY = "org.example.migreg"


def _relationship_crosswalk(version: str = "1.0.0") -> Crosswalk:
    return Crosswalk(
        urn=Urn(AGENCY, "CW-ECU-REL", version),
        label=LocalizedText({"en": "Relationship: Ecuador to core", "es": "Parentesco: Ecuador"}),
        source_variable=Urn(AGENCY, "V-ECU-REL", "2.0.0"),
        source_code_list=Urn(AGENCY, "V-ECU-REL-CL", "2.0.0"),
        study=Urn(AGENCY, "ECU-2025", "2.0.0"),
        target_variable=Urn(AGENCY, "CORE-REL", "1.0.0"),
        target_code_list=Urn(AGENCY, "CL-REL-CORE", "1.0.0"),
        associations=(
            CodeAssociation(
                sources=("01",), targets=("01",), rule=RuleType.DIRECT, semantic=MatchSemantic.EXACT
            ),
            CodeAssociation(sources=("04",), targets=("10",), semantic=MatchSemantic.BROADER),
            CodeAssociation(
                sources=("07",),
                targets=("06", "07"),
                semantic=MatchSemantic.NARROWER,
                comparability=Comparability(
                    difference=LocalizedText({"en": "Source does not split parent / in-law."}),
                    commonality_type=CommonalityType.MEDIUM,
                    commonality_weight=0.5,
                ),
                note=LocalizedText({"es": 'Padre/madre o suegro/a — "mixto"'}),
            ),
            CodeAssociation(sources=("10", "11"), targets=("11",)),
            CodeAssociation(
                sources=("05",),
                targets=("03",),
                rule=RuleType.CASE_WHEN,
                condition="age < 18 and rel == 5",
            ),
            CodeAssociation(sources=("99",), targets=(), rule=RuleType.IMPOSSIBLE),
        ),
        unmatched_targets=("98",),
        comparability=Comparability(commonality=LocalizedText({"en": "Same concept."})),
        missing_treatment="99 (no response) has no core category.",
        version_info=CrosswalkVersionInfo(
            author="Ana Pérez", date=dt.date(2025, 1, 15), reason=ChangeReason.INITIAL
        ),
        issued=dt.date(2025, 1, 15),
    )


def test_round_trip_is_equal_and_stable(tmp_path: Path) -> None:
    crosswalk = _relationship_crosswalk()
    path = tmp_path / crosswalk_file_name(crosswalk)
    write_crosswalk_file(crosswalk, path)
    again = read_crosswalk_file(path)
    assert again == crosswalk
    assert crosswalk_file_text(again) == path.read_text(encoding="utf-8")


def test_codes_are_quoted_and_one_association_per_line() -> None:
    text = crosswalk_file_text(_relationship_crosswalk())
    lines = text.splitlines()
    assert '  - {sources: ["01"], targets: ["01"], rule: direct, semantic: exact}' in lines
    assert '  - {sources: ["10", "11"], targets: ["11"], rule: recode}' in lines
    assert 'unmatched_targets: ["98"]' in lines
    assert all(
        len(line) <= 100 or line.lstrip().startswith(("note", "comparability")) for line in lines
    )


def _yaml_as_json(text: str) -> object:
    def plain(value: object) -> object:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return plain(yaml.safe_load(text))


def test_mapping_equals_the_yaml_form() -> None:
    crosswalk = _relationship_crosswalk()
    mapping = crosswalk_as_mapping(crosswalk)
    assert mapping == _yaml_as_json(crosswalk_file_text(crosswalk))
    assert list(mapping) == [
        "format",
        "urn",
        "label",
        "source",
        "target",
        "issued",
        "version_info",
        "missing_treatment",
        "comparability",
        "unmatched_targets",
        "associations",
    ]


def test_file_name_carries_id_and_version() -> None:
    assert crosswalk_file_name(_relationship_crosswalk("2.1.0")) == "CW-ECU-REL_2.1.0.yaml"


_MINIMAL = """format: harmonise-crosswalk/1
urn: "urn:ddi:org.example.migreg:CW-X:1.0.0"
source: {variable: "urn:ddi:org.example.migreg:V-X:1.0.0"}
target: {variable: "urn:ddi:org.example.migreg:CORE-X:1.0.0"}
associations:
"""


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ('  - {sources: [01], targets: ["1"]}\n', 6, "not a quoted string"),
        ('  - {sources: ["1"], targets: ["1"], rule: guess}\n', 6, "rule"),
        ('  - {sources: ["1"], targets: ["1"], weight: 2}\n', 6, "unknown key 'weight'"),
        ('  - {sources: ["1"], sources: ["2"]}\n', 6, "appears twice"),
        ('  - &a {sources: ["1"]}\n  - *a\n', 7, "aliases"),
        ('  - {sources: ["1"], targets: ["1"\n', 7, "not valid YAML"),
        ('  - {sources: ["1"], condition: 5}\n', 6, "quoted expression"),
        (
            '  - {sources: ["1"], comparability: {commonality_weight: 2.0}}\n',
            6,
            "less than or equal to 1",
        ),
    ],
)
def test_bad_files_raise_input_error_with_line(
    tmp_path: Path, body: str, line: int, fragment: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(_MINIMAL + body, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_crosswalk_file(path)
    assert (info.value.line, fragment in info.value.message) == (line, True), str(info.value)


def test_wrong_format_tag_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "figure.yaml"
    path.write_text("id: FIG-1\nversion: 1.0.0\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown key 'id'"):
        read_crosswalk_file(path)
    path.write_text(_MINIMAL.replace("harmonise-crosswalk/1", "other/2"), encoding="utf-8")
    with pytest.raises(InputError, match="not a harmonise crosswalk file"):
        read_crosswalk_file(path)


def test_bad_urn_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad-urn.yaml"
    path.write_text(
        _MINIMAL.replace('variable: "urn:ddi:org.example.migreg:CORE-X', 'variable: "core'),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_crosswalk_file(path)
    assert (info.value.line, "target.variable" in info.value.message) == (4, True)


def test_not_utf8_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(_MINIMAL.encode() + '  - {sources: ["ñ"]}\n'.encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8") as info:
        read_crosswalk_file(path)
    assert info.value.line == 6
    with pytest.raises(InputError, match="cannot read"):
        read_crosswalk_file(tmp_path / "nothing.yaml")


def test_bom_and_hand_written_block_style_are_read(tmp_path: Path) -> None:
    path = tmp_path / "hand.yaml"
    body = '  - sources:\n      - "01"\n    targets: ["1"]\n    note: plain note\n'
    path.write_bytes(b"\xef\xbb\xbf" + (_MINIMAL + body).encode())
    crosswalk = read_crosswalk_file(path)
    assert [(a.sources, a.targets, a.note.best()) for a in crosswalk.associations] == [
        (("01",), ("1",), "plain note")
    ]


def test_load_crosswalks_sorts_versions_and_refuses_duplicates(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for version in ("1.10.0", "1.2.0", "1.9.0"):
        cw = _relationship_crosswalk(version)
        write_crosswalk_file(cw, tmp_path / "sub" / crosswalk_file_name(cw))
    (tmp_path / "README.txt").write_text("not a crosswalk", encoding="utf-8")
    assert [cw.urn.version for cw in load_crosswalks(tmp_path)] == ["1.2.0", "1.9.0", "1.10.0"]
    write_crosswalk_file(_relationship_crosswalk("1.2.0"), tmp_path / "copy.yaml")
    with pytest.raises(InputError, match="also defined"):
        load_crosswalks(tmp_path)
    assert load_crosswalks(tmp_path / "absent") == []


_code = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=6)
_prose = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(
            st.lists(_code, max_size=3),
            st.lists(_code, max_size=3),
            st.sampled_from(list(RuleType)),
            _prose,
        ),
        max_size=5,
    ),
    _prose,
)
def test_any_codes_and_text_round_trip(
    rows: list[tuple[list[str], list[str], RuleType, str]], label: str
) -> None:
    crosswalk = Crosswalk(
        urn=Urn(AGENCY, "CW-P", "1.0.0"),
        label=LocalizedText({"en": label}),
        source_variable=Urn(AGENCY, "V-P", "1.0.0"),
        target_variable=Urn(AGENCY, "CORE-P", "1.0.0"),
        associations=tuple(
            CodeAssociation(
                sources=tuple(s), targets=tuple(t), rule=r, note=LocalizedText({"en": n})
            )
            for s, t, r, n in rows
        ),
    )
    text = crosswalk_file_text(crosswalk)
    assert crosswalk_from_text(text) == crosswalk
    assert crosswalk_as_mapping(crosswalk) == _yaml_as_json(text)
