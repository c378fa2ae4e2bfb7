"""The safe expression form: parsing, canonical printing, names, single-row evaluation."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harmonise.model.expression import (
    MAX_DEPTH,
    MAX_LENGTH,
    Arithmetic,
    BoolOp,
    Compare,
    Expression,
    ExpressionError,
    InList,
    IsMissing,
    Name,
    Negate,
    Not,
    Number,
    String,
    evaluate,
    names,
    parse_expression,
    to_text,
)


def test_parse_builds_typed_tree() -> None:
    expr = parse_expression("age < 18 and (mother_abroad == 1 or father_abroad == 1)")
    assert expr == BoolOp(
        "and",
        (
            Compare("<", Name("age"), Number(18)),
            BoolOp(
                "or",
                (
                    Compare("==", Name("mother_abroad"), Number(1)),
                    Compare("==", Name("father_abroad"), Number(1)),
                ),
            ),
        ),
    )


def test_precedence_product_binds_tighter_than_sum() -> None:
    assert parse_expression("a + b * 2") == Arithmetic(
        "+", Name("a"), Arithmetic("*", Name("b"), Number(2))
    )


def test_subtraction_is_left_associative() -> None:
    assert parse_expression("a - b - c") == Arithmetic(
        "-", Arithmetic("-", Name("a"), Name("b")), Name("c")
    )


def test_in_list_and_not_in() -> None:
    assert parse_expression('rel not in ["01", "02",]') == InList(
        Name("rel"), (String("01"), String("02")), negated=True
    )
    assert parse_expression("x in [1, -2, 3.5]") == InList(
        Name("x"), (Number(1), Number(-2), Number(3.5))
    )


def test_is_missing_and_not() -> None:
    assert parse_expression("not is_missing(age)") == Not(IsMissing(Name("age")))


def test_negative_literal_folds_but_negated_name_does_not() -> None:
    assert parse_expression("-3") == Number(-3)
    assert parse_expression("-x") == Negate(Name("x"))


def test_nested_same_boolean_operator_is_flattened() -> None:
    assert parse_expression("a and (b and c)") == parse_expression("a and b and c")


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ("", 1, "empty expression"),
        ("age = 1", 5, "'=='"),
        ("a < b < c", 7, "do not chain"),
        ("__import__('os')", 1, "unknown function"),
        ("x.y == 1", 2, "unexpected character '.'"),
        ("x in []", 6, "may not be empty"),
        ('x in [1, "a"]', 6, "mixes numbers and strings"),
        ("x in [y]", 7, "only numbers and strings"),
        ("'abc", 1, "unterminated string"),
        ("a and", 6, "end of the expression"),
        ("(a == 1", 8, "expected ')'"),
        ("a == 1)", 7, "unexpected ')'"),
        ("1e999 > x", 1, "out of range"),
        ("is_missing(1)", 12, "one variable name"),
        ("in == 1", 1, "expected a value"),
        ("a ! b", 3, "'!' is not allowed"),
        ("'a\\q'", 3, "unknown escape"),
        ("lambda: 1", 7, "unexpected character ':'"),
    ],
)
def test_errors_name_the_column(text: str, column: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_expression(text)
    assert (info.value.column, fragment in str(info.value)) == (column, True)
    assert isinstance(info.value, ValueError)


def test_length_is_capped() -> None:
    with pytest.raises(ExpressionError, match="limit"):
        parse_expression("a" * (MAX_LENGTH + 1))


def test_depth_is_capped_without_recursion_error() -> None:
    text = "(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1)
    with pytest.raises(ExpressionError, match="nested"):
        parse_expression(text)
    with pytest.raises(ExpressionError, match="nested"):
        parse_expression("not " * (MAX_DEPTH + 1) + "a")
    with pytest.raises(ExpressionError, match="nested"):
        parse_expression("- " * (MAX_DEPTH + 1) + "a")


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("age<18", "age < 18"),
        ("a  and(b or c)", "a and (b or c)"),
        ("(a + b) * c", "(a + b) * c"),
        ("a - (b - c)", "a - (b - c)"),
        ("not (a and b)", "not (a and b)"),
        ("-(3)", "-(3)"),
        ("- -x", "-(-x)"),
        ("(a == b) == c", "(a == b) == c"),
        ("x in ['a', \"b\"]", 'x in ["a", "b"]'),
        ("'it''s'", None),
    ],
)
def test_canonical_text(text: str, canonical: str | None) -> None:
    if canonical is None:
        with pytest.raises(ExpressionError):
            parse_expression(text)
        return
    assert to_text(parse_expression(text)) == canonical


def test_names_in_order_without_repeats() -> None:
    expr = parse_expression("b > 1 and (a == b or is_missing(c)) and c in [1]")
    assert names(expr) == ("b", "a", "c")


@pytest.mark.parametrize(
    ("text", "row", "expected"),
    [
        ("age < 18", {"age": 10}, True),
        ("age < 18", {"age": None}, None),
        ("age < 18 and sex == 1", {"age": 30, "sex": None}, False),
        ("age < 18 or sex == 1", {"age": 10, "sex": None}, True),
        ("age < 18 or sex == 1", {"age": 30, "sex": None}, None),
        ("not age < 18", {"age": math.nan}, None),
        ("is_missing(age)", {"age": math.nan}, True),
        ("income / hh_size", {"income": 300, "hh_size": 4}, 75.0),
        ("income / hh_size", {"income": 300, "hh_size": 0}, None),
        ("months / 12 >= 1", {"months": "18"}, True),
        ('rel in ["01", "02"]', {"rel": "02"}, True),
        ("rel in [1, 2]", {"rel": "02"}, True),
        ("rel not in [1, 2]", {"rel": 3}, True),
        ('code == "x"', {"code": 1}, False),
        ("-x + 2 * 3", {"x": 1}, 5),
    ],
)
def test_evaluate(text: str, row: dict[str, object], expected: object) -> None:
    assert evaluate(parse_expression(text), row) == expected


def test_declared_missing_codes() -> None:
    missing = {"age": frozenset({98, 99})}
    assert [
        evaluate(parse_expression("is_missing(age)"), {"age": 98}, missing),
        evaluate(parse_expression("age > 50"), {"age": 99}, missing),
        evaluate(parse_expression("age > 50"), {"age": "99"}, missing),
        evaluate(parse_expression("age > 50"), {"age": 60}, missing),
    ] == [True, None, None, True]


@pytest.mark.parametrize(
    ("text", "row", "fragment"),
    [
        ("age < 18", {}, "no value for 'age'"),
        ("name < 3", {"name": "Ana"}, "cannot order"),
        ("name + 1", {"name": "Ana"}, "cannot compute"),
        ("name and x", {"name": "Ana", "x": True}, "not a condition"),
        ("x == 1", {"x": [1]}, "unsupported type"),
    ],
)
def test_evaluate_errors(text: str, row: dict[str, object], fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        evaluate(parse_expression(text), row)


# --- property: canonical text round-trips ----------------------------------------------------

_names = st.sampled_from(["a", "b", "age", "x_1", "_y"]).map(Name)
_numbers = st.one_of(
    st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
).map(Number)
_strings = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=5).map(String)


def _extend(children: st.SearchStrategy[Expression]) -> st.SearchStrategy[Expression]:
    ops = st.sampled_from(["+", "-", "*", "/"])
    cmps = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
    return st.one_of(
        st.builds(Arithmetic, ops, children, children),
        st.builds(Compare, cmps, children, children),
        st.builds(Negate, children.filter(lambda c: not isinstance(c, Number))),
        st.builds(Not, children),
        st.builds(BoolOp, st.sampled_from(["and", "or"]), st.tuples(children, children)),
        st.builds(
            InList, children, st.lists(_numbers, min_size=1, max_size=3).map(tuple), st.booleans()
        ),
    )


_trees = st.recursive(
    st.one_of(_names, _numbers, _strings, _names.map(IsMissing)), _extend, max_leaves=12
)


@given(_trees)
def test_to_text_round_trips(expr: Expression) -> None:
    assert parse_expression(to_text(expr)) == expr
