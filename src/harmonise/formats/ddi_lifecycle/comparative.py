"""The DDI-L 3.3 Comparative module: crosswalks as ``cm:Comparison`` (STANDARDS.md §2.10, §2.11).

One crosswalk version is one ``cm:Comparison`` (same URN) holding, in schema order:

* a ``cm:VariableMap`` with one ``cm:ItemMap`` (country ``Variable`` -> core
  ``RepresentedVariable``) whose ``cm:Correspondence`` carries the variable-level comparability and
  the computed ``harmonisationStatus`` (:func:`~harmonise.model.crosswalk.crosswalk_status`);
* a ``cm:CategoryMap``: one ``cm:ItemMap`` per source code of each association (an ItemMap has at
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

import json
from collections.abc import Iterable, Sequence

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
from harmonise.model.codelist import CodeList
from harmonise.model.crosswalk import (
    Comparability,
    Crosswalk,
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
