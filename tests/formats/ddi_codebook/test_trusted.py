"""The reader's unvalidated fast path builds the same objects validation would (issue 2 §7).

Every item read from every real DDI-C file (and a synthetic one) is rebuilt through pydantic
validation from its own fields; the two must be equal and serialise to the same JSON.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from harmonise.formats.ddi_codebook import iter_ddi_codebook, read_ddi_codebook
from harmonise.formats.ddi_codebook.synthetic import write_synthetic_codebook
from harmonise.formats.ddi_codebook.trusted import Interner, trusted, trusted_text
from harmonise.model import (
    Category,
    Code,
    CodeList,
    DataLocation,
    MetadataPackage,
    MissingType,
    Urn,
    Variable,
)
from harmonise.model.text import LocalizedText
from tests.conftest import TESTDATA
from tests.formats.ddi_codebook.test_real_files import CODEBOOKS


def _revalidated(item: BaseModel) -> BaseModel:
    """The item rebuilt by validation from its fields (nested models rebuilt too)."""
    return type(item).model_validate(item.model_dump())


def _assert_same_as_validated(package: MetadataPackage) -> None:
    items: list[BaseModel] = [*package.questions, *package.code_lists, *package.variables]
    for item in items:
        again = _revalidated(item)
        assert item == again
        assert item.model_dump_json() == again.model_dump_json()
        assert repr(item) == repr(again)


@pytest.mark.parametrize("name", CODEBOOKS)
def test_real_file_items_equal_validated_ones(name: str) -> None:
    assert TESTDATA is not None
    package, _report = read_ddi_codebook(TESTDATA / name)
    _assert_same_as_validated(package)
    assert MetadataPackage.model_validate_json(package.model_dump_json()) == package


def test_synthetic_items_equal_validated_ones(tmp_path: Path) -> None:
    path = tmp_path / "syn.xml"
    write_synthetic_codebook(path, 12)
    package, report = read_ddi_codebook(path)
    assert report.flatten() == []
    _assert_same_as_validated(package)


def test_equal_categories_are_shared_between_variables(tmp_path: Path) -> None:
    path = tmp_path / "shared.xml"
    path.write_text(
        '<codeBook xmlns="ddi:codebook:2_5"><stdyDscr><citation><titlStmt><titl>T</titl>'
        "<IDNo>S</IDNo></titlStmt></citation></stdyDscr><dataDscr>"
        + "".join(
            f'<var name="{name}"><catgry><catValu>1</catValu><labl xml:lang="en">Yes</labl>'
            f'<catStat type="freq">{freq}</catStat></catgry>'
            '<catgry missing="Y" missType="dontknow"><catValu>8</catValu>'
            '<labl xml:lang="en">DK</labl><catStat type="freq">-0</catStat></catgry></var>'
            for name, freq in (("a", "0"), ("b", "0"), ("c", "3"))
        )
        + "</dataDscr></codeBook>",
        encoding="utf-8",
    )
    package, report = read_ddi_codebook(path)
    assert report.flatten() == []
    a, b, c = package.code_lists
    assert a.codes is b.codes is c.codes
    assert a.codes[1].missing_type is MissingType.DONT_KNOW
    va, vb, vc = package.variables
    assert va.frequencies[0] is vb.frequencies[0]
    assert va.frequencies[0] is not vc.frequencies[0]
    # -0 is kept apart from 0 although the floats are equal
    assert [str(f.frequency) for f in va.frequencies] == ["0.0", "-0.0"]


def test_stream_and_read_give_equal_items(tmp_path: Path) -> None:
    path = tmp_path / "syn.xml"
    write_synthetic_codebook(path, 5)
    package, _report = read_ddi_codebook(path)
    streamed = [i for i in iter_ddi_codebook(path) if isinstance(i, CodeList)]
    assert tuple(streamed) == package.code_lists


def test_trusted_equals_validated_and_copies_cleanly() -> None:
    label = trusted_text({"en": "Yes", "es": "Sí"})
    assert label == LocalizedText({"en": "Yes", "es": "Sí"})
    code = trusted(Code, value="1", category=trusted(Category, label=label))
    assert code == Code(
        value="1", category=Category(label=LocalizedText({"en": "Yes", "es": "Sí"}))
    )
    assert hash(trusted(DataLocation, start=3, width=2)) == hash(DataLocation(start=3, width=2))
    variable = trusted(Variable, urn=Urn("a", "v"), name="v")
    assert variable.model_dump_json() == Variable(urn=Urn("a", "v"), name="v").model_dump_json()
    changed = code.model_copy(update={"value": "2"})
    assert (changed.value, code.value) == ("2", "1")
    assert trusted(Code, value="3").model_fields_set == set(Code.model_fields)


def test_trusted_refuses_unknown_and_missing_fields() -> None:
    with pytest.raises(TypeError, match=r"unknown fields \['colour'\], missing fields \[\]"):
        trusted(Code, value="1", colour="red")
    with pytest.raises(TypeError, match=r"missing fields \['value'\]"):
        trusted(Code)


def test_interner_is_bounded() -> None:
    interner = Interner(limit=3)
    for n in range(10):
        assert interner.store(n, str(n)) == str(n)
        assert len(interner) <= 3
    assert interner.lookup(9) == "9"
    assert interner.lookup(0) is None


def test_short_texts_and_universes_are_shared_long_ones_only_equal(tmp_path: Path) -> None:
    long = "How many " + "very " * 40 + "long questions?"
    path = tmp_path / "texts.xml"
    path.write_text(
        '<codeBook xmlns="ddi:codebook:2_5"><stdyDscr><citation><titlStmt><titl>T</titl>'
        "<IDNo>S</IDNo></titlStmt></citation></stdyDscr><dataDscr>"
        + "".join(
            f'<var name="{name}"><labl xml:lang="en">Age</labl>'
            f'<qstn><qstnLit xml:lang="en">{long}</qstnLit>'
            '<ivuInstr xml:lang="en">Probe</ivuInstr></qstn>'
            '<universe xml:lang="en" clusion="I">All persons</universe></var>'
            for name in ("a", "b")
        )
        + "</dataDscr></codeBook>",
        encoding="utf-8",
    )
    package, report = read_ddi_codebook(path)
    assert report.flatten() == []
    a, b = package.variables
    qa, qb = package.questions
    assert a.label is b.label
    assert a.universe is not None and a.universe is b.universe
    assert qa.interviewer_instructions is qb.interviewer_instructions
    assert qa.text == qb.text and qa.text is not qb.text
    _assert_same_as_validated(package)
