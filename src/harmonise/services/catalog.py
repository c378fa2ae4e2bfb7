"""Catalog use cases: build the derived catalog, open it, search it, look items up.

The API, the web pages and the CLI call these functions and nothing below them (DESIGN.md §3).
``build_catalog`` compiles ``registry/`` and ``vocabularies/`` into ``settings.catalog_dir``: the
SQLite database of items with their model JSON (``store.catalog``), the tantivy search index
(``store.search``) and the RDF graph (``store.graph``). The build is atomic, skipped when no input
changed (same content hash), and refused with a report when any reference dangles (issue 5 §1).
It is incremental: the registry is read through a parse cache (``store.parse_cache``, under
``<catalog_dir>/parsed/``), so only files added or changed since they were last parsed go through
their reader again.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from harmonise.config import Settings
from harmonise.errors import CatalogError, NotFoundError
from harmonise.issues import Report
from harmonise.services.catalog_items import (
    CatalogContent,
    CatalogSource,
    StudyContent,
    compile_items,
    dangling_references,
)
from harmonise.store.catalog import LIST_FILTERS, CatalogDatabase, StoredItem, write_catalog_db
from harmonise.store.graph import CatalogGraph, SparqlResult, Triple, write_graph
from harmonise.store.layout import (
    DB_FILE,
    GRAPH_DIR,
    INDEX_DIR,
    SUMMARY_FILE,
    CatalogLayout,
    build_id_of,
    file_sha256,
)
from harmonise.store.parse_cache import PARSED_DIR, ParseCache
from harmonise.store.records import CatalogItem, ItemType
from harmonise.store.search import (
    FACETS,
    INDEX_FORMAT,
    IndexQuery,
    SearchIndex,
    SearchIndexWriter,
    shard_count,
)

__all__ = [
    "FACETS",
    "BuildSummary",
    "Catalog",
    "CatalogBuildError",
    "CatalogContent",
    "ItemType",
    "SearchHit",
    "SearchQuery",
    "SearchResults",
    "StudyContent",
    "build_catalog",
    "open_catalog",
    "search",
]

#: ``progress(stage, done, total)``: called as the build advances.
Progress = Callable[[str, int, int], None]


class CatalogBuildError(CatalogError):
    """The catalog was not built: the report says why (unreadable files, dangling references)."""

    def __init__(self, message: str, report: Report) -> None:
        super().__init__(message)
        self.report = report


class BuildSummary(BaseModel):
    """What a build did."""

    model_config = ConfigDict(frozen=True)

    build_id: str = Field(description="Hash of the inputs; the API's ETag for catalog data.")
    catalog_dir: str = Field(description="Folder of the published build.")
    up_to_date: bool = Field(description="True when nothing changed and the build was skipped.")
    files: int = Field(description="Input files considered.")
    files_changed: int = Field(description="Input files added or changed since the last build.")
    files_parsed: int = Field(
        default=0, description="Input files read by their format reader in this build."
    )
    files_reused: int = Field(
        default=0,
        description="Input files taken from the parse cache (unchanged since they were parsed).",
    )
    items: int = Field(description="Items in the catalog.")
    counts: dict[str, int] = Field(default_factory=dict, description="Items per type.")
    triples: int = Field(default=0, description="Triples in the RDF graph.")
    seconds: float = Field(default=0.0, description="Wall-clock time of the build.")
    report: Report = Field(default_factory=Report, description="Warnings found while building.")


class SearchQuery(BaseModel):
    """A search request (strict: unknown fields are refused)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    q: str = Field(default="", description='Query text: words, "phrases", prefix*, AND/OR/NOT.')
    country: tuple[str, ...] = Field(default=(), description="ISO 3166-1 alpha-3 codes.")
    study: tuple[str, ...] = Field(default=(), description="Study IDs, e.g. ECU-2025.")
    type: tuple[str, ...] = Field(default=(), description="Item types, e.g. variable.")
    module: tuple[str, ...] = Field(default=(), description="Questionnaire modules.")
    concept: tuple[str, ...] = Field(default=(), description="Concept IDs.")
    status: tuple[str, ...] = Field(default=(), description="Harmonisation statuses.")
    lang: str | None = Field(default=None, description="Only items with text in this language.")
    all_versions: bool = Field(
        default=False,
        description="Include items of study versions superseded by a newer one (pre-tests...).",
    )
    page: int = Field(default=1, ge=1, le=500, description="1-based page number.")
    page_size: int = Field(default=20, ge=1, le=100, description="Hits per page.")
    facets: bool = Field(default=True, description="Compute facet counts.")


class SearchHit(BaseModel):
    """One ranked result."""

    model_config = ConfigDict(frozen=True)

    type: str = Field(description="Item type.")
    urn: str = Field(description="DDI URN of the item.")
    name: str = Field(description="Short name.")
    label: str = Field(description="Display label.")
    study: str = Field(description="Study ID, empty for programme-wide items.")
    country: str = Field(description="ISO 3166-1 alpha-3 code, empty when none.")
    languages: tuple[str, ...] = Field(description="Languages the item has text in.")
    status: str = Field(default="", description="Harmonisation status, when mapped.")
    highlights: tuple[str, ...] = Field(
        description="HTML snippets (text escaped, matches in <b>), one per language."
    )
    score: float = Field(description="Relevance score (exact name matches score highest).")


class SearchResults(BaseModel):
    """A page of results with facet counts over all matching items."""

    model_config = ConfigDict(frozen=True)

    query: SearchQuery = Field(description="The request as understood.")
    total: int = Field(description="Number of matching items.")
    page: int = Field(description="This page (1-based).")
    page_size: int = Field(description="Hits per page.")
    hits: tuple[SearchHit, ...] = Field(description="The ranked hits of this page.")
    facets: dict[str, dict[str, int]] = Field(
        description="Counts per value for type, country, study, module, concept, language, status."
    )
    notices: tuple[str, ...] = Field(
        default=(), description="How the query was repaired or relaxed, in words."
    )
    build_id: str = Field(description="The catalog build that answered.")


# --- build ---------------------------------------------------------------------------------------


def _input_files(settings: Settings) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    for base in (settings.registry_dir, settings.vocabularies_dir):
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            rel = path.relative_to(base)
            if path.is_file() and not any(part.startswith(".") for part in rel.parts):
                found.append((f"{base.name}/{rel.as_posix()}", path))
    return sorted(found)


def _load_source(settings: Settings, cache: ParseCache | None = None) -> CatalogSource:
    try:
        registry = importlib.import_module("harmonise.services.registry")
    except ImportError as exc:  # the loader arrives with the registry work
        raise CatalogError(f"the registry loader is not available: {exc}") from exc
    content: CatalogSource = registry.load_registry(settings, cache=cache)
    if cache is not None:
        cache.prune()  # the whole registry was read: what it did not use is stale
    return content


def _item_triples(source: CatalogSource, iri_base: str) -> Iterable[Triple]:
    # triple lists, not rdflib graphs: they go straight into Oxigraph (issue 5 §7)
    from harmonise.formats.rdf_export import triples_of
    from harmonise.formats.xkos import xkos_triples

    items: list[object] = [*source.concept_schemes, *source.code_lists]
    for package in (source.core, *(sv.package for sv in source.studies)):
        if package.study is not None:
            items.append(package.study)
        items.extend(package.code_lists)
        items.extend(package.questions)
        items.extend(package.variables)
        items.extend(package.core_variables)
        items.extend(package.concept_schemes)
        items.extend(package.concepts)
    yield from triples_of(items, iri_base)
    crosswalks = [cw for sv in source.studies for cw in (*sv.package.crosswalks, *sv.crosswalks)]
    yield from xkos_triples(crosswalks, iri_base)


def compile_catalog(
    source: CatalogSource,
    out_dir: Path,
    *,
    build_id: str,
    vocabulary_files: Iterable[Path] = (),
    iri_base: str,
    progress: Progress | None = None,
) -> tuple[list[CatalogItem], int]:
    """Write the database, the index and the graph of this content into ``out_dir``.

    Args:
        source: The registry content.
        out_dir: An empty folder.
        build_id: Stored with the catalog.
        vocabulary_files: Turtle files bulk-loaded into the graph.
        iri_base: Base IRI of minted RDF resources.
        progress: Optional callback.

    Returns:
        The items and the number of triples.

    Raises:
        CatalogBuildError: When a reference dangles.
    """
    problems = dangling_references(source)
    if not problems.valid:
        raise CatalogBuildError(
            f"{len(problems.errors)} dangling reference(s); nothing was published", problems
        )
    items = compile_items(source)
    total = len(items)
    step = max(1, total // 50)
    if progress:
        progress("database", 0, total)
    meta = {"build_id": build_id, "items": str(total)}
    write_catalog_db(out_dir / DB_FILE, items, meta)
    if progress:
        progress("database", total, total)
    per_type = _counts(items)
    split = {kind: shard_count(n) for kind, n in per_type.items()}
    with SearchIndexWriter(out_dir / INDEX_DIR, split=split) as writer:
        for n, item in enumerate(items, start=1):
            writer.add(item)
            if progress and n % step == 0:
                progress("search index", n, total)
    if progress:
        progress("search index", total, total)
        progress("graph", 0, 1)
    triples = write_graph(out_dir / GRAPH_DIR, vocabulary_files, _item_triples(source, iri_base))
    if progress:
        progress("graph", 1, 1)
    return items, triples


def _counts(items: Iterable[CatalogItem]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item.type.value] = counts.get(item.type.value, 0) + 1
    return dict(sorted(counts.items()))


def _previous_summary(layout: CatalogLayout) -> dict[str, Any]:
    """The current build's ``build.json`` (empty when there is none or it cannot be read)."""
    build_id = layout.current_id()
    if build_id is None:
        return {}
    try:
        data = json.loads((layout.build_dir(build_id) / SUMMARY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _previous_hashes(layout: CatalogLayout) -> dict[str, str]:
    hashes = _previous_summary(layout).get("inputs", {})
    return {str(k): str(v) for k, v in hashes.items()} if isinstance(hashes, dict) else {}


def build_catalog(
    settings: Settings,
    progress: Progress | None = None,
    *,
    source: CatalogSource | None = None,
    force: bool = False,
) -> BuildSummary:
    """Compile the registry into the derived catalog, atomically.

    Args:
        settings: Where the registry, vocabularies and catalog are.
        progress: Optional ``progress(stage, done, total)`` callback.
        source: Content to build instead of reading the registry (imports, tests).
        force: Build even when the inputs have not changed.

    Returns:
        What was built, or that the catalog was already up to date.

    Raises:
        CatalogBuildError: When a file cannot be read or a reference dangles (with a report);
            the previous catalog stays published.
        CatalogError: When the catalog folder cannot be written.
    """
    started = time.monotonic()
    layout = CatalogLayout(settings.catalog_dir)
    layout.ensure()
    files = _input_files(settings)
    if progress:
        progress("hashing", 0, len(files))
    hashes = {rel: file_sha256(path) for rel, path in files}
    if progress:
        progress("hashing", len(files), len(files))
    build_id = build_id_of([*hashes.items(), ("<index-format>", INDEX_FORMAT)])
    if source is not None:
        build_id = build_id_of(
            [*hashes.items(), ("<index-format>", INDEX_FORMAT), ("<given>", _source_hash(source))]
        )
    previous = _previous_hashes(layout)
    changed = sum(1 for rel, sha in hashes.items() if previous.get(rel) != sha)
    if layout.current_id() == build_id and not force:
        db = CatalogDatabase(layout.build_dir(build_id) / DB_FILE)
        try:
            counts = db.counts()
        finally:
            db.close()
        triples = _previous_summary(layout).get("triples", 0)
        return BuildSummary(
            build_id=build_id,
            catalog_dir=str(layout.build_dir(build_id)),
            up_to_date=True,
            files=len(files),
            files_changed=0,
            items=sum(counts.values()),
            counts=counts,
            triples=triples if type(triples) is int and triples >= 0 else 0,
            seconds=round(time.monotonic() - started, 3),
        )
    cache: ParseCache | None = None
    if source is None:
        if progress:
            progress("reading registry", 0, 1)
        cache = ParseCache(settings.catalog_dir / PARSED_DIR)
        source = _load_source(settings, cache)
        if progress:
            progress("reading registry", 1, 1)
    if not source.report.valid:
        raise CatalogBuildError(
            f"{len(source.report.errors)} problem(s) reading the registry; nothing was published",
            source.report,
        )
    vocabularies = [p for rel, p in files if rel.startswith("vocabularies/") and p.suffix == ".ttl"]
    staging = layout.staging_dir(build_id)
    try:
        items, triples = compile_catalog(
            source,
            staging,
            build_id=build_id,
            vocabulary_files=vocabularies,
            iri_base=settings.iri_base,
            progress=progress,
        )
        counts = _counts(items)
        summary = {
            "build_id": build_id,
            "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "counts": counts,
            "triples": triples,
            "inputs": hashes,
        }
        (staging / SUMMARY_FILE).write_text(json.dumps(summary, indent=1), encoding="utf-8")
        final = layout.publish(staging, build_id)
    except BaseException:
        layout.discard(staging)
        raise
    return BuildSummary(
        build_id=build_id,
        catalog_dir=str(final),
        up_to_date=False,
        files=len(files),
        files_changed=changed,
        files_parsed=cache.parsed if cache is not None else 0,
        files_reused=cache.reused if cache is not None else 0,
        items=len(items),
        counts=counts,
        triples=triples,
        seconds=round(time.monotonic() - started, 3),
        report=Report.of(i for i in source.report.issues),
    )


def _source_hash(source: CatalogSource) -> str:
    import hashlib

    digest = hashlib.sha256()
    for item in compile_items(source):
        digest.update(item.urn.encode() + b"\0" + item.json.encode() + b"\0")
    return digest.hexdigest()


# --- reading -------------------------------------------------------------------------------------


class Catalog:
    """An open, read-only catalog build: database, search index and RDF graph.

    Open it with :func:`open_catalog`; the build it opened stays usable even when a newer build
    is published meanwhile (reopen to see the new one).
    """

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.folder = folder
        self.settings = settings
        self.db = CatalogDatabase(folder / DB_FILE)
        self.build_id = self.db.meta().get("build_id", folder.name)
        self._index: SearchIndex | None = None
        self._graph: CatalogGraph | None = None

    @property
    def index(self) -> SearchIndex:
        """The search index (opened on first use)."""
        if self._index is None:
            self._index = SearchIndex(self.folder / INDEX_DIR)
        return self._index

    @property
    def graph(self) -> CatalogGraph:
        """The RDF graph (opened on first use)."""
        if self._graph is None:
            self._graph = CatalogGraph(self.folder / GRAPH_DIR)
        return self._graph

    def get_item(self, urn: str) -> dict[str, Any]:
        """The stored model JSON of any item; an unversioned URN gives the latest version.

        Raises:
            NotFoundError: When there is no such item.
        """
        return self.get_stored(urn).data()  # type: ignore[return-value]

    def get_stored(self, urn: str) -> StoredItem:
        """The stored row of an item (summary columns and JSON).

        Raises:
            NotFoundError: When there is no such item.
        """
        found = self.db.get(urn)
        if found is None:
            raise NotFoundError(f"no item {urn!r} in the catalog")
        return found

    def versions(self, urn: str) -> list[str]:
        """Every version of an item in the catalog, oldest first."""
        return self.db.versions(urn)

    def children(self, urn: str) -> list[StoredItem]:
        """The categories of a code list (items whose parent is ``urn``)."""
        return self.db.children(urn)

    def list_items(
        self, type: str | None = None, *, limit: int = 100, offset: int = 0, **filters: str | None
    ) -> tuple[list[StoredItem], int]:
        """Items of a type with exact-match filters, in stable order (type, name, URN).

        Args:
            type: Item type (``variable``, ``question``...), or None for all.
            limit: Page size (at most 1000).
            offset: Rows to skip.
            **filters: Any of ``study``, ``study_version``, ``country``, ``module``, ``status``.

        Returns:
            The page and the total count.

        Raises:
            ValueError: On an unknown filter name.
        """
        unknown = set(filters) - set(LIST_FILTERS)
        if unknown:
            raise ValueError(f"cannot filter on {', '.join(sorted(unknown))}")
        return self.db.list(limit=limit, offset=offset, type=type, **filters)

    def counts(self) -> dict[str, int]:
        """Items per type."""
        return self.db.counts()

    def sparql(
        self, query: str, timeout: float | None = None, max_results: int | None = None
    ) -> SparqlResult:
        """Run a read-only SPARQL query on the graph (limits from the settings by default)."""
        return self.graph.query(
            query,
            timeout=timeout if timeout is not None else self.settings.sparql_timeout_s,
            max_results=max_results
            if max_results is not None
            else self.settings.sparql_max_results,
        )

    def close(self) -> None:
        """Release the database connection."""
        self.db.close()


def open_catalog(settings: Settings) -> Catalog:
    """Open the published catalog.

    Raises:
        CatalogError: When no catalog has been built.
    """
    layout = CatalogLayout(settings.catalog_dir)
    return Catalog(layout.current_dir(), settings)


def search(catalog: Catalog, query: SearchQuery) -> SearchResults:
    """Search the catalog: ranked hits with highlights, the total, and facet counts.

    Never raises on the query text: bad syntax is repaired on a best-effort basis and said so in
    ``notices``.
    """
    filters = {
        "country": tuple(x.upper() for x in query.country),
        "study": query.study,
        "type": query.type,
        "module": query.module,
        "concept": query.concept,
        "status": query.status,
    }
    result = catalog.index.search(
        IndexQuery(
            text=query.q,
            filters={k: v for k, v in filters.items() if v},
            language=query.lang,
            offset=(query.page - 1) * query.page_size,
            limit=query.page_size,
            facets=query.facets,
            current_only=not query.all_versions,
        )
    )
    hits = tuple(
        SearchHit(
            type=str(h.meta.get("type", "")),
            urn=h.urn,
            name=str(h.meta.get("name", "")),
            label=str(h.meta.get("label", "")),
            study=str(h.meta.get("study", "")),
            country=str(h.meta.get("country", "")),
            languages=tuple(h.meta.get("languages", ())),
            status=str(h.meta.get("status", "")),
            highlights=h.highlights,
            score=round(h.score, 4),
        )
        for h in result.hits
    )
    return SearchResults(
        query=query,
        total=result.total,
        page=query.page,
        page_size=query.page_size,
        hits=hits,
        facets=result.facets,
        notices=result.notices,
        build_id=catalog.build_id,
    )
