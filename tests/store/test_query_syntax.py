from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harmonise.store.query_syntax import (
    MAX_LEAVES,
    MAX_QUERY_CHARS,
    And,
    Not,
    Or,
    Phrase,
    Term,
    parse_query,
    relaxed,
)


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("remesas", Term("remesas")),
        ("remit*", Term("remit", prefix=True)),
        ('"vive en el"', Phrase("vive en el")),
        ("a b", And((Term("a"), Term("b")), implicit=True)),
        ("a AND b", And((Term("a"), Term("b")))),
        ("a OR b", Or((Term("a"), Term("b")))),
        ("a -b", And((Term("a"), Not(Term("b"))), implicit=True)),
        ("NOT b", Not(Term("b"))),
        ("(a OR b) c", And((Or((Term("a"), Term("b"))), Term("c")), implicit=True)),
        # an exclusion applies to its whole group, as in Lucene and web search boxes
        ("a OR b -c", And((Or((Term("a"), Term("b"))), Not(Term("c"))))),
        ("a -c OR b", And((Or((Term("a"), Term("b"))), Not(Term("c"))))),
        ("NOT c OR b", And((Term("b"), Not(Term("c"))))),
        ("-a OR -b", And((Not(Term("a")), Not(Term("b"))), implicit=True)),
        (
            "a b OR c -d",
            And((Or((And((Term("a"), Term("b")), implicit=True), Term("c"))), Not(Term("d")))),
        ),
        # ... and parentheses keep it local
        ("a OR (b -c)", Or((Term("a"), And((Term("b"), Not(Term("c"))), implicit=True)))),
        ("a OR (-c)", Or((Term("a"), Not(Term("c"))))),
        # an explicit AND binds tighter than OR, its NOT included
        ("a AND NOT b OR c", Or((And((Term("a"), Not(Term("b")))), Term("c")))),
        ("a OR b AND NOT c", Or((Term("a"), And((Term("b"), Not(Term("c"))))))),
        ("", None),
    ],
)
def test_parse_builds_the_expected_tree(text: str, root: object) -> None:
    parsed = parse_query(text)
    assert parsed.root == root
    assert parsed.notices == []


@pytest.mark.parametrize(
    ("text", "root", "notices"),
    [
        (
            '"unbalanced',
            Phrase("unbalanced"),
            ["closed an unbalanced quote at the end of the query"],
        ),
        ("AND", None, ["ignored an AND with nothing before it"]),
        ("a OR", Term("a"), ["ignored an OR with nothing after it"]),
        ("NOT", None, ["ignored a NOT with nothing after it"]),
        ("+", None, ["ignored a lone '+'"]),
        ("*", None, ["ignored a lone wildcard"]),
        ("(a", Term("a"), ["closed an unbalanced parenthesis"]),
        ("a)", Term("a"), ["ignored an unbalanced closing parenthesis"]),
    ],
)
def test_bad_syntax_is_repaired_and_said(text: str, root: object, notices: list[str]) -> None:
    parsed = parse_query(text)
    assert (parsed.root, parsed.notices) == (root, notices)


def test_control_characters_are_removed() -> None:
    parsed = parse_query("re\x00me\x1bsas\u200b")
    assert parsed.text == "re me sas"
    assert parsed.leaves() == [Term("re"), Term("me"), Term("sas")]


def test_long_input_is_cut() -> None:
    parsed = parse_query("x" * 10_000)
    assert parsed.text == "x" * MAX_QUERY_CHARS
    assert parsed.notices == [f"the query was cut to its first {MAX_QUERY_CHARS} characters"]


def test_many_terms_are_capped() -> None:
    parsed = parse_query(" ".join(f"w{i}" for i in range(100)))
    assert len(parsed.leaves()) == MAX_LEAVES


def test_relaxed_turns_implicit_and_into_or_keeping_negations() -> None:
    tree = parse_query("madre remesas -padre").root
    assert tree is not None
    assert relaxed(tree) == And((Or((Term("madre"), Term("remesas"))), Not(Term("padre"))))


def test_relaxed_keeps_explicit_and() -> None:
    tree = parse_query("a AND b").root
    assert tree is not None
    assert relaxed(tree) is tree


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses(text: str) -> None:
    parsed = parse_query(text)
    assert len(parsed.leaves()) <= MAX_LEAVES
