"""Hostile and broken input: a clear InputError (file, line, hint) or an Issue, never a traceback.

Each document is generated in ``tmp_path`` and named after the failure it shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harmonise.errors import InputError
from harmonise.formats.ddi_lifecycle import ddi_lifecycle_bytes, read_ddi_lifecycle
from harmonise.model import Code, CodeList, MetadataPackage, Urn

HEAD = (
    '<FragmentInstance xmlns="ddi:instance:3_3" xmlns:r="ddi:reusable:3_3" '
    'xmlns:l="ddi:logicalproduct:3_3" xmlns:d="ddi:datacollection:3_3" '
    'xmlns:cm="ddi:comparative:3_3">\n'
)
TAIL = "</FragmentInstance>\n"


def _doc(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body + TAIL, encoding="utf-8")
    return path


def test_dangling_reference(tmp_path: Path) -> None:
    path = _doc(
        tmp_path,
        "dangling-reference.xml",
        "<Fragment><d:QuestionItem><r:URN>urn:ddi:a.b:Q:1</r:URN>\n"
        "<d:CodeDomain><r:CodeListReference><r:URN>urn:ddi:a.b:NOPE:1</r:URN>\n"
        "<r:TypeOfObject>CodeList</r:TypeOfObject></r:CodeListReference></d:CodeDomain>\n"
        "</d:QuestionItem></Fragment>\n",
    )
    package, report = read_ddi_lifecycle(path)
    assert report.flatten(["code", "severity", "location.line", "location.urn"]) == [
        ["ddil-dangling-reference", "warning", 3, "urn:ddi:a.b:NOPE:1"]
    ]
    assert package.questions[0].response_domain.code_list == Urn("a.b", "NOPE", "1")


def test_duplicate_urn(tmp_path: Path) -> None:
    path = _doc(
        tmp_path,
        "duplicate-urn.xml",
        "<Fragment><l:CodeList><r:URN>urn:ddi:a.b:CL:1</r:URN></l:CodeList></Fragment>\n"
        "<Fragment><l:CodeList><r:URN>urn:ddi:a.b:CL:1</r:URN>\n"
        "<l:CodeListName><r:String>second</r:String></l:CodeListName></l:CodeList></Fragment>\n",
    )
    package, report = read_ddi_lifecycle(path)
    assert report.flatten(["code", "severity", "location.line"]) == [
        ["ddil-duplicate-urn", "error", 3]
    ]
    assert [cl.name for cl in package.code_lists] == [""]


def test_missing_identifiers(tmp_path: Path) -> None:
    path = _doc(
        tmp_path,
        "missing-identifiers.xml",
        "<Fragment><l:CodeList><r:ID>CL</r:ID><r:Version>1</r:Version></l:CodeList></Fragment>\n"
        "<Fragment><l:CodeList><r:Agency>a.b</r:Agency></l:CodeList></Fragment>\n"
        "<Fragment><l:CodeList><r:URN>not-a-urn</r:URN></l:CodeList></Fragment>\n"
        "<Fragment><l:CodeList><r:URN>urn:ddi:a.b:OK:1</r:URN></l:CodeList></Fragment>\n",
    )
    package, report = read_ddi_lifecycle(path)
    assert report.flatten(["code", "location.line"]) == [
        ["ddil-missing-identifier", 2],
        ["ddil-missing-identifier", 3],
        ["ddil-missing-identifier", 4],
    ]
    assert [str(cl.urn) for cl in package.code_lists] == ["urn:ddi:a.b:OK:1"]


def test_reference_without_identifier(tmp_path: Path) -> None:
    path = _doc(
        tmp_path,
        "reference-without-identifier.xml",
        "<Fragment><d:QuestionItem><r:URN>urn:ddi:a.b:Q:1</r:URN>\n"
        "<r:ConceptReference><r:TypeOfObject>Concept</r:TypeOfObject></r:ConceptReference>\n"
        "</d:QuestionItem></Fragment>\n",
    )
    package, report = read_ddi_lifecycle(path)
    assert report.flatten(["code", "location.line"]) == [["ddil-invalid-reference", 3]]
    assert package.questions[0].concepts == ()


def test_unknown_root_namespace(tmp_path: Path) -> None:
    path = tmp_path / "unknown-root.xml"
    path.write_text('<?xml version="1.0"?>\n<x:Thing xmlns:x="urn:other"/>\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_ddi_lifecycle(path)
    assert (caught.value.path, caught.value.line) == (str(path), 2)
    assert "not a DDI-Lifecycle document" in caught.value.message


def test_ddi_codebook_root_points_to_the_codebook_reader(tmp_path: Path) -> None:
    path = tmp_path / "codebook-root.xml"
    path.write_text('<codeBook xmlns="ddi:codebook:2_5"/>', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_ddi_lifecycle(path)
    assert caught.value.hint is not None
    assert "DDI-Codebook" in caught.value.hint


def test_truncated_file(tmp_path: Path) -> None:
    path = tmp_path / "truncated.xml"
    path.write_text(HEAD + "<Fragment><l:CodeList><r:URN>urn:ddi:a.b:CL:1</r:URN>\n", "utf-8")
    with pytest.raises(InputError) as caught:
        read_ddi_lifecycle(path)
    assert caught.value.path == str(path)
    assert caught.value.line is not None
    assert caught.value.hint is not None
    assert "truncated" in caught.value.hint


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_ddi_lifecycle(path)


def test_entity_declaration_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "entity-bomb.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>\n'
        '<FragmentInstance xmlns="ddi:instance:3_3">&a;</FragmentInstance>',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="entities"):
        read_ddi_lifecycle(path)


def test_comparison_without_variable_map(tmp_path: Path) -> None:
    path = _doc(
        tmp_path,
        "comparison-without-variables.xml",
        "<Fragment><cm:Comparison><r:URN>urn:ddi:a.b:CMP:1</r:URN></cm:Comparison></Fragment>\n",
    )
    package, report = read_ddi_lifecycle(path)
    assert report.flatten(["code", "location.line"]) == [["ddil-comparison-without-variables", 2]]
    assert package.crosswalks == ()


def test_control_construct_cycle_terminates(tmp_path: Path) -> None:
    loop = (
        "<d:ControlConstructReference><r:URN>urn:ddi:a.b:S:1</r:URN>"
        "<r:TypeOfObject>Sequence</r:TypeOfObject></d:ControlConstructReference>"
    )
    path = _doc(
        tmp_path,
        "construct-cycle.xml",
        f"<Fragment><d:ControlConstructScheme><r:URN>urn:ddi:a.b:CCS:1</r:URN>\n"
        f"<d:Sequence><r:URN>urn:ddi:a.b:S:1</r:URN>{loop}</d:Sequence>\n"
        f"</d:ControlConstructScheme></Fragment>\n"
        f"<Fragment><d:InstrumentScheme><r:URN>urn:ddi:a.b:IS:1</r:URN>\n"
        f"<d:Instrument><r:URN>urn:ddi:a.b:I:1</r:URN>{loop}</d:Instrument>\n"
        f"</d:InstrumentScheme></Fragment>\n",
    )
    package, report = read_ddi_lifecycle(path)
    assert report.flatten(["code"]) == []
    assert [m.questions for m in package.instruments[0].modules] == [()]


def test_writer_survives_a_cycle_of_parent_codes(tmp_path: Path) -> None:
    codes = (Code(value="a", parent="b"), Code(value="b", parent="a"), Code(value="c", parent="a"))
    package = MetadataPackage(code_lists=(CodeList(urn=Urn("a.b", "CL", "1"), codes=codes),))
    path = tmp_path / "parent-cycle.xml"
    path.write_bytes(ddi_lifecycle_bytes(package))
    read, _ = read_ddi_lifecycle(path)
    # codes whose chain of parents loops are written at the top level: none is lost
    assert [(c.value, c.parent) for c in read.code_lists[0].codes] == [
        ("a", None),
        ("b", None),
        ("c", None),
    ]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "does-not-exist.xml"
    with pytest.raises(InputError) as caught:
        read_ddi_lifecycle(path)
    assert caught.value.path == str(path)


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "binary-garbage.xml"
    path.write_bytes(bytes(range(1, 256)) * 4)
    with pytest.raises(InputError) as caught:
        read_ddi_lifecycle(path)
    assert caught.value.path == str(path)
    assert caught.value.line is not None
