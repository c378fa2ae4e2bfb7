"""Metadata rules: DDI-level checks of a :class:`~harmonise.model.MetadataPackage`.

Implements STANDARDS.md §6.4 rule 9 (unique code values), rule 10 S13 (no label both pref and
alt), rules 1 and 2 on the package's own references and identifiers, rule 23 across the
studies of a registry, plus label and missing-type hygiene from §3.2/§6.3. SKOS S14 (one
prefLabel per language) and S9 (Concept and ConceptScheme disjoint) cannot be represented in the
model; the SKOS reader (``harmonise.formats.skos``) reports them with the codes listed here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from harmonise.issues import Issue, Location, Severity
from harmonise.model import MetadataPackage, SourceFormat, Urn
from harmonise.validate.crosswalk_rules import id_violates_xsd
from harmonise.validate.rule import Rule, RuleGroup

_M = RuleGroup.METADATA


def _where(urn: Urn | None, file: str | None = None) -> Location:
    return Location(file=file, urn=None if urn is None else str(urn))


def _check_duplicate_codes(pkg: MetadataPackage) -> Iterator[Issue]:
    for cl in pkg.code_lists:
        for value, n in Counter(cl.values).items():
            # an empty value is the reader's finding (no catValu), not a duplicate
            if n > 1 and value.strip():
                yield CODE_VALUE_DUPLICATE.issue(
                    f"code value {value!r} occurs {n} times in code list {cl.urn}",
                    _where(cl.urn),
                    value=value,
                )


CODE_VALUE_DUPLICATE: Rule[MetadataPackage] = Rule(
    code="code-value-duplicate",
    severity=Severity.ERROR,
    group=RuleGroup.STRUCTURAL,
    title="Code value not unique in its list",
    definition="Code values (r:Value / skos:notation) are unique within a list. Each code value "
    "maps to exactly one category.",
    reference="STANDARDS.md §6.4 rule 9",
    hint="Give each category its own value; {value} is used more than once.",
    check=_check_duplicate_codes,
)


def _check_labels(pkg: MetadataPackage) -> Iterator[Issue]:
    for cl in pkg.code_lists:
        for code in cl.codes:
            if not code.label:
                yield CATEGORY_LABEL_MISSING.issue(
                    f"code {code.value!r} of code list {cl.urn} has no label", _where(cl.urn)
                )
    for var in (*pkg.variables, *pkg.core_variables):
        if not var.label:
            yield VARIABLE_LABEL_MISSING.issue(f"variable {var.name} has no label", _where(var.urn))


CATEGORY_LABEL_MISSING: Rule[MetadataPackage] = Rule(
    code="category-label-missing",
    severity=Severity.WARNING,
    group=_M,
    title="Category without a label",
    definition="Every code has a category label (DDI l:Category r:Label, skos:prefLabel) in at "
    "least one language.",
    reference="STANDARDS.md §3.5 (l:Category r:Label per language = skos:prefLabel@lang)",
    hint="Add the label as printed in the questionnaire.",
    check=_check_labels,
)

VARIABLE_LABEL_MISSING: Rule[MetadataPackage] = Rule(
    code="variable-label-missing",
    severity=Severity.WARNING,
    group=_M,
    title="Variable without a label",
    definition="Every variable has a label (DDI-C labl, DDI-L r:Label).",
    reference="STANDARDS.md §1.7 (what matters for a variable catalogue)",
    hint="Add a short label; search and comparison pages show it.",
    check=None,  # emitted by _check_labels
)


def _check_missing_types(pkg: MetadataPackage) -> Iterator[Issue]:
    for cl in pkg.code_lists:
        for code in cl.missing_codes:
            if code.missing_type is None:
                yield MISSING_CODE_UNTYPED.issue(
                    f"missing code {code.value!r} of code list {cl.urn} has no missing type",
                    _where(cl.urn),
                )


MISSING_CODE_UNTYPED: Rule[MetadataPackage] = Rule(
    code="missing-code-untyped",
    severity=Severity.INFO,
    group=_M,
    title="Missing code without a missing type",
    definition="mig:isMissing on categories; mig:missingType ∈ {dontKnow, refused, noResponse, "
    "notApplicable, inconsistent, systemMissing}.",
    reference="STANDARDS.md §6.3",
    hint="Say whether it is don't know, refused, no response, not applicable...",
    check=_check_missing_types,
)


def _package_urns(pkg: MetadataPackage) -> Iterator[tuple[str, Urn]]:
    for cl in pkg.code_lists:
        yield "code list", cl.urn
    for q in pkg.questions:
        yield "question", q.urn
    for v in pkg.variables:
        yield "variable", v.urn
    for cv in pkg.core_variables:
        yield "core variable", cv.urn
    for c in pkg.all_concepts():
        yield "concept", c.urn
    for cw in pkg.crosswalks:
        yield "crosswalk", cw.urn


#: Formats whose item IDs are minted by the reader, not written by the producer.
_MINTED_IDS = frozenset(
    {
        SourceFormat.DDI_CODEBOOK_2_5,
        SourceFormat.DDI_CODEBOOK_LEGACY,
        SourceFormat.DDI_CODEBOOK_NO_NAMESPACE,
        SourceFormat.CSPRO,
        SourceFormat.SPSS,
    }
)


def _check_identifiers(pkg: MetadataPackage) -> Iterator[Issue]:
    if pkg.source_format in _MINTED_IDS:
        return  # DDI-C has no DDI IDs: the reader mints them, so the producer cannot fix them
    for kind, urn in _package_urns(pkg):
        if id_violates_xsd(urn):
            yield PACKAGE_IDENTIFIER_INVALID.issue(
                f"the ID of {kind} {urn} is rejected by the DDI 3.3 XSD (lower-case letter "
                "after the dot)",
                _where(urn),
                id=urn.id,
            )


PACKAGE_IDENTIFIER_INVALID: Rule[MetadataPackage] = Rule(
    code="package-identifier-invalid",
    severity=Severity.ERROR,
    group=RuleGroup.STRUCTURAL,
    title="Item ID rejected by the DDI XSD",
    definition="Every identifier matches the patterns in §2.3: agency, ID (mind the dot quirk), "
    "version, canonical URN.",
    reference="STANDARDS.md §6.4 rule 2",
    hint="Avoid dots in IDs, or use only upper case after the dot ({id}).",
    check=_check_identifiers,
)


def _check_references(pkg: MetadataPackage) -> Iterator[Issue]:
    code_lists = {cl.urn for cl in pkg.code_lists}
    questions = {q.urn for q in pkg.questions}
    other = {u for _, u in _package_urns(pkg)} - code_lists - questions

    def resolves(urn: Urn, pool: set[Urn]) -> bool:
        return urn in pool or (not urn.is_pinned and any(u.unversioned() == urn for u in pool))

    def check(owner: Urn, what: str, urn: Urn | None, pool: set[Urn]) -> Iterator[Issue]:
        if urn is None or resolves(urn, pool):
            return
        found = "another kind of item" if resolves(urn, other) else "nothing in the package"
        yield PACKAGE_REFERENCE_UNRESOLVED.issue(
            f"{owner} refers to {what} {urn}, which is {found}", _where(owner), urn=urn
        )

    for v in (*pkg.variables, *pkg.core_variables):
        yield from check(v.urn, "code list", v.code_list, code_lists)
        yield from check(v.urn, "question", v.question, questions)
    for q in pkg.questions:
        yield from check(q.urn, "code list", q.response_domain.code_list, code_lists)


PACKAGE_REFERENCE_UNRESOLVED: Rule[MetadataPackage] = Rule(
    code="package-reference-unresolved",
    severity=Severity.ERROR,
    group=RuleGroup.STRUCTURAL,
    title="Reference inside a DDI file does not resolve",
    definition="Every referenced object resolves, and its r:TypeOfObject matches the target's "
    "real type.",
    reference="STANDARDS.md §6.4 rule 1",
    hint="Add the referenced item to the file or correct the reference {urn}.",
    check=_check_references,
)


def _check_label_conflicts(pkg: MetadataPackage) -> Iterator[Issue]:
    for concept in pkg.all_concepts():
        for alt in concept.alt_labels:
            for lang, text in alt.items():
                if concept.label.get(lang) == text:
                    yield SKOS_LABEL_CONFLICT.issue(
                        f"concept {concept.urn}: {text!r}@{lang or '-'} is both prefLabel and "
                        "altLabel",
                        _where(concept.urn),
                    )


SKOS_LABEL_CONFLICT: Rule[MetadataPackage] = Rule(
    code="skos-label-conflict",
    severity=Severity.ERROR,
    group=RuleGroup.STRUCTURAL,
    title="Label both preferred and alternative",
    definition="SKOS integrity holds: ... no label is both pref and alt (S13).",
    reference="STANDARDS.md §6.4 rule 10",
    hint="Drop the altLabel that repeats the prefLabel.",
    check=_check_label_conflicts,
    checked_by="validator and harmonise.formats.skos",
)

SKOS_DUPLICATE_PREFLABEL: Rule[MetadataPackage] = Rule(
    code="skos-duplicate-preflabel",
    severity=Severity.ERROR,
    group=RuleGroup.STRUCTURAL,
    title="Several prefLabels in one language",
    definition="SKOS integrity holds: at most one prefLabel per language (S14).",
    reference="STANDARDS.md §6.4 rule 10",
    hint="Keep one prefLabel per language; make the others altLabels.",
    checked_by="harmonise.formats.skos",
)

SKOS_CLASS_OVERLAP: Rule[MetadataPackage] = Rule(
    code="skos-class-overlap",
    severity=Severity.ERROR,
    group=RuleGroup.STRUCTURAL,
    title="Resource both Concept and ConceptScheme",
    definition="SKOS integrity holds: ... Concept and ConceptScheme are disjoint (S9).",
    reference="STANDARDS.md §6.4 rule 10",
    hint="A resource is either a concept or a scheme; mint a separate IRI.",
    checked_by="harmonise.formats.skos",
)

SKOS_MATCH_CONFLICT: Rule[MetadataPackage] = Rule(
    code="skos-match-conflict",
    severity=Severity.ERROR,
    group=RuleGroup.STRUCTURAL,
    title="exactMatch together with broadMatch or relatedMatch (in RDF)",
    definition="SKOS integrity holds: ... no pair has exactMatch together with broadMatch or "
    "relatedMatch (S46).",
    reference="STANDARDS.md §6.4 rule 10",
    hint="Keep one mapping relation per pair of concepts.",
    checked_by="harmonise.formats.skos",
)

SKOS_IRI_INVALID: Rule[MetadataPackage] = Rule(
    code="skos-iri-invalid",
    severity=Severity.WARNING,
    group=_M,
    title="IRI with a forbidden character",
    definition="IRIs contain no space or other character RFC 3987 forbids (such an IRI cannot be "
    "serialised again).",
    reference="RFC 3987 §2.2; STANDARDS.md §3 (SKOS)",
    hint="Percent-encode the character (a space is %20) in the vocabulary.",
    checked_by="harmonise.formats.skos",
)

SKOS_IMPORT_NOT_FOLLOWED: Rule[MetadataPackage] = Rule(
    code="skos-import-not-followed",
    severity=Severity.INFO,
    group=_M,
    title="owl:imports not followed",
    definition="The registry never fetches from the network; owl:imports are not followed.",
    reference="DESIGN.md §2 principle 5",
    hint="Import the referenced vocabulary file separately if you need it.",
    checked_by="harmonise.formats.skos",
)

INPUT_UNREADABLE: Rule[MetadataPackage] = Rule(
    code="input-unreadable",
    severity=Severity.ERROR,
    group=_M,
    title="Input could not be read",
    definition="Every input is a file harmonise reads: well-formed, in a supported format and "
    "version, within the size limits (an exception, not a finding, in the readers; the "
    "validate service lists it so one bad file does not hide the others; exit code 2).",
    reference="DESIGN.md §2 principle 4",
    hint="Check that the file is complete and in a format harmonise reads.",
    checked_by="harmonise.services.validation",
)


def _question_text(pkg: MetadataPackage, urn: Urn | None) -> dict[str, str]:
    q = pkg.question(urn)
    if q is None:
        return {}
    return {lang: " ".join(text.split()) for lang, text in q.text.items() if text.strip()}


def _study_id(pkg: MetadataPackage, index: int) -> str:
    # versions of one study are one study: rule 23 is about countries
    return pkg.study.urn.id if pkg.study is not None else f"#{index}"


def check_name_reuse(
    packages: Sequence[MetadataPackage], file: str | None = None
) -> Iterator[Issue]:
    """Rule 23 across studies: the same variable name with different questions.

    Two variables of different packages (studies, or a study and the core) with the same name
    (case-insensitive) whose questions differ in a language both have.

    Args:
        packages: The packages to compare (for instance the core and every study version).
        file: A file for the locations, if any.

    Yields:
        ``variable-name-reused`` warnings, one per pair of packages and name.
    """
    seen: dict[str, tuple[int, Urn, dict[str, str]]] = {}
    reported: set[tuple[str, int, int]] = set()
    studies = [_study_id(pkg, i) for i, pkg in enumerate(packages)]
    for index, pkg in enumerate(packages):
        for var in (*pkg.core_variables, *pkg.variables):
            key = var.name.casefold()
            text = _question_text(pkg, var.question)
            if not text:
                continue
            if key not in seen:
                seen[key] = (index, var.urn, text)
                continue
            first_index, first_urn, first_text = seen[key]
            same_study = studies[first_index] == studies[index]
            if same_study or (key, first_index, index) in reported:
                continue
            shared = set(text) & set(first_text)
            if any(text[lang] != first_text[lang] for lang in shared):
                reported.add((key, first_index, index))
                yield VARIABLE_NAME_REUSED.issue(
                    f"variable {var.name!r} ({var.urn}) has the same name as {first_urn} but its "
                    "question differs",
                    Location(file=file, urn=str(var.urn)),
                )


VARIABLE_NAME_REUSED: Rule[Sequence[MetadataPackage]] = Rule(
    code="variable-name-reused",
    severity=Severity.WARNING,
    group=RuleGroup.COMPARABILITY,
    title="Same variable name across studies, different question",
    definition="Variable names match across countries but the questions differ (§5.1). Warn, "
    "and never infer a mapping from a name.",
    reference="STANDARDS.md §6.4 rule 23",
    hint="Map variables by their questions and categories, never by name.",
    check=check_name_reuse,
)

#: Rules over one package, in order.
RULES: tuple[Rule[MetadataPackage], ...] = (
    CODE_VALUE_DUPLICATE,
    PACKAGE_IDENTIFIER_INVALID,
    PACKAGE_REFERENCE_UNRESOLVED,
    SKOS_LABEL_CONFLICT,
    SKOS_DUPLICATE_PREFLABEL,
    SKOS_CLASS_OVERLAP,
    SKOS_MATCH_CONFLICT,
    SKOS_IRI_INVALID,
    SKOS_IMPORT_NOT_FOLLOWED,
    INPUT_UNREADABLE,
    CATEGORY_LABEL_MISSING,
    VARIABLE_LABEL_MISSING,
    MISSING_CODE_UNTYPED,
)

#: Rules over several packages (a whole registry).
CROSS_PACKAGE_RULES: tuple[Rule[Sequence[MetadataPackage]], ...] = (VARIABLE_NAME_REUSED,)
