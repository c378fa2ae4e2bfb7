"""Hostile and broken DDI-C input: a clear InputError (file, line, hint) or an Issue, never a
traceback, never network access, never unbounded memory. One test per case; fixtures are
generated in tmp_path and named after the failure they show.
"""

from __future__ import annotations

import codecs
import socket
from pathlib import Path

import pytest
from lxml import etree

from harmonise.errors import InputError, UnsupportedFormatError
from harmonise.formats import xml_safety
from harmonise.formats.ddi_codebook import read_ddi_codebook

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
STUDY = (
    "<stdyDscr><citation><titlStmt><titl>Test</titl>"
    '<IDNo agency="org.example.migreg">T1</IDNo></titlStmt></citation></stdyDscr>\n'
)


FILES = '<fileDscr ID="F1"/>\n'


def codebook(body: str, *, ns: str = "ddi:codebook:2_5") -> str:
    """A small DDI-C document; the first line of ``body`` is line 6."""
    return (
        f'{HEAD}<codeBook xmlns="{ns}" version="2.5">\n{STUDY}{FILES}<dataDscr>\n'
        f"{body}</dataDscr></codeBook>\n"
    )


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything opens a socket."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_xxe_external_entity_is_refused(tmp_path: Path, no_network: None) -> None:
    path = write(
        tmp_path,
        "xxe-external-entity.xml",
        HEAD + '<!DOCTYPE codeBook [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<codeBook xmlns="ddi:codebook:2_5"><stdyDscr><citation><titlStmt><titl>&x;</titl>'
        "</titlStmt></citation></stdyDscr></codeBook>",
    )
    with pytest.raises(InputError, match="entities") as caught:
        read_ddi_codebook(path)
    assert caught.value.hint is not None


def test_entity_expansion_bomb_is_refused(tmp_path: Path) -> None:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    path = write(
        tmp_path,
        "entity-expansion-bomb.xml",
        f'{HEAD}<!DOCTYPE codeBook [{entities}]>\n<codeBook xmlns="ddi:codebook:2_5">'
        "<stdyDscr><citation><titlStmt><titl>&i;</titl></titlStmt></citation></stdyDscr>"
        "</codeBook>",
    )
    with pytest.raises(InputError, match="entities"):
        read_ddi_codebook(path)


def test_dtd_network_fetch_never_happens(tmp_path: Path, no_network: None) -> None:
    path = write(
        tmp_path,
        "dtd-network-fetch.xml",
        HEAD
        + '<!DOCTYPE codeBook SYSTEM "http://example.invalid/codebook.dtd">\n'
        + codebook('<var ID="V1" name="a" files="F1"/>\n').removeprefix(HEAD),
    )
    package, report = read_ddi_codebook(path)
    assert [v.name for v in package.variables] == ["a"]
    assert report.errors == ()


def test_truncated_file_gives_line_and_hint(tmp_path: Path) -> None:
    text = codebook('<var ID="V1" name="a" files="F1"><labl>A label</labl></var>\n')
    path = write(tmp_path, "truncated.xml", text[: text.index("A label")])
    with pytest.raises(InputError) as caught:
        read_ddi_codebook(path)
    assert caught.value.line is not None
    assert caught.value.hint is not None
    assert "truncated" in caught.value.hint


def test_wrong_encoding_declaration(tmp_path: Path) -> None:
    text = codebook('<var ID="V1" name="a" files="F1"><labl>Niñez y migración</labl></var>\n')
    path = write(tmp_path, "wrong-encoding-declaration.xml", text.encode("latin-1"))
    with pytest.raises(InputError) as caught:
        read_ddi_codebook(path)
    assert caught.value.line == 6
    assert "encoding" in (caught.value.hint or "")


def test_utf16_with_byte_order_mark(tmp_path: Path) -> None:
    text = codebook('<var ID="V1" name="a" files="F1"><labl>Fëmijë</labl></var>\n')
    text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = write(tmp_path, "utf16-bom.xml", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    package, _ = read_ddi_codebook(path)
    assert package.variables[0].label.best() == "Fëmijë"


def test_unknown_root_is_unsupported(tmp_path: Path) -> None:
    path = write(
        tmp_path, "unknown-root.xml", HEAD + '<catalog xmlns="urn:x"><var name="a"/></catalog>'
    )
    with pytest.raises(UnsupportedFormatError, match="root element is 'catalog'"):
        read_ddi_codebook(path)


def test_unknown_namespace_is_read_with_a_warning(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "unknown-namespace.xml",
        codebook('<var ID="V1" name="a" files="F1"/>\n', ns="urn:example:not-ddi"),
    )
    package, report = read_ddi_codebook(path)
    assert report.flatten(["code", "severity"]) == [["unknown-namespace", "warning"]]
    assert [v.name for v in package.variables] == ["a"]


def test_no_namespace_and_legacy_lang_attribute(tmp_path: Path) -> None:
    text = codebook(
        '<var ID="V1" name="a" files="F1"><labl xml-lang="sq">Fëmijë</labl></var>\n', ns=""
    )
    path = write(tmp_path, "no-namespace.xml", text.replace(' xmlns=""', ""))
    package, report = read_ddi_codebook(path)
    assert report.issues == ()
    assert package.source_format.value == "ddi-codebook-no-namespace"
    assert package.variables[0].label.get("sq") == "Fëmijë"


def test_var_without_name(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "var-without-name.xml",
        codebook('<var ID="V1" files="F1"/>\n<var ID="V2" name="b" files="F1"/>\n'),
    )
    package, report = read_ddi_codebook(path)
    assert report.flatten(["code", "location.line"]) == [["missing-variable-name", 6]]
    assert [v.name for v in package.variables] == ["b"]


def test_duplicate_ids(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "duplicate-id.xml",
        codebook('<var ID="V1" name="a" files="F1"/>\n<var ID="V1" name="b" files="F1"/>\n'),
    )
    _package, report = read_ddi_codebook(path)
    assert report.flatten(["code", "severity", "location.line"]) == [["duplicate-id", "error", 7]]


def test_duplicate_urns(tmp_path: Path) -> None:
    urn = "urn:ddi:org.example.migreg:V-A:1.0.0"
    path = write(
        tmp_path,
        "duplicate-urn.xml",
        codebook(
            f'<var name="a" files="F1" ddiLifecycleUrn="{urn}"/>\n'
            f'<var name="b" files="F1" ddiLifecycleUrn="{urn}"/>\n'
        ),
    )
    _package, report = read_ddi_codebook(path)
    assert report.flatten(["code", "location.line"]) == [["duplicate-urn", 7]]


def test_invalid_urn_is_replaced_by_a_minted_one(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "invalid-urn.xml",
        codebook('<var name="a" files="F1" ddiLifecycleUrn="not a urn"/>\n'),
    )
    package, report = read_ddi_codebook(path)
    assert report.flatten() == ["invalid-urn"]
    assert str(package.variables[0].urn) == "urn:ddi:org.example.migreg:T1.a:1.0.0"


def test_dangling_file_reference(tmp_path: Path) -> None:
    path = write(
        tmp_path, "dangling-file-reference.xml", codebook('<var ID="V1" name="a" files="F9"/>\n')
    )
    _package, report = read_ddi_codebook(path)
    assert report.flatten(["code", "location.line"]) == [["dangling-file-reference", 6]]


def test_dangling_question_reference(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "dangling-question-reference.xml",
        codebook('<var ID="V1" name="a" files="F1" qstn="Q9"/>\n'),
    )
    _package, report = read_ddi_codebook(path)
    assert report.flatten(["code", "location.line"]) == [["dangling-question-reference", 6]]


def test_shared_question_reference_is_resolved(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "shared-question.xml",
        codebook(
            '<var ID="V1" name="a" files="F1"><qstn ID="Q1"><qstnLit>Why?</qstnLit></qstn></var>\n'
            '<var ID="V2" name="b" files="F1" qstn="Q1"/>\n'
        ),
    )
    package, report = read_ddi_codebook(path)
    assert report.issues == ()
    assert package.variables[1].question == package.variables[0].question


def test_dangling_group_references(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "dangling-variable-reference.xml",
        codebook('<varGrp ID="G1" var="V1 V9" varGrp="G7"/>\n<var ID="V1" name="a" files="F1"/>\n'),
    )
    package, report = read_ddi_codebook(path)
    assert report.flatten(["code", "location.line"]) == [
        ["dangling-variable-reference", 6],
        ["dangling-group-reference", 6],
    ]
    assert package.study is not None
    assert package.study.groups[0].variables == ("a",)


def test_dangling_weight_reference(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "dangling-weight-reference.xml",
        codebook('<var ID="V1" name="a" files="F1" wgt-var="W9"/>\n'),
    )
    _package, report = read_ddi_codebook(path)
    assert report.flatten() == ["dangling-weight-reference"]


def test_forward_weight_reference_is_resolved(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "forward-weight-reference.xml",
        codebook(
            '<var ID="V1" name="a" files="F1" wgt-var="W"/>\n'
            '<var ID="W" name="wt" files="F1" wgt="wgt"/>\n'
        ),
    )
    package, report = read_ddi_codebook(path)
    assert report.issues == ()
    assert package.variables[0].weight_variable == "wt"
    assert package.variables[1].is_weight


def test_non_numeric_statistics_are_issues(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "invalid-number.xml",
        codebook('<var ID="V1" name="a" files="F1"><sumStat type="mean">n/a</sumStat></var>\n'),
    )
    package, report = read_ddi_codebook(path)
    assert report.flatten(["code", "location.line"]) == [["invalid-number", 6]]
    assert package.variables[0].statistics.mean is None


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty"):
        read_ddi_codebook(write(tmp_path, "empty.xml", b"   \n"))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot open"):
        read_ddi_codebook(tmp_path / "absent.xml")


def test_parser_options_are_explicit() -> None:
    assert xml_safety.SAFE_OPTIONS["resolve_entities"] is False
    assert xml_safety.SAFE_OPTIONS["no_network"] is True
    assert xml_safety.SAFE_OPTIONS["load_dtd"] is False
    assert xml_safety.SAFE_OPTIONS["huge_tree"] is False


def test_old_libxml2_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(etree, "LIBXML_VERSION", (2, 9, 14))
    path = write(tmp_path, "any.xml", codebook(""))
    with pytest.raises(InputError, match="too old"):
        read_ddi_codebook(path)


def test_deeply_nested_elements_are_refused(tmp_path: Path) -> None:
    depth = 20_000
    body = (
        '<var ID="V1" name="a" files="F1"><txt>' + "<p>" * depth + "</p>" * depth + "</txt></var>\n"
    )
    with pytest.raises(InputError):
        read_ddi_codebook(write(tmp_path, "deep-nesting.xml", codebook(body)))
