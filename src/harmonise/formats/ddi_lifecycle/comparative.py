"""The DDI-L 3.3 Comparative module: crosswalks as ``cm:Comparison`` (STANDARDS.md §2.10, §2.11).

One crosswalk version is one ``cm:Comparison`` (same URN) holding, in schema order:

* a ``cm:VariableMap`` with one ``cm:ItemMap`` (country ``Variable`` -> core
  ``RepresentedVariable``) whose ``cm:Correspondence`` carries the variable-level comparability and
  the computed ``harmonisationStatus`` (:func:`~harmonise.model.crosswalk.crosswalk_status`);
* a ``cm:CategoryMap`` whose source/target scheme references name the code lists (TypeOfObject
  ``CodeList``), with one ``cm:ItemMap`` per source code of each association (an ItemMap has at
  most one source, §2.10), all targets as ``cm:TargetItemReference``; its Correspondence carries
  the association's comparability and the computed ``mappingCardinality`` /
  ``harmonisationStatus`` as ``r:UserDefinedCorrespondenceProperty`` (§6.3);
* a ``cm:RepresentationMap`` (source code list -> core code list) when both lists are known, with
  ``r:ProcessingInstructionReference`` to a ``d:GenerationInstruction`` (``isDerived="false"``,
  a readable ``r:CommandCode``) in its own ``d:ProcessingInstructionScheme`` fragment.

Item references point at the code's ``l:Category`` when the code list is at hand, else at a
minted ``l:Code`` URN; every item reference also carries the code value as an
``r:UserAttributePair`` (``harmonise:codeValue``) so that a Comparison read on its own still
yields code values. On read, declared cardinality/status values are compared with the computed
ones and a mismatch is reported (``declared-cardinality-mismatch``,
``declared-status-mismatch``); the computation always wins.

Deviations: rule type, SKOS match semantics, case-when condition, numeric expression and notes of
an association are ``r:UserDefinedCorrespondenceProperty`` pairs with ``harmonise:`` keys; the
grouping of several source codes into one association is the ItemMap pair
``harmonise:association``; declared unmatched targets are a JSON list in the CategoryMap pair
``harmonise:unmatchedTargets``; the missing-value treatment is the CategoryMap ``r:Description``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from harmonise.formats.ddi_lifecycle.elements import (
    PAIR_PREFIX,
    Element,
    contents,
    el,
    fragment_instance,
    head,
    minted_category_urn,
    ref,
    strings,
    sub,
)
from harmonise.formats.ddi_lifecycle.namespaces import normalise, tag
from harmonise.formats.ddi_lifecycle.references import (
    IdentityError,
    Reference,
    identity,
    reference,
    text_of,
    user_pairs,
)
from harmonise.issues.report import Issue, Location, Severity
from harmonise.model.codelist import CodeList
from harmonise.model.crosswalk import (
    ChangeReason,
    CodeAssociation,
    CommonalityType,
    Comparability,
    Crosswalk,
    CrosswalkVersionInfo,
    MatchSemantic,
    RuleType,
    association_cardinality,
    association_status,
    crosswalk_status,
)
from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn

#: Program language of the recode command the writer emits.
RECODE_LANGUAGE = "harmonise-recode"
CARDINALITY_KEY = "mappingCardinality"
STATUS_KEY = "harmonisationStatus"


# === writing =====================================================================================


def comparison_bytes(crosswalks: Sequence[Crosswalk], code_lists: Sequence[CodeList] = ()) -> bytes:
    """Serialise crosswalks as a DDI-L 3.3 FragmentInstance of ``cm:Comparison`` fragments.

    Args:
        crosswalks: The crosswalk versions to write.
        code_lists: Source/target code lists, used to reference categories by URN.

    Returns:
        UTF-8 XML bytes, valid against the DDI-L 3.3 ``instance.xsd``.
    """
    fragments, tops = comparison_fragments(crosswalks, code_lists)
    return fragment_instance(fragments, [ref("ddi", "TopLevelReference", u, k) for u, k in tops])


def comparison_fragments(
    crosswalks: Iterable[Crosswalk], code_lists: Iterable[CodeList] = ()
) -> tuple[list[Element], list[tuple[Urn, str]]]:
    """The ProcessingInstructionScheme and Comparison fragments of the crosswalks.

    Returns:
        The fragment elements and (URN, element name) of each maintainable written.
    """
    lists = {cl.urn: cl for cl in code_lists}
    out: list[Element] = []
    tops: list[tuple[Urn, str]] = []
    for cw in crosswalks:
        pis_urn = _derived(cw.urn, "PIS")
        out.append(_processing_scheme(cw, pis_urn))
        tops.append((pis_urn, "ProcessingInstructionScheme"))
        out.append(_comparison(cw, lists))
        tops.append((cw.urn, "Comparison"))
    return out, tops


def _derived(urn: Urn, suffix: str) -> Urn:
    return Urn(urn.agency, f"{urn.id}-{suffix}", urn.version)


def _property(key: str, value: str) -> Element:
    node = el("r", "UserDefinedCorrespondenceProperty")
    sub(node, "r", "AttributeKey", key)
    sub(node, "r", "AttributeValue", value)
    return node


def _correspondence(
    parent: Element, comparability: Comparability, properties: dict[str, str | None]
) -> None:
    node = sub(parent, "cm", "Correspondence")
    contents(node, "cm", "Commonality", comparability.commonality)
    contents(node, "r", "Difference", comparability.difference)
    if comparability.commonality_type is not None:
        sub(node, "cm", "CommonalityTypeCoded", comparability.commonality_type.value)
    if comparability.commonality_weight is not None:
        sub(node, "cm", "CommonalityWeight", repr(float(comparability.commonality_weight)))
    for key, value in properties.items():
        if value is not None and value != "":
            node.append(_property(key, value))


def _item_reference(
    local: str, value: str, code_list: Urn | None, lists: dict[Urn, CodeList], fallback: Urn
) -> Element:
    cl = lists.get(code_list) if code_list is not None else None
    pairs = {"codeValue": value}
    if cl is not None:
        for position, code in enumerate(cl.codes, start=1):
            if code.value == value:
                cat = code.category.urn or minted_category_urn(cl.urn, position)
                return ref("cm", local, cat, "Category", pairs)
    owner = code_list or fallback
    hexed = value.encode("utf-8").hex().upper() or "0"
    return ref("cm", local, owner.child(f"V{hexed}"), "Code", pairs)


def _recode_text(cw: Crosswalk) -> str:
    source = cw.source_variable.id
    target = cw.target_variable.id
    lines = [f"recode {source} -> {target}"]
    for a in cw.associations:
        left = ", ".join(a.sources) if a.sources else "(no source)"
        right = ", ".join(a.targets) if a.targets else "(no target)"
        rule = f"  {left} -> {right}"
        if a.expression:
            rule = f"  {left} -> {a.expression}"
        if a.condition:
            rule = f"  when {a.condition}: {rule.strip()}"
        lines.append(rule + f"    # {a.rule.value}")
    for t in cw.unmatched_targets:
        lines.append(f"  (never produced) {t}")
    return "\n".join(lines)


def _processing_scheme(cw: Crosswalk, urn: Urn) -> Element:
    scheme = el("d", "ProcessingInstructionScheme")
    head(scheme, urn)
    gi = sub(scheme, "d", "GenerationInstruction", isDerived="false")
    head(gi, _derived(cw.urn, "GI"))
    source = ref("d", "InputVariableReference", cw.source_variable, "Variable")
    sub(source, "r", "Alias", cw.source_variable.id)
    gi.append(source)
    contents(gi, "r", "Description", cw.label)
    command_code = sub(gi, "r", "CommandCode")
    command = sub(command_code, "r", "Command")
    sub(command, "r", "ProgramLanguage", RECODE_LANGUAGE)
    sub(command, "r", "CommandContent", _recode_text(cw))
    return scheme


def _comparison(cw: Crosswalk, lists: dict[Urn, CodeList]) -> Element:
    node = el("cm", "Comparison")
    info = cw.version_info
    if info is not None:
        node.set("versionDate", info.date.isoformat())
    head(
        node,
        cw.urn,
        {
            "study": str(cw.study) if cw.study else None,
            "issued": cw.issued.isoformat() if cw.issued else None,
        },
    )
    if info is not None:
        sub(node, "r", "VersionResponsibility", info.author)
        rationale = sub(node, "r", "VersionRationale")
        if info.note:
            strings(rationale, "r", "RationaleDescription", LocalizedText.of(info.note))
        sub(rationale, "r", "RationaleCode", info.reason.value)
        if info.previous is not None:
            based = sub(node, "r", "BasedOnObject")
            based.append(ref("r", "BasedOnReference", info.previous, "Comparison"))
    contents(node, "r", "Label", cw.label)

    rmap_urn = _derived(cw.urn, "RM")
    has_rmap = cw.source_code_list is not None and cw.target_code_list is not None

    vmap = sub(node, "cm", "VariableMap")
    head(vmap, _derived(cw.urn, "VM"))
    sub(vmap, "cm", "TypeOfMappedItem", "Variable")
    item = sub(vmap, "cm", "ItemMap")
    head(item, _derived(cw.urn, "VM").child("I1"))
    item.append(ref("cm", "SourceItemReference", cw.source_variable, "Variable"))
    item.append(ref("cm", "TargetItemReference", cw.target_variable, "RepresentedVariable"))
    _correspondence(item, cw.comparability, {STATUS_KEY: crosswalk_status(cw).value})

    cmap_urn = _derived(cw.urn, "CM")
    cmap = sub(node, "cm", "CategoryMap")
    unmatched = json.dumps(list(cw.unmatched_targets)) if cw.unmatched_targets else None
    head(cmap, cmap_urn, {"unmatchedTargets": unmatched})
    sub(cmap, "cm", "TypeOfMappedItem", "Category")
    if cw.missing_treatment:
        contents(cmap, "r", "Description", LocalizedText.of(cw.missing_treatment))
    if cw.source_code_list is not None:
        cmap.append(ref("cm", "SourceSchemeReference", cw.source_code_list, "CodeList"))
    if cw.target_code_list is not None:
        cmap.append(ref("cm", "TargetSchemeReference", cw.target_code_list, "CodeList"))
    counter = 0
    for index, a in enumerate(cw.associations, start=1):
        props: dict[str, str | None] = {
            CARDINALITY_KEY: association_cardinality(cw, a).value,
            STATUS_KEY: association_status(cw, a).value,
            PAIR_PREFIX + "ruleType": a.rule.value,
            PAIR_PREFIX + "matchSemantic": a.semantic.value if a.semantic else None,
            PAIR_PREFIX + "condition": a.condition,
            PAIR_PREFIX + "expression": a.expression,
        }
        for lang, text in a.note.items():
            props[PAIR_PREFIX + (f"note@{lang}" if lang else "note")] = text
        for source in a.sources or (None,):
            counter += 1
            im = sub(cmap, "cm", "ItemMap")
            head(im, cmap_urn.child(f"I{counter}"), {"association": str(index)})
            fallback_s = _derived(cw.urn, "SRC")
            fallback_t = _derived(cw.urn, "TGT")
            if source is not None:
                im.append(
                    _item_reference(
                        "SourceItemReference", source, cw.source_code_list, lists, fallback_s
                    )
                )
            for target in a.targets:
                im.append(
                    _item_reference(
                        "TargetItemReference", target, cw.target_code_list, lists, fallback_t
                    )
                )
            _correspondence(im, a.comparability, props)
            if has_rmap:
                im.append(ref("cm", "RelatedMapReference", rmap_urn, "RepresentationMap"))

    if has_rmap:
        assert cw.source_code_list is not None
        assert cw.target_code_list is not None
        rmap = sub(node, "cm", "RepresentationMap")
        head(rmap, rmap_urn)
        src = sub(rmap, "cm", "SourceRepresentation")
        src.append(ref("r", "CodeListReference", cw.source_code_list, "CodeList"))
        tgt = sub(rmap, "cm", "TargetRepresentation")
        tgt.append(ref("r", "CodeListReference", cw.target_code_list, "CodeList"))
        gi_urn = _derived(cw.urn, "GI")
        rmap.append(ref("r", "ProcessingInstructionReference", gi_urn, "GenerationInstruction"))
    return node


# === reading =====================================================================================


@dataclass(frozen=True)
class ComparisonContext:
    """What the reader knows when it turns a ``cm:Comparison`` into a crosswalk.

    Attributes:
        path: The file, for issue locations.
        resolve: Resolves a reference to the URN of a held object (latest version if unpinned).
        category_values: Category URN -> {code list URN: code value} for every code read.
        code_values: Code URN -> code value for every code read.
    """

    path: str
    resolve: Callable[[Reference], Urn]
    category_values: dict[Urn, dict[Urn, str]] = field(default_factory=dict)
    code_values: dict[Urn, str] = field(default_factory=dict)


def _kids(element: Any, prefix: str, local: str) -> list[Any]:
    wanted = tag(prefix, local)
    return [c for c in element if isinstance(c.tag, str) and normalise(c.tag) == wanted]


def _kid(element: Any, prefix: str, local: str) -> Any | None:
    found = _kids(element, prefix, local)
    return found[0] if found else None


def _content(element: Any | None, part: str = "Content") -> LocalizedText:
    if element is None:
        return LocalizedText()
    values: dict[str, str] = {}
    for child in _kids(element, "r", part):
        text = "".join(child.itertext()).strip()
        lang = child.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
        if text and lang not in values:
            values[lang] = text
    return LocalizedText(values)


def _norm(value: str) -> str:
    return "".join(ch for ch in value.lower() if ch.isalnum())


def _properties(correspondence: Any | None) -> dict[str, str]:
    props: dict[str, str] = {}
    if correspondence is None:
        return props
    for prop in _kids(correspondence, "r", "UserDefinedCorrespondenceProperty"):
        key = text_of(_kid(prop, "r", "AttributeKey"))
        if key:
            props[key] = text_of(_kid(prop, "r", "AttributeValue"))
    return props


def _comparability(correspondence: Any | None) -> Comparability:
    if correspondence is None:
        return Comparability()
    coded = text_of(_kid(correspondence, "cm", "CommonalityTypeCoded"))
    types = {_norm(t.value): t for t in CommonalityType}
    weight_text = text_of(_kid(correspondence, "cm", "CommonalityWeight"))
    try:
        weight: float | None = float(weight_text) if weight_text else None
    except ValueError:
        weight = None
    if weight is not None and not 0.0 <= weight <= 1.0:
        weight = None
    return Comparability(
        commonality=_content(_kid(correspondence, "cm", "Commonality")),
        difference=_content(_kid(correspondence, "r", "Difference")),
        commonality_type=types.get(_norm(coded)) if coded else None,
        commonality_weight=weight,
    )


def _parse_urn(text: str | None) -> Urn | None:
    if text and Urn.is_urn(text):
        return Urn.parse(text, require_version=False)
    return None


class _ComparisonReader:
    def __init__(self, element: Any, context: ComparisonContext) -> None:
        self.element = element
        self.context = context
        self.issues: list[Issue] = []
        self.urn: Urn | None = None

    def issue(self, code: str, severity: Severity, message: str, line: int | None) -> None:
        self.issues.append(
            Issue(
                code=code,
                severity=severity,
                message=message,
                location=Location(
                    file=self.context.path, line=line, urn=str(self.urn) if self.urn else None
                ),
            )
        )

    def _ref(self, element: Any | None) -> Reference | None:
        if element is None:
            return None
        try:
            return reference(element)
        except IdentityError as exc:
            self.issue(
                "ddil-invalid-reference",
                Severity.ERROR,
                f"{element.tag.rpartition('}')[2]} cannot be used: {exc}",
                element.sourceline,
            )
            return None

    def _value(self, element: Any, code_list: Urn | None) -> str | None:
        ref_ = self._ref(element)
        if ref_ is None:
            return None
        declared = ref_.pairs.get(PAIR_PREFIX + "codeValue")
        if declared is not None:
            return declared
        target = self.context.resolve(ref_)
        if target in self.context.code_values:
            return self.context.code_values[target]
        by_list = self.context.category_values.get(target)
        if by_list:
            if code_list is not None and code_list in by_list:
                return by_list[code_list]
            return next(iter(by_list.values()))
        self.issue(
            "ddil-unresolved-map-item",
            Severity.WARNING,
            f"map item {ref_.urn} is neither a code nor a category of a code list in this file; "
            "the item is left out of the crosswalk",
            ref_.line,
        )
        return None

    def read(self) -> Crosswalk | None:
        cmp_ = self.element
        self.urn = identity(cmp_)
        pairs = user_pairs(cmp_)
        vmaps = _kids(cmp_, "cm", "VariableMap")
        vitem = _kid(vmaps[0], "cm", "ItemMap") if vmaps else None
        source = self._ref(_kid(vitem, "cm", "SourceItemReference")) if vitem is not None else None
        target = self._ref(_kid(vitem, "cm", "TargetItemReference")) if vitem is not None else None
        if source is None or target is None:
            self.issue(
                "ddil-comparison-without-variables",
                Severity.WARNING,
                "cm:Comparison has no VariableMap item naming a source and a target variable; "
                "it is not read as a crosswalk",
                cmp_.sourceline,
            )
            return None
        rmaps = _kids(cmp_, "cm", "RepresentationMap")
        source_list = target_list = None
        if rmaps:
            src = _kid(rmaps[0], "cm", "SourceRepresentation")
            tgt = _kid(rmaps[0], "cm", "TargetRepresentation")
            src_ref = self._ref(_kid(src, "r", "CodeListReference")) if src is not None else None
            tgt_ref = self._ref(_kid(tgt, "r", "CodeListReference")) if tgt is not None else None
            source_list = self.context.resolve(src_ref) if src_ref else None
            target_list = self.context.resolve(tgt_ref) if tgt_ref else None
        for cmap in _kids(cmp_, "cm", "CategoryMap")[:1]:
            # without a RepresentationMap the code lists are the CategoryMap's schemes
            for local, known in (("Source", source_list), ("Target", target_list)):
                scheme = self._ref(_kid(cmap, "cm", f"{local}SchemeReference"))
                if known is None and scheme is not None and scheme.type_of_object == "CodeList":
                    if local == "Source":
                        source_list = self.context.resolve(scheme)
                    else:
                        target_list = self.context.resolve(scheme)
        groups: list[tuple[str | None, list[Any]]] = []
        unmatched: tuple[str, ...] = ()
        missing_treatment: str | None = None
        for cmap in _kids(cmp_, "cm", "CategoryMap"):
            cmap_pairs = user_pairs(cmap)
            raw = cmap_pairs.get(PAIR_PREFIX + "unmatchedTargets")
            if raw:
                try:
                    decoded = json.loads(raw)
                    unmatched = tuple(str(x) for x in decoded)
                except (ValueError, TypeError):
                    self.issue(
                        "ddil-bad-user-attribute",
                        Severity.WARNING,
                        f"unmatchedTargets is not a JSON list: {raw!r}",
                        cmap.sourceline,
                    )
            description = _content(_kid(cmap, "r", "Description"))
            if description and missing_treatment is None:
                missing_treatment = description.best(("", "en"))
            for item in _kids(cmap, "cm", "ItemMap"):
                key = user_pairs(item).get(PAIR_PREFIX + "association")
                if key is not None and groups and groups[-1][0] == key:
                    groups[-1][1].append(item)
                else:
                    groups.append((key, [item]))
        associations: list[CodeAssociation] = []
        declared: list[tuple[int, Any, dict[str, str]]] = []
        for _key, items in groups:
            sources: list[str] = []
            for item in items:
                src_el = _kid(item, "cm", "SourceItemReference")
                if src_el is not None:
                    value = self._value(src_el, source_list)
                    if value is not None and value not in sources:
                        sources.append(value)
            targets: list[str] = []
            for tgt_el in _kids(items[0], "cm", "TargetItemReference"):
                value = self._value(tgt_el, target_list)
                if value is not None and value not in targets:
                    targets.append(value)
            correspondence = _kid(items[0], "cm", "Correspondence")
            props = _properties(correspondence)
            rules = {r.value: r for r in RuleType}
            semantics = {s.value: s for s in MatchSemantic}
            note = {
                k[len(PAIR_PREFIX + "note") :].lstrip("@"): v
                for k, v in props.items()
                if k == PAIR_PREFIX + "note" or k.startswith(PAIR_PREFIX + "note@")
            }
            associations.append(
                CodeAssociation(
                    sources=tuple(sources),
                    targets=tuple(targets),
                    rule=rules.get(props.get(PAIR_PREFIX + "ruleType", ""), RuleType.RECODE),
                    semantic=semantics.get(props.get(PAIR_PREFIX + "matchSemantic", "")),
                    condition=props.get(PAIR_PREFIX + "condition") or None,
                    expression=props.get(PAIR_PREFIX + "expression") or None,
                    comparability=_comparability(correspondence),
                    note=LocalizedText(note),
                )
            )
            for item in items:
                declared.append(
                    (len(associations) - 1, item, _properties(_kid(item, "cm", "Correspondence")))
                )
        crosswalk = Crosswalk(
            urn=self.urn,
            label=_content(_kid(cmp_, "r", "Label"))
            or _content(_kid(cmp_, "cm", "ComparisonName"), "String"),
            source_variable=self.context.resolve(source),
            source_code_list=source_list,
            target_variable=self.context.resolve(target),
            target_code_list=target_list,
            study=_parse_urn(pairs.get(PAIR_PREFIX + "study")),
            associations=tuple(associations),
            unmatched_targets=unmatched,
            comparability=_comparability(_kid(vitem, "cm", "Correspondence")),
            missing_treatment=missing_treatment,
            version_info=self._version_info(),
            issued=_date(pairs.get(PAIR_PREFIX + "issued")),
        )
        self._check_declared(crosswalk, declared, vitem)
        return crosswalk

    def _version_info(self) -> CrosswalkVersionInfo | None:
        cmp_ = self.element
        author = text_of(_kid(cmp_, "r", "VersionResponsibility"))
        date = _date(cmp_.get("versionDate"))
        if not author or date is None:
            return None
        rationale = _kid(cmp_, "r", "VersionRationale")
        reasons = {r.value: r for r in ChangeReason}
        reason = ChangeReason.INITIAL
        note: str | None = None
        if rationale is not None:
            reason = reasons.get(text_of(_kid(rationale, "r", "RationaleCode")), reason)
            text = _content(_kid(rationale, "r", "RationaleDescription"), "String")
            note = text.best(("", "en")) or None
        previous = None
        based = _kid(cmp_, "r", "BasedOnObject")
        if based is not None:
            prev_ref = self._ref(_kid(based, "r", "BasedOnReference"))
            previous = prev_ref.urn if prev_ref is not None else None
        return CrosswalkVersionInfo(
            author=author, date=date, reason=reason, note=note, previous=previous
        )

    def _check_declared(
        self, cw: Crosswalk, declared: list[tuple[int, Any, dict[str, str]]], vitem: Any
    ) -> None:
        for index, item, props in declared:
            a = cw.associations[index]
            pairs = (
                ("declared-cardinality-mismatch", CARDINALITY_KEY, association_cardinality(cw, a)),
                ("declared-status-mismatch", STATUS_KEY, association_status(cw, a)),
            )
            for code, key, computed in pairs:
                value = props.get(key)
                if value and _norm(value) != _norm(computed.value):
                    self.issue(
                        code,
                        Severity.ERROR,
                        f"ItemMap declares {key} {value!r} but the associations give "
                        f"{computed.value!r}; the computed value is used",
                        item.sourceline,
                    )
        value = _properties(_kid(vitem, "cm", "Correspondence")).get(STATUS_KEY)
        computed = crosswalk_status(cw)
        if value and _norm(value) != _norm(computed.value):
            self.issue(
                "declared-status-mismatch",
                Severity.ERROR,
                f"VariableMap declares {STATUS_KEY} {value!r} but the associations give "
                f"{computed.value!r}; the computed value is used",
                vitem.sourceline,
            )


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def read_comparison(
    element: Any, context: ComparisonContext
) -> tuple[Crosswalk | None, list[Issue]]:
    """Turn a ``cm:Comparison`` element into a crosswalk (None when it maps no variables).

    Args:
        element: The Comparison element (3.3 or 3.2 namespace).
        context: Reference resolution and the code values read from the same file.

    Returns:
        The crosswalk, or None, and the findings (declared-vs-computed mismatches, unresolved
        items).
    """
    reader = _ComparisonReader(element, context)
    try:
        return reader.read(), reader.issues
    except IdentityError as exc:
        reader.issue(
            "ddil-missing-identifier",
            Severity.ERROR,
            f"cm:Comparison has no usable identification: {exc}",
            element.sourceline,
        )
        return None, reader.issues
