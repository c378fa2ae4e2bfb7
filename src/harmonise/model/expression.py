"""A small, safe expression form for recodes, case-when conditions, universes and indicators.

Nothing here calls ``eval``: text is read by a hand-written tokenizer and recursive-descent parser
into a typed syntax tree of frozen dataclasses. The engine compiles the tree to SQL; this module
only parses, prints (canonically), lists names and evaluates single rows.

Grammar (lowest precedence first; keywords are lower-case and reserved)::

    expression := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := sum [ ("==" | "!=" | "<" | "<=" | ">" | ">=") sum
                      | ["not"] "in" "[" literal ("," literal)* [","] "]" ]
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := "-" unary | atom
    atom       := NUMBER | STRING | NAME | "is_missing" "(" NAME ")" | "(" expression ")"
    literal    := ["-"] NUMBER | STRING

Deliberate limits: comparisons do not chain (``a < b < c`` is an error; write ``a < b and b < c``),
``in`` lists hold literals of one kind (numbers or strings) and are never empty, names are
``[A-Za-z_][A-Za-z0-9_]*``, the text is at most ``MAX_LENGTH`` characters and nests at most
``MAX_DEPTH`` levels.

Evaluation follows SQL's three-valued logic so that a row gives the same answer here as in the
engine's SQL: a missing value (None or NaN) makes comparisons, arithmetic and ``in`` unknown
(None); ``and``/``or``/``not`` use Kleene logic; division by zero is unknown.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, TypeAlias

MAX_LENGTH = 4000
"""Longest accepted expression text, in characters."""

MAX_DEPTH = 50
"""Deepest accepted nesting (parentheses, ``not``, unary minus)."""

KEYWORDS = frozenset({"and", "or", "not", "in", "is_missing"})
"""Reserved words: never variable names."""

CompareOp: TypeAlias = Literal["==", "!=", "<", "<=", ">", ">="]
ArithOp: TypeAlias = Literal["+", "-", "*", "/"]
BoolOpName: TypeAlias = Literal["and", "or"]


class ExpressionError(ValueError):
    """Expression text that cannot be parsed; ``column`` is 1-based."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"column {column}: {message}")
        self.column = column
        self.reason = message


@dataclass(frozen=True, slots=True)
class Name:
    """A variable name."""

    name: str


@dataclass(frozen=True, slots=True)
class Number:
    """A numeric literal (int when written without a fraction or exponent)."""

    value: int | float


@dataclass(frozen=True, slots=True)
class String:
    """A string literal."""

    value: str


@dataclass(frozen=True, slots=True)
class IsMissing:
    """``is_missing(name)``: the value is missing (None/NaN, or a declared missing code)."""

    operand: Name


@dataclass(frozen=True, slots=True)
class Negate:
    """Unary minus of a non-literal (``-x``); ``-3`` is the literal ``Number(-3)``."""

    operand: Expression


@dataclass(frozen=True, slots=True)
class Arithmetic:
    """``left op right`` with ``op`` one of ``+ - * /``."""

    op: ArithOp
    left: Expression
    right: Expression


@dataclass(frozen=True, slots=True)
class Compare:
    """``left op right`` with ``op`` one of ``== != < <= > >=``."""

    op: CompareOp
    left: Expression
    right: Expression


@dataclass(frozen=True, slots=True)
class InList:
    """``operand in [items]`` (or ``not in`` when ``negated``)."""

    operand: Expression
    items: tuple[Number, ...] | tuple[String, ...]
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Not:
    """Logical negation."""

    operand: Expression


@dataclass(frozen=True, slots=True)
class BoolOp:
    """``and``/``or`` over two or more operands (nested same-operator groups are flattened)."""

    op: BoolOpName
    operands: tuple[Expression, ...]

    def __post_init__(self) -> None:
        flat: list[Expression] = []
        for operand in self.operands:
            if isinstance(operand, BoolOp) and operand.op == self.op:
                flat.extend(operand.operands)
            else:
                flat.append(operand)
        if len(flat) < 2:
            raise ValueError(f"'{self.op}' needs at least two operands")
        object.__setattr__(self, "operands", tuple(flat))


Expression: TypeAlias = (
    Name | Number | String | IsMissing | Negate | Arithmetic | Compare | InList | Not | BoolOp
)
"""Any node of the syntax tree."""

_LiteralNode: TypeAlias = Number | String


# --- tokenizer --------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<op>==|!=|<=|>=|<|>|\+|-|\*|/|\(|\)|\[|\]|,)
    """,
    re.VERBOSE,
)
_ESCAPES = {"\\": "\\", '"': '"', "'": "'", "n": "\n", "t": "\t"}


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # number, name, keyword, string, op, end
    text: str
    column: int


def _unescape(raw: str, column: int) -> str:
    body = raw[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            nxt = body[i + 1]
            if nxt not in _ESCAPES:
                raise ExpressionError(f"unknown escape '\\{nxt}' in string", column + 1 + i)
            out.append(_ESCAPES[nxt])
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            ch = text[pos]
            if ch in "\"'":
                raise ExpressionError("unterminated string", pos + 1)
            if ch == "=":
                raise ExpressionError("'=' is not allowed; compare with '=='", pos + 1)
            if ch == "!":
                raise ExpressionError("'!' is not allowed; use 'not' or '!='", pos + 1)
            raise ExpressionError(f"unexpected character {ch!r}", pos + 1)
        kind = m.lastgroup or ""
        if kind != "space":
            value = m.group()
            if kind == "name" and value in KEYWORDS:
                kind = "keyword"
            tokens.append(_Token(kind, value, pos + 1))
        pos = m.end()
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


# --- parser -----------------------------------------------------------------------------------

_COMPARE_OPS = frozenset({"==", "!=", "<", "<=", ">", ">="})


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def at(self, kind: str, text: str | None = None) -> bool:
        token = self.current
        return token.kind == kind and (text is None or token.text == text)

    def expect(self, kind: str, text: str, what: str) -> _Token:
        if not self.at(kind, text):
            raise ExpressionError(f"expected {what}, found {_describe(self.current)}", self.column)
        return self.advance()

    @property
    def column(self) -> int:
        return self.current.column

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"nested more than {MAX_DEPTH} levels deep", self.column)

    def parse(self) -> Expression:
        if self.at("end"):
            raise ExpressionError("empty expression", 1)
        expr = self.parse_or()
        if not self.at("end"):
            token = self.current
            hint = ""
            if token.kind == "op" and token.text in _COMPARE_OPS:
                hint = " (comparisons do not chain; join them with 'and')"
            raise ExpressionError(f"unexpected {_describe(token)}{hint}", token.column)
        return expr

    def parse_or(self) -> Expression:
        operands = [self.parse_and()]
        while self.at("keyword", "or"):
            self.advance()
            operands.append(self.parse_and())
        return operands[0] if len(operands) == 1 else BoolOp("or", tuple(operands))

    def parse_and(self) -> Expression:
        operands = [self.parse_not()]
        while self.at("keyword", "and"):
            self.advance()
            operands.append(self.parse_not())
        return operands[0] if len(operands) == 1 else BoolOp("and", tuple(operands))

    def parse_not(self) -> Expression:
        if self.at("keyword", "not"):
            self.advance()
            self.nest()
            operand = self.parse_not()
            self.depth -= 1
            return Not(operand)
        return self.parse_comparison()

    def parse_comparison(self) -> Expression:
        left = self.parse_sum()
        token = self.current
        if token.kind == "op" and token.text in _COMPARE_OPS:
            self.advance()
            right = self.parse_sum()
            op: CompareOp = token.text  # type: ignore[assignment]
            return Compare(op, left, right)
        if self.at("keyword", "in"):
            self.advance()
            return InList(left, self.parse_list(), negated=False)
        if self.at("keyword", "not") and self.tokens[self.index + 1].text == "in":
            self.advance()
            self.advance()
            return InList(left, self.parse_list(), negated=True)
        return left

    def parse_list(self) -> tuple[Number, ...] | tuple[String, ...]:
        start = self.column
        self.expect("op", "[", "'[' after 'in'")
        items: list[_LiteralNode] = []
        while not self.at("op", "]"):
            items.append(self.parse_literal())
            if self.at("op", ","):
                self.advance()
            elif not self.at("op", "]"):
                raise ExpressionError(
                    f"expected ',' or ']' in list, found {_describe(self.current)}", self.column
                )
        self.advance()
        if not items:
            raise ExpressionError("an 'in' list may not be empty", start)
        numbers = tuple(i for i in items if isinstance(i, Number))
        strings = tuple(i for i in items if isinstance(i, String))
        if numbers and strings:
            raise ExpressionError("an 'in' list mixes numbers and strings", start)
        return numbers if numbers else strings

    def parse_literal(self) -> _LiteralNode:
        token = self.current
        if token.kind == "string":
            self.advance()
            return String(_unescape(token.text, token.column))
        negative = False
        if self.at("op", "-"):
            self.advance()
            negative = True
            token = self.current
        if token.kind == "number":
            self.advance()
            return _number(token, negative)
        raise ExpressionError(
            f"an 'in' list holds only numbers and strings, found {_describe(token)}", token.column
        )

    def parse_sum(self) -> Expression:
        left = self.parse_product()
        while self.at("op", "+") or self.at("op", "-"):
            op: ArithOp = self.advance().text  # type: ignore[assignment]
            left = Arithmetic(op, left, self.parse_product())
        return left

    def parse_product(self) -> Expression:
        left = self.parse_unary()
        while self.at("op", "*") or self.at("op", "/"):
            op: ArithOp = self.advance().text  # type: ignore[assignment]
            left = Arithmetic(op, left, self.parse_unary())
        return left

    def parse_unary(self) -> Expression:
        if self.at("op", "-"):
            self.advance()
            if self.at("number"):
                return _number(self.advance(), negative=True)
            self.nest()
            operand = self.parse_unary()
            self.depth -= 1
            return Negate(operand)
        return self.parse_atom()

    def parse_atom(self) -> Expression:
        token = self.current
        if token.kind == "number":
            self.advance()
            return _number(token, negative=False)
        if token.kind == "string":
            self.advance()
            return String(_unescape(token.text, token.column))
        if token.kind == "keyword" and token.text == "is_missing":
            self.advance()
            self.expect("op", "(", "'(' after is_missing")
            arg = self.current
            if arg.kind != "name":
                raise ExpressionError(
                    f"is_missing takes one variable name, found {_describe(arg)}", arg.column
                )
            self.advance()
            self.expect("op", ")", "')' after the variable name")
            return IsMissing(Name(arg.text))
        if token.kind == "name":
            self.advance()
            if self.at("op", "("):
                raise ExpressionError(
                    f"unknown function {token.text!r} (the only function is is_missing)",
                    token.column,
                )
            return Name(token.text)
        if self.at("op", "("):
            self.advance()
            self.nest()
            inner = self.parse_or()
            self.depth -= 1
            self.expect("op", ")", "')'")
            return inner
        raise ExpressionError(f"expected a value, found {_describe(token)}", token.column)


def _number(token: _Token, negative: bool) -> Number:
    text = token.text
    value: int | float
    if any(c in text for c in ".eE"):
        value = float(text)
        if not math.isfinite(value):
            raise ExpressionError(f"number {text} is out of range", token.column)
    else:
        value = int(text)
    return Number(-value if negative else value)


def _describe(token: _Token) -> str:
    if token.kind == "end":
        return "the end of the expression"
    return f"{token.text!r}"


def parse_expression(text: str) -> Expression:
    """Parse expression text into a syntax tree.

    Args:
        text: e.g. ``age < 18 and (mother_abroad == 1 or father_abroad == 1)``.

    Returns:
        The syntax tree.

    Raises:
        ExpressionError: (a ValueError) naming the 1-based column of the problem.
    """
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}", MAX_LENGTH + 1
        )
    return _Parser(text).parse()


# --- printing ---------------------------------------------------------------------------------

_PRECEDENCE_OR = 1
_PRECEDENCE_AND = 2
_PRECEDENCE_NOT = 3
_PRECEDENCE_COMPARE = 4
_PRECEDENCE_SUM = 5
_PRECEDENCE_PRODUCT = 6
_PRECEDENCE_UNARY = 7
_PRECEDENCE_ATOM = 8


def _precedence(expr: Expression) -> int:
    if isinstance(expr, BoolOp):
        return _PRECEDENCE_OR if expr.op == "or" else _PRECEDENCE_AND
    if isinstance(expr, Not):
        return _PRECEDENCE_NOT
    if isinstance(expr, (Compare, InList)):
        return _PRECEDENCE_COMPARE
    if isinstance(expr, Arithmetic):
        return _PRECEDENCE_SUM if expr.op in "+-" else _PRECEDENCE_PRODUCT
    if isinstance(expr, Negate):
        return _PRECEDENCE_UNARY
    if isinstance(expr, Number) and expr.value < 0:
        return _PRECEDENCE_UNARY
    return _PRECEDENCE_ATOM


def _wrap(expr: Expression, minimum: int) -> str:
    text = to_text(expr)
    return f"({text})" if _precedence(expr) < minimum else text


def _literal_text(expr: Number | String) -> str:
    if isinstance(expr, String):
        escaped = expr.value.replace("\\", "\\\\").replace('"', '\\"')
        return '"' + escaped.replace("\n", "\\n").replace("\t", "\\t") + '"'
    return repr(expr.value)


def to_text(expr: Expression) -> str:
    """Print a syntax tree in the canonical form (single spaces, minimal parentheses).

    ``parse_expression(to_text(e)) == e`` for every tree the parser produces.

    Args:
        expr: The syntax tree.

    Returns:
        The canonical text.
    """
    if isinstance(expr, Name):
        return expr.name
    if isinstance(expr, (Number, String)):
        return _literal_text(expr)
    if isinstance(expr, IsMissing):
        return f"is_missing({expr.operand.name})"
    if isinstance(expr, Negate):
        if isinstance(expr.operand, Number):  # "-3" would read back as the literal -3
            return f"-({_literal_text(expr.operand)})"
        return "-" + _wrap(expr.operand, _PRECEDENCE_ATOM)
    if isinstance(expr, Arithmetic):
        own = _precedence(expr)
        return f"{_wrap(expr.left, own)} {expr.op} {_wrap(expr.right, own + 1)}"
    if isinstance(expr, Compare):
        return f"{_wrap(expr.left, _PRECEDENCE_SUM)} {expr.op} {_wrap(expr.right, _PRECEDENCE_SUM)}"
    if isinstance(expr, InList):
        items = ", ".join(_literal_text(i) for i in expr.items)
        keyword = "not in" if expr.negated else "in"
        return f"{_wrap(expr.operand, _PRECEDENCE_SUM)} {keyword} [{items}]"
    if isinstance(expr, Not):
        return "not " + _wrap(expr.operand, _PRECEDENCE_NOT)
    own = _precedence(expr)
    return f" {expr.op} ".join(_wrap(o, own + 1) for o in expr.operands)


# --- inspection -------------------------------------------------------------------------------


def walk(expr: Expression) -> Iterator[Expression]:
    """Every node of the tree, parents before children, left to right."""
    yield expr
    if isinstance(expr, (Negate, Not)):
        yield from walk(expr.operand)
    elif isinstance(expr, IsMissing):
        yield expr.operand
    elif isinstance(expr, (Arithmetic, Compare)):
        yield from walk(expr.left)
        yield from walk(expr.right)
    elif isinstance(expr, InList):
        yield from walk(expr.operand)
        yield from expr.items
    elif isinstance(expr, BoolOp):
        for operand in expr.operands:
            yield from walk(operand)


def names(expr: Expression) -> tuple[str, ...]:
    """The variable names an expression reads, in order of first appearance, without repeats."""
    seen: dict[str, None] = {}
    for node in walk(expr):
        if isinstance(node, Name):
            seen.setdefault(node.name, None)
    return tuple(seen)


# --- evaluation -------------------------------------------------------------------------------

Value: TypeAlias = bool | int | float | str | None


def _is_missing_value(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _as_number(value: object) -> int | float | None:
    """A number for arithmetic/comparison; numeric-looking text counts (CSV rows are text)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            try:
                number = float(value.strip())
            except ValueError:
                return None
            return number if math.isfinite(number) else None
    return None


def _compare(op: CompareOp, left: Value, right: Value) -> bool | None:
    if _is_missing_value(left) or _is_missing_value(right):
        return None
    a: object = left
    b: object = right
    if isinstance(left, str) != isinstance(right, str):
        a, b = _as_number(left), _as_number(right)
        if a is None or b is None:
            if op in ("==", "!="):
                return op == "!="
            raise ValueError(f"cannot order {left!r} against {right!r}")
    elif isinstance(left, bool) or isinstance(right, bool):
        a, b = _as_number(left), _as_number(right)
    operations: dict[str, Callable[[object, object], object]] = {
        "==": lambda x, y: x == y,
        "!=": lambda x, y: x != y,
        "<": lambda x, y: x < y,  # type: ignore[operator]
        "<=": lambda x, y: x <= y,  # type: ignore[operator]
        ">": lambda x, y: x > y,  # type: ignore[operator]
        ">=": lambda x, y: x >= y,  # type: ignore[operator]
    }
    return bool(operations[op](a, b))


def _truth(value: Value) -> bool | None:
    if _is_missing_value(value):
        return None
    if isinstance(value, str):
        raise ValueError(f"a string ({value!r}) is not a condition")
    return bool(value)


def evaluate(
    expr: Expression,
    row: Mapping[str, object],
    missing: Mapping[str, frozenset[object]] | None = None,
) -> Value:
    """Evaluate an expression for one row (SQL three-valued logic; None means unknown).

    Args:
        expr: The syntax tree.
        row: Variable name to value (numbers, strings, None or NaN for missing).
        missing: Optional declared missing codes per variable (e.g. ``{"age": {98, 99}}``);
            ``is_missing`` is true for them, and elsewhere they count as missing values too.

    Returns:
        A bool (conditions), a number or string (values), or None (unknown).

    Raises:
        ValueError: A name is not in the row, or an operation does not fit the values (e.g.
            ``"a" < 1`` or ``"a" + 1``).
    """
    declared = missing or {}

    def lookup(name: str) -> Value:
        if name not in row:
            raise ValueError(f"the row has no value for {name!r}")
        value = row[name]
        if value is not None and not isinstance(value, (bool, int, float, str)):
            raise ValueError(f"value of {name!r} has unsupported type {type(value).__name__}")
        codes = declared.get(name)
        if codes and value in codes:
            return None
        if codes and isinstance(value, str) and _as_number(value) in codes:
            return None
        return value

    def run(node: Expression) -> Value:
        if isinstance(node, Name):
            return lookup(node.name)
        if isinstance(node, (Number, String)):
            return node.value
        if isinstance(node, IsMissing):
            return _is_missing_value(lookup(node.operand.name))
        if isinstance(node, Negate):
            value = run(node.operand)
            if _is_missing_value(value):
                return None
            number = _as_number(value)
            if number is None:
                raise ValueError(f"cannot negate {value!r}")
            return -number
        if isinstance(node, Arithmetic):
            return _arithmetic(node.op, run(node.left), run(node.right))
        if isinstance(node, Compare):
            return _compare(node.op, run(node.left), run(node.right))
        if isinstance(node, InList):
            value = run(node.operand)
            if _is_missing_value(value):
                return None
            found = any(_compare("==", value, item.value) for item in node.items)
            return found != node.negated
        if isinstance(node, Not):
            truth = _truth(run(node.operand))
            return None if truth is None else not truth
        return _boolean(node, run)

    return run(expr)


def _arithmetic(op: ArithOp, left: Value, right: Value) -> Value:
    if _is_missing_value(left) or _is_missing_value(right):
        return None
    a, b = _as_number(left), _as_number(right)
    if a is None or b is None:
        raise ValueError(f"cannot compute {left!r} {op} {right!r}")
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0:
        return None
    return a / b


def _boolean(node: BoolOp, run: Callable[[Expression], Value]) -> bool | None:
    unknown = False
    decisive = node.op == "or"  # the value that settles the result
    for operand in node.operands:
        truth = _truth(run(operand))
        if truth is None:
            unknown = True
        elif truth is decisive:
            return decisive
    return None if unknown else not decisive
