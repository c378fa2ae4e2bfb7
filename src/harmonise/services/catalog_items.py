"""From registry content to catalog records: flattening, cross-language enrichment, references.

Turns the model objects of the registry (core package, study versions, vocabularies, crosswalks,
figures) into :class:`~harmonise.store.records.CatalogItem` records for the catalog database and
the search index, and lists every reference that points to nothing (issue 5 §1: the build fails
with a report listing every dangling reference).

Cross-language search (issue 5 §4) is prepared here: each country variable carries, as
"concept text", the labels of its concepts and of the core variable it maps onto (through a
crosswalk or its represented variable) in every language; each core variable carries the
labels of its country variants. A query in Spanish then finds the Albanian variant.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from harmonise.issues import Issue, Location, Report, Severity
from harmonise.model import (
    CodeList,
    Concept,
    ConceptScheme,
    CoreVariable,
    Crosswalk,
    Instrument,
    LocalizedText,
    MetadataPackage,
    Question,
    Study,
    Urn,
    Variable,
    version_key,
)
from harmonise.model.crosswalk import crosswalk_status
from harmonise.store.records import CatalogItem, ItemType


class StudySource(Protocol):
    """What the catalog needs of one study version (``services.registry.StudyVersion``)."""

    @property
    def study_id(self) -> str: ...  # noqa: D102

    @property
    def version(self) -> str: ...  # noqa: D102

    @property
    def path(self) -> Path: ...  # noqa: D102

    @property
    def package(self) -> MetadataPackage: ...  # noqa: D102

    @property
    def qualitative(self) -> MetadataPackage | None: ...  # noqa: D102

    @property
    def crosswalks(self) -> tuple[Crosswalk, ...]: ...  # noqa: D102


class CatalogSource(Protocol):
    """What the catalog needs of the registry (``services.registry.RegistryContent``)."""

    @property
    def core(self) -> MetadataPackage: ...  # noqa: D102

    @property
    def studies(self) -> Sequence[StudySource]: ...  # noqa: D102

    @property
    def concept_schemes(self) -> tuple[ConceptScheme, ...]: ...  # noqa: D102

    @property
    def code_lists(self) -> tuple[CodeList, ...]: ...  # noqa: D102

    @property
    def figures(self) -> tuple[Any, ...]: ...  # noqa: D102

    @property
    def report(self) -> Report: ...  # noqa: D102


@dataclass(frozen=True)
class StudyContent:
    """A study version given directly (tests, imports): the fields of :class:`StudySource`."""

    study_id: str
    version: str
    package: MetadataPackage
    path: Path = Path()
    qualitative: MetadataPackage | None = None
    crosswalks: tuple[Crosswalk, ...] = ()


@dataclass(frozen=True)
class CatalogContent:
    """Registry content given directly: the fields of :class:`CatalogSource`."""

    core: MetadataPackage = field(default_factory=MetadataPackage)
    studies: tuple[StudyContent, ...] = ()
    concept_schemes: tuple[ConceptScheme, ...] = ()
    code_lists: tuple[CodeList, ...] = ()
    figures: tuple[Any, ...] = ()
    report: Report = field(default_factory=Report)


def _texts(*parts: LocalizedText) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for text in parts:
        for lang, value in text.items():
            if value.strip():
                out.setdefault(lang, []).append(value)
    return out


def _add(target: dict[str, list[str]], more: dict[str, list[str]]) -> None:
    for lang, values in more.items():
        target.setdefault(lang, []).extend(values)


def _langs(*texts: dict[str, list[str]]) -> tuple[str, ...]:
    return tuple(sorted({lang for t in texts for lang in t if lang}))


class _Index:
    """Look-ups over everything the registry holds, by pinned and unversioned URN."""

    def __init__(self) -> None:
        self.known: set[str] = set()
        self.latest: dict[str, str] = {}
        self.concepts: dict[str, Concept] = {}
        self.core_variables: dict[str, CoreVariable] = {}
        self.variables: dict[str, Variable] = {}

    def register(self, urn: Urn | None) -> None:
        if urn is None:
            return
        self.known.add(str(urn))
        base = str(urn.unversioned())
        previous = self.latest.get(base)
        if previous is None or version_key(urn.version or "0") > version_key(
            Urn.parse(previous).version or "0"
        ):
            self.latest[base] = str(urn)

    def resolves(self, urn: Urn) -> bool:
        if urn.is_pinned:
            return str(urn) in self.known
        return str(urn) in self.latest

    def concept(self, urn: Urn) -> Concept | None:
        found = self.concepts.get(str(urn))
        if found is None:
            key = self.latest.get(str(urn.unversioned()))
            found = self.concepts.get(key) if key else None
        return found

    def core_variable(self, urn: Urn) -> CoreVariable | None:
        found = self.core_variables.get(str(urn))
        if found is None:
            key = self.latest.get(str(urn.unversioned()))
            found = self.core_variables.get(key) if key else None
        return found


def _packages(source: CatalogSource) -> Iterator[tuple[StudySource | None, MetadataPackage]]:
    yield None, source.core
    for sv in source.studies:
        yield sv, sv.package
        if sv.qualitative is not None:
            yield sv, sv.qualitative


def _index_of(source: CatalogSource) -> _Index:
    idx = _Index()
    for scheme in source.concept_schemes:
        idx.register(scheme.urn)
        for concept in scheme.concepts:
            idx.register(concept.urn)
            idx.concepts[str(concept.urn)] = concept
    for cl in source.code_lists:
        idx.register(cl.urn)
    for sv, package in _packages(source):
        if package.study is not None:
            idx.register(package.study.urn)
        for concept in package.all_concepts():
            idx.register(concept.urn)
            idx.concepts.setdefault(str(concept.urn), concept)
        for scheme in package.concept_schemes:
            idx.register(scheme.urn)
        for q in package.questions:
            idx.register(q.urn)
        for cl in package.code_lists:
            idx.register(cl.urn)
        for inst in package.instruments:
            idx.register(inst.urn)
        for universe in package.universes:
            idx.register(universe.urn)
        for cv in package.core_variables:
            idx.register(cv.urn)
            idx.core_variables[str(cv.urn)] = cv
        for v in package.variables:
            idx.register(v.urn)
            idx.variables[str(v.urn)] = v
        for cw in package.crosswalks:
            idx.register(cw.urn)
        if sv is not None:
            for cw in sv.crosswalks:
                idx.register(cw.urn)
    for figure in source.figures:
        urn = getattr(figure, "urn", None)
        if isinstance(urn, Urn):
            idx.register(urn)
    return idx


def _dangling(
    owner: Urn, field_name: str, target: Urn | None, idx: _Index, where: str | None
) -> Issue | None:
    if target is None or idx.resolves(target):
        return None
    return Issue(
        code="dangling-reference",
        severity=Severity.ERROR,
        message=f"{owner} refers in {field_name} to {target}, which is not in the registry",
        location=Location(file=where, urn=str(owner)),
        hint="add the referenced item, or correct the reference (check its version)",
    )


def dangling_references(source: CatalogSource) -> Report:
    """Every reference between registry items that points to nothing.

    Checked: a variable's question, code list, concepts, represented and source variable; a
    question's code list and concepts; a crosswalk's variables, code lists and study; a
    figure's studies. An unversioned reference resolves to any version.

    Args:
        source: The registry content.

    Returns:
        A report with one ``dangling-reference`` error per broken reference.
    """
    idx = _index_of(source)
    issues: list[Issue] = []
    study_ids = {sv.study_id for sv in source.studies}

    def check(owner: Urn, name: str, target: Urn | None, where: str | None) -> None:
        issue = _dangling(owner, name, target, idx, where)
        if issue is not None:
            issues.append(issue)

    for sv, package in _packages(source):
        where = str(sv.path) if sv is not None and str(sv.path) != "." else None
        for v in (*package.variables, *package.core_variables):
            check(v.urn, "question", v.question, where)
            check(v.urn, "code list", v.code_list, where)
            check(v.urn, "represented variable", v.represented_variable, where)
            check(v.urn, "source variable", v.source_variable, where)
            for c in v.concepts:
                check(v.urn, "concepts", c, where)
        for q in package.questions:
            check(q.urn, "response domain", q.response_domain.code_list, where)
            for c in q.concepts:
                check(q.urn, "concepts", c, where)
        crosswalks = (*package.crosswalks, *(sv.crosswalks if sv is not None else ()))
        for cw in crosswalks:
            check(cw.urn, "source variable", cw.source_variable, where)
            check(cw.urn, "target variable", cw.target_variable, where)
            check(cw.urn, "source code list", cw.source_code_list, where)
            check(cw.urn, "target code list", cw.target_code_list, where)
            check(cw.urn, "study", cw.study, where)
    for figure in source.figures:
        urn = getattr(figure, "urn", None)
        for study in getattr(figure, "studies", ()):
            if isinstance(urn, Urn) and study not in study_ids:
                issues.append(
                    Issue(
                        code="dangling-reference",
                        severity=Severity.ERROR,
                        message=f"{urn} refers in studies to {study}, which is not in the registry",
                        location=Location(urn=str(urn)),
                        hint="list only study IDs that have a folder under registry/studies/",
                    )
                )
    return Report.of(issues)


@dataclass
class _StudyFacts:
    study_id: str = ""
    version: str = ""
    country: str = ""
    current: bool = True


def _facts(sv: StudySource | None, study: Study | None, latest: dict[str, str]) -> _StudyFacts:
    if sv is None:
        return _StudyFacts(country=(study.country or "") if study else "")
    return _StudyFacts(
        study_id=sv.study_id,
        version=sv.version,
        country=(study.country or "") if study is not None else "",
        current=latest.get(sv.study_id) == sv.version,
    )


def _latest_versions(source: CatalogSource) -> dict[str, str]:
    latest: dict[str, str] = {}
    for sv in source.studies:
        held = latest.get(sv.study_id)
        if held is None or version_key(sv.version) > version_key(held):
            latest[sv.study_id] = sv.version
    return latest


class _Compiler:
    def __init__(self, source: CatalogSource) -> None:
        self.source = source
        self.idx = _index_of(source)
        self.items: dict[str, CatalogItem] = {}
        # core variable URN (unversioned) -> texts of its country variants
        self.variant_texts: dict[str, dict[str, list[str]]] = {}
        self.status_of: dict[str, str] = {}
        self.core_of: dict[str, Urn] = {}
        for sv in source.studies:
            latest: dict[str, Crosswalk] = {}
            for cw in (*sv.package.crosswalks, *sv.crosswalks):
                key = str(cw.source_variable.unversioned())
                held = latest.get(key)
                if held is None or version_key(cw.urn.version or "0") > version_key(
                    held.urn.version or "0"
                ):
                    latest[key] = cw
            for key, cw in latest.items():
                self.status_of[key] = crosswalk_status(cw).value
                self.core_of[key] = cw.target_variable

    def put(self, item: CatalogItem) -> None:
        self.items.setdefault(item.urn, item)

    def concept_info(self, urns: Iterable[Urn]) -> tuple[tuple[str, ...], dict[str, list[str]]]:
        ids: list[str] = []
        texts: dict[str, list[str]] = {}
        for urn in urns:
            ids.append(urn.id)
            concept = self.idx.concept(urn)
            if concept is not None:
                _add(texts, _texts(concept.label, *concept.alt_labels))
        return tuple(dict.fromkeys(ids)), texts

    def core_target(self, v: Variable) -> CoreVariable | None:
        target = self.core_of.get(str(v.urn.unversioned())) or v.represented_variable
        return self.idx.core_variable(target) if target is not None else None

    def variable(
        self,
        v: Variable,
        package: MetadataPackage,
        facts: _StudyFacts,
        kind: ItemType,
    ) -> None:
        question = package.question(v.question)
        code_list = package.code_list(v.code_list) or self._any_code_list(v.code_list)
        texts = _texts(v.label)
        if v.concept_labels:
            texts.setdefault("", []).extend(v.concept_labels)
        module = getattr(v, "module", None) or ""
        if question is not None:
            _add(texts, _texts(question.text, question.pre_text, question.post_text))
            module = module or (question.module or "")
        if code_list is not None:
            _add(texts, _texts(*(c.category.label for c in code_list.codes)))
        concept_urns = list(v.concepts)
        if question is not None:
            concept_urns.extend(question.concepts)
        concept_texts: dict[str, list[str]] = {}
        status = ""
        if kind is ItemType.VARIABLE:
            core = self.core_target(v)
            status = self.status_of.get(str(v.urn.unversioned()), "")
            if core is not None:
                concept_urns.extend(core.concepts)
                _add(concept_texts, _texts(core.label))
                core_question = self.core_question(core)
                if core_question is not None:
                    _add(concept_texts, _texts(core_question.text))
                module = module or (core.module or "")
                variant = self.variant_texts.setdefault(str(core.urn.unversioned()), {})
                _add(variant, texts)
        ids, more = self.concept_info(concept_urns)
        _add(concept_texts, more)
        self.put(
            CatalogItem(
                urn=str(v.urn),
                type=kind,
                name=v.name,
                label=v.label.best(),
                json=v.model_dump_json(),
                study=facts.study_id,
                study_version=facts.version,
                current=facts.current,
                country=facts.country,
                module=module,
                languages=_langs(texts),
                concepts=ids,
                status=status,
                texts=texts,
                concept_texts=concept_texts,
            )
        )

    def core_question(self, core: CoreVariable) -> Question | None:
        return self.source.core.question(core.question)

    def _any_code_list(self, urn: Urn | None) -> CodeList | None:
        if urn is None:
            return None
        for cl in self.source.code_lists:
            if cl.urn == urn or (not urn.is_pinned and cl.urn.unversioned() == urn):
                return cl
        return self.source.core.code_list(urn)

    def question(self, q: Question, facts: _StudyFacts) -> None:
        texts = _texts(q.text, q.pre_text, q.post_text, q.interviewer_instructions)
        ids, concept_texts = self.concept_info(q.concepts)
        self.put(
            CatalogItem(
                urn=str(q.urn),
                type=ItemType.QUESTION,
                name=q.name,
                label=q.text.best(),
                json=q.model_dump_json(),
                study=facts.study_id,
                study_version=facts.version,
                current=facts.current,
                country=facts.country,
                module=q.module or "",
                languages=_langs(texts),
                concepts=ids,
                texts=texts,
                concept_texts=concept_texts,
            )
        )

    def code_list(self, cl: CodeList, facts: _StudyFacts) -> None:
        label_texts = _texts(cl.label)
        all_texts = _texts(cl.label, *(c.category.label for c in cl.codes))
        self.put(
            CatalogItem(
                urn=str(cl.urn),
                type=ItemType.CODE_LIST,
                name=cl.name or cl.urn.id,
                label=cl.label.best() or cl.name,
                json=cl.model_dump_json(),
                study=facts.study_id,
                study_version=facts.version,
                current=facts.current,
                country=facts.country,
                languages=_langs(all_texts),
                texts=all_texts,
            )
        )
        for code in cl.codes:
            urn = code.category.urn or cl.urn.child(code.value)
            texts = _texts(code.category.label, code.category.description)
            self.put(
                CatalogItem(
                    urn=str(urn),
                    type=ItemType.CATEGORY,
                    name=code.value,
                    label=code.category.label.best(),
                    json=code.model_dump_json(),
                    study=facts.study_id,
                    study_version=facts.version,
                    current=facts.current,
                    country=facts.country,
                    languages=_langs(texts),
                    parent=str(cl.urn),
                    texts=texts,
                    concept_texts=label_texts,
                )
            )

    def concept(self, c: Concept) -> None:
        texts = _texts(c.label, c.definition, *c.alt_labels)
        self.put(
            CatalogItem(
                urn=str(c.urn),
                type=ItemType.CONCEPT,
                name=c.notation or c.urn.id,
                label=c.label.best(),
                json=c.model_dump_json(),
                languages=_langs(texts),
                concepts=(c.urn.id,),
                parent=str(c.scheme) if c.scheme is not None else "",
                texts=texts,
            )
        )

    def concept_scheme(self, s: ConceptScheme) -> None:
        texts = _texts(s.label)
        self.put(
            CatalogItem(
                urn=str(s.urn),
                type=ItemType.CONCEPT_SCHEME,
                name=s.urn.id,
                label=s.label.best(),
                json=s.model_dump_json(),
                languages=_langs(texts),
                texts=texts,
            )
        )
        for c in s.concepts:
            self.concept(c)

    def study(self, study: Study, facts: _StudyFacts) -> None:
        texts = _texts(study.title, study.alternative_title, study.abstract, study.nation)
        self.put(
            CatalogItem(
                urn=str(study.urn),
                type=ItemType.STUDY,
                name=facts.study_id or study.urn.id,
                label=study.title.best(),
                json=study.model_dump_json(),
                study=facts.study_id,
                study_version=facts.version,
                current=facts.current,
                country=facts.country,
                languages=tuple(sorted(set(study.languages) | set(_langs(texts)))),
                texts=texts,
            )
        )

    def instrument(self, inst: Instrument, facts: _StudyFacts) -> None:
        texts = _texts(inst.label, *(m.label for m in inst.modules))
        self.put(
            CatalogItem(
                urn=str(inst.urn),
                type=ItemType.INSTRUMENT,
                name=inst.name or inst.urn.id,
                label=inst.label.best(),
                json=inst.model_dump_json(),
                study=facts.study_id,
                study_version=facts.version,
                current=facts.current,
                country=facts.country,
                languages=tuple(sorted(set(inst.languages) | set(_langs(texts)))),
                texts=texts,
            )
        )

    def crosswalk(self, cw: Crosswalk, facts: _StudyFacts) -> None:
        texts = _texts(
            cw.label,
            cw.comparability.commonality,
            cw.comparability.difference,
            *(a.note for a in cw.associations),
        )
        self.put(
            CatalogItem(
                urn=str(cw.urn),
                type=ItemType.CROSSWALK,
                name=cw.urn.id,
                label=cw.label.best() or cw.urn.id,
                json=cw.model_dump_json(),
                study=facts.study_id,
                study_version=facts.version,
                current=facts.current,
                country=facts.country,
                languages=_langs(texts),
                status=crosswalk_status(cw).value,
                texts=texts,
            )
        )

    def figure(self, figure: Any) -> None:
        urn = getattr(figure, "urn", None)
        if not isinstance(urn, Urn):
            return
        title = getattr(figure, "title", LocalizedText())
        description = getattr(figure, "description", LocalizedText())
        texts = _texts(title, description)
        dump = getattr(figure, "model_dump_json", None)
        self.put(
            CatalogItem(
                urn=str(urn),
                type=ItemType.FIGURE,
                name=urn.id,
                label=title.best() if isinstance(title, LocalizedText) else urn.id,
                json=dump() if callable(dump) else "{}",
                languages=_langs(texts),
                texts=texts,
            )
        )

    def compile(self) -> list[CatalogItem]:
        src = self.source
        latest = _latest_versions(src)
        for scheme in src.concept_schemes:
            self.concept_scheme(scheme)
        for cl in src.code_lists:
            self.code_list(cl, _StudyFacts())
        # country variables first, so that core variables can carry their variants' texts
        for sv, package in _packages(src):
            if sv is None:
                continue
            facts = _facts(sv, package.study or sv.package.study, latest)
            self.package(package, facts, sv)
        self.package(src.core, _facts(None, src.core.study, latest), None)
        for figure in src.figures:
            self.figure(figure)
        return sorted(self.items.values(), key=lambda i: (i.type.value, i.urn))

    def package(self, package: MetadataPackage, facts: _StudyFacts, sv: StudySource | None) -> None:
        if package.study is not None:
            self.study(package.study, facts)
        for inst in package.instruments:
            self.instrument(inst, facts)
        for q in package.questions:
            self.question(q, facts)
        for cl in package.code_lists:
            self.code_list(cl, facts)
        for v in package.variables:
            self.variable(v, package, facts, ItemType.VARIABLE)
        for cv in package.core_variables:
            self.variable(cv, package, facts, ItemType.CORE_VARIABLE)
            item = self.items[str(cv.urn)]
            variants = self.variant_texts.get(str(cv.urn.unversioned()), {})
            if variants and item.type is ItemType.CORE_VARIABLE:
                merged = {k: list(v) for k, v in item.concept_texts.items()}
                _add(merged, variants)
                self.items[item.urn] = CatalogItem(
                    **{**item.__dict__, "concept_texts": merged}  # frozen: rebuild
                )
        for scheme in package.concept_schemes:
            self.concept_scheme(scheme)
        for c in package.concepts:
            self.concept(c)
        crosswalks = (*package.crosswalks, *(sv.crosswalks if sv is not None else ()))
        for cw in crosswalks:
            self.crosswalk(cw, facts)


def compile_items(source: CatalogSource) -> list[CatalogItem]:
    """Every catalog record of the registry, sorted by type and URN (deterministic).

    Args:
        source: The registry content.

    Returns:
        One record per item; an item seen twice (same URN) is kept once, first seen wins.
    """
    return _Compiler(source).compile()
