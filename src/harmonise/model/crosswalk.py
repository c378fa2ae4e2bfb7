"""Crosswalks: a country variable mapped code by code onto a core variable.

This module holds the shape (DESIGN.md §4; STANDARDS.md §6). Cardinality and status are
**computed** from the associations, never stored as typed-in values.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from enum import StrEnum

from pydantic import Field

from harmonise.model.base import DomainModel
from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn


class RuleType(StrEnum):
    """How a target value is produced (Maelstrom rule categories, STANDARDS.md §6.1)."""

    DIRECT = "direct"
    RECODE = "recode"
    CASE_WHEN = "case-when"
    IMPOSSIBLE = "impossible"
    UNDETERMINED = "undetermined"


class MatchSemantic(StrEnum):
    """SKOS mapping relation from source to target concept (STANDARDS.md §6.3)."""

    EXACT = "exact"
    BROADER = "broader"
    NARROWER = "narrower"
    CLOSE = "close"
    RELATED = "related"


class Cardinality(StrEnum):
    """Computed cardinality of an association (STANDARDS.md §6.2)."""

    ONE_TO_ONE = "one-to-one"
    MANY_TO_ONE = "many-to-one"
    ONE_TO_MANY = "one-to-many"
    MANY_TO_MANY = "many-to-many"
    UNMATCHED_SOURCE = "unmatched-source"
    UNMATCHED_TARGET = "unmatched-target"


class HarmonisationStatus(StrEnum):
    """Computed status of an association or a whole crosswalk (STANDARDS.md §6.3)."""

    COMPLETE = "complete"
    PARTIAL = "partial"
    IMPOSSIBLE = "impossible"
    UNDETERMINED = "undetermined"


class ChangeReason(StrEnum):
    """Why a new version of a crosswalk was made."""

    INITIAL = "initial"
    TYPO = "typo"
    TRANSLATION = "translation"
    CONCEPTUAL_CHANGE = "conceptual-change"
    REAL_LIFE_CHANGE = "real-life-change"
    CODE_LIST_CHANGE = "code-list-change"
    CORRECTION = "correction"


class CommonalityType(StrEnum):
    """Graded similarity (DDI ``cm:CommonalityTypeCoded`` suggested values)."""

    IDENTICAL = "Identical"
    HIGH = "High"
    MEDIUM = "Medium"
    LOW = "Low"
    NONE = "None"


class Comparability(DomainModel):
    """What source and target have in common and how they differ (DDI ``cm:Correspondence``)."""

    commonality: LocalizedText = Field(default_factory=LocalizedText, description="In common.")
    difference: LocalizedText = Field(default_factory=LocalizedText, description="Differences.")
    commonality_type: CommonalityType | None = Field(default=None, description="Graded.")
    commonality_weight: float | None = Field(
        default=None, ge=0.0, le=1.0, description="0 = none, 1 = identical."
    )


class CodeAssociation(DomainModel):
    """One row of a crosswalk: source code(s) to target code(s) under a rule."""

    sources: tuple[str, ...] = Field(default=(), description="Source code values.")
    targets: tuple[str, ...] = Field(default=(), description="Target (core) code values.")
    rule: RuleType = Field(default=RuleType.RECODE, description="Rule type.")
    semantic: MatchSemantic | None = Field(default=None, description="SKOS match semantics.")
    condition: str | None = Field(
        default=None, description="Case-when condition in the safe expression form."
    )
    expression: str | None = Field(
        default=None, description="Numeric recode in the safe expression form."
    )
    comparability: Comparability = Field(
        default_factory=Comparability, description="Notes for this association."
    )
    note: LocalizedText = Field(default_factory=LocalizedText, description="Free note.")


class CrosswalkVersionInfo(DomainModel):
    """Who made this version, when and why."""

    author: str = Field(description="Person or organization.")
    date: dt.date = Field(description="Date of the version.")
    reason: ChangeReason = Field(default=ChangeReason.INITIAL, description="Typed reason.")
    note: str | None = Field(default=None, description="What changed.")
    previous: Urn | None = Field(default=None, description="The version it revises.")


class Crosswalk(DomainModel):
    """A versioned mapping from a country variable onto a core variable."""

    urn: Urn = Field(description="DDI URN of this crosswalk version.")
    label: LocalizedText = Field(default_factory=LocalizedText, description="Title.")
    source_variable: Urn = Field(description="Country variable (version-pinned).")
    source_code_list: Urn | None = Field(default=None, description="Its code list (pinned).")
    target_variable: Urn = Field(description="Core variable (version-pinned).")
    target_code_list: Urn | None = Field(default=None, description="Core code list (pinned).")
    study: Urn | None = Field(default=None, description="The study of the source variable.")
    associations: tuple[CodeAssociation, ...] = Field(default=(), description="The rows.")
    unmatched_targets: tuple[str, ...] = Field(
        default=(), description="Target codes declared as never produced by this source."
    )
    comparability: Comparability = Field(
        default_factory=Comparability, description="Variable-level comparability notes."
    )
    missing_treatment: str | None = Field(
        default=None, description="How missing codes are treated, in words."
    )
    version_info: CrosswalkVersionInfo | None = Field(default=None, description="Provenance.")
    issued: dt.date | None = Field(default=None, description="dcterms:issued.")


# --- computed properties (STANDARDS.md §6.2, §6.3) -------------------------------------------

_STATUS_ORDER = {
    HarmonisationStatus.COMPLETE: 0,
    HarmonisationStatus.PARTIAL: 1,
    HarmonisationStatus.UNDETERMINED: 2,
    HarmonisationStatus.IMPOSSIBLE: 3,
}


def targets_by_source(crosswalk: Crosswalk) -> dict[str, set[str]]:
    """t(s): the set of target codes of each source code, over all associations."""
    result: dict[str, set[str]] = {}
    for a in crosswalk.associations:
        for s in a.sources:
            result.setdefault(s, set()).update(a.targets)
    return result


def sources_by_target(crosswalk: Crosswalk) -> dict[str, set[str]]:
    """s(t): the set of source codes of each target code, over all associations."""
    result: dict[str, set[str]] = {}
    for a in crosswalk.associations:
        for t in a.targets:
            result.setdefault(t, set()).update(a.sources)
    return result


def _cardinality(
    association: CodeAssociation, t_of: dict[str, set[str]], s_of: dict[str, set[str]]
) -> Cardinality:
    if not association.targets:
        return Cardinality.UNMATCHED_SOURCE
    if not association.sources:
        return Cardinality.UNMATCHED_TARGET
    many_targets = any(len(t_of.get(s, ())) > 1 for s in association.sources)
    many_sources = any(len(s_of.get(t, ())) > 1 for t in association.targets)
    if many_targets and many_sources:
        return Cardinality.MANY_TO_MANY
    if many_targets:
        return Cardinality.ONE_TO_MANY
    if many_sources:
        return Cardinality.MANY_TO_ONE
    return Cardinality.ONE_TO_ONE


_MAPS_CACHE_SIZE = 32
_maps_cache: OrderedDict[int, tuple[Crosswalk, dict[str, set[str]], dict[str, set[str]]]] = (
    OrderedDict()
)
_maps_lock = threading.Lock()


def _maps(crosswalk: Crosswalk) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """t(s) and s(t) of a crosswalk, cached by identity (crosswalks are frozen).

    The cache keeps a reference to each crosswalk so an id is never reused while cached; it holds
    the last ``_MAPS_CACHE_SIZE`` crosswalks. Callers must not mutate the returned sets.
    """
    key = id(crosswalk)
    with _maps_lock:
        hit = _maps_cache.get(key)
        if hit is not None and hit[0] is crosswalk:
            _maps_cache.move_to_end(key)
            return hit[1], hit[2]
    t_of, s_of = targets_by_source(crosswalk), sources_by_target(crosswalk)
    with _maps_lock:
        _maps_cache[key] = (crosswalk, t_of, s_of)
        _maps_cache.move_to_end(key)
        while len(_maps_cache) > _MAPS_CACHE_SIZE:
            _maps_cache.popitem(last=False)
    return t_of, s_of


def association_cardinality(crosswalk: Crosswalk, association: CodeAssociation) -> Cardinality:
    """The cardinality of one association, computed from the whole crosswalk (§6.2).

    A source code mapped in several rows, or a target reached from several sources, widens the
    cardinality of every association it takes part in. The code maps are cached per crosswalk,
    so calling this for every association stays linear.
    """
    t_of, s_of = _maps(crosswalk)
    return _cardinality(association, t_of, s_of)


def association_cardinalities(crosswalk: Crosswalk) -> tuple[Cardinality, ...]:
    """The cardinality of every association, in order (one pass over the crosswalk)."""
    t_of, s_of = _maps(crosswalk)
    return tuple(_cardinality(a, t_of, s_of) for a in crosswalk.associations)


def association_status(crosswalk: Crosswalk, association: CodeAssociation) -> HarmonisationStatus:
    """The harmonisation status of one association (§6.2 default statuses).

    Rule types ``impossible`` and ``undetermined`` decide by themselves; otherwise the computed
    cardinality decides, a one-to-many split being complete only under a case-when rule (which
    uses another variable, §6.4 rule 16), and a one-to-one only when the meanings are equivalent
    or the target is broader.
    """
    return _status(association, association_cardinality(crosswalk, association))


def association_statuses(crosswalk: Crosswalk) -> tuple[HarmonisationStatus, ...]:
    """The status of every association, in order (one pass over the crosswalk)."""
    return tuple(
        _status(a, card)
        for a, card in zip(
            crosswalk.associations, association_cardinalities(crosswalk), strict=True
        )
    )


def is_value_rule(association: CodeAssociation) -> bool:
    """True for a row that maps whole values rather than codes.

    A numeric or text variable is harmonised by one row with no source or target codes: a
    ``direct`` copy, or a ``recode``/``case-when`` whose expression or condition computes the
    core value (e.g. a 6-month reference period converted to 12, or an age in months to years).
    A ``case-when`` row without source codes whose condition selects a range of values for a
    target code (docs/crosswalk-format.md: ``{sources: [], targets: ["2"], rule: case-when,
    condition: "age >= 15 and age <= 17"}``) maps values too.
    """
    if association.sources:
        return False
    if association.rule is RuleType.CASE_WHEN:
        return bool(association.condition)
    return not association.targets and (
        association.rule is RuleType.DIRECT
        or (association.rule is RuleType.RECODE and bool(association.expression))
    )


def _status(association: CodeAssociation, card: Cardinality) -> HarmonisationStatus:
    if association.rule is RuleType.IMPOSSIBLE:
        return HarmonisationStatus.IMPOSSIBLE
    if association.rule is RuleType.UNDETERMINED:
        return HarmonisationStatus.UNDETERMINED
    if is_value_rule(association):
        if association.semantic in (
            MatchSemantic.NARROWER,
            MatchSemantic.CLOSE,
            MatchSemantic.RELATED,
        ):
            return HarmonisationStatus.PARTIAL
        return HarmonisationStatus.COMPLETE
    if card is Cardinality.UNMATCHED_SOURCE:
        return HarmonisationStatus.IMPOSSIBLE
    if card is Cardinality.UNMATCHED_TARGET:
        return HarmonisationStatus.COMPLETE
    if card is Cardinality.ONE_TO_MANY:
        if association.rule is RuleType.CASE_WHEN and association.condition:
            return HarmonisationStatus.COMPLETE
        return HarmonisationStatus.PARTIAL
    if card is Cardinality.MANY_TO_MANY:
        return HarmonisationStatus.PARTIAL
    if association.semantic in (MatchSemantic.NARROWER, MatchSemantic.CLOSE, MatchSemantic.RELATED):
        return HarmonisationStatus.PARTIAL
    return HarmonisationStatus.COMPLETE


def crosswalk_status(
    crosswalk: Crosswalk,
    missing_sources: frozenset[str] = frozenset(),
    frequencies: dict[str, float] | None = None,
) -> HarmonisationStatus:
    """Roll the code-level statuses up to the variable (§6.3).

    Only non-missing source codes count, and only those with a nonzero frequency when
    frequencies are given; a row mapping whole values (:func:`is_value_rule`) or an
    impossible/undetermined row without codes counts as it is. All impossible gives impossible;
    any undetermined gives undetermined; a mix of impossible and mappable codes, or any partial,
    gives partial; else complete.
    """
    statuses: list[HarmonisationStatus] = []
    for a, status in zip(crosswalk.associations, association_statuses(crosswalk), strict=True):
        relevant = [
            s
            for s in a.sources
            if s not in missing_sources and (frequencies is None or frequencies.get(s, 0) > 0)
        ]
        whole = is_value_rule(a) or (
            not a.sources
            and not a.targets
            and a.rule in (RuleType.IMPOSSIBLE, RuleType.UNDETERMINED)
        )
        if relevant or whole:
            statuses.append(status)
    if not statuses:
        return HarmonisationStatus.UNDETERMINED
    if all(s is HarmonisationStatus.IMPOSSIBLE for s in statuses):
        return HarmonisationStatus.IMPOSSIBLE
    if HarmonisationStatus.UNDETERMINED in statuses:
        return HarmonisationStatus.UNDETERMINED
    if any(s is not HarmonisationStatus.COMPLETE for s in statuses):
        return HarmonisationStatus.PARTIAL
    return HarmonisationStatus.COMPLETE


def connected_blocks(crosswalk: Crosswalk) -> tuple[tuple[int, ...], ...]:
    """Group associations that share a source or a target code into connected blocks.

    XKOS best practice (STANDARDS.md §3.3) describes an n–m relation as **one** association and
    never breaks it into 1–1 pieces; exports therefore emit one ConceptAssociation per block. Rows
    without codes on one side (unmatched) connect only through the codes they have.

    Args:
        crosswalk: The crosswalk.

    Returns:
        Indices into ``crosswalk.associations``, one tuple per block, blocks ordered by their
        first association and indices ascending.
    """
    parent = list(range(len(crosswalk.associations)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[str, str], int] = {}
    for index, association in enumerate(crosswalk.associations):
        keys = [("s", s) for s in association.sources] + [("t", t) for t in association.targets]
        for key in keys:
            if key in owner:
                a, b = find(owner[key]), find(index)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                owner[key] = index
    blocks: dict[int, list[int]] = {}
    for index in range(len(parent)):
        blocks.setdefault(find(index), []).append(index)
    return tuple(tuple(members) for _, members in sorted(blocks.items()))


def block_cardinality(crosswalk: Crosswalk, block: tuple[int, ...]) -> Cardinality:
    """The cardinality of a connected block taken as one association (XKOS view, §6.2)."""
    sources = {s for i in block for s in crosswalk.associations[i].sources}
    targets = {t for i in block for t in crosswalk.associations[i].targets}
    if not targets:
        return Cardinality.UNMATCHED_SOURCE
    if not sources:
        return Cardinality.UNMATCHED_TARGET
    if len(sources) > 1 and len(targets) > 1:
        return Cardinality.MANY_TO_MANY
    if len(targets) > 1:
        return Cardinality.ONE_TO_MANY
    if len(sources) > 1:
        return Cardinality.MANY_TO_ONE
    return Cardinality.ONE_TO_ONE
