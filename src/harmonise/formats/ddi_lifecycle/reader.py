"""Streaming reader for DDI-Lifecycle 3.3 (and 3.2) into a MetadataPackage.

Implements STANDARDS.md §2.2-§2.10 for what the model holds: any DDI-L root (``DDIInstance``,
``FragmentInstance``, ``l:LogicalProduct``, a bare fragment...), identification by ``r:URN`` or
Agency/ID/Version (§2.3), references resolved across fragments through a compact index of
identifiables (§2.4; unversioned or late-bound references resolve to the latest version and are
reported), ``d:QuestionItem``/``d:QuestionGrid`` (question text per language, interviewer
instructions through ``d:InterviewerInstructionReference`` on the item or its QuestionConstruct,
Code/Numeric/Text/DateTime domains), ``l:CodeList``/``l:Code``/``l:Category`` (``isMissing``;
a code is also missing when a domain or representation using its list names its value in
``@missingValue``),
``l:Variable``, ``l:RepresentedVariable`` (-> :class:`~harmonise.model.CoreVariable`),
``c:ConceptScheme``/``c:Concept``, ``c:Universe``, ``d:Instrument`` -> ``d:Sequence`` ->
``d:QuestionConstruct`` (child sequences of the top sequence are the modules), the StudyUnit
citation and abstract (a StudyUnit without a title takes the DDIInstance citation's title),
and ``cm:Comparison`` (read by :mod:`.comparative`).

The file is read with ``iterparse`` (hardened options, formats/xml_safety.py): each object of
interest is turned into a small record at its end tag and removed from the tree, so memory holds
the records and the index, not the document.

Deviations: ``d:ConditionalText`` parts of a question text are skipped (only literal text is
kept); several literal parts are joined with a space, several QuestionTexts or instructions in one
language with a new line; a QuestionGrid is read as a question of kind ``multiple``; values the
writer stores as ``harmonise:`` user attribute pairs are read back from them (see writer.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harmonise.errors import InputError
from harmonise.formats.ddi_lifecycle.comparative import ComparisonContext, read_comparison
from harmonise.formats.ddi_lifecycle.elements import PAIR_PREFIX
from harmonise.formats.ddi_lifecycle.namespaces import (
    XML_LANG,
    is_ddi_lifecycle,
    namespace_of,
    normalise,
    tag,
    version_of,
)
from harmonise.formats.ddi_lifecycle.references import (
    IdentifiableIndex,
    IdentityError,
    Reference,
    identity,
    reference,
    text_of,
    user_pairs,
)
from harmonise.formats.xml_safety import iterparse_safely
from harmonise.issues.report import Issue, Location, Report, Severity
from harmonise.model.codelist import Category, Code, CodeList, MissingType
from harmonise.model.concept import Concept, ConceptScheme
from harmonise.model.crosswalk import Crosswalk
from harmonise.model.package import MetadataPackage, SourceFormat
from harmonise.model.question import (
    Instrument,
    InstrumentKind,
    Module,
    Question,
    ResponseDomain,
    ResponseDomainKind,
    Universe,
)
from harmonise.model.study import Study, StudyKind
from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn
from harmonise.model.variable import CoreVariable, RepresentationKind, Variable

_Element = Any


def _t(prefix: str, local: str) -> str:
    return tag(prefix, local)


def _local(clark: str) -> str:
    return clark.rpartition("}")[2]


def _children(element: _Element, *tags: str) -> Iterator[_Element]:
    for child in element:
        if isinstance(child.tag, str) and normalise(child.tag) in tags:
            yield child


def _first(element: _Element, *tags: str) -> _Element | None:
    return next(_children(element, *tags), None)


def _full_text(element: _Element) -> str:
    if len(element) == 0:
        text = element.text
        return text.strip() if isinstance(text, str) else ""
    return "".join(element.itertext()).strip()


def _multilingual(element: _Element | None, part: str) -> LocalizedText:
    """Text per language from ``r:String``/``r:Content`` children (``part`` is their tag)."""
    if element is None:
        return LocalizedText()
    values: dict[str, str] = {}
    for child in _children(element, part):
        lang = child.get(XML_LANG) or ""
        text = _full_text(child)
        if text and lang not in values:
            values[lang] = text
    return LocalizedText(values)


def _labels(element: _Element, *tags: str) -> LocalizedText:
    """Content per language of the first of ``tags`` present (Label/Description/Name types)."""
    for t in tags:
        node = _first(element, t)
        if node is not None:
            part = (
                _t("r", "Content")
                if _local(t) in ("Label", "Description", "Abstract")
                else _t("r", "String")
            )
            text = _multilingual(node, part)
            if text:
                return text
    return LocalizedText()


def _name(element: _Element, name_tag: str) -> str:
    node = _first(element, name_tag)
    if node is None:
        return ""
    for s in _children(node, _t("r", "String")):
        text = _full_text(s)
        if text:
            return text
    return ""


def _dynamic_text(elements: Iterable[_Element]) -> LocalizedText:
    """Literal text per language of QuestionText/InstructionText (DynamicText) elements."""
    collected: dict[str, list[str]] = {}
    for dyn in elements:
        audience = dyn.get("audienceLanguage") or ""
        pieces: dict[str, list[str]] = {}
        for literal in _children(dyn, _t("d", "LiteralText")):
            for text in _children(literal, _t("d", "Text")):
                value = _full_text(text)
                if value:
                    pieces.setdefault(text.get(XML_LANG) or audience, []).append(value)
        for lang, parts in pieces.items():
            collected.setdefault(lang, []).append(" ".join(parts))
    return LocalizedText({lang: "\n".join(parts) for lang, parts in collected.items()})


def _urn_or_none(text: str | None) -> Urn | None:
    if text and Urn.is_urn(text):
        return Urn.parse(text, require_version=False)
    return None


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


def _localized_pairs(pairs: dict[str, str], name: str) -> LocalizedText:
    key = PAIR_PREFIX + name
    values: dict[str, str] = {}
    for k, v in pairs.items():
        if k == key:
            values[""] = v
        elif k.startswith(key + "@"):
            values[k[len(key) + 1 :]] = v
    return LocalizedText(values)


# --- records: what is kept of each object until references are resolved ----------------------


@dataclass
class _Representation:
    kind: str = ""
    code_list: Reference | None = None
    minimum: float | None = None
    maximum: float | None = None
    decimals: int | None = None
    max_length: int | None = None
    missing_values: tuple[str, ...] = ()
    unit: str | None = None


@dataclass
class _QuestionRecord:
    urn: Urn
    line: int | None
    name: str
    text: LocalizedText
    domain: _Representation
    concepts: list[Reference]
    instructions: list[Reference]
    pairs: dict[str, str]


@dataclass
class _CodeRecord:
    value: str
    category: Reference | None
    level: int
    parent: str | None
    line: int | None


@dataclass
class _CodeListRecord:
    urn: Urn
    line: int | None
    name: str
    label: LocalizedText
    codes: list[_CodeRecord]


@dataclass
class _CategoryRecord:
    urn: Urn
    label: LocalizedText
    description: LocalizedText
    missing: bool
    pairs: dict[str, str]


@dataclass
class _VariableRecord:
    urn: Urn
    line: int | None
    core: bool
    name: str
    label: LocalizedText
    notes: LocalizedText
    source: Reference | None
    represented: Reference | None
    universe: Reference | None
    concepts: list[Reference]
    question: Reference | None
    representation: _Representation
    is_weight: bool
    pairs: dict[str, str]


@dataclass
class _ConstructRecord:
    urn: Urn
    line: int | None
    kind: str
    name: str
    label: LocalizedText
    children: list[Reference]
    question: Reference | None
    universe: Reference | None
    instructions: list[Reference]


@dataclass
class _InstrumentRecord:
    urn: Urn
    line: int | None
    name: str
    label: LocalizedText
    kind: InstrumentKind
    top: Reference | None
    languages: tuple[str, ...]


@dataclass
class _State:
    """Everything collected during the streaming pass."""

    questions: list[_QuestionRecord] = field(default_factory=list)
    code_lists: list[_CodeListRecord] = field(default_factory=list)
    categories: dict[Urn, _CategoryRecord] = field(default_factory=dict)
    code_values: dict[Urn, str] = field(default_factory=dict)
    variables: list[_VariableRecord] = field(default_factory=list)
    constructs: dict[Urn, _ConstructRecord] = field(default_factory=dict)
    instruments: list[_InstrumentRecord] = field(default_factory=list)
    instructions: dict[Urn, LocalizedText] = field(default_factory=dict)
    universes: dict[Urn, Universe] = field(default_factory=dict)
    concepts: dict[Urn | None, list[Concept]] = field(default_factory=dict)
    schemes: list[tuple[Urn, LocalizedText, str | None]] = field(default_factory=list)
    comparisons: list[_Element] = field(default_factory=list)
    study: Study | None = None
    agencies: Counter[str] = field(default_factory=Counter)


_MISSING_TYPES = {m.value: m for m in MissingType}
_DOMAIN_KINDS = {k.value: k for k in ResponseDomainKind}
_REPRESENTATION_KINDS = {k.value: k for k in RepresentationKind}

#: A module read from the flow: name, label, QuestionConstructs in order.
_Flow = tuple[str, LocalizedText, list[_ConstructRecord]]

_QUESTION_TAGS = (_t("d", "QuestionItem"), _t("d", "QuestionGrid"))
_CONSTRUCT_LOCALS = (
    "Sequence",
    "QuestionConstruct",
    "IfThenElse",
    "Loop",
    "RepeatUntil",
    "RepeatWhile",
    "StatementItem",
    "ComputationItem",
    "Split",
    "SplitJoin",
)
_CONSTRUCT_TAGS = tuple(_t("d", local) for local in _CONSTRUCT_LOCALS)
#: Items that do not become model objects of their own (left out of the main-agency count).
_NOT_COUNTED = frozenset(("Category", "Instruction", "GenerationInstruction", *_CONSTRUCT_LOCALS))
_CHILD_CONSTRUCT_REFS = frozenset(
    _t("d", local)
    for local in ("ControlConstructReference", "ThenConstructReference", "ElseConstructReference")
)
_DOMAINS = {
    _t("d", "CodeDomain"): ResponseDomainKind.CODE,
    _t("d", "NumericDomain"): ResponseDomainKind.NUMERIC,
    _t("d", "TextDomain"): ResponseDomainKind.TEXT,
    _t("d", "DateTimeDomain"): ResponseDomainKind.DATETIME,
    _t("d", "CategoryDomain"): ResponseDomainKind.CATEGORY,
    _t("d", "GeographicDomain"): ResponseDomainKind.GEOGRAPHIC,
    _t("d", "StructuredMixedResponseDomain"): ResponseDomainKind.MULTIPLE,
}
_VALUE_REPRESENTATIONS = {
    _t("r", "CodeRepresentation"): RepresentationKind.CODE,
    _t("r", "NumericRepresentation"): RepresentationKind.NUMERIC,
    _t("r", "TextRepresentation"): RepresentationKind.TEXT,
    _t("r", "DateTimeRepresentation"): RepresentationKind.DATETIME,
}


def read_ddi_lifecycle(path: str | Path) -> tuple[MetadataPackage, Report]:
    """Read a DDI-L 3.3 or 3.2 file into a package and a report of findings.

    Args:
        path: The XML file (any DDI-L root element).

    Returns:
        The package and every finding (dangling, duplicate, late-bound references, missing
        identifiers, declared-vs-computed crosswalk mismatches).

    Raises:
        InputError: When the file cannot be read, is not well-formed, or is not DDI-Lifecycle.
    """
    return _Reader(Path(path)).run()


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.issues: list[Issue] = []
        self.index = IdentifiableIndex()
        self.state = _State()
        self.version = "3.3"
        self.handlers: dict[str, Callable[[_Element], None]] = {
            **dict.fromkeys(_QUESTION_TAGS, self._question),
            **dict.fromkeys(_CONSTRUCT_TAGS, self._construct),
            _t("l", "CodeList"): self._code_list,
            _t("l", "Category"): self._category,
            _t("l", "Variable"): self._variable,
            _t("l", "RepresentedVariable"): self._variable,
            _t("c", "Concept"): self._concept,
            _t("c", "Universe"): self._universe,
            _t("d", "Instruction"): self._instruction,
            _t("d", "Instrument"): self._instrument,
            _t("d", "GenerationInstruction"): self._generation_instruction,
            _t("cm", "Comparison"): self._comparison,
        }
        self.containers: dict[str, Callable[[_Element], None]] = {
            _t("s", "StudyUnit"): self._study,
            _t("c", "ConceptScheme"): self._concept_scheme,
            _t("ddi", "DDIInstance"): self._instance,
        }

    # --- findings -------------------------------------------------------------------------

    def issue(
        self,
        code: str,
        severity: Severity,
        message: str,
        *,
        line: int | None = None,
        urn: Urn | None = None,
        hint: str | None = None,
    ) -> None:
        location = Location(file=str(self.path), line=line, urn=str(urn) if urn else None)
        self.issues.append(
            Issue(code=code, severity=severity, message=message, location=location, hint=hint)
        )

    # --- the streaming pass -------------------------------------------------------------------

    def run(self) -> tuple[MetadataPackage, Report]:
        for _event, root in iterparse_safely(self.path, events=("start",)):
            self._check_root(root)
            break
        wanted = set(self.handlers) | set(self.containers)
        suffix = "3_2" if self.version == "3.2" else "3_3"
        tags = sorted(t.replace(":3_3}", f":{suffix}}}") for t in wanted)
        depth = 0
        for event, elem in iterparse_safely(self.path, events=("start", "end"), tag=tags):
            t = normalise(elem.tag)
            if event == "start":
                if t in self.handlers:
                    depth += 1
                continue
            if t in self.handlers:
                depth -= 1
                if depth == 0:
                    self.handlers[t](elem)
                    parent = elem.getparent()
                    if parent is not None:
                        parent.remove(elem)
            elif depth == 0 and t in self.containers:
                self.containers[t](elem)
        return self._package(), Report.of(self.issues, inputs=[str(self.path)])

    def _check_root(self, elem: _Element) -> None:
        ns = namespace_of(elem.tag)
        if not is_ddi_lifecycle(ns):
            hint = "this reader takes DDI-Lifecycle 3.3 or 3.2 XML"
            if ns.startswith("ddi:codebook") or "icpsr" in ns or ns == "":
                hint = "this looks like DDI-Codebook; use the DDI-Codebook reader"
            raise InputError(
                f"not a DDI-Lifecycle document: root element {_local(elem.tag)!r} in namespace "
                f"{ns or '(none)'!r}",
                path=self.path,
                line=elem.sourceline,
                hint=hint,
            )
        self.version = version_of(ns) or "3.3"

    def _identify(self, elem: _Element) -> Urn | None:
        """Identity of an item, added to the index; None (and an issue) when unusable."""
        try:
            urn = identity(elem)
        except IdentityError as exc:
            self.issue(
                "ddil-missing-identifier",
                Severity.ERROR,
                f"{_local(elem.tag)} has no usable identification: {exc}",
                line=elem.sourceline,
                hint="give the object an r:URN or r:Agency + r:ID + r:Version",
            )
            return None
        earlier = self.index.add(urn, _local(elem.tag), elem.sourceline)
        if earlier is not None:
            self.issue(
                "ddil-duplicate-urn",
                Severity.ERROR,
                f"{_local(elem.tag)} {urn} is already defined (line {earlier.line}); "
                "the first definition is kept",
                line=elem.sourceline,
                urn=urn,
                hint="give each version of an object its own URN",
            )
            return None
        if _local(elem.tag) not in _NOT_COUNTED:
            self.state.agencies[urn.agency] += 1
        return urn

    def _reference(self, elem: _Element | None) -> Reference | None:
        if elem is None:
            return None
        try:
            return reference(elem)
        except IdentityError as exc:
            self.issue(
                "ddil-invalid-reference",
                Severity.ERROR,
                f"{_local(elem.tag)} cannot be used: {exc}",
                line=elem.sourceline,
            )
            return None

    def _references(self, elem: _Element, *tags: str) -> list[Reference]:
        refs = (self._reference(child) for child in _children(elem, *tags))
        return [r for r in refs if r is not None]

    # --- item handlers --------------------------------------------------------------------

    def _representation(self, node: _Element, kind: str) -> _Representation:
        rep = _Representation(kind=kind)
        rep.code_list = self._reference(_first(node, _t("r", "CodeListReference")))
        rep.decimals = _int(node.get("decimalPositions"))
        rep.max_length = _int(node.get("maxLength"))
        rep.missing_values = tuple((node.get("missingValue") or "").split())
        unit = _first(node, _t("r", "MeasurementUnit"))
        rep.unit = text_of(unit) or None if unit is not None else None
        number_range = _first(node, _t("r", "NumberRange"))
        if number_range is not None:
            low = _first(number_range, _t("r", "Low"), _t("r", "LowDouble"))
            high = _first(number_range, _t("r", "High"), _t("r", "HighDouble"))
            rep.minimum = _float(text_of(low)) if low is not None else None
            rep.maximum = _float(text_of(high)) if high is not None else None
        return rep

    def _question(self, elem: _Element) -> None:
        urn = self._identify(elem)
        if urn is None:
            return
        grid = _local(elem.tag) == "QuestionGrid"
        domain = _Representation(kind=ResponseDomainKind.MULTIPLE.value if grid else "")
        if not grid:
            for child in elem:
                if isinstance(child.tag, str) and normalise(child.tag) in _DOMAINS:
                    domain = self._representation(child, _DOMAINS[normalise(child.tag)].value)
                    break
        name_tag = _t("d", "QuestionGridName" if grid else "QuestionItemName")
        self.state.questions.append(
            _QuestionRecord(
                urn=urn,
                line=elem.sourceline,
                name=_name(elem, name_tag),
                text=_dynamic_text(_children(elem, _t("d", "QuestionText"))),
                domain=domain,
                concepts=self._references(elem, _t("r", "ConceptReference")),
                instructions=self._references(elem, _t("d", "InterviewerInstructionReference")),
                pairs=user_pairs(elem),
            )
        )

    def _code_list(self, elem: _Element) -> None:
        urn = self._identify(elem)
        if urn is None:
            return
        codes: list[_CodeRecord] = []

        def walk(holder: _Element, level: int | None, parent: str | None) -> None:
            for code in _children(holder, _t("l", "Code")):
                try:
                    code_urn = identity(code)
                except IdentityError:
                    code_urn = None
                value = text_of(_first(code, _t("r", "Value")))
                if code_urn is not None:
                    self.state.code_values[code_urn] = value
                this_level = level if level is not None else (_int(code.get("levelNumber")) or 1)
                codes.append(
                    _CodeRecord(
                        value=value,
                        category=self._reference(_first(code, _t("r", "CategoryReference"))),
                        level=max(this_level, 1),
                        parent=parent,
                        line=code.sourceline,
                    )
                )
                walk(code, this_level + 1, value)

        walk(elem, None, None)
        self.state.code_lists.append(
            _CodeListRecord(
                urn=urn,
                line=elem.sourceline,
                name=_name(elem, _t("l", "CodeListName")),
                label=_labels(elem, _t("r", "Label")),
                codes=codes,
            )
        )

    def _category(self, elem: _Element) -> None:
        urn = self._identify(elem)
        if urn is None:
            return
        self.state.categories[urn] = _CategoryRecord(
            urn=urn,
            label=_labels(elem, _t("r", "Label"), _t("l", "CategoryName")),
            description=_labels(elem, _t("r", "Description")),
            missing=(elem.get("isMissing") or "").strip() in ("true", "1"),
            pairs=user_pairs(elem),
        )

    def _variable(self, elem: _Element) -> None:
        urn = self._identify(elem)
        if urn is None:
            return
        core = _local(elem.tag) == "RepresentedVariable"
        holder = elem if core else _first(elem, _t("l", "VariableRepresentation"))
        representation = _Representation()
        if holder is not None:
            for child in holder:
                kind = (
                    _VALUE_REPRESENTATIONS.get(normalise(child.tag))
                    if isinstance(child.tag, str)
                    else None
                )
                if kind is not None:
                    representation = self._representation(child, kind.value)
                    break
        name_tag = _t("l", "RepresentedVariableName" if core else "VariableName")
        self.state.variables.append(
            _VariableRecord(
                urn=urn,
                line=elem.sourceline,
                core=core,
                name=_name(elem, name_tag) or urn.id,
                label=_labels(elem, _t("r", "Label")),
                notes=_labels(elem, _t("r", "Description")),
                source=self._reference(_first(elem, _t("r", "SourceVariableReference"))),
                represented=self._reference(_first(elem, _t("r", "RepresentedVariableReference"))),
                universe=self._reference(_first(elem, _t("r", "UniverseReference"))),
                concepts=self._references(elem, _t("r", "ConceptReference")),
                question=self._reference(_first(elem, _t("r", "QuestionReference"))),
                representation=representation,
                is_weight=(elem.get("isWeight") or "").strip() in ("true", "1"),
                pairs=user_pairs(elem),
            )
        )

    def _concept(self, elem: _Element) -> None:
        urn = self._identify(elem)
        if urn is None:
            return
        pairs = user_pairs(elem)
        parent = elem.getparent()
        scheme: Urn | None = None
        in_scheme = parent is not None and normalise(parent.tag) == _t("c", "ConceptScheme")
        if in_scheme:
            try:
                scheme = identity(parent)
            except IdentityError:
                scheme = None
        elif pairs.get(PAIR_PREFIX + "scheme"):
            try:
                scheme = Urn.parse(pairs[PAIR_PREFIX + "scheme"], require_version=False)
            except ValueError:
                scheme = None
        broader = [r.urn for r in self._references(elem, _t("c", "SubclassOfReference"))]
        concept = Concept(
            urn=urn,
            iri=pairs.get(PAIR_PREFIX + "iri"),
            label=_labels(elem, _t("r", "Label"), _t("c", "ConceptName")),
            definition=_labels(elem, _t("r", "Description")),
            notation=pairs.get(PAIR_PREFIX + "notation"),
            broader=tuple(broader),
            scheme=scheme,
        )
        self.state.concepts.setdefault(scheme if in_scheme else None, []).append(concept)

    def _concept_scheme(self, elem: _Element) -> None:
        try:
            urn = identity(elem)
        except IdentityError as exc:
            self.issue(
                "ddil-missing-identifier",
                Severity.ERROR,
                f"ConceptScheme has no usable identification: {exc}",
                line=elem.sourceline,
            )
            return
        self.state.schemes.append(
            (
                urn,
                _labels(elem, _t("r", "Label"), _t("c", "ConceptSchemeName")),
                user_pairs(elem).get(PAIR_PREFIX + "iri"),
            )
        )

    def _universe(self, elem: _Element) -> None:
        urn = self._identify(elem)
        if urn is None:
            return
        condition: str | None = None
        for code in _children(elem, _t("c", "UniverseGenerationCode")):
            for command in _children(code, _t("r", "Command")):
                content = _first(command, _t("r", "CommandContent"))
                if content is not None and text_of(content):
                    condition = text_of(content)
                    break
            if condition:
                break
        self.state.universes[urn] = Universe(
            urn=urn,
            text=_labels(elem, _t("r", "Description"), _t("r", "Label")),
            included=(elem.get("isInclusive") or "true").strip() not in ("false", "0"),
            condition=condition,
        )

    def _instruction(self, elem: _Element) -> None:
        urn = self._identify(elem)
        if urn is None:
            return
        self.state.instructions[urn] = _dynamic_text(_children(elem, _t("d", "InstructionText")))

    def _construct(self, elem: _Element) -> None:
        urn = self._identify(elem)
        if urn is None:
            return
        children = [
            r
            for node in elem.iter()
            if node is not elem
            and isinstance(node.tag, str)
            and normalise(node.tag) in _CHILD_CONSTRUCT_REFS
            and (r := self._reference(node)) is not None
        ]
        self.state.constructs[urn] = _ConstructRecord(
            urn=urn,
            line=elem.sourceline,
            kind=_local(elem.tag),
            name=_name(elem, _t("d", "ConstructName")),
            label=_labels(elem, _t("r", "Label")),
            children=children,
            question=self._reference(_first(elem, _t("r", "QuestionReference"))),
            universe=self._reference(_first(elem, _t("r", "UniverseReference"))),
            instructions=self._references(elem, _t("d", "InterviewerInstructionReference")),
        )

    def _instrument(self, elem: _Element) -> None:
        urn = self._identify(elem)
        if urn is None:
            return
        kind_text = text_of(_first(elem, _t("d", "TypeOfInstrument")))
        kinds = {k.value: k for k in InstrumentKind}
        kind = (
            kinds.get(kind_text, InstrumentKind.OTHER)
            if kind_text
            else InstrumentKind.QUESTIONNAIRE
        )
        self.state.instruments.append(
            _InstrumentRecord(
                urn=urn,
                line=elem.sourceline,
                name=_name(elem, _t("d", "InstrumentName")),
                label=_labels(elem, _t("r", "Label")),
                kind=kind,
                top=self._reference(_first(elem, _t("d", "ControlConstructReference"))),
                languages=tuple(
                    text_of(x) for x in _children(elem, _t("d", "FieldedLanguages")) if text_of(x)
                ),
            )
        )

    def _generation_instruction(self, elem: _Element) -> None:
        self._identify(elem)

    def _comparison(self, elem: _Element) -> None:
        # Kept (detached, small) until every code list and category has been read.
        if self._identify(elem) is not None:
            self.state.comparisons.append(elem)

    def _instance(self, elem: _Element) -> None:
        """A StudyUnit without a title takes the DDIInstance's citation title."""
        study = self.state.study
        citation = _first(elem, _t("r", "Citation"))
        if study is None or study.title or citation is None:
            return
        title = _labels(citation, _t("r", "Title"))
        if title:
            self.state.study = study.model_copy(update={"title": title})

    def _study(self, elem: _Element) -> None:
        try:
            urn = identity(elem)
        except IdentityError as exc:
            self.issue(
                "ddil-missing-identifier",
                Severity.ERROR,
                f"StudyUnit has no usable identification: {exc}",
                line=elem.sourceline,
            )
            return
        if self.state.study is not None:
            return
        pairs = user_pairs(elem)
        citation = _first(elem, _t("r", "Citation"))
        kinds = {k.value: k for k in StudyKind}
        kind_text = text_of(_first(elem, _t("s", "TypeOfStudyUnit")))
        languages = pairs.get(PAIR_PREFIX + "languages", "")
        self.state.study = Study(
            urn=urn,
            title=_labels(citation, _t("r", "Title")) if citation is not None else LocalizedText(),
            alternative_title=(
                _labels(citation, _t("r", "AlternateTitle"))
                if citation is not None
                else LocalizedText()
            ),
            abstract=_labels(elem, _t("r", "Abstract")),
            kind=kinds.get(kind_text, StudyKind.OTHER) if kind_text else StudyKind.SURVEY,
            country=pairs.get(PAIR_PREFIX + "country") or None,
            year=_int(pairs.get(PAIR_PREFIX + "year")),
            languages=tuple(languages.split()),
        )

    # --- resolution -------------------------------------------------------------------------

    def resolve(self, ref: Reference | None, what: str, check: bool = True) -> Urn | None:
        """The held URN a reference points to (latest version when unpinned)."""
        if ref is None:
            return None
        target = ref.urn.unversioned() if ref.late_bound else ref.urn
        resolved = self.index.resolve(target)
        if not ref.urn.is_pinned or ref.late_bound:
            self.issue(
                "ddil-late-bound-reference",
                Severity.WARNING,
                f"reference to {what} {ref.urn} is not version-pinned; "
                + (f"resolved to {resolved}" if resolved else "nothing to resolve it to"),
                line=ref.line,
                urn=ref.urn,
                hint="pin every reference to one version (STANDARDS.md §6.4 rule 3)",
            )
        if resolved is None:
            if check:
                self.issue(
                    "ddil-dangling-reference",
                    Severity.WARNING,
                    f"reference to {what} {ref.urn} does not resolve in this file",
                    line=ref.line,
                    urn=ref.urn,
                    hint="include the referenced object or check its agency, ID and version",
                )
            return ref.urn
        return resolved

    def _resolve_many(self, refs: Iterable[Reference], what: str, check: bool) -> list[Urn]:
        out: list[Urn] = []
        for r in refs:
            urn = self.resolve(r, what, check)
            if urn is not None:
                out.append(urn)
        return out

    def _instruction_text(self, refs: Iterable[Reference]) -> LocalizedText:
        parts: dict[str, list[str]] = {}
        for r in refs:
            urn = self.resolve(r, "interviewer instruction")
            text = self.state.instructions.get(urn) if urn is not None else None
            for lang, value in text.items() if text is not None else ():
                parts.setdefault(lang, []).append(value)
        return LocalizedText({lang: "\n".join(v) for lang, v in parts.items()})

    def _universe_of(self, ref: Reference | None) -> Universe | None:
        urn = self.resolve(ref, "universe")
        if urn is None:
            return None
        return self.state.universes.setdefault(urn, Universe(urn=urn))

    def _flow(self, start: Urn, seen: set[Urn]) -> Iterator[_ConstructRecord]:
        """QuestionConstructs reachable from a construct, depth-first in document order."""
        if start in seen:
            return
        seen.add(start)
        record = self.state.constructs.get(start)
        if record is None:
            return
        if record.kind == "QuestionConstruct":
            yield record
        for child in record.children:
            urn = self.resolve(child, "control construct")
            if urn is not None:
                yield from self._flow(urn, seen)

    def _modules(
        self, top: _ConstructRecord
    ) -> list[tuple[str, LocalizedText, list[_ConstructRecord]]]:
        modules: list[tuple[str, LocalizedText, list[_ConstructRecord]]] = []
        seen: set[Urn] = {top.urn}
        stray: list[_ConstructRecord] = []
        children = top.children if top.kind == "Sequence" else []
        if top.kind != "Sequence":
            seen.discard(top.urn)
            stray = list(self._flow(top.urn, seen))
        for child in children:
            urn = self.resolve(child, "control construct")
            record = self.state.constructs.get(urn) if urn is not None else None
            if record is None or urn is None:
                continue
            if record.kind == "Sequence":
                if stray:
                    modules.append((top.name, top.label, stray))
                    stray = []
                modules.append((record.name, record.label, list(self._flow(urn, seen))))
            else:
                stray.extend(self._flow(urn, seen))
        if stray:
            modules.append((top.name, top.label, stray))
        return modules

    def _package(self) -> MetadataPackage:
        s = self.state
        # Instruments, and the module/position of each question from the flow.
        placed: dict[Urn, tuple[str | None, int]] = {}
        construct_of: dict[Urn, _ConstructRecord] = {}
        for record in s.constructs.values():
            if record.question is not None:
                q_urn = self.resolve(record.question, "question")
                if q_urn is not None and q_urn not in construct_of:
                    construct_of[q_urn] = record
        instruments: list[Instrument] = []
        for inst in s.instruments:
            modules: list[Module] = []
            top_urn = self.resolve(inst.top, "control construct")
            top = s.constructs.get(top_urn) if top_urn is not None else None
            position = 0
            for name, label, flow in self._modules(top) if top is not None else []:
                members: list[Urn] = []
                for qc in flow:
                    q_urn = self.resolve(qc.question, "question")
                    if q_urn is None or q_urn in members:
                        continue
                    members.append(q_urn)
                    position += 1
                    placed.setdefault(q_urn, (name or None, position))
                modules.append(Module(name=name, label=label, questions=tuple(members)))
            instruments.append(
                Instrument(
                    urn=inst.urn,
                    name=inst.name,
                    label=inst.label,
                    kind=inst.kind,
                    modules=tuple(modules),
                    languages=inst.languages,
                )
            )
        questions = [self._question_model(q, construct_of.get(q.urn), placed) for q in s.questions]
        # codes a response domain or representation declares missing (@missingValue, §2.6)
        declared: dict[Urn, set[str]] = {}
        for rep in [q.domain for q in s.questions] + [v.representation for v in s.variables]:
            if rep.code_list is not None and rep.missing_values:
                held = self.index.resolve(rep.code_list.urn) or rep.code_list.urn
                declared.setdefault(held, set()).update(rep.missing_values)
        code_lists = [self._code_list_model(cl, declared.get(cl.urn, set())) for cl in s.code_lists]
        variables: list[Variable] = []
        core: list[CoreVariable] = []
        for v in s.variables:
            model = self._variable_model(v)
            if isinstance(model, CoreVariable):
                core.append(model)
            else:
                variables.append(model)
        schemes = [
            ConceptScheme(urn=urn, label=label, iri=iri, concepts=tuple(s.concepts.get(urn, ())))
            for urn, label, iri in s.schemes
        ]
        crosswalks = self._crosswalks(code_lists)
        agency = min(s.agencies, key=lambda a: (-s.agencies[a], a)) if s.agencies else None
        return MetadataPackage(
            source_format=(
                SourceFormat.DDI_LIFECYCLE_3_2
                if self.version == "3.2"
                else SourceFormat.DDI_LIFECYCLE_3_3
            ),
            agency=agency,
            study=s.study,
            instruments=tuple(instruments),
            questions=tuple(questions),
            code_lists=tuple(code_lists),
            variables=tuple(variables),
            core_variables=tuple(core),
            concept_schemes=tuple(schemes),
            concepts=tuple(s.concepts.get(None, ())),
            universes=tuple(s.universes[u] for u in sorted(s.universes)),
            crosswalks=tuple(crosswalks),
        )

    def _question_model(
        self,
        q: _QuestionRecord,
        construct: _ConstructRecord | None,
        placed: dict[Urn, tuple[str | None, int]],
    ) -> Question:
        d = q.domain
        kind = _DOMAIN_KINDS.get(q.pairs.get(PAIR_PREFIX + "responseKind", ""))
        if kind is None:
            kind = _DOMAIN_KINDS.get(d.kind, ResponseDomainKind.OTHER)
        domain = ResponseDomain(
            kind=kind,
            code_list=self.resolve(d.code_list, "code list"),
            minimum=d.minimum,
            maximum=d.maximum,
            decimals=d.decimals,
            max_length=d.max_length,
            unit=d.unit,
        )
        refs = list(q.instructions) + (construct.instructions if construct is not None else [])
        module = q.pairs.get(PAIR_PREFIX + "module")
        sequence = _int(q.pairs.get(PAIR_PREFIX + "sequence"))
        if module is None and sequence is None and q.urn in placed:
            module, sequence = placed[q.urn]
        return Question(
            urn=q.urn,
            name=q.name,
            text=q.text,
            pre_text=_localized_pairs(q.pairs, "preText"),
            post_text=_localized_pairs(q.pairs, "postText"),
            interviewer_instructions=self._instruction_text(refs),
            response_domain=domain,
            universe=self._universe_of(construct.universe) if construct is not None else None,
            concepts=tuple(self._resolve_many(q.concepts, "concept", check=False)),
            module=module,
            sequence=sequence,
            reference_period=q.pairs.get(PAIR_PREFIX + "referencePeriod"),
        )

    def _code_list_model(self, cl: _CodeListRecord, declared_missing: set[str]) -> CodeList:
        codes: list[Code] = []
        for c in cl.codes:
            cat_urn = self.resolve(c.category, "category")
            record = self.state.categories.get(cat_urn) if cat_urn is not None else None
            if record is None:
                codes.append(
                    Code(
                        value=c.value,
                        category=Category(urn=cat_urn),
                        missing=c.value in declared_missing,
                        level=c.level,
                        parent=c.parent,
                    )
                )
                continue
            missing_type = _MISSING_TYPES.get(record.pairs.get(PAIR_PREFIX + "missingType", ""))
            missing = record.missing or c.value in declared_missing
            codes.append(
                Code(
                    value=c.value,
                    category=Category(
                        urn=record.urn, label=record.label, description=record.description
                    ),
                    missing=missing,
                    missing_type=missing_type if missing else None,
                    missing_type_text=record.pairs.get(PAIR_PREFIX + "missingTypeText"),
                    level=c.level,
                    parent=c.parent,
                )
            )
        return CodeList(urn=cl.urn, name=cl.name, label=cl.label, codes=tuple(codes))

    def _variable_model(self, v: _VariableRecord) -> Variable:
        rep = v.representation
        extra: list[Urn] = []
        for text in v.pairs.get(PAIR_PREFIX + "moreConcepts", "").split():
            try:
                extra.append(Urn.parse(text, require_version=False))
            except ValueError:
                continue
        concepts = tuple(self._resolve_many(v.concepts, "concept", check=False)) + tuple(extra)
        common: dict[str, Any] = {
            "urn": v.urn,
            "name": v.name,
            "label": v.label,
            "notes": v.notes,
            "code_list": self.resolve(rep.code_list, "code list"),
            "representation": _REPRESENTATION_KINDS.get(rep.kind, RepresentationKind.OTHER),
            "decimals": rep.decimals,
            "minimum": rep.minimum,
            "maximum": rep.maximum,
            "concepts": concepts,
        }
        if v.core:
            question_text = v.pairs.get(PAIR_PREFIX + "question")
            question = (
                Urn.parse(question_text, require_version=False)
                if question_text and Urn.is_urn(question_text)
                else None
            )
            return CoreVariable(
                **common, module=v.pairs.get(PAIR_PREFIX + "module"), question=question
            )
        return Variable(
            **common,
            question=self.resolve(v.question, "question", check=False),
            universe=self._universe_of(v.universe),
            source_variable=self.resolve(v.source, "variable", check=False),
            represented_variable=self.resolve(v.represented, "represented variable", check=False),
            is_weight=v.is_weight,
            weight_variable=v.pairs.get(PAIR_PREFIX + "weightVariable"),
            study=_urn_or_none(v.pairs.get(PAIR_PREFIX + "study")),
        )

    def _crosswalks(self, code_lists: list[CodeList]) -> list[Crosswalk]:
        if not self.state.comparisons:
            return []
        by_category: dict[Urn, dict[Urn, str]] = {}
        for cl in code_lists:
            for code in cl.codes:
                if code.category.urn is not None:
                    by_category.setdefault(code.category.urn, {})[cl.urn] = code.value
        context = ComparisonContext(
            path=str(self.path),
            resolve=lambda ref: self.index.resolve(ref.urn) or ref.urn,
            category_values=by_category,
            code_values=self.state.code_values,
        )
        out: list[Crosswalk] = []
        for elem in self.state.comparisons:
            crosswalk, issues = read_comparison(elem, context)
            self.issues.extend(issues)
            if crosswalk is not None:
                out.append(crosswalk)
        return out
