"""Writer for DDI-Lifecycle 3.3: a MetadataPackage as one ``FragmentInstance``.

Implements STANDARDS.md §2.2 (the recommended registry exchange form: one FragmentInstance, each
``Fragment`` holding one maintainable object, references by URN), §2.6 (QuestionItem, response
domains, Instrument/Sequence/QuestionConstruct, interviewer instructions), §2.7 (CategoryScheme,
CodeList/Code, VariableScheme/Variable, RepresentedVariable for core variables), §2.8 (concepts,
universes) and, through :mod:`.comparative`, §2.10 (crosswalks as ``cm:Comparison``). Element order
follows the 3.3 XSD; the output validates against ``instance.xsd``.

Identifiers the writer mints (deterministic, from the owner's URN): ``<list>-CS`` category schemes,
``<list>-CAT<n>`` categories without a URN, ``<list>.C<n>`` codes, ``<question>-QC`` question
constructs, ``<question>-II`` interviewer instructions, ``<instrument>-SEQ`` and
``<instrument>-SEQ-M<n>`` sequences, ``<item>-U`` universes without a URN, and
``<base>-QS``/``-IIS``/``-CCS``/``-INS``/``-US``/``-VS``/``-RVS`` schemes, where ``<base>`` is the
study ID (else the first instrument's ID, else ``HARMONISE``).

Question and instruction texts in several languages: each language gets its own QuestionText
(the schema asks for the full text per language, §2.6); a language other than the source
language (the study's first language, else ``en``) is marked ``isTranslated="true"`` with
``translationSourceLanguage``.

Deviations (model fields DDI-L 3.3 has no element for are written as ``r:UserAttributePair`` with
an ``harmonise:`` key): question module/sequence/pre- and post-text/reference period, a response
domain kind other than code/numeric/text/datetime, category missing type, study country/year/
languages, variable weight name/study/extra concepts, core-variable module/question. Not written:
variable statistics, frequencies, fixed-width location, file IDs, inline concept labels and
derivation text, concept alternative labels, and the study's DDI-C-only fields (producers,
sampling, fieldwork dates...).
"""

from __future__ import annotations

from collections.abc import Iterable
from math import isfinite
from pathlib import Path

from harmonise.config import DEFAULT_AGENCY
from harmonise.formats.ddi_lifecycle.comparative import comparison_fragments
from harmonise.formats.ddi_lifecycle.elements import (
    Element,
    category_scheme_urn,
    code_urn,
    contents,
    decimal_text,
    el,
    fragment_instance,
    head,
    minted_category_urn,
    name,
    ref,
    strings,
    sub,
)
from harmonise.formats.ddi_lifecycle.namespaces import XML_LANG
from harmonise.model.codelist import Code, CodeList
from harmonise.model.concept import Concept, ConceptScheme
from harmonise.model.package import MetadataPackage
from harmonise.model.question import (
    Instrument,
    Question,
    ResponseDomain,
    ResponseDomainKind,
    Universe,
)
from harmonise.model.study import Study
from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn
from harmonise.model.variable import CoreVariable, RepresentationKind, Variable

#: Response-domain kinds written as a DDI domain element of their own.
_DOMAIN_KINDS = {
    ResponseDomainKind.CODE: "CodeDomain",
    ResponseDomainKind.NUMERIC: "NumericDomain",
    ResponseDomainKind.TEXT: "TextDomain",
    ResponseDomainKind.DATETIME: "DateTimeDomain",
}
#: Program language of universe conditions (the registry's safe expression form).
EXPRESSION_LANGUAGE = "harmonise-expression"


def ddi_lifecycle_bytes(package: MetadataPackage) -> bytes:
    """Serialise a package as a DDI-L 3.3 FragmentInstance.

    Args:
        package: Everything to write; crosswalks become ``cm:Comparison`` fragments.

    Returns:
        UTF-8 XML bytes, valid against the DDI-L 3.3 ``instance.xsd``.
    """
    writer = _PackageWriter(package)
    return fragment_instance(writer.fragments(), writer.top_references())


def write_ddi_lifecycle(package: MetadataPackage, path: str | Path) -> None:
    """Write a package as a DDI-L 3.3 FragmentInstance file (see :func:`ddi_lifecycle_bytes`)."""
    Path(path).write_bytes(ddi_lifecycle_bytes(package))


def _localized_pairs(prefix: str, text: LocalizedText) -> dict[str, str | None]:
    return {f"{prefix}@{lang}" if lang else prefix: value for lang, value in text.items()}


class _PackageWriter:
    """Builds the fragments of one package, minting the identifiers listed in the module doc."""

    def __init__(self, package: MetadataPackage) -> None:
        self.package = package
        study = package.study
        first = package.instruments[0].urn if package.instruments else None
        owner = study.urn if study is not None else first
        self.agency = package.agency or (owner.agency if owner else DEFAULT_AGENCY)
        self.base = owner.id if owner is not None else "HARMONISE"
        self.version = (owner.version if owner is not None else None) or "1.0.0"
        #: Language texts were written in: the study's first language, else English.
        self.source_language = study.languages[0] if study and study.languages else None
        self.universes: dict[Urn, Universe] = {u.urn: u for u in package.universes if u.urn}
        self._tops: list[tuple[Urn, str]] = []

    # --- helpers ---------------------------------------------------------------------------

    def _scheme(self, prefix: str, local: str, suffix: str) -> Element:
        urn = Urn(self.agency, f"{self.base}-{suffix}", self.version)
        node = el(prefix, local)
        head(node, urn)
        self._tops.append((urn, local))
        return node

    def _universe_urn(self, owner: Urn, universe: Universe) -> Urn:
        urn = universe.urn or Urn(owner.agency, f"{owner.id}-U", owner.version)
        self.universes.setdefault(urn, universe.model_copy(update={"urn": urn}))
        return urn

    def top_references(self) -> list[Element]:
        """TopLevelReferences to every maintainable written (call after :meth:`fragments`)."""
        return [ref("ddi", "TopLevelReference", u, kind) for u, kind in self._tops]

    # --- fragments ---------------------------------------------------------------------------

    def fragments(self) -> list[Element]:
        """Every fragment of the package, in a stable order."""
        p = self.package
        out: list[Element] = []
        if p.study is not None:
            out.append(self._study(p.study))
        out.extend(self._concept_scheme(s) for s in p.concept_schemes)
        out.extend(self._concept(c, in_scheme=None) for c in p.concepts)
        # Questions and variables may mint universes, so build them before the UniverseScheme.
        categories: list[Element] = []
        lists: list[Element] = []
        seen_categories: set[Urn] = set()
        for cl in p.code_lists:
            scheme, code_list = self._code_list(cl, seen_categories)
            categories.append(scheme)
            lists.append(code_list)
        questions = self._questions(p.questions) if p.questions else []
        constructs = self._constructs(p.questions, p.instruments)
        instruments = self._instruments(p.instruments) if p.instruments else []
        variables = self._variables(p.variables) if p.variables else []
        core = self._core_variables(p.core_variables) if p.core_variables else []
        if self.universes:
            out.append(self._universe_scheme())
        out.extend(categories)
        out.extend(lists)
        out.extend(questions)
        out.extend(constructs)
        out.extend(instruments)
        out.extend(variables)
        out.extend(core)
        crosswalk_nodes, crosswalk_tops = comparison_fragments(p.crosswalks, p.code_lists)
        out.extend(crosswalk_nodes)
        self._tops.extend(crosswalk_tops)
        return out

    def _study(self, study: Study) -> Element:
        node = el("s", "StudyUnit")
        pairs: dict[str, str | None] = {
            "country": study.country,
            "year": str(study.year) if study.year is not None else None,
            "languages": " ".join(study.languages) or None,
        }
        head(node, study.urn, pairs)
        self._tops.append((study.urn, "StudyUnit"))
        sub(node, "s", "TypeOfStudyUnit", study.kind.value)
        if study.title or study.alternative_title:
            citation = sub(node, "r", "Citation")
            strings(citation, "r", "Title", study.title)
            strings(citation, "r", "AlternateTitle", study.alternative_title)
        contents(node, "r", "Abstract", study.abstract)
        return node

    def _concept(self, concept: Concept, in_scheme: Urn | None) -> Element:
        node = el("c", "Concept")
        pairs: dict[str, str | None] = {"iri": concept.iri, "notation": concept.notation}
        if concept.scheme is not None and concept.scheme != in_scheme:
            pairs["scheme"] = str(concept.scheme)
        head(node, concept.urn, pairs)
        contents(node, "r", "Label", concept.label)
        contents(node, "r", "Description", concept.definition)
        for broader in concept.broader:
            node.append(ref("c", "SubclassOfReference", broader, "Concept"))
        return node

    def _concept_scheme(self, scheme: ConceptScheme) -> Element:
        node = el("c", "ConceptScheme")
        head(node, scheme.urn, {"iri": scheme.iri})
        self._tops.append((scheme.urn, "ConceptScheme"))
        contents(node, "r", "Label", scheme.label)
        for concept in scheme.concepts:
            node.append(self._concept(concept, in_scheme=scheme.urn))
        return node

    def _universe_scheme(self) -> Element:
        node = self._scheme("c", "UniverseScheme", "US")
        for urn in sorted(self.universes):
            universe = self.universes[urn]
            item = sub(node, "c", "Universe", isInclusive="true" if universe.included else "false")
            head(item, urn)
            contents(item, "r", "Description", universe.text)
            if universe.condition:
                code = sub(item, "c", "UniverseGenerationCode")
                command = sub(code, "r", "Command")
                sub(command, "r", "ProgramLanguage", EXPRESSION_LANGUAGE)
                sub(command, "r", "CommandContent", universe.condition)
        return node

    def _code_list(self, cl: CodeList, seen: set[Urn]) -> tuple[Element, Element]:
        scheme_urn = category_scheme_urn(cl.urn)
        scheme = el("l", "CategoryScheme")
        head(scheme, scheme_urn)
        self._tops.append((scheme_urn, "CategoryScheme"))
        node = el("l", "CodeList")
        head(node, cl.urn)
        self._tops.append((cl.urn, "CodeList"))
        name(node, "l", "CodeListName", cl.name)
        contents(node, "r", "Label", cl.label)
        node.append(ref("r", "CategorySchemeReference", scheme_urn, "CategoryScheme"))
        parent_of: dict[str, str | None] = {}
        for code in cl.codes:
            parent_of.setdefault(code.value, code.parent)

        def nests(value: str) -> bool:
            # a code nests under its parent only when its chain of parents has no cycle
            visited: set[str] = set()
            current = value
            while current not in visited:
                visited.add(current)
                parent = parent_of.get(current)
                if parent is None or parent not in parent_of:
                    return True
                current = parent
            return False

        children: dict[str | None, list[tuple[int, Code]]] = {}
        for position, code in enumerate(cl.codes, start=1):
            parent = code.parent
            if parent not in parent_of or parent == code.value or not nests(code.value):
                parent = None
            children.setdefault(parent, []).append((position, code))
        expanded: set[str] = set()

        def emit(holder: Element, parent: str | None) -> None:
            for position, code in children.get(parent, []):
                cat_urn = code.category.urn or minted_category_urn(cl.urn, position)
                if cat_urn not in seen:
                    seen.add(cat_urn)
                    scheme.append(self._category(code, cat_urn))
                item = sub(holder, "l", "Code")
                if parent is None and code.level != 1:
                    item.set("levelNumber", str(code.level))
                head(item, code_urn(cl.urn, position))
                item.append(ref("r", "CategoryReference", cat_urn, "Category"))
                sub(item, "r", "Value", code.value)
                if code.value not in expanded:
                    expanded.add(code.value)
                    emit(item, code.value)

        emit(node, None)
        return scheme, node

    def _category(self, code: Code, urn: Urn) -> Element:
        node = el("l", "Category")
        if code.missing:
            node.set("isMissing", "true")
        head(
            node,
            urn,
            {
                "missingType": code.missing_type.value if code.missing_type else None,
                "missingTypeText": code.missing_type_text,
            },
        )
        contents(node, "r", "Label", code.category.label)
        contents(node, "r", "Description", code.category.description)
        return node

    def _questions(self, questions: Iterable[Question]) -> list[Element]:
        instructions = self._scheme("d", "InterviewerInstructionScheme", "IIS")
        scheme = self._scheme("d", "QuestionScheme", "QS")
        for q in questions:
            scheme.append(self._question(q, instructions))
        has_instructions = len(instructions) > 1
        return [instructions, scheme] if has_instructions else [scheme]

    def _question(self, q: Question, instructions: Element) -> Element:
        node = el("d", "QuestionItem")
        domain = q.response_domain
        pairs: dict[str, str | None] = {
            "module": q.module,
            "sequence": str(q.sequence) if q.sequence is not None else None,
            "referencePeriod": q.reference_period,
            "responseKind": None if domain.kind in _DOMAIN_KINDS else domain.kind.value,
            **_localized_pairs("preText", q.pre_text),
            **_localized_pairs("postText", q.post_text),
        }
        head(node, q.urn, pairs)
        name(node, "d", "QuestionItemName", q.name)
        for lang, text in q.text.items():
            qt = sub(node, "d", "QuestionText")
            if lang:
                qt.set("audienceLanguage", lang)
            literal = sub(qt, "d", "LiteralText")
            self._text(literal, lang, text, q.text)
        self._domain(node, domain)
        for concept in q.concepts:
            node.append(ref("r", "ConceptReference", concept, "Concept"))
        if q.interviewer_instructions:
            urn = Urn(q.urn.agency, f"{q.urn.id}-II", q.urn.version)
            instruction = sub(instructions, "d", "Instruction")
            head(instruction, urn)
            for lang, text in q.interviewer_instructions.items():
                it = sub(instruction, "d", "InstructionText")
                literal = sub(it, "d", "LiteralText")
                self._text(literal, lang, text, q.interviewer_instructions)
            node.append(ref("d", "InterviewerInstructionReference", urn, "Instruction"))
        return node

    def _text(self, parent: Element, lang: str, value: str, whole: LocalizedText) -> None:
        """A ``d:Text``; a language other than the source is marked as its translation."""
        t = sub(parent, "d", "Text", value)
        if not lang:
            return
        t.set(XML_LANG, lang)
        source = self.source_language or ("en" if len(whole.root) > 1 else None)
        if source is not None and lang != source and source in whole.root:
            t.set("isTranslated", "true")
            t.set("translationSourceLanguage", source)

    def _domain(self, parent: Element, domain: ResponseDomain) -> None:
        local = _DOMAIN_KINDS.get(domain.kind)
        if local is None:
            if domain.code_list is not None:
                local = "CodeDomain"
            else:
                return
        node = sub(parent, "d", local)
        _representation_body(node, local, domain.code_list, domain, domain.unit)

    def _constructs(
        self, questions: Iterable[Question], instruments: Iterable[Instrument]
    ) -> list[Element]:
        questions = list(questions)
        instruments = list(instruments)
        if not questions and not instruments:
            return []
        scheme = self._scheme("d", "ControlConstructScheme", "CCS")
        for q in questions:
            qc = sub(scheme, "d", "QuestionConstruct")
            head(qc, _construct_urn(q.urn))
            qc.append(ref("r", "QuestionReference", q.urn, "QuestionItem"))
            if q.universe is not None:
                u = self._universe_urn(q.urn, q.universe)
                qc.append(ref("r", "UniverseReference", u, "Universe"))
        for inst in instruments:
            top = Urn(inst.urn.agency, f"{inst.urn.id}-SEQ", inst.urn.version)
            module_urns = [
                Urn(top.agency, f"{top.id}-M{i}", top.version)
                for i in range(1, len(inst.modules) + 1)
            ]
            seq = sub(scheme, "d", "Sequence")
            head(seq, top)
            name(seq, "d", "ConstructName", inst.name)
            for urn in module_urns:
                seq.append(ref("d", "ControlConstructReference", urn, "Sequence"))
            for urn, module in zip(module_urns, inst.modules, strict=True):
                mseq = sub(scheme, "d", "Sequence")
                head(mseq, urn)
                name(mseq, "d", "ConstructName", module.name)
                contents(mseq, "r", "Label", module.label)
                for q_urn in module.questions:
                    qc_urn = _construct_urn(q_urn)
                    mseq.append(ref("d", "ControlConstructReference", qc_urn, "QuestionConstruct"))
        return [scheme]

    def _instruments(self, instruments: Iterable[Instrument]) -> list[Element]:
        scheme = self._scheme("d", "InstrumentScheme", "INS")
        for inst in instruments:
            node = sub(scheme, "d", "Instrument")
            head(node, inst.urn)
            name(node, "d", "InstrumentName", inst.name)
            contents(node, "r", "Label", inst.label)
            sub(node, "d", "TypeOfInstrument", inst.kind.value)
            top = Urn(inst.urn.agency, f"{inst.urn.id}-SEQ", inst.urn.version)
            node.append(ref("d", "ControlConstructReference", top, "Sequence"))
            for lang in inst.languages:
                sub(node, "d", "FieldedLanguages", lang)
        return [scheme]

    def _variables(self, variables: Iterable[Variable]) -> list[Element]:
        scheme = self._scheme("l", "VariableScheme", "VS")
        for v in variables:
            node = sub(scheme, "l", "Variable")
            if v.is_weight:
                node.set("isWeight", "true")
            extra = " ".join(str(c) for c in v.concepts[1:])
            head(
                node,
                v.urn,
                {
                    "weightVariable": v.weight_variable,
                    "study": str(v.study) if v.study else None,
                    "moreConcepts": extra or None,
                },
            )
            name(node, "l", "VariableName", v.name)
            contents(node, "r", "Label", v.label)
            contents(node, "r", "Description", v.notes)
            if v.source_variable is not None:
                node.append(ref("r", "SourceVariableReference", v.source_variable, "Variable"))
            if v.represented_variable is not None:
                node.append(
                    ref(
                        "r",
                        "RepresentedVariableReference",
                        v.represented_variable,
                        "RepresentedVariable",
                    )
                )
            if v.universe is not None:
                u = self._universe_urn(v.urn, v.universe)
                node.append(ref("r", "UniverseReference", u, "Universe"))
            if v.concepts:
                node.append(ref("r", "ConceptReference", v.concepts[0], "Concept"))
            if v.question is not None:
                node.append(ref("r", "QuestionReference", v.question, "QuestionItem"))
            local = _value_representation(v)
            if local is not None:
                rep = sub(node, "l", "VariableRepresentation")
                value = sub(rep, "r", local)
                _representation_body(value, local, v.code_list, v, None)
        return [scheme]

    def _core_variables(self, variables: Iterable[CoreVariable]) -> list[Element]:
        scheme = self._scheme("l", "RepresentedVariableScheme", "RVS")
        for v in variables:
            node = sub(scheme, "l", "RepresentedVariable")
            head(
                node,
                v.urn,
                {
                    "module": v.module,
                    "question": str(v.question) if v.question else None,
                    "moreConcepts": " ".join(str(c) for c in v.concepts[1:]) or None,
                },
            )
            name(node, "l", "RepresentedVariableName", v.name)
            contents(node, "r", "Label", v.label)
            contents(node, "r", "Description", v.notes)
            if v.concepts:
                node.append(ref("r", "ConceptReference", v.concepts[0], "Concept"))
            local = _value_representation(v)
            if local is not None:
                value = sub(node, "r", local)
                _representation_body(value, local, v.code_list, v, None)
        return [scheme]


def _construct_urn(question: Urn) -> Urn:
    return Urn(question.agency, f"{question.id}-QC", question.version)


def _value_representation(v: Variable) -> str | None:
    if v.code_list is not None or v.representation is RepresentationKind.CODE:
        return "CodeRepresentation"
    return {
        RepresentationKind.NUMERIC: "NumericRepresentation",
        RepresentationKind.TEXT: "TextRepresentation",
        RepresentationKind.DATETIME: "DateTimeRepresentation",
    }.get(v.representation)


def _representation_body(
    node: Element,
    local: str,
    code_list: Urn | None,
    source: ResponseDomain | Variable,
    unit: str | None,
) -> None:
    """Fill a representation or response-domain element in XSD order."""
    if unit:
        sub(node, "r", "MeasurementUnit", unit)
    if local.startswith("Code"):
        if code_list is not None:
            node.append(ref("r", "CodeListReference", code_list, "CodeList"))
    elif local.startswith("Numeric"):
        if source.decimals is not None:
            node.set("decimalPositions", str(source.decimals))
        # xs:decimal has no NaN or infinity: such bounds are left out
        low = source.minimum if source.minimum is not None and isfinite(source.minimum) else None
        high = source.maximum if source.maximum is not None and isfinite(source.maximum) else None
        if low is not None or high is not None:
            number_range = sub(node, "r", "NumberRange")
            if low is not None:
                sub(number_range, "r", "Low", decimal_text(low))
            if high is not None:
                sub(number_range, "r", "High", decimal_text(high))
    elif local.startswith("Text"):
        if isinstance(source, ResponseDomain) and source.max_length is not None:
            node.set("maxLength", str(source.max_length))
    elif local.startswith("DateTime"):
        sub(node, "r", "DateTypeCode", "DateTime")
