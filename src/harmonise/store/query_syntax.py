"""The search box's query language, parsed into a small tree without touching any engine.

Grammar (case-sensitive operators, as in most catalogue search boxes)::

    query   := or_expr
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary (["AND"] unary)*          adjacent terms are joined by AND
    unary   := ("NOT" | "-") unary | "+" atom | atom
    atom    := "(" query ")" | '"' phrase '"' | word | word "*"

A negated word (``-word`` or ``NOT word``) written among words (no ``AND``) excludes items from
the whole group it stands in -- the query, or the parenthesised group -- not only from its
neighbours: ``a OR b -c`` means ``(a OR b) AND NOT c``, and ``-a OR -b`` means neither, as in
Lucene's and the web search engines' boxes, which is what users of other catalogues type them
for. An explicit ``AND`` binds as the grammar says (``a AND NOT b OR c`` is
``(a AND NOT b) OR c``), and parentheses keep an exclusion local: ``a OR (b -c)``,
``a OR (-c)``.

The parser is total: any string yields a tree (possibly empty) and a list of notices, never an
exception. Unbalanced quotes close at the end of the text, unbalanced parentheses are ignored,
operators with nothing to join are dropped, control characters are removed, and very long input
is cut to :data:`MAX_QUERY_CHARS` characters and :data:`MAX_LEAVES` terms (hostile input is
normal input, DESIGN.md §2 principle 5). Deviation from Lucene syntax: no field prefixes
(``title:x``), fuzziness or ranges: a ``:`` is an ordinary character.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 1_000
MAX_LEAVES = 32
MAX_DEPTH = 8

_OPERATORS = {"AND", "OR", "NOT"}
_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')


@dataclass(frozen=True)
class Term:
    """A single word; ``prefix`` when written with a trailing ``*``."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words that must occur in this order."""

    text: str


@dataclass(frozen=True)
class Not:
    """Documents not matching the child."""

    child: Node


@dataclass(frozen=True)
class And:
    """Documents matching every child."""

    children: tuple[Node, ...]
    implicit: bool = False


@dataclass(frozen=True)
class Or:
    """Documents matching any child."""

    children: tuple[Node, ...]


Node = Term | Phrase | Not | And | Or


@dataclass
class ParsedQuery:
    """The tree of a query, with notices about what was repaired or ignored."""

    root: Node | None
    text: str
    notices: list[str] = field(default_factory=list)

    def leaves(self) -> list[Term | Phrase]:
        """Every term and phrase, in order (negated ones included)."""
        found: list[Term | Phrase] = []

        def walk(node: Node) -> None:
            if isinstance(node, Term | Phrase):
                found.append(node)
            elif isinstance(node, Not):
                walk(node.child)
            else:
                for child in node.children:
                    walk(child)

        if self.root is not None:
            walk(self.root)
        return found


def clean_text(text: str) -> str:
    """Remove control and format characters and collapse white space."""
    kept = (
        " " if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} else ch
        for ch in text
        if unicodedata.category(ch) not in {"Cs", "Co", "Cn"}
    )
    return " ".join("".join(kept).split())


#: One AND group before it is joined: its unary terms, whether the AND was implicit, and which
#: of its terms are exclusions written among words (not inside parentheses), which an OR hoists.
_Group = tuple[list[Node], bool, list[Node]]


def _joined(parts: Sequence[Node], implicit: bool) -> Node | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(tuple(parts), implicit=implicit)


class _Parser:
    def __init__(self, tokens: list[str], notices: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.notices = notices
        self.leaves = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        piece = self.tokens[self.pos]
        self.pos += 1
        return piece

    def parse_or(self, depth: int) -> Node | None:
        groups = [self.parse_and(depth)]
        while self.peek() == "OR":
            self.take()
            groups.append(self.parse_and(depth))
            if not groups[-1][0]:
                self.notices.append("ignored an OR with nothing after it")
        groups = [group for group in groups if group[0]]
        if len(groups) <= 1:
            return _joined(groups[0][0], groups[0][1]) if groups else None
        # an OR: the exclusions written among its words apply to the whole OR (module docstring)
        negated = [node for _, _, hoisted in groups for node in hoisted]
        either = [
            _joined([node for node in parts if not any(node is h for h in hoisted)], implicit)
            for parts, implicit, hoisted in groups
        ]
        kept = [node for node in either if node is not None]
        if not kept:
            return _joined(negated, True)
        ored = kept[0] if len(kept) == 1 else Or(tuple(kept))
        return And((ored, *negated)) if negated else ored

    def parse_and(self, depth: int) -> _Group:
        parts: list[Node] = []
        free: list[Node] = []  # exclusions written among words, not inside parentheses
        implicit = True
        while (piece := self.peek()) is not None and piece not in {"OR", ")"}:
            if piece == "AND":
                self.take()
                implicit = False
                if not parts:
                    self.notices.append("ignored an AND with nothing before it")
                continue
            node = self.parse_unary(depth)
            if node is not None:
                parts.append(node)
                if isinstance(node, Not) and piece != "(":
                    free.append(node)
        return parts, implicit, free if implicit else []

    def parse_unary(self, depth: int) -> Node | None:
        piece = self.peek()
        if piece == "NOT":
            self.take()
            if self.peek() in {None, "OR", ")", "AND"}:
                self.notices.append("ignored a NOT with nothing after it")
                return None
            child = self.parse_unary(depth)
            return Not(child) if child is not None else None
        return self.parse_atom(depth)

    def parse_atom(self, depth: int) -> Node | None:
        piece = self.take()
        if piece == "(":
            if depth >= MAX_DEPTH:
                self.notices.append("parentheses nested too deeply were flattened")
                return None
            inner = self.parse_or(depth + 1)
            if self.peek() == ")":
                self.take()
            else:
                self.notices.append("closed an unbalanced parenthesis")
            return inner
        if piece == ")":
            self.notices.append("ignored an unbalanced closing parenthesis")
            return None
        if self.leaves >= MAX_LEAVES:
            return None
        if piece.startswith('"'):
            body = piece[1:-1] if len(piece) > 1 and piece.endswith('"') else piece[1:]
            if not piece.endswith('"') or len(piece) == 1:
                self.notices.append("closed an unbalanced quote at the end of the query")
            body = body.strip()
            if not body:
                return None
            self.leaves += 1
            return Phrase(body)
        negate = False
        if piece[0] in "+-" and len(piece) > 1:
            negate = piece[0] == "-"
            piece = piece[1:]
        elif piece in {"+", "-"}:
            self.notices.append(f"ignored a lone {piece!r}")
            return None
        prefix = piece.endswith("*")
        word = piece.rstrip("*")
        if not word.strip("*"):
            self.notices.append("ignored a lone wildcard")
            return None
        self.leaves += 1
        leaf = Term(word, prefix=prefix)
        return Not(leaf) if negate else leaf


def parse_query(text: str) -> ParsedQuery:
    """Parse what a user typed into a query tree; never raises.

    Args:
        text: The raw query text (any length, any characters).

    Returns:
        The tree (None for an empty query) and notices about repairs.
    """
    notices: list[str] = []
    if len(text) > MAX_QUERY_CHARS * 4:
        text = text[: MAX_QUERY_CHARS * 4]
    cleaned = clean_text(text)
    if len(cleaned) > MAX_QUERY_CHARS:
        cleaned = cleaned[:MAX_QUERY_CHARS]
        notices.append(f"the query was cut to its first {MAX_QUERY_CHARS} characters")
    tokens = _TOKEN.findall(cleaned)
    parser = _Parser(tokens, notices)
    parts: list[Node] = []
    while parser.peek() is not None:
        node = parser.parse_or(0)
        if node is not None:
            parts.append(node)
        if parser.peek() == ")":
            parser.take()
            notices.append("ignored an unbalanced closing parenthesis")
    if parser.leaves >= MAX_LEAVES and len(tokens) > MAX_LEAVES:
        notices.append(f"only the first {MAX_LEAVES} terms were used")
    root: Node | None
    if not parts:
        root = None
    elif len(parts) == 1:
        root = parts[0]
    else:
        root = And(tuple(parts), implicit=True)
    return ParsedQuery(root=root, text=cleaned, notices=notices)


def relaxed(node: Node) -> Node:
    """The same tree with implicit ANDs of the top level turned into ORs (best-effort retry)."""
    if isinstance(node, And) and node.implicit:
        positives = tuple(c for c in node.children if not isinstance(c, Not))
        negatives = tuple(c for c in node.children if isinstance(c, Not))
        if len(positives) < 2:
            return node
        either = Or(positives)
        return And((either, *negatives)) if negatives else either
    return node
