"""Crosswalk rules: STANDARDS.md §6.4 structural, coverage, consistency and comparability rules.

Each rule checks a :class:`~harmonise.validate.context.CrosswalkContext`. Deviations from §6.4:

* Rules 6 and 7 (``CommonalityWeight`` in [0,1], ``CommonalityTypeCoded`` allowed values) are
  enforced by the model itself (:class:`~harmonise.model.Comparability` refuses other values),
  so the readers report them when a file is read; they are listed here with ``check=None``.
* Rule 9 (unique code values) is a code-list rule: see :mod:`harmonise.validate.metadata_rules`.
* Rule 10 is split: S46 (exactMatch with broadMatch/relatedMatch) is checked here on the
  associations; S13 in metadata rules; S14 and S9 by the SKOS reader.
* Rule 17 (one Correspondence per ``cm:ItemMap``) concerns DDI XML layout. The model keeps one
  comparability per association and the DDI-L writer emits one ItemMap per target, so it cannot
  be violated by model objects; it is not listed as a rule.
* Rule 11 allows one source code in several associations when all of them are ``case-when``
  rows with a condition: together they form one split decided by another variable (rule 16).
* Rule 24 (figures) is :func:`check_figure_coverage`, run per figure rather than per crosswalk.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from harmonise.issues import Issue, Location, Severity
from harmonise.model import (
    Cardinality,
    CodeAssociation,
    CommonalityType,
    CoreVariable,
    Crosswalk,
    HarmonisationStatus,
    MatchSemantic,
    RuleType,
    Urn,
)
from harmonise.model.crosswalk import crosswalk_status
from harmonise.model.expression import ExpressionError, parse_expression
from harmonise.model.expression import names as expression_names
from harmonise.validate.context import CrosswalkContext, copies_values, is_value_rule
from harmonise.validate.rule import Rule, RuleGroup

_S = RuleGroup.STRUCTURAL
_COV = RuleGroup.COVERAGE
_CON = RuleGroup.CONSISTENCY
_CMP = RuleGroup.COMPARABILITY
_E = Severity.ERROR
_W = Severity.WARNING
_I = Severity.INFO


def _ref(n: int) -> str:
    return f"STANDARDS.md §6.4 rule {n}"


# --- rule 1: references resolve, with the right type -----------------------------------------

_EXPECTED_TYPES: dict[str, tuple[str, ...]] = {
    "source_variable": ("Variable",),
    "target_variable": ("RepresentedVariable", "Variable"),
    "source_code_list": ("CodeList",),
    "target_code_list": ("CodeList",),
    "study": ("StudyUnit",),
}


def _lookup(known: Mapping[Urn, str], urn: Urn) -> str | None:
    if urn in known:
        return known[urn]
    if not urn.is_pinned:
        for candidate, kind in known.items():
            if candidate.unversioned() == urn:
                return kind
    return None


def _check_references(ctx: CrosswalkContext) -> Iterator[Issue]:
    if ctx.known_objects is None:
        return
    cw = ctx.crosswalk
    for field_name, expected in _EXPECTED_TYPES.items():
        urn = getattr(cw, field_name)
        if urn is None:
            continue
        kind = _lookup(ctx.known_objects, urn)
        if kind is None:
            yield REFERENCE_UNRESOLVED.issue(
                f"{field_name.replace('_', ' ')} {urn} does not resolve to any registry item",
                ctx.location(),
                urn=urn,
            )
        elif kind not in expected:
            yield REFERENCE_WRONG_TYPE.issue(
                f"{field_name.replace('_', ' ')} {urn} is a {kind}, expected "
                + " or ".join(expected),
                ctx.location(),
                expected=expected[0],
            )


REFERENCE_UNRESOLVED: Rule[CrosswalkContext] = Rule(
    code="reference-unresolved",
    severity=_E,
    group=_S,
    title="Reference does not resolve",
    definition="Every referenced object resolves, and its r:TypeOfObject matches the target's "
    "real type.",
    reference=_ref(1),
    hint="Check the agency, ID and version of {urn}; import the referenced item first.",
    check=_check_references,
)

REFERENCE_WRONG_TYPE: Rule[CrosswalkContext] = Rule(
    code="reference-wrong-type",
    severity=_E,
    group=_S,
    title="Reference points to the wrong kind of object",
    definition=REFERENCE_UNRESOLVED.definition,
    reference=_ref(1),
    hint="Point the reference at a {expected}.",
    check=None,  # emitted by _check_references
)

# --- rule 2: identifiers ---------------------------------------------------------------------

_XSD_ID_AFTER_DOT = re.compile(r"[A-Zz0-9$-_]+")


def id_violates_xsd(urn: Urn) -> bool:
    """True when the URN's ID hits the DDI 3.3 XSD quirk after the dot (STANDARDS.md §2.3).

    The XSD's BaseIDType accepts after the dot only ``A-Z``, ``z``, ``0-9`` and the range
    ``$``-``_``; lower-case letters other than ``z`` are rejected (``CL-REL-EC.c07``).
    """
    if "." not in urn.id:
        return False
    return _XSD_ID_AFTER_DOT.fullmatch(urn.id.split(".", 1)[1]) is None


def _crosswalk_urns(cw: Crosswalk) -> Iterator[tuple[str, Urn]]:
    yield "crosswalk", cw.urn
    yield "source variable", cw.source_variable
    yield "target variable", cw.target_variable
    for name, urn in (
        ("source code list", cw.source_code_list),
        ("target code list", cw.target_code_list),
        ("study", cw.study),
    ):
        if urn is not None:
            yield name, urn


def _check_identifiers(ctx: CrosswalkContext) -> Iterator[Issue]:
    for name, urn in _crosswalk_urns(ctx.crosswalk):
        if id_violates_xsd(urn):
            yield IDENTIFIER_INVALID.issue(
                f"the ID of the {name} {urn} is rejected by the DDI 3.3 XSD "
                "(lower-case letter after the dot)",
                ctx.location(),
                id=urn.id,
            )


IDENTIFIER_INVALID: Rule[CrosswalkContext] = Rule(
    code="identifier-invalid",
    severity=_E,
    group=_S,
    title="Identifier does not match the DDI patterns",
    definition="Every identifier matches the patterns in §2.3: agency, ID (mind the dot quirk), "
    "version, canonical URN.",
    reference=_ref(2),
    hint="Avoid dots in IDs, or use only upper case after the dot ({id}).",
    check=_check_identifiers,
)

# --- rule 3: version-pinned ------------------------------------------------------------------


def _check_pinned(ctx: CrosswalkContext) -> Iterator[Issue]:
    for name, urn in _crosswalk_urns(ctx.crosswalk):
        if not urn.is_pinned:
            yield REFERENCE_NOT_PINNED.issue(
                f"the {name} reference {urn} is not version-pinned", ctx.location(), urn=urn
            )


REFERENCE_NOT_PINNED: Rule[CrosswalkContext] = Rule(
    code="reference-not-pinned",
    severity=_E,
    group=_S,
    title="Reference is not version-pinned",
    definition="References inside a published mapping are version-pinned: lateBound is never "
    '"true".',
    reference=_ref(3),
    hint="Give the version of {urn} explicitly (urn:ddi:<agency>:<id>:<version>).",
    check=_check_pinned,
)

# --- rule 4: different schemes ---------------------------------------------------------------


def _check_distinct_schemes(ctx: CrosswalkContext) -> Iterator[Issue]:
    cw = ctx.crosswalk
    if cw.source_code_list is not None and cw.source_code_list == cw.target_code_list:
        yield SAME_SOURCE_AND_TARGET.issue(
            f"source and target are the same code list {cw.source_code_list}", ctx.location()
        )
    if cw.source_variable == cw.target_variable:
        yield SAME_SOURCE_AND_TARGET.issue(
            f"source and target are the same variable {cw.source_variable}", ctx.location()
        )


SAME_SOURCE_AND_TARGET: Rule[CrosswalkContext] = Rule(
    code="same-source-and-target",
    severity=_E,
    group=_S,
    title="Source and target are the same scheme",
    definition="The source and target of a map are different schemes, or different versions of "
    "the same scheme.",
    reference=_ref(4),
    hint="Map a country variable onto the core, or one version onto another.",
    check=_check_distinct_schemes,
)

# --- rule 5: codes belong to their schemes ---------------------------------------------------


def _check_codes_in_schemes(ctx: CrosswalkContext) -> Iterator[Issue]:
    src = set(ctx.source_code_list.values) if ctx.source_code_list is not None else None
    tgt = set(ctx.target_code_list.values) if ctx.target_code_list is not None else None
    for i, a in enumerate(ctx.crosswalk.associations):
        if src is not None:
            for s in a.sources:
                if s not in src:
                    yield SOURCE_CODE_UNDECLARED.issue(
                        f"source code {s!r} is not in the source code list", ctx.location(i), code=s
                    )
        if tgt is not None:
            for t in a.targets:
                if t not in tgt:
                    yield TARGET_CODE_UNDECLARED.issue(
                        f"target code {t!r} is not in the target code list", ctx.location(i), code=t
                    )
    if tgt is not None:
        for t in ctx.crosswalk.unmatched_targets:
            if t not in tgt:
                yield TARGET_CODE_UNDECLARED.issue(
                    f"target code {t!r} declared unmatched is not in the target code list",
                    ctx.location(),
                    code=t,
                )


SOURCE_CODE_UNDECLARED: Rule[CrosswalkContext] = Rule(
    code="source-code-undeclared",
    severity=_E,
    group=_S,
    title="Source code not in the source scheme",
    definition="Every source concept of an association is skos:inScheme the correspondence's "
    "source scheme.",
    reference=_ref(5),
    hint="Correct the code {code} or add it to the country code list (new version).",
    check=_check_codes_in_schemes,
)

TARGET_CODE_UNDECLARED: Rule[CrosswalkContext] = Rule(
    code="target-code-undeclared",
    severity=_E,
    group=_S,
    title="Target code not in the target scheme",
    definition="Every target concept is in the target scheme.",
    reference=_ref(5),
    hint="Use a code of the core code list; {code} is not one.",
    check=None,  # emitted by _check_codes_in_schemes
)

# --- rules 6, 7: enforced by the model ---------------------------------------------------------

COMMONALITY_WEIGHT_OUT_OF_RANGE: Rule[CrosswalkContext] = Rule(
    code="commonality-weight-out-of-range",
    severity=_E,
    group=_S,
    title="CommonalityWeight outside [0,1]",
    definition="CommonalityWeight ∈ [0,1].",
    reference=_ref(6),
    hint="Give a weight between 0 (nothing in common) and 1 (identical).",
    checked_by="model (harmonise.model.Comparability refuses it; readers report it)",
)

COMMONALITY_TYPE_UNKNOWN: Rule[CrosswalkContext] = Rule(
    code="commonality-type-unknown",
    severity=_E,
    group=_S,
    title="CommonalityTypeCoded not an allowed value",
    definition="CommonalityTypeCoded is one of the allowed values (Identical, High, Medium, Low, "
    "None).",
    reference=_ref(7),
    hint="Use Identical, High, Medium, Low or None.",
    checked_by="model (harmonise.model.CommonalityType refuses it; readers report it)",
)

# --- rule 8: label and issued ----------------------------------------------------------------


def _check_correspondence_metadata(ctx: CrosswalkContext) -> Iterator[Issue]:
    cw = ctx.crosswalk
    if not (cw.label.get("en") or "").strip():
        yield CROSSWALK_LABEL_MISSING.issue("the crosswalk has no English label", ctx.location())
    if cw.issued is None:
        yield CROSSWALK_ISSUED_MISSING.issue("the crosswalk has no issue date", ctx.location())


CROSSWALK_LABEL_MISSING: Rule[CrosswalkContext] = Rule(
    code="crosswalk-label-missing",
    severity=_E,
    group=_S,
    title="Crosswalk has no English label",
    definition="A Correspondence has skos:prefLabel@en and dcterms:issued, as the XKOS best "
    "practice requires.",
    reference=_ref(8),
    hint="Add an English title (label: {{en: ...}}).",
    check=_check_correspondence_metadata,
)

CROSSWALK_ISSUED_MISSING: Rule[CrosswalkContext] = Rule(
    code="crosswalk-issued-missing",
    severity=_E,
    group=_S,
    title="Crosswalk has no issue date",
    definition=CROSSWALK_LABEL_MISSING.definition,
    reference=_ref(8),
    hint="Add the date the crosswalk was issued (dcterms:issued, YYYY-MM-DD).",
    check=None,  # emitted by _check_correspondence_metadata
)

# --- rule 10 (S46): exactMatch with broadMatch/relatedMatch ----------------------------------


def _check_match_conflicts(ctx: CrosswalkContext) -> Iterator[Issue]:
    semantics: dict[tuple[str, str], set[MatchSemantic]] = {}
    first_index: dict[tuple[str, str], int] = {}
    for i, a in enumerate(ctx.crosswalk.associations):
        if a.semantic is None:
            continue
        for s in a.sources:
            for t in a.targets:
                semantics.setdefault((s, t), set()).add(a.semantic)
                first_index.setdefault((s, t), i)
    for (s, t), found in semantics.items():
        if MatchSemantic.EXACT in found and found & {MatchSemantic.BROADER, MatchSemantic.RELATED}:
            yield EXACT_MATCH_CONFLICT.issue(
                f"{s!r} -> {t!r} is an exact match and also a broader/related match",
                ctx.location(first_index[(s, t)]),
            )


EXACT_MATCH_CONFLICT: Rule[CrosswalkContext] = Rule(
    code="exact-match-conflict",
    severity=_E,
    group=_S,
    title="exactMatch together with broadMatch or relatedMatch",
    definition="SKOS integrity holds: ... no pair has exactMatch together with broadMatch or "
    "relatedMatch (S46).",
    reference=_ref(10),
    hint="Keep one relation per pair of codes.",
    check=_check_match_conflicts,
)

# --- rule 11: each source code exactly once --------------------------------------------------


def _check_source_coverage(ctx: CrosswalkContext) -> Iterator[Issue]:
    rows: dict[str, list[int]] = {}
    for i, a in enumerate(ctx.crosswalk.associations):
        for s in dict.fromkeys(a.sources):
            rows.setdefault(s, []).append(i)
    value_rules = [a for a in ctx.crosswalk.associations if is_value_rule(a)]
    copies = any(copies_values(a) for a in value_rules)
    if ctx.source_code_list is not None:
        for code in ctx.source_code_list.codes:
            # a value rule covers valid codes; a copy covers missing codes too
            if value_rules and (copies or not code.missing):
                continue
            if code.value not in rows:
                kind = "missing code" if code.missing else "code"
                yield SOURCE_CODE_UNMAPPED.issue(
                    f"source {kind} {code.value!r} ({code.label.best()}) is in no association",
                    ctx.location(),
                    code=code.value,
                )
    assoc = ctx.crosswalk.associations
    for s, indexes in rows.items():
        if len(indexes) < 2:
            continue
        if all(assoc[i].rule is RuleType.CASE_WHEN and assoc[i].condition for i in indexes):
            continue
        yield SOURCE_CODE_MAPPED_TWICE.issue(
            f"source code {s!r} is the source of {len(indexes)} associations",
            ctx.location(indexes[1]),
            code=s,
        )


SOURCE_CODE_UNMAPPED: Rule[CrosswalkContext] = Rule(
    code="source-code-unmapped",
    severity=_E,
    group=_COV,
    title="Source code in no association",
    definition="Every source code, including missing codes, appears in exactly one association "
    'as a source. Being the source of a 1-0 "unmatched" association counts.',
    reference=_ref(11),
    hint="Map {code}, or add it as an association with no target (unmatched).",
    check=_check_source_coverage,
)

SOURCE_CODE_MAPPED_TWICE: Rule[CrosswalkContext] = Rule(
    code="source-code-mapped-twice",
    severity=_E,
    group=_COV,
    title="Source code in several associations",
    definition=SOURCE_CODE_UNMAPPED.definition,
    reference=_ref(11),
    hint="Put every target of {code} in one association (a 1-n split), or make every row a "
    "case-when with a condition.",
    check=None,  # emitted by _check_source_coverage
)

# --- rule 12: each target code covered -------------------------------------------------------


def _check_target_coverage(ctx: CrosswalkContext) -> Iterator[Issue]:
    if ctx.target_code_list is None:
        return
    reached = {t for a in ctx.crosswalk.associations for t in a.targets}
    reached.update(ctx.crosswalk.unmatched_targets)
    for code in ctx.target_code_list.codes:
        if code.value not in reached:
            yield TARGET_CODE_UNCOVERED.issue(
                f"target code {code.value!r} ({code.label.best()}) is in no association and not "
                "declared unmatched",
                ctx.location(),
                code=code.value,
            )


TARGET_CODE_UNCOVERED: Rule[CrosswalkContext] = Rule(
    code="target-code-uncovered",
    severity=_E,
    group=_COV,
    title="Target code neither reached nor declared unmatched",
    definition="Every target code appears in at least one association or is explicitly declared "
    "unmatched.",
    reference=_ref(12),
    hint="List {code} under unmatched_targets if this country can never produce it.",
    check=_check_target_coverage,
)

# --- rule 13: missing to missing -------------------------------------------------------------


def _check_missing_codes(ctx: CrosswalkContext) -> Iterator[Issue]:
    if ctx.source_code_list is None or ctx.target_code_list is None:
        return
    src_missing, tgt_missing = ctx.source_missing, ctx.target_missing
    tgt_valid = {c.value for c in ctx.target_code_list.valid_codes}
    src_valid = {c.value for c in ctx.source_code_list.valid_codes}
    for i, a in enumerate(ctx.crosswalk.associations):
        for s in a.sources:
            if s in src_missing:
                for t in a.targets:
                    if t in tgt_valid:
                        yield MISSING_MAPS_TO_VALID.issue(
                            f"missing code {s!r} maps to valid code {t!r}", ctx.location(i), code=s
                        )
            elif s in src_valid and a.rule is not RuleType.IMPOSSIBLE:
                for t in a.targets:
                    if t in tgt_missing:
                        yield VALID_MAPS_TO_MISSING.issue(
                            f"valid code {s!r} maps to missing code {t!r}", ctx.location(i), code=s
                        )


MISSING_MAPS_TO_VALID: Rule[CrosswalkContext] = Rule(
    code="missing-maps-to-valid",
    severity=_E,
    group=_COV,
    title="Missing code mapped to a valid code",
    definition="A missing code maps only to a missing code (DK->DK, NR->Missing, "
    "Inconsistent->Missing).",
    reference=_ref(13),
    hint="Map the missing code {code} to a missing code of the core.",
    check=_check_missing_codes,
)

VALID_MAPS_TO_MISSING: Rule[CrosswalkContext] = Rule(
    code="valid-maps-to-missing",
    severity=_E,
    group=_COV,
    title="Valid code mapped to a missing code",
    definition="A valid code never maps to a missing code unless the mapping is flagged "
    "Impossible.",
    reference=_ref(13),
    hint="Map {code} to a valid core code, or set the rule to impossible.",
    check=None,  # emitted by _check_missing_codes
)

# --- rule 14: declared cardinality -----------------------------------------------------------


def _check_declared_cardinality(ctx: CrosswalkContext) -> Iterator[Issue]:
    assoc = ctx.crosswalk.associations
    for i, declared in sorted(ctx.declared_cardinalities.items()):
        if not 0 <= i < len(assoc):
            continue
        computed = ctx.cardinalities[i]
        if computed is not declared:
            yield CARDINALITY_MISMATCH.issue(
                f"declared cardinality {declared} differs from the computed {computed}",
                ctx.location(i),
                computed=computed,
            )


CARDINALITY_MISMATCH: Rule[CrosswalkContext] = Rule(
    code="cardinality-mismatch",
    severity=_E,
    group=_CON,
    title="Declared cardinality differs from the computed one",
    definition="The declared mig:cardinality equals the computed one (§6.2).",
    reference=_ref(14),
    hint="Drop the typed-in cardinality (it is computed) or correct it to {computed}.",
    check=_check_declared_cardinality,
)

# --- rule 15: exactMatch only on complete one-to-one -----------------------------------------


def _check_exact_match(ctx: CrosswalkContext) -> Iterator[Issue]:
    for i, a in enumerate(ctx.crosswalk.associations):
        if a.semantic is not MatchSemantic.EXACT or is_value_rule(a):
            continue
        card = ctx.cardinalities[i]
        status = ctx.declared_statuses.get(i) or ctx.statuses[i]
        if card is not Cardinality.ONE_TO_ONE or status is not HarmonisationStatus.COMPLETE:
            yield EXACT_MATCH_NOT_ONE_TO_ONE.issue(
                f"exact match on a {card} association with status {status}", ctx.location(i)
            )


EXACT_MATCH_NOT_ONE_TO_ONE: Rule[CrosswalkContext] = Rule(
    code="exact-match-not-one-to-one",
    severity=_E,
    group=_CON,
    title="exactMatch on an association that is not a complete one-to-one",
    definition="skos:exactMatch is used only on one-to-one associations whose status is Complete.",
    reference=_ref(15),
    hint="Use broader, narrower or close instead of exact.",
    check=_check_exact_match,
)

# --- rule 16: a split is complete only with a rule on another variable -----------------------


def condition_names(condition: str) -> frozenset[str]:
    """Variable names a condition in the safe expression form reads (empty if it does not parse)."""
    try:
        return frozenset(expression_names(parse_expression(condition)))
    except ExpressionError:
        return frozenset()


def _uses_other_variable(ctx: CrosswalkContext, a: CodeAssociation) -> bool:
    if a.rule is not RuleType.CASE_WHEN or not a.condition:
        return False
    own = {ctx.source_variable.name} if ctx.source_variable is not None else set()
    return bool(condition_names(a.condition) - own)


def _check_split_rule(ctx: CrosswalkContext) -> Iterator[Issue]:
    for i, a in enumerate(ctx.crosswalk.associations):
        if is_value_rule(a):
            continue
        if ctx.cardinalities[i] is not Cardinality.ONE_TO_MANY:
            continue
        status = ctx.declared_statuses.get(i) or ctx.statuses[i]
        if status is HarmonisationStatus.COMPLETE and not _uses_other_variable(ctx, a):
            yield SPLIT_COMPLETE_WITHOUT_RULE.issue(
                f"one-to-many association of {', '.join(a.sources)} is complete without a rule "
                "on another variable",
                ctx.location(i),
            )


SPLIT_COMPLETE_WITHOUT_RULE: Rule[CrosswalkContext] = Rule(
    code="split-complete-without-rule",
    severity=_E,
    group=_CON,
    title="One-to-many association complete without a rule on another variable",
    definition="A one-to-many association is never Complete unless it carries a rule that uses "
    "another variable (a d:GenerationInstruction with more than one InputVariableReference).",
    reference=_ref(16),
    hint="Add a case-when condition on another variable (e.g. sex == 1), or mark it partial.",
    check=_check_split_rule,
)

# --- rule 18 (part): expressions parse -------------------------------------------------------


def _check_expressions(ctx: CrosswalkContext) -> Iterator[Issue]:
    for i, a in enumerate(ctx.crosswalk.associations):
        for kind, text in (("condition", a.condition), ("expression", a.expression)):
            if not text:
                continue
            try:
                parse_expression(text)
            except ExpressionError as exc:
                yield EXPRESSION_INVALID.issue(
                    f"{kind} {text!r} does not parse: {exc}", ctx.location(i), kind=kind
                )


EXPRESSION_INVALID: Rule[CrosswalkContext] = Rule(
    code="expression-invalid",
    severity=_E,
    group=_CON,
    title="Condition or recode expression does not parse",
    definition="The recode instruction is consistent with the associations (rule 18): every "
    "case-when condition and numeric recode is a valid safe expression (names, numbers, "
    "strings, comparisons, in [..], and/or/not, + - * /, is_missing(x)).",
    reference=_ref(18),
    hint="Correct the {kind}; the message gives the column of the problem.",
    check=_check_expressions,
)

# --- rule 18: recode instruction consistent --------------------------------------------------


def _check_instruction(ctx: CrosswalkContext) -> Iterator[Issue]:
    if ctx.instruction_pairs is None:
        return
    pairs = {(s, t) for a in ctx.crosswalk.associations for s in a.sources for t in a.targets}
    for s, t in sorted(ctx.instruction_pairs - pairs):
        yield INSTRUCTION_MISMATCH.issue(
            f"the recode instruction maps {s!r} -> {t!r}, which no association does",
            ctx.location(),
        )
    for s, t in sorted(pairs - ctx.instruction_pairs):
        yield INSTRUCTION_MISMATCH.issue(
            f"association {s!r} -> {t!r} is missing from the recode instruction", ctx.location()
        )


INSTRUCTION_MISMATCH: Rule[CrosswalkContext] = Rule(
    code="instruction-mismatch",
    severity=_E,
    group=_CON,
    title="Recode instruction differs from the associations",
    definition="The recode instruction (the GenerationInstruction for a RepresentationMap) is "
    "consistent with the associations: the same source->target pairs, and no value the "
    "associations don't cover.",
    reference=_ref(18),
    hint="Regenerate the recode instruction from the crosswalk.",
    check=_check_instruction,
)

# --- rule 19: declared variable status -------------------------------------------------------


def _check_rollup(ctx: CrosswalkContext) -> Iterator[Issue]:
    if ctx.declared_status is None:
        return
    freqs = None
    if ctx.value_counts is not None:
        freqs = {k: float(v) for k, v in ctx.value_counts.items()}
    computed = crosswalk_status(ctx.crosswalk, ctx.source_missing, freqs)
    if computed is not ctx.declared_status:
        yield STATUS_MISMATCH.issue(
            f"declared status {ctx.declared_status} differs from the roll-up {computed}",
            ctx.location(),
            computed=computed,
        )


STATUS_MISMATCH: Rule[CrosswalkContext] = Rule(
    code="status-mismatch",
    severity=_E,
    group=_CON,
    title="Variable-level status differs from the roll-up",
    definition="The variable-level status equals the roll-up of the code-level statuses (§6.3).",
    reference=_ref(19),
    hint="Drop the typed-in status (it is computed) or correct it to {computed}.",
    check=_check_rollup,
)

# --- rules 20-23: comparability (warnings) ---------------------------------------------------


def _has_difference_note(ctx: CrosswalkContext) -> bool:
    return bool(ctx.crosswalk.comparability.difference) or bool(ctx.crosswalk.missing_treatment)


def _check_universe(ctx: CrosswalkContext) -> Iterator[Issue]:
    if ctx.source_variable is None or ctx.target_variable is None:
        return
    su = ctx.source_variable.universe or (ctx.source_question and ctx.source_question.universe)
    tu = ctx.target_variable.universe or (ctx.target_question and ctx.target_question.universe)
    if not su or not tu:
        return
    if su.condition and tu.condition:
        same = " ".join(su.condition.split()) == " ".join(tu.condition.split())
    else:
        shared = set(su.text.languages) & set(tu.text.languages)
        same = not shared or all(su.text.get(x) == tu.text.get(x) for x in shared)
    same = same and su.included == tu.included
    if not same and not _has_difference_note(ctx):
        yield UNIVERSE_DIFFERS.issue(
            "the universes of the source and target variables differ and no note explains it",
            ctx.location(),
        )


UNIVERSE_DIFFERS: Rule[CrosswalkContext] = Rule(
    code="universe-differs",
    severity=_W,
    group=_CMP,
    title="Universes differ",
    definition="The universes of source and target variables are comparable. Otherwise require a "
    "cm:UniverseMap or a note.",
    reference=_ref(20),
    hint="Describe the difference in the crosswalk's comparability note.",
    check=_check_universe,
)


def _check_concept(ctx: CrosswalkContext) -> Iterator[Issue]:
    def concepts(var: object, q: object) -> frozenset[Urn]:
        found: set[Urn] = set(getattr(var, "concepts", ()) or ())
        found.update(getattr(q, "concepts", ()) or ())
        return frozenset(found)

    src = concepts(ctx.source_variable, ctx.source_question)
    tgt = concepts(ctx.target_variable, ctx.target_question)
    if not src or not tgt:
        return
    src_u = {u.unversioned() for u in src}
    tgt_u = {u.unversioned() for u in tgt}
    if src_u & tgt_u:
        return
    mapped = {(a.unversioned(), b.unversioned()) for a, b in ctx.concept_matches}
    if any((s, t) in mapped for s in src_u for t in tgt_u):
        return
    yield CONCEPT_DIFFERS.issue(
        "the source concept(s) "
        + ", ".join(sorted(map(str, src)))
        + " neither equal nor map to the target concept(s) "
        + ", ".join(sorted(map(str, tgt))),
        ctx.location(),
    )


CONCEPT_DIFFERS: Rule[CrosswalkContext] = Rule(
    code="concept-differs",
    severity=_W,
    group=_CMP,
    title="Concepts differ",
    definition="The concept referenced by the source variable or question equals, or is mapped "
    "to, the target concept.",
    reference=_ref(21),
    hint="Reference the core concept, or add a concept mapping (skos:exactMatch/closeMatch).",
    check=_check_concept,
)


def _identity_categories(ctx: CrosswalkContext) -> bool:
    if ctx.source_code_list is None or ctx.target_code_list is None:
        return False
    if ctx.source_code_list.values != ctx.target_code_list.values:
        return False
    return all(
        len(a.sources) == 1 and a.targets == a.sources for a in ctx.crosswalk.associations
    ) and bool(ctx.crosswalk.associations)


def _wording_differs(ctx: CrosswalkContext) -> bool:
    comparability = ctx.crosswalk.comparability
    if comparability.commonality_type is CommonalityType.IDENTICAL:
        return False  # reviewed and declared identical
    if comparability.difference:
        return True
    sq, tq = ctx.source_question, ctx.target_question
    if sq is None or tq is None:
        return False
    shared = set(sq.text.languages) & set(tq.text.languages)
    return any(
        " ".join((sq.text.get(x) or "").split()) != " ".join((tq.text.get(x) or "").split())
        for x in shared
    )


def _check_wording(ctx: CrosswalkContext) -> Iterator[Issue]:
    if _wording_differs(ctx) and _identity_categories(ctx):
        yield WORDING_DIFFERS.issue(
            "the question wording differs from the core while the answer categories are "
            "identical: review whether the answers are comparable",
            ctx.location(),
        )


WORDING_DIFFERS: Rule[CrosswalkContext] = Rule(
    code="wording-differs",
    severity=_W,
    group=_CMP,
    title="Question wording differs, categories identical",
    definition="Question wording differs from the core (a QuestionMap exists with Difference "
    "filled in) while the answer categories are identical. Flag it for review.",
    reference=_ref(22),
    hint="Have a methodologist confirm the answers mean the same; record the verdict in a note.",
    check=_check_wording,
)


def _check_same_name(ctx: CrosswalkContext) -> Iterator[Issue]:
    sv, tv = ctx.source_variable, ctx.target_variable
    sq, tq = ctx.source_question, ctx.target_question
    if sv is None or tv is None or sq is None or tq is None:
        return
    if sv.name.casefold() != tv.name.casefold():
        return
    shared = set(sq.text.languages) & set(tq.text.languages)
    differs = any(
        " ".join((sq.text.get(x) or "").split()) != " ".join((tq.text.get(x) or "").split())
        for x in shared
    )
    if differs:
        yield SAME_NAME_DIFFERENT_QUESTION.issue(
            f"variable {sv.name!r} has the core's name but its question differs", ctx.location()
        )


SAME_NAME_DIFFERENT_QUESTION: Rule[CrosswalkContext] = Rule(
    code="same-name-different-question",
    severity=_W,
    group=_CMP,
    title="Same variable name, different question",
    definition="Variable names match across countries but the questions differ (§5.1). Warn, "
    "and never infer a mapping from a name.",
    reference=_ref(23),
    hint="Check the mapping was made from the question and categories, not the name.",
    check=_check_same_name,
)

# --- rule 24: figures ------------------------------------------------------------------------


def check_figure_coverage(
    figure_id: str,
    variables: Sequence[CoreVariable],
    crosswalks_by_study: Mapping[str, Sequence[Crosswalk]],
    file: str | None = None,
) -> Iterator[Issue]:
    """Rule 24: every country of a figure maps each core variable it uses, not impossibly.

    Args:
        figure_id: The figure's ID.
        variables: The core variables the figure uses (universe, indicator, weight, breakdowns).
        crosswalks_by_study: Each study of the figure with its crosswalks.
        file: The figure definition file, for locations.

    Yields:
        ``figure-mapping-missing`` warnings and ``figure-mapping-partial`` notes.
    """
    for study, crosswalks in sorted(crosswalks_by_study.items()):
        for var in variables:
            target = var.urn.unversioned()
            found = [cw for cw in crosswalks if cw.target_variable.unversioned() == target]
            where = Location(file=file, urn=str(var.urn))
            if not found:
                yield FIGURE_MAPPING_MISSING.issue(
                    f"figure {figure_id}: study {study} has no crosswalk to core variable "
                    f"{var.name}",
                    where,
                    study=study,
                )
                continue
            status = crosswalk_status(found[-1])
            if status is HarmonisationStatus.IMPOSSIBLE:
                yield FIGURE_MAPPING_MISSING.issue(
                    f"figure {figure_id}: study {study} cannot produce core variable {var.name} "
                    "(impossible)",
                    where,
                    study=study,
                )
            elif status is not HarmonisationStatus.COMPLETE:
                yield FIGURE_MAPPING_PARTIAL.issue(
                    f"figure {figure_id}: study {study} maps core variable {var.name} with "
                    f"status {status}",
                    where,
                )


FIGURE_MAPPING_MISSING: Rule[CrosswalkContext] = Rule(
    code="figure-mapping-missing",
    severity=_W,
    group=_CMP,
    title="Figure uses a core variable a country cannot produce",
    definition="For published figures: every country in the figure has a mapping path to each "
    "core variable the figure uses, with roll-up status != Impossible.",
    reference=_ref(24),
    hint="Add a crosswalk for {study}, or drop the study from the figure.",
    checked_by="validator (per figure)",
)

FIGURE_MAPPING_PARTIAL: Rule[CrosswalkContext] = Rule(
    code="figure-mapping-partial",
    severity=_I,
    group=_CMP,
    title="Figure uses a partially mapped core variable",
    definition="Partial is shown in a footnote.",
    reference=_ref(24),
    hint="The figure shows a footnote for this country.",
    checked_by="validator (per figure)",
)

#: The crosswalk rules, in the order of STANDARDS.md §6.4.
RULES: tuple[Rule[CrosswalkContext], ...] = (
    REFERENCE_UNRESOLVED,
    REFERENCE_WRONG_TYPE,
    IDENTIFIER_INVALID,
    REFERENCE_NOT_PINNED,
    SAME_SOURCE_AND_TARGET,
    SOURCE_CODE_UNDECLARED,
    TARGET_CODE_UNDECLARED,
    COMMONALITY_WEIGHT_OUT_OF_RANGE,
    COMMONALITY_TYPE_UNKNOWN,
    CROSSWALK_LABEL_MISSING,
    CROSSWALK_ISSUED_MISSING,
    EXACT_MATCH_CONFLICT,
    SOURCE_CODE_UNMAPPED,
    SOURCE_CODE_MAPPED_TWICE,
    TARGET_CODE_UNCOVERED,
    MISSING_MAPS_TO_VALID,
    VALID_MAPS_TO_MISSING,
    CARDINALITY_MISMATCH,
    EXACT_MATCH_NOT_ONE_TO_ONE,
    SPLIT_COMPLETE_WITHOUT_RULE,
    EXPRESSION_INVALID,
    INSTRUCTION_MISMATCH,
    STATUS_MISMATCH,
    UNIVERSE_DIFFERS,
    CONCEPT_DIFFERS,
    WORDING_DIFFERS,
    SAME_NAME_DIFFERENT_QUESTION,
    FIGURE_MAPPING_MISSING,
    FIGURE_MAPPING_PARTIAL,
)
