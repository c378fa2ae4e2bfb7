"""Browsing the registry: items by URN, filtered lists, country variants, the concordance matrix.

The API and the web pages call these functions and nothing below them. A :class:`Browser` is an
in-memory index over one :class:`~harmonise.services.registry.RegistryContent` (the demo registry
and a national programme fit easily), keyed by the catalog build id so that HTTP validators follow
the content.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from harmonise.config import Settings
from harmonise.errors import CatalogError, InputError, NotFoundError
from harmonise.model import (
    CodeList,
    CoreVariable,
    Crosswalk,
    HarmonisationStatus,
    LocalizedText,
    Question,
    Urn,
    UrnError,
    Variable,
    version_key,
)
from harmonise.model.crosswalk import (
    association_cardinality,
    association_status,
    crosswalk_status,
)
from harmonise.model.figure import Figure, FigureDefinition
from harmonise.services.catalog import open_catalog
from harmonise.services.figures import published_records
from harmonise.services.registry import (
    RegistryContent,
    StudyVersion,
    load_registry,
    registry_files,
)


class ItemType(StrEnum):
    """Kinds of item the registry serves."""

    STUDY = "study"
    VARIABLE = "variable"
    CORE_VARIABLE = "core-variable"
    QUESTION = "question"
    CODE_LIST = "code-list"
    CONCEPT = "concept"
    CONCEPT_SCHEME = "concept-scheme"
    CROSSWALK = "crosswalk"
    FIGURE = "figure"


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ItemSummary(_Out):
    """One line of a list: what an item is and where to fetch it."""

    urn: str = Field(description="DDI URN (version-pinned).")
    type: ItemType = Field(description="Kind of item.")
    name: str = Field(description="Short name.")
    label: str = Field(description="Label in the preferred language.")
    study: str | None = Field(
        default=None, description="Study ID and version, e.g. ECU-2025/2.0.0."
    )
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3 country code.")
    languages: list[str] = Field(default_factory=list, description="Languages of its texts.")


class ItemPage(_Out):
    """A page of items in a stable order."""

    items: list[ItemSummary] = Field(description="The items of this page.")
    total: int = Field(description="Items matching the filters, over all pages.")
    page: int = Field(description="This page, from 1.")
    per_page: int = Field(description="Items per page.")


class Variant(_Out):
    """A country variant of a core variable, with the mapping onto the core."""

    study: str = Field(description="Study ID and version.")
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3 code.")
    variable: ItemSummary = Field(description="The country variable.")
    question_text: dict[str, str] = Field(default_factory=dict, description="Wording by language.")
    crosswalk: str | None = Field(default=None, description="URN of the latest crosswalk version.")
    status: HarmonisationStatus | None = Field(default=None, description="Harmonisation status.")


class CoreVariableView(_Out):
    """A core variable with its country variants side by side."""

    core_variable: CoreVariable = Field(description="The core variable.")
    question_text: dict[str, str] = Field(default_factory=dict, description="Core wording.")
    variants: list[Variant] = Field(description="One per study version mapping onto it.")


class ConcordanceCell(_Out):
    """One cell of the concordance matrix: a study's variable and its crosswalk status."""

    study: str = Field(description="Study ID and version.")
    variable: str | None = Field(default=None, description="Country variable name.")
    variable_urn: str | None = Field(default=None, description="Country variable URN.")
    crosswalk: str | None = Field(default=None, description="Crosswalk URN.")
    status: HarmonisationStatus | None = Field(default=None, description="Status, if mapped.")


class ConcordanceRow(_Out):
    """A core variable and its cells."""

    core_variable: str = Field(description="Core variable URN.")
    name: str = Field(description="Core variable name.")
    label: str = Field(description="Label.")
    module: str | None = Field(default=None, description="Core module.")
    cells: list[ConcordanceCell] = Field(description="One cell per study, in column order.")


class ConcordanceMatrix(_Out):
    """Core variable × study: which country variable maps onto it, with what status."""

    studies: list[str] = Field(description="Column order: study ID and version.")
    countries: list[str | None] = Field(description="Country of each column.")
    rows: list[ConcordanceRow] = Field(description="One row per core variable.")


class AssociationView(_Out):
    """A crosswalk row with its computed cardinality and status."""

    sources: list[str] = Field(description="Source codes.")
    targets: list[str] = Field(description="Target codes.")
    rule: str = Field(description="Rule type.")
    cardinality: str = Field(description="Computed cardinality.")
    status: HarmonisationStatus = Field(description="Computed status.")
    source_labels: list[str] = Field(default_factory=list, description="Source code labels.")
    target_labels: list[str] = Field(default_factory=list, description="Target code labels.")


class CrosswalkView(_Out):
    """A crosswalk version with everything computed from it."""

    crosswalk: Crosswalk = Field(description="The crosswalk as stored.")
    status: HarmonisationStatus = Field(description="Computed variable-level status.")
    associations: list[AssociationView] = Field(description="Rows with computed properties.")
    versions: list[str] = Field(description="URNs of every version, oldest first.")


@dataclass(frozen=True)
class Record:
    """An indexed item."""

    type: ItemType
    obj: Any
    study: StudyVersion | None = None


def _label(obj: Any) -> str:
    for attr in ("label", "title", "text"):
        value = getattr(obj, attr, None)
        if isinstance(value, LocalizedText) and value:
            return value.best(("en", "es", "sq"))
    return ""


class Browser:
    """An index of every item of a registry, by URN."""

    def __init__(self, content: RegistryContent, build_id: str) -> None:
        self.content = content
        self.build_id = build_id
        self._items: dict[str, Record] = {}
        self._add_all()
        self._latest: dict[str, str] = {}
        self._versions: dict[str, list[str]] = {}
        for key in self._items:
            urn = Urn.parse(key)
            self._versions.setdefault(str(urn.unversioned()), []).append(key)
        for base, keys in self._versions.items():
            keys.sort(key=lambda k: version_key(Urn.parse(k).version or "0"))
            self._latest[base] = keys[-1]
        self._is_latest = frozenset(self._latest.values())
        self._summaries: dict[str, ItemSummary] = {}
        self._crosswalk_views: dict[str, CrosswalkView] = {}

    # -- indexing -------------------------------------------------------------------------
    def _put(self, rtype: ItemType, obj: Any, study: StudyVersion | None = None) -> None:
        urn = getattr(obj, "urn", None)
        if urn is not None:
            self._items.setdefault(str(urn), Record(rtype, obj, study))

    def _add_all(self) -> None:
        c = self.content
        for cv in c.core.core_variables:
            self._put(ItemType.CORE_VARIABLE, cv)
        for q in c.core.questions:
            self._put(ItemType.QUESTION, q)
        for cl in (*c.core.code_lists, *c.code_lists):
            self._put(ItemType.CODE_LIST, cl)
        for scheme in (*c.core.concept_schemes, *c.concept_schemes):
            self._put(ItemType.CONCEPT_SCHEME, scheme)
            for concept in scheme.concepts:
                self._put(ItemType.CONCEPT, concept)
        for concept in c.core.concepts:
            self._put(ItemType.CONCEPT, concept)
        for sv in c.studies:
            pkg = sv.package
            if pkg.study is not None:
                self._put(ItemType.STUDY, pkg.study, sv)
            for v in pkg.variables:
                self._put(ItemType.VARIABLE, v, sv)
            for q in pkg.questions:
                self._put(ItemType.QUESTION, q, sv)
            for cl in pkg.code_lists:
                self._put(ItemType.CODE_LIST, cl, sv)
            if sv.qualitative is not None:
                for q in sv.qualitative.questions:
                    self._put(ItemType.QUESTION, q, sv)
            for cw in sv.crosswalks:
                self._put(ItemType.CROSSWALK, cw, sv)
        for fig in c.figures:
            self._put(ItemType.FIGURE, fig)

    # -- look-ups ---------------------------------------------------------------------------
    def resolve(self, urn_text: str) -> tuple[Record, str, bool]:
        """Find any item by URN; an unversioned URN resolves to the latest version.

        Returns:
            The record, the resolved (pinned) URN, and whether the version was filled in.

        Raises:
            NotFoundError: When the URN is malformed or names nothing.
        """
        try:
            urn = Urn.parse(urn_text, require_version=False)
        except UrnError as exc:
            raise NotFoundError(str(exc)) from exc
        key = str(urn)
        if urn.is_pinned:
            record = self._items.get(key)
            if record is None:
                raise NotFoundError(f"no item with URN {key}")
            return record, key, False
        latest = self._latest.get(key)
        if latest is None:
            raise NotFoundError(f"no item with URN {key} in any version")
        return self._items[latest], latest, True

    def get(self, urn_text: str, expected: ItemType) -> tuple[Record, str, bool]:
        """Like :meth:`resolve`, but the item must be of the expected type."""
        record, key, filled = self.resolve(urn_text)
        if record.type is not expected:
            raise NotFoundError(f"{key} is a {record.type.value}, not a {expected.value}")
        return record, key, filled

    def summary(self, record: Record) -> ItemSummary:
        """The list line of an item (computed once per item)."""
        key = f"{getattr(record.obj, 'urn', '')}|{record.study.key if record.study else ''}"
        cached = self._summaries.get(key)
        if cached is None:
            cached = self._summaries[key] = self._summary(record)
        return cached

    def _summary(self, record: Record) -> ItemSummary:
        obj = record.obj
        study = record.study
        languages: list[str] = []
        for attr in ("label", "title", "text"):
            value = getattr(obj, attr, None)
            if isinstance(value, LocalizedText):
                languages.extend(value.languages)
        return ItemSummary(
            urn=str(obj.urn),
            type=record.type,
            name=str(getattr(obj, "name", "") or getattr(obj, "id", "") or obj.urn.id),
            label=_label(obj),
            study=study.key if study else None,
            country=(study.package.study.country if study and study.package.study else None),
            languages=sorted(set(languages)),
        )

    def list_items(
        self,
        rtype: ItemType,
        *,
        study: str | None = None,
        country: str | None = None,
        name: str | None = None,
        all_versions: bool = False,
    ) -> list[ItemSummary]:
        """Every item of a type, filtered, in stable order (study, name, URN)."""
        rows: list[ItemSummary] = []
        for key, record in self._items.items():
            if record.type is not rtype:
                continue
            if not all_versions and key not in self._is_latest:
                continue
            s = self.summary(record)
            if study and not (s.study or "").startswith(study):
                continue
            if country and (s.country or "").upper() != country.upper():
                continue
            if name and s.name.lower() != name.lower():
                continue
            rows.append(s)
        rows.sort(key=lambda s: (s.study or "", s.name.lower(), s.urn))
        return rows

    def versions(self, urn_text: str) -> list[str]:
        """Every version of an item, oldest first."""
        base = str(Urn.parse(urn_text, require_version=False).unversioned())
        return list(self._versions.get(base, ()))

    # -- harmonisation views ------------------------------------------------------------------
    def latest_crosswalks(self) -> list[tuple[StudyVersion, Crosswalk]]:
        """The newest version of every crosswalk of the newest version of every study."""
        out: list[tuple[StudyVersion, Crosswalk]] = []
        for sv in self.content.latest_studies():
            newest: dict[str, Crosswalk] = {}
            for cw in sv.crosswalks:
                base = str(cw.urn.unversioned())
                have = newest.get(base)
                if have is None or version_key(cw.urn.version or "0") > version_key(
                    have.urn.version or "0"
                ):
                    newest[base] = cw
            out.extend((sv, cw) for cw in newest.values())
        return out

    def crosswalk_view(self, cw: Crosswalk, sv: StudyVersion | None) -> CrosswalkView:
        """A crosswalk with computed cardinalities and statuses, and its version list."""
        key = str(cw.urn)
        cached = self._crosswalk_views.get(key)
        if cached is None:
            cached = self._crosswalk_views[key] = self._crosswalk_view(cw, sv)
        return cached

    def _crosswalk_view(self, cw: Crosswalk, sv: StudyVersion | None) -> CrosswalkView:
        source_cl = self.content.code_list(cw.source_code_list)
        target_cl = self.content.code_list(cw.target_code_list)
        missing = frozenset(c.value for c in source_cl.missing_codes) if source_cl else frozenset()

        def labels(cl: CodeList | None, values: Iterable[str]) -> list[str]:
            out = []
            for v in values:
                code = cl.code(v) if cl else None
                out.append(code.category.label.best(("en", "es", "sq")) if code else "")
            return out

        return CrosswalkView(
            crosswalk=cw,
            status=crosswalk_status(cw, missing),
            associations=[
                AssociationView(
                    sources=list(a.sources),
                    targets=list(a.targets),
                    rule=a.rule.value,
                    cardinality=association_cardinality(cw, a).value,
                    status=association_status(cw, a),
                    source_labels=labels(source_cl, a.sources),
                    target_labels=labels(target_cl, a.targets),
                )
                for a in cw.associations
            ],
            versions=self.versions(str(cw.urn)),
        )

    def _question_text(self, question_urn: Urn | None, sv: StudyVersion | None) -> dict[str, str]:
        if question_urn is None:
            return {}
        pkg = sv.package if sv else self.content.core
        q: Question | None = pkg.question(question_urn)
        if q is None:
            record = self._items.get(str(question_urn))
            q = record.obj if record and isinstance(record.obj, Question) else None
        return dict(q.text.root) if q else {}

    def core_variable_view(self, urn_text: str) -> CoreVariableView:
        """A core variable with its country variants."""
        record, _key, _filled = self.get(urn_text, ItemType.CORE_VARIABLE)
        cv: CoreVariable = record.obj
        variants: list[Variant] = []
        for sv, cw in self.latest_crosswalks():
            if cw.target_variable.unversioned() != cv.urn.unversioned():
                continue
            var = sv.variable(cw.source_variable)
            if var is None:
                continue
            variants.append(
                Variant(
                    study=sv.key,
                    country=sv.package.study.country if sv.package.study else None,
                    variable=self.summary(Record(ItemType.VARIABLE, var, sv)),
                    question_text=self._question_text(var.question, sv),
                    crosswalk=str(cw.urn),
                    status=self.crosswalk_view(cw, sv).status,
                )
            )
        variants.sort(key=lambda v: v.study)
        return CoreVariableView(
            core_variable=cv,
            question_text=self._question_text(cv.question, None),
            variants=variants,
        )

    def concordance(self) -> ConcordanceMatrix:
        """The concordance matrix: core variable × latest study version."""
        studies = list(self.content.latest_studies())
        by_cell: dict[tuple[str, str], tuple[Variable | None, Crosswalk]] = {}
        for sv, cw in self.latest_crosswalks():
            by_cell[(str(cw.target_variable.unversioned()), sv.key)] = (
                sv.variable(cw.source_variable),
                cw,
            )
        rows: list[ConcordanceRow] = []
        for cv in sorted(self.content.core.core_variables, key=lambda c: (c.module or "", c.name)):
            cells: list[ConcordanceCell] = []
            for sv in studies:
                hit = by_cell.get((str(cv.urn.unversioned()), sv.key))
                if hit is None:
                    cells.append(ConcordanceCell(study=sv.key))
                    continue
                var, cw = hit
                cells.append(
                    ConcordanceCell(
                        study=sv.key,
                        variable=var.name if var else None,
                        variable_urn=str(var.urn) if var else None,
                        crosswalk=str(cw.urn),
                        status=self.crosswalk_view(cw, sv).status,
                    )
                )
            rows.append(
                ConcordanceRow(
                    core_variable=str(cv.urn),
                    name=cv.name,
                    label=_label(cv),
                    module=cv.module,
                    cells=cells,
                )
            )
        return ConcordanceMatrix(
            studies=[s.key for s in studies],
            countries=[s.package.study.country if s.package.study else None for s in studies],
            rows=rows,
        )

    def crosswalks_for(
        self,
        *,
        source: str | None = None,
        core: str | None = None,
        study: str | None = None,
    ) -> list[ItemSummary]:
        """Crosswalks by source variable URN, by core variable URN and/or study (latest only)."""
        out: list[ItemSummary] = []
        try:
            source_urn = Urn.parse(source, require_version=False).unversioned() if source else None
            core_urn = Urn.parse(core, require_version=False).unversioned() if core else None
        except UrnError:
            return out  # a filter that is not a URN matches nothing
        for sv, cw in self.latest_crosswalks():
            if source_urn is not None and cw.source_variable.unversioned() != source_urn:
                continue
            if core_urn is not None and cw.target_variable.unversioned() != core_urn:
                continue
            if study and not sv.key.startswith(study):
                continue
            out.append(self.summary(Record(ItemType.CROSSWALK, cw, sv)))
        out.sort(key=lambda s: (s.study or "", s.urn))
        return out


def paginate(rows: Sequence[ItemSummary], page: int, per_page: int) -> ItemPage:
    """One page of a list."""
    start = (page - 1) * per_page
    return ItemPage(
        items=list(rows[start : start + per_page]), total=len(rows), page=page, per_page=per_page
    )


def figure_values(browser: Browser, definition: FigureDefinition) -> Figure | None:
    """The newest computed values of a figure definition's version, or None."""
    values_dir = browser.content.settings.registry_dir / "figures" / "values"
    try:
        records = published_records(values_dir, definition.id)
    except InputError:
        return None
    for figure, _path in records:
        if figure.definition.version == definition.version:
            return figure
    return None


# -- the browser of the current registry, cached ------------------------------------------------


_CACHE: dict[str, tuple[str, float, Browser]] = {}
_LOCK = threading.Lock()
#: Seconds between checks of the registry files for changes.
RECHECK_SECONDS = 2.0


def content_signature(settings: Settings) -> str:
    """A cheap signature of the registry files (paths, sizes, modification times)."""
    h = hashlib.sha256()
    for path in registry_files(settings):
        st = path.stat()
        h.update(f"{path}\x1f{st.st_size}\x1f{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def build_id_for(settings: Settings) -> str:
    """The catalog build id when a catalog exists, else a hash of the registry's contents."""
    try:
        catalog = open_catalog(settings)
    except CatalogError:
        catalog = None
    if catalog is not None:
        try:
            return str(catalog.build_id)
        finally:
            catalog.close()
    h = hashlib.sha256()
    for path in registry_files(settings):
        h.update(str(path.relative_to(settings.root)).encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:32]


def open_browser(settings: Settings) -> Browser:
    """The browser of the registry as it is now (re-read when its files change)."""
    key = str(settings.root)
    now = time.monotonic()
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None and now - cached[1] < RECHECK_SECONDS:
            return cached[2]
        signature = content_signature(settings)
        if cached is not None and cached[0] == signature:
            _CACHE[key] = (signature, now, cached[2])
            return cached[2]
        browser = Browser(load_registry(settings), build_id_for(settings))
        _CACHE[key] = (signature, now, browser)
        return browser
