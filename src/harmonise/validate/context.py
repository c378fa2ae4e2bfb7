"""What a crosswalk is validated against: the inputs of the crosswalk and data rules.

A :class:`CrosswalkContext` bundles a :class:`~harmonise.model.Crosswalk` with the code lists,
variables, questions and (optionally) observed value counts it is checked against. Everything
here is plain model objects; nothing is read from disk (the ``validate`` layer is pure).

Values the model does not hold because they are *declared* in a source file (a typed-in
cardinality or status, the pairs of a DDI ``d:GenerationInstruction``) come in as optional fields
so rules 14, 16, 18 and 19 of STANDARDS.md §6.4 can compare them with the computed ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache

from harmonise.issues import Location
from harmonise.model import (
    Cardinality,
    CodeAssociation,
    CodeList,
    Crosswalk,
    HarmonisationStatus,
    Question,
    RuleType,
    Urn,
    Variable,
)
from harmonise.model.crosswalk import association_cardinalities, association_statuses

#: Key of system-missing (empty) values in value counts.
SYSTEM_MISSING = ""


@lru_cache(maxsize=1 << 16)
def canonical_value(value: str) -> str:
    """A comparison key for a code value: numbers compare by value (``"07"`` equals ``"7.0"``).

    Code lists keep leading zeros (``0110``) while numeric data stores 110; both map to ``110``.
    Text codes are only stripped. Cached (bounded), as the data rules call it for every value.

    Args:
        value: A code value as text.

    Returns:
        The comparison key.
    """
    text = value.strip()
    if text.isascii() and text.isdigit():
        return str(int(text))
    if not text or not (text[0].isdigit() or text[0] in "+-."):
        return text
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def is_value_rule(association: CodeAssociation) -> bool:
    """True for an association over *values* rather than codes (docs/crosswalk-format.md).

    It has no source codes and either copies the value (no targets, rule direct/recode, maybe
    an ``expression`` such as ``value / 12``) or selects values with a ``condition`` (numeric
    range -> code). An association with no sources, targets and no condition is an unmatched
    target instead (XKOS "created" item).
    """
    if association.sources or association.rule in (RuleType.IMPOSSIBLE, RuleType.UNDETERMINED):
        return False
    if not association.targets:
        return True
    return bool(association.condition)


def copies_values(association: CodeAssociation) -> bool:
    """True for a value rule that copies (or converts) every value: no sources, no targets."""
    return is_value_rule(association) and not association.targets


@dataclass(frozen=True)
class CrosswalkContext:
    """A crosswalk and everything it is checked against.

    Attributes:
        crosswalk: The crosswalk.
        source_code_list: The country variable's code list.
        target_code_list: The core variable's code list.
        source_variable: The country variable.
        target_variable: The core variable.
        source_question: The country question.
        target_question: The core question.
        concept_matches: Pairs (source concept, target concept) declared as mapped (rule 21).
        value_counts: Observed counts per source code value (data rules); the key
            :data:`SYSTEM_MISSING` counts empty / system-missing records.
        valid_range: Smallest and largest valid source value (out-of-range rule); defaults to
            the source variable's ``minimum``/``maximum``.
        declared_cardinalities: Cardinality typed into the source file, by association index.
        declared_statuses: Status typed into the source file, by association index.
        declared_status: Variable-level status typed into the source file (rule 19).
        instruction_pairs: Source→target pairs of the recode instruction (rule 18).
        known_objects: Every URN the registry knows with its DDI type (``Variable``,
            ``CodeList``, ``RepresentedVariable``...), for rule 1; None skips that rule.
        file: The file the crosswalk came from, for locations.
        rows: Row (or line) of each association in that file, by association index.
        unmapped_share_threshold: Share of records unmapped/missing above which to warn.
    """

    crosswalk: Crosswalk
    source_code_list: CodeList | None = None
    target_code_list: CodeList | None = None
    source_variable: Variable | None = None
    target_variable: Variable | None = None
    source_question: Question | None = None
    target_question: Question | None = None
    concept_matches: frozenset[tuple[Urn, Urn]] = frozenset()
    value_counts: Mapping[str, int] | None = None
    valid_range: tuple[float | None, float | None] | None = None
    declared_cardinalities: Mapping[int, Cardinality] = field(default_factory=dict)
    declared_statuses: Mapping[int, HarmonisationStatus] = field(default_factory=dict)
    declared_status: HarmonisationStatus | None = None
    instruction_pairs: frozenset[tuple[str, str]] | None = None
    known_objects: Mapping[Urn, str] | None = None
    file: str | None = None
    rows: Mapping[int, int] = field(default_factory=dict)
    unmapped_share_threshold: float = 0.05

    def location(self, index: int | None = None) -> Location:
        """Where the crosswalk (or its association ``index``, 0-based) is."""
        row = None if index is None else self.rows.get(index, index + 1)
        return Location(file=self.file, row=row, urn=str(self.crosswalk.urn))

    @cached_property
    def cardinalities(self) -> tuple[Cardinality, ...]:
        """Computed cardinality of every association (one linear pass, cached)."""
        return association_cardinalities(self.crosswalk)

    @cached_property
    def statuses(self) -> tuple[HarmonisationStatus, ...]:
        """Computed status of every association (cached)."""
        return association_statuses(self.crosswalk)

    @cached_property
    def source_missing(self) -> frozenset[str]:
        """Source code values declared as missing."""
        if self.source_code_list is None:
            return frozenset()
        return frozenset(c.value for c in self.source_code_list.missing_codes)

    @cached_property
    def target_missing(self) -> frozenset[str]:
        """Target code values declared as missing."""
        if self.target_code_list is None:
            return frozenset()
        return frozenset(c.value for c in self.target_code_list.missing_codes)
