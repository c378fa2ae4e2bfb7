"""The full-text search index over the catalog: the ONLY module that imports tantivy.

One tantivy document per :class:`~harmonise.store.records.CatalogItem`. Text is indexed per
language with its own analysis (issue 5 §3):

* ``en`` and ``es``: lower-case, accent folding, Snowball stemming (English, Spanish);
* ``sq`` and untagged text: lower-case and accent folding only (``ë`` -> ``e``, ``ç`` -> ``c``);
  tantivy ships no Albanian stemmer, so Albanian is matched on folded words and prefixes.

Each item has ONE text field per language, ``t_<lang>``, holding its own labels, wording and
category labels followed by the labels of its concepts and of the core variable it maps onto, so
a query in one language finds the variants in the others through the shared concept. One field
per language (not one for own and one for concept text) halves the fields every query scores
(issue 5 §7: query p95 <= 10 ms at 1,000,000 variables). The item's own text is kept in the
stored ``meta`` record, so highlights show only the item's own words. Names are indexed whole
(``name_kw``, for exact and prefix matches that rank first) and split into words.

Layout (issue 5 §7: build >= 20,000 variables/s, query p95 <= 10 ms at 1,000,000 variables on two
cores): the index folder holds one tantivy index ("shard") per item type, ``shard-<type>-<n>``, a
type with 200,000 items or more being dealt round-robin into two, and ``facts.json``, written last.
A type filter picks shards; a type's score multiplier is a constant of its shards, applied when the
shards' pages are merged, so tantivy ranks with its plain (pruning) collector. Each shard is
written by its own indexing thread; a query runs its shards in lanes, one per core (the caller's
included), each lane counting and ranking its shards in turn while tantivy releases the GIL.

Facets are raw-tokenized fast fields counted with tantivy's terms aggregation, never by loading
hits into Python. Type, module, status and languages are folded into one single-valued group key
per item (one column lookup per hit instead of four; language alone, multi-valued, cost more than
the rest); country, study and concept are counted from their own columns. The total is the sum of
the type counts (each item has exactly one type). Totals and counts are kept per searcher in a
small LRU keyed by (text, filters, language, current_only), so the next page of a query only ranks
(at most 64 entries of at most 7 x 100 counts, about 100 kB each). Fields that are only filtered on
are indexed without frequencies or positions.

Queries are parsed by :mod:`harmonise.store.query_syntax` and turned into tantivy query objects
directly, so no user text ever reaches tantivy's own query parser.
"""

from __future__ import annotations

import functools
import operator
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import orjson
import tantivy

from harmonise.errors import CatalogError
from harmonise.store.query_syntax import (
    And,
    Node,
    Not,
    Or,
    ParsedQuery,
    Phrase,
    Term,
    parse_query,
    relaxed,
)
from harmonise.store.records import (
    INDEX_LANGUAGES,
    OTHER_LANG,
    CatalogItem,
    ItemType,
    language_bucket,
)

#: Changes whenever the index layout does; part of the build id, so an unchanged registry is
#: rebuilt once when a new layout ships instead of being served from an index it cannot read.
INDEX_FORMAT = "4"
#: Facet names and the fields that hold them.
FACETS: tuple[str, ...] = ("type", "country", "study", "module", "concept", "language", "status")
_FACET_FIELD = {name: f"f_{name}" for name in FACETS}
#: Facets folded into one single-valued "group" key per document, so the counts of all four cost
#: ONE column lookup per hit instead of four (language is multi-valued: counting it from its own
#: column cost more than the other six together). Their value sets are small in any registry.
_GROUPED: tuple[str, ...] = ("type", "module", "status", "language")
#: The facets still counted from their own columns (many values, or multi-valued like concept).
_COLUMN_FACETS: tuple[str, ...] = ("country", "study", "concept")
#: Most distinct group keys one aggregation returns; past it the grouped facets are counted
#: from their own columns (exact either way).
_MAX_GROUPS = 50_000
#: Bucket limit that in practice means "every value" for country, study and concept.
_EVERY_VALUE = 50_000
_LANGS: tuple[str, ...] = (*INDEX_LANGUAGES, OTHER_LANG)
_BUCKET = {x: x for x in INDEX_LANGUAGES}
_ANALYZER_OF_LANG = {"en": "h_en", "es": "h_es", "sq": "h_fold", OTHER_LANG: "h_fold"}
_EXACT_NAME_SCORE = 1000.0
_PREFIX_NAME_SCORE = 100.0
_TEXT_BOOST = 1.0
_NAME_WORD_BOOST = 2.0
_MAX_FACET_VALUES = 100
_MAX_OFFSET = 10_000
_SNIPPET_CHARS = 180
_MAX_EXPANSIONS = 1024
#: Up to this many expansions a prefix is matched by term queries, past it by a term set.
_FEW_EXPANSIONS = 32
#: How many (query, filters) summaries -- total, facet counts, relaxed -- a searcher keeps.
_SUMMARY_CACHE_SIZE = 64
#: Score multipliers for what methodologists look for first (issue 5: "which countries asked
#: whether a parent lives abroad, and how was it worded?"): variables and questions. With the
#: earlier 1.05-1.12 the short labels of concepts and categories (BM25 favours short fields) filled
#: the first page of "remittances" on the demo registry; with these, its first page holds the core
#: and country variables as well. Name matches still score far higher. Every shard holds items of
#: ONE type, so
#: a shard's multiplier is a constant applied when the shards' pages are merged: tantivy ranks
#: with its plain (pruning) collector, where a per-document weight made it score every hit.
_TYPE_LIFT = {
    ItemType.VARIABLE: 1.6,
    ItemType.CORE_VARIABLE: 1.6,
    ItemType.QUESTION: 1.4,
    ItemType.CONCEPT: 1.15,
}


def _analyzers() -> dict[str, tantivy.TextAnalyzer]:
    def chain(tokenizer: Any, stemmer: str | None = None) -> tantivy.TextAnalyzer:
        builder = (
            tantivy.TextAnalyzerBuilder(tokenizer)
            .filter(tantivy.Filter.remove_long(64))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
        )
        if stemmer is not None:
            builder = builder.filter(tantivy.Filter.stemmer(stemmer))
        return builder.build()

    return {
        "h_en": chain(tantivy.Tokenizer.simple(), "english"),
        "h_es": chain(tantivy.Tokenizer.simple(), "spanish"),
        "h_fold": chain(tantivy.Tokenizer.simple()),
        "h_name": chain(tantivy.Tokenizer.raw()),
    }


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_bytes_field("meta", stored=True, indexed=False, fast=False)
    sb.add_text_field("name_kw", tokenizer_name="h_name", index_option="basic")
    sb.add_text_field("name_tok", tokenizer_name="h_fold")
    for lang in _LANGS:
        sb.add_text_field(f"t_{lang}", tokenizer_name=_ANALYZER_OF_LANG[lang])
    for name in FACETS:
        # filtered on through the index; counted from a column only when not grouped
        fast = name in _COLUMN_FACETS
        sb.add_text_field(_FACET_FIELD[name], tokenizer_name="raw", fast=fast, index_option="basic")
    sb.add_text_field("g_key", tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_text_field("superseded", tokenizer_name="raw", index_option="basic")
    return sb.build()


_SCHEMA = _schema()


def _open(path: Path, schema: tantivy.Schema, *, create: bool) -> tantivy.Index:
    try:
        index = tantivy.Index(schema, path=str(path), reuse=not create)
    except (ValueError, OSError) as exc:
        raise CatalogError(
            f"cannot open the search index at {path}: {exc}; "
            "rebuild it with `harmonise build --force`"
        ) from exc
    for name, analyzer in _analyzers().items():
        index.register_tokenizer(name, analyzer)
    return index


def _meta(data: bytes) -> dict[str, Any]:
    meta: dict[str, Any] = orjson.loads(data)
    return meta


def _bucketed(texts: Mapping[str, list[str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for lang, values in texts.items():
        bucket = _BUCKET.get(lang) or language_bucket(lang)
        if bucket in found:
            found[bucket] = found[bucket] + values
        else:
            found[bucket] = values
    return found


def _document(item: CatalogItem) -> tantivy.Document:
    # plain dicts and one from_dict call: this runs a million times in a large build
    own = _bucketed(item.texts) if item.texts else {}
    kind = item.type.value
    meta = {
        "urn": item.urn,
        "type": kind,
        "name": item.name,
        "label": item.label,
        "study": item.study,
        "study_version": item.study_version,
        "country": item.country,
        "module": item.module,
        "languages": list(item.languages),
        "status": item.status,
        "texts": own,
    }
    fields: dict[str, Any] = {
        "meta": orjson.dumps(meta),
        "name_kw": item.name,
        "name_tok": item.name,
        "f_type": kind,
    }
    if not item.current:
        fields["superseded"] = "yes"
    for lang, values in own.items():
        fields[f"t_{lang}"] = values
    if item.concept_texts:
        for lang, values in _bucketed(item.concept_texts).items():
            key = f"t_{lang}"
            fields[key] = fields[key] + values if key in fields else values
    if item.country:
        fields["f_country"] = item.country
    if item.study:
        fields["f_study"] = item.study
    if item.module:
        fields["f_module"] = item.module
    if item.concepts:
        fields["f_concept"] = list(item.concepts)
    langs: list[str] = []
    if item.languages:
        langs = sorted({_BUCKET.get(x) or language_bucket(x) for x in item.languages})
        fields["f_language"] = langs
    if item.status:
        fields["f_status"] = item.status
    fields["g_key"] = _group_key(kind, item.module, item.status, langs)
    return tantivy.Document.from_dict(fields, _SCHEMA)


def _group_key(kind: str, module: str | None, status: str | None, langs: list[str]) -> str:
    """The single-valued key that carries the grouped facets of one document."""
    # a JSON array: reversible whatever characters a module name or status holds
    return orjson.dumps((kind, module or "", status or "", langs)).decode("utf-8")


@functools.lru_cache(maxsize=65_536)
def _group_parts(key: str) -> tuple[str, str, str, tuple[str, ...]]:
    """A group key read back (memoised: the same few keys come back in every query)."""
    kind, module, status, langs = orjson.loads(key)
    return str(kind), str(module), str(status), tuple(langs)


def _split_groups(buckets: Iterable[tuple[str, int]]) -> dict[str, dict[str, int]]:
    """Per-facet counts from the counts of group keys (inverse of :func:`_group_key`)."""
    counts: dict[str, dict[str, int]] = {name: {} for name in _GROUPED}
    kinds, modules, statuses, languages = (counts[name] for name in _GROUPED)
    for key, n in buckets:
        kind, module, status, langs = _group_parts(key)
        kinds[kind] = kinds.get(kind, 0) + n
        if module:
            modules[module] = modules.get(module, 0) + n
        if status:
            statuses[status] = statuses.get(status, 0) + n
        for lang in langs:
            languages[lang] = languages.get(lang, 0) + n
    return counts


def _boosted(query: tantivy.Query, boost: float) -> tantivy.Query:
    return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)


#: Bucket limit of the rare second request when a query's hits hold more than _MAX_GROUPS keys.
_EVERY_GROUP = 100_000_000


class _LaneThreads:
    """Worker threads for the lanes of searches, made anew after a fork (a gunicorn worker)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._pid = 0

    def get(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None or os.getpid() != self._pid:
                self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="harmonise-lane")
                self._pid = os.getpid()
            return self._pool


_pool = _LaneThreads().get


def _distinct(notices: Iterable[str]) -> list[str]:
    """Each notice once, in order, with how often it applied (``(3 times)``)."""
    seen: dict[str, int] = {}
    for notice in notices:
        seen[notice] = seen.get(notice, 0) + 1
    return [f"{n} ({k} times)" if k > 1 else n for n, k in seen.items()]


def _top(counts: Mapping[str, int]) -> dict[str, int]:
    """The most frequent values first (ties by value), at most ``_MAX_FACET_VALUES`` of them."""
    items = counts.items()
    if len(counts) > _MAX_FACET_VALUES:
        # only values at least as frequent as the 100th can be among the first 100
        floor = sorted(counts.values(), reverse=True)[_MAX_FACET_VALUES - 1]
        items = [kv for kv in items if kv[1] >= floor]  # type: ignore[assignment]
    ordered = sorted(items)  # by value, then (stable) by count, most first
    ordered.sort(key=operator.itemgetter(1), reverse=True)
    return dict(ordered[:_MAX_FACET_VALUES])


#: Written beside the shards when the index is complete (its presence marks a finished index).
_FACTS_FILE = "facts.json"


#: An item type with at least this many items is dealt into two shards.
SHARD_THRESHOLD = 200_000


def shard_count(items: int) -> int:
    """Into how many shards an item type with ``items`` items is dealt.

    The same on every machine, so a rebuilt catalog answers the same anywhere.
    """
    return 1 if items < SHARD_THRESHOLD else 2


_SHARD_PREFIX = "shard-"
_TYPE_ORDER = {kind.value: n for n, kind in enumerate(ItemType)}


class SearchIndexWriter:
    """Writes a new index into an empty folder; use as a context manager.

    Items are written to one tantivy index ("shard") per item type, and each type is dealt
    round-robin into ``split`` shards (one number for all types, or one per type value, see
    :func:`shard_count`). Per type: a type filter picks whole shards
    instead of intersecting every hit with the type's posting list, and the type's score
    multiplier is a constant of the shard. Split: each shard is written by its own indexing
    thread and searched on its own thread, which on two cores roughly halves both the build
    and the answer time. Each shard has ONE indexing thread, so the same items in the same
    order always give the same segments and therefore the same ranking of ties (a rebuilt
    catalog answers the same). Ranking statistics (BM25 document frequencies, mean lengths)
    are each shard's own, as in Lucene-based engines: within a type, shards dealt round-robin
    differ very little; across types they are each type's own.
    """

    def __init__(
        self,
        path: Path,
        *,
        heap_bytes: int = 256_000_000,
        threads: int = 1,
        split: int | Mapping[str, int] = 1,
    ) -> None:
        splits = [split] if isinstance(split, int) else list(split.values())
        if any(n < 1 for n in splits):
            raise ValueError("each item type has at least one shard")
        path.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._split = split
        self._heap = max(heap_bytes // max(splits, default=1), 15_000_000)
        self._threads = threads
        self._writers: dict[tuple[str, int], Any] = {}
        self._dealt: dict[str, int] = {}
        self.count = 0

    def _writer(self, kind: str) -> Any:
        number = self._dealt.get(kind, 0)
        self._dealt[kind] = number + 1
        split = self._split if isinstance(self._split, int) else self._split.get(kind, 1)
        key = (kind, number % split)
        writer = self._writers.get(key)
        if writer is None:
            folder = self._path / f"{_SHARD_PREFIX}{key[0]}-{key[1]}"
            folder.mkdir(parents=True, exist_ok=True)
            index = _open(folder, _SCHEMA, create=True)
            writer = index.writer(heap_size=self._heap, num_threads=self._threads)
            self._writers[key] = writer
        return writer

    def add(self, item: CatalogItem) -> None:
        """Index one item."""
        self._writer(item.type.value).add_document(_document(item))
        self.count += 1

    def add_many(self, items: Iterable[CatalogItem]) -> None:
        """Index many items."""
        for item in items:
            self.add(item)

    def commit(self) -> None:
        """Make the documents durable and wait for segment merges to finish."""
        for writer in self._writers.values():
            writer.commit()
        for writer in self._writers.values():
            writer.wait_merging_threads()
        facts = {"items": self.count, "format": INDEX_FORMAT}
        (self._path / _FACTS_FILE).write_bytes(orjson.dumps(facts))

    def __enter__(self) -> SearchIndexWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.commit()
        else:
            for writer in self._writers.values():
                writer.rollback()


#: Only shards with at least this many items get a lane of their own (see SearchIndex._lanes).
_PARALLEL_MIN_DOCS = 20_000
#: A ranked hit: lifted score, shard, rank within the shard, tantivy's document address.
_Ranked = tuple[float, int, int, Any]


#: Lanes (threads, the caller's included) a query's shards are spread over.
_LANES = max(1, min(4, os.cpu_count() or 1))
#: One shard's part of a query: the shard, its aggregation (or None), its best hits.
_Done = tuple[int, dict[str, Any] | None, list[_Ranked]]


@dataclass(frozen=True)
class _Job:
    """What to do on each shard: count ``fields`` (none: do not count), rank the best ``need``."""

    query: tantivy.Query
    fields: dict[str, int]
    need: int


@dataclass(frozen=True)
class _Shard:
    """One tantivy index of the search index: the items of one type (or a share of them)."""

    kind: str
    number: int
    lift: float
    searcher: Any
    docs: int


def _open_shards(path: Path) -> list[_Shard]:
    found: list[_Shard] = []
    if not path.is_dir():
        return found
    for folder in path.iterdir():
        kind, _, number = folder.name.removeprefix(_SHARD_PREFIX).rpartition("-")
        if (
            not folder.name.startswith(_SHARD_PREFIX)
            or kind not in _TYPE_ORDER
            or not number.isdigit()
            or not (folder / "meta.json").is_file()
        ):
            continue
        searcher = _open(folder, _SCHEMA, create=False).searcher()
        lift = _TYPE_LIFT.get(ItemType(kind), 1.0)
        found.append(_Shard(kind, int(number), lift, searcher, int(searcher.num_docs)))
    found.sort(key=lambda shard: (_TYPE_ORDER[shard.kind], shard.number))
    return found


@dataclass(frozen=True)
class IndexHit:
    """One ranked hit as the index stores it."""

    urn: str
    score: float
    meta: dict[str, Any]
    highlights: tuple[str, ...]


@dataclass(frozen=True)
class IndexResult:
    """A page of hits with the total and the facet counts over all hits."""

    hits: tuple[IndexHit, ...]
    total: int
    facets: dict[str, dict[str, int]]
    notices: tuple[str, ...] = ()
    relaxed: bool = False


@dataclass(frozen=True)
class IndexQuery:
    """What to look for: text, filters per facet, one language, and which page."""

    text: str
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    language: str | None = None
    offset: int = 0
    limit: int = 20
    facets: bool = True
    highlights: bool = True
    current_only: bool = False


@dataclass(frozen=True)
class _Summary:
    """What a query matches as a whole: the total, the facet counts (if asked), relaxed or not."""

    total: int
    facets: dict[str, dict[str, int]] | None
    relaxed: bool


_PREFIX_SAFE = re.compile(r"[\w]+")


class SearchIndex:
    """A read-only view of a built index."""

    def __init__(self, path: Path) -> None:
        if not (path / _FACTS_FILE).is_file():
            if (path / "meta.json").is_file() or any(path.glob(f"{_SHARD_PREFIX}*")):
                raise CatalogError(
                    f"the search index at {path} was written by another version of harmonise "
                    "or not finished; run `harmonise build`"
                )
            raise CatalogError(f"no search index at {path}; run `harmonise build`")
        self._schema = _SCHEMA
        self._shards = _open_shards(path)
        self._analyzers = _analyzers()
        self._summaries: OrderedDict[tuple[Any, ...], _Summary] = OrderedDict()
        self._lock = threading.Lock()

    def clear_cache(self) -> None:
        """Forget the cached totals and facet counts (benchmarks use it to measure cold queries)."""
        with self._lock:
            self._summaries.clear()

    @property
    def size(self) -> int:
        """Number of indexed items."""
        return sum(shard.docs for shard in self._shards)

    # --- query construction ------------------------------------------------------------------

    def _tokens(self, analyzer: str, text: str) -> list[str]:
        return list(self._analyzers[analyzer].analyze(text))

    def _text_fields(self) -> list[tuple[str, str, float]]:
        # every language's field is searched even when results are restricted to one
        # language: that is how "remesas" finds the Albanian variable through its concept
        fields = [(f"t_{x}", _ANALYZER_OF_LANG[x], _TEXT_BOOST) for x in _LANGS]
        fields.append(("name_tok", "h_fold", _NAME_WORD_BOOST))
        return fields

    def _expanded_prefix(self, field_name: str, prefix: str) -> tantivy.Query | None:
        # a prefix expands to the indexed terms it starts, the most frequent first; this is
        # far cheaper than compiling a regex automaton per field and query
        found: dict[str, int] = {}
        for searcher in (shard.searcher for shard in self._shards):
            for term, freq in searcher.terms_with_prefix(field_name, prefix, limit=_MAX_EXPANSIONS):
                found[term] = found.get(term, 0) + int(freq)
        if not found:
            return None
        terms = sorted(found, key=lambda t: (-found[t], t))[:_MAX_EXPANSIONS]
        if len(terms) > _FEW_EXPANSIONS:
            return tantivy.Query.term_set_query(self._schema, field_name, terms)
        # a term set walks the field's term dictionary on every run (about 0.3 ms a shard);
        # a few term queries cost nothing up front. Same constant score either way.
        ors = [tantivy.Query.term_query(self._schema, field_name, term) for term in terms]
        either = (
            ors[0]
            if len(ors) == 1
            else tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in ors])
        )
        return tantivy.Query.const_score_query(either, 1.0)

    def _words_query(self, field_name: str, words: list[str]) -> tantivy.Query:
        if len(words) == 1:
            return tantivy.Query.term_query(self._schema, field_name, words[0])
        terms: list[str | tuple[int, str]] = list(words)
        return tantivy.Query.phrase_query(self._schema, field_name, terms)

    def _prefix_query(self, field_name: str, words: list[str]) -> tantivy.Query | None:
        last = words[-1]
        if not _PREFIX_SAFE.fullmatch(last):
            return None
        if len(words) == 1:
            return self._expanded_prefix(field_name, last)
        terms: list[str | tuple[int, str]] = list(words)
        return tantivy.Query.phrase_prefix_query(self._schema, field_name, terms)

    def _present(self, field_name: str, words: list[str]) -> bool:
        """Whether every word occurs in the field (else a term or phrase on it matches nothing)."""
        searchers = [shard.searcher for shard in self._shards]
        return all(any(s.doc_freq(field_name, w) > 0 for s in searchers) for w in words)

    def _leaf(self, leaf: Term | Phrase, language: str | None) -> tantivy.Query | None:
        """One word or phrase over every text field, the best field scoring (dis-max).

        Fields where the word does not occur are left out, and a dis-max or boost of one is
        unwrapped: scores are the same, and tantivy walks fewer, shallower scorers per hit.
        Returns None when the text analyses to no word at all (it is then ignored), and a
        query matching nothing when it has words the index does not hold.
        """
        subqueries: list[tantivy.Query] = []
        had_words = False
        for field_name, analyzer, boost in self._text_fields():
            words = self._tokens(analyzer, leaf.text)
            if not words:
                continue
            had_words = True
            candidates: list[tantivy.Query | None]
            if isinstance(leaf, Term) and leaf.prefix:
                folded = self._tokens("h_fold", leaf.text)
                candidates = [self._prefix_query(field_name, words)]
                if folded and folded != words:
                    candidates.append(self._prefix_query(field_name, folded))
            elif self._present(field_name, words):
                candidates = [self._words_query(field_name, words)]
            else:
                candidates = []
            for query in candidates:
                if query is not None:
                    subqueries.append(_boosted(query, boost))
        name = self._tokens("h_name", leaf.text)
        if name and not (isinstance(leaf, Term) and leaf.prefix):
            had_words = True
            if self._present("name_kw", name[:1]):
                exact = tantivy.Query.term_query(self._schema, "name_kw", name[0])
                subqueries.append(_boosted(exact, _NAME_WORD_BOOST * 2))
        if not subqueries:
            return tantivy.Query.empty_query() if had_words else None
        if len(subqueries) == 1:
            return subqueries[0]
        return tantivy.Query.disjunction_max_query(subqueries, tie_breaker=0.3)

    def _node(self, node: Node, language: str | None) -> tantivy.Query | None:
        if isinstance(node, Term | Phrase):
            return self._leaf(node, language)
        if isinstance(node, Not):
            inner = self._node(node.child, language)
            if inner is None:
                return None
            return tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, tantivy.Query.all_query()), (tantivy.Occur.MustNot, inner)]
            )
        if isinstance(node, Or):
            parts = [q for c in node.children if (q := self._node(c, language)) is not None]
            if not parts:
                return None
            return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in parts])
        assert isinstance(node, And)
        clauses: list[tuple[Any, tantivy.Query]] = []
        for child in node.children:
            if isinstance(child, Not):
                inner = self._node(child.child, language)
                if inner is not None:
                    clauses.append((tantivy.Occur.MustNot, inner))
                continue
            query = self._node(child, language)
            if query is None:
                # a word that analyses to nothing (punctuation only) is ignored, not fatal
                continue
            clauses.append((tantivy.Occur.Must, query))
        if not any(occur == tantivy.Occur.Must for occur, _ in clauses):
            if not clauses:
                return None
            clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
        return tantivy.Query.boolean_query(clauses)

    def _name_boosts(self, parsed: ParsedQuery) -> list[tantivy.Query]:
        root = parsed.root
        if not isinstance(root, Term):
            return []
        name = self._tokens("h_name", root.text)
        if not name:
            return []
        boosts = []
        if not root.prefix and self._present("name_kw", name[:1]):
            exact = tantivy.Query.term_query(self._schema, "name_kw", name[0])
            boosts.append(tantivy.Query.const_score_query(exact, _EXACT_NAME_SCORE))
        if _PREFIX_SAFE.fullmatch(name[0]):
            prefix = self._expanded_prefix("name_kw", name[0])
            if prefix is not None:
                boosts.append(tantivy.Query.const_score_query(prefix, _PREFIX_NAME_SCORE))
        return boosts

    def _filters(self, request: IndexQuery) -> list[tantivy.Query]:
        found: list[tantivy.Query] = []
        filters = dict(request.filters)
        if request.language:
            filters["language"] = (language_bucket(request.language),)
        for name, values in sorted(filters.items()):
            if name not in _FACET_FIELD or not values or name == "type":
                # types are chosen by choosing shards (see _selected)
                continue
            terms = [
                tantivy.Query.term_query(self._schema, _FACET_FIELD[name], v) for v in values[:50]
            ]
            found.append(
                terms[0]
                if len(terms) == 1
                else tantivy.Query.boolean_query([(tantivy.Occur.Should, t) for t in terms])
            )
        return found

    def _compose(
        self, parsed: ParsedQuery, root: Node | None, request: IndexQuery
    ) -> tuple[tantivy.Query, tantivy.Query | None]:
        text_query = self._node(root, request.language) if root is not None else None
        clauses: list[tuple[Any, tantivy.Query]] = []
        if text_query is not None:
            boosts = self._name_boosts(parsed) if root is parsed.root else []
            if boosts:
                main = tantivy.Query.boolean_query(
                    [(tantivy.Occur.Should, q) for q in (*boosts, text_query)]
                )
            else:
                main = text_query
            clauses.append((tantivy.Occur.Must, main))
        elif root is not None:
            # the text had only words that analyse to nothing: match nothing, honestly
            clauses.append((tantivy.Occur.Must, tantivy.Query.empty_query()))
        else:
            clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
        clauses.extend(
            (tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0))
            for f in self._filters(request)
        )
        if request.current_only:
            superseded = tantivy.Query.term_query(self._schema, "superseded", "yes")
            clauses.append((tantivy.Occur.MustNot, superseded))
        if len(clauses) == 1 and clauses[0][0] == tantivy.Occur.Must:
            return clauses[0][1], text_query
        return tantivy.Query.boolean_query(clauses), text_query

    # --- execution -----------------------------------------------------------------------------

    def _selected(self, request: IndexQuery) -> list[int]:
        """The shards a request searches: those of the asked-for types, else all."""
        kinds = request.filters.get("type")
        if not kinds:
            return list(range(len(self._shards)))
        wanted = set(kinds[:50])
        return [n for n, shard in enumerate(self._shards) if shard.kind in wanted]

    def _aggregate(
        self, shard: int, query: tantivy.Query, fields: Mapping[str, int]
    ) -> dict[str, Any]:
        spec = {name: {"terms": {"field": name, "size": size}} for name, size in fields.items()}
        found: dict[str, Any] = self._shards[shard].searcher.aggregate(query, spec)
        return found

    def _lanes(self, shards: list[int]) -> list[list[int]]:
        """Shards split into lanes of about equal size: lane 0 runs on the caller.

        One lane per core (at most four). Measured on two cores, one worker thread beside the
        caller, each running its shards one after the other, beat one thread per shard: more
        threads than cores cost extra CPU in hand-offs and contention. Small catalogs, whose
        shards are all small, run in one lane.
        """
        large = sum(1 for n in shards if self._shards[n].docs >= _PARALLEL_MIN_DOCS)
        count = max(1, min(_LANES, large))
        lanes: list[list[int]] = [[] for _ in range(count)]
        loads = [0] * count
        for shard in sorted(shards, key=lambda n: -self._shards[n].docs):
            lane = loads.index(min(loads))
            lanes[lane].append(shard)
            loads[lane] += self._shards[shard].docs
        # the caller also composes the query before and merges after: give it the lightest lane
        lightest = loads.index(min(loads))
        return [lanes[lightest], *(lane for n, lane in enumerate(lanes) if n != lightest)]

    def _work(self, job: _Job, shards: list[int]) -> list[_Done]:
        """One lane's work: each shard's counts (if asked) and best hits (if asked), in turn."""
        done: list[_Done] = []
        for shard in shards:
            counts = self._aggregate(shard, job.query, job.fields) if job.fields else None
            ranked = self._run_shard(shard, job.query, job.need, 0) if job.need else []
            done.append((shard, counts, ranked))
        return done

    def _execute(self, job: _Job, shards: list[int]) -> list[_Done]:
        """Run a job over shards, the lanes past the first on worker threads (GIL released)."""
        lanes = self._lanes(shards)
        others = [_pool().submit(self._work, job, lane) for lane in lanes[1:]]
        done = self._work(job, lanes[0])
        for other in others:
            done.extend(other.result())
        return done

    def _count_fields(self, facets: bool) -> dict[str, int]:
        fields = {"g_key": _MAX_GROUPS}
        if facets:
            fields.update({_FACET_FIELD[name]: _EVERY_VALUE for name in _COLUMN_FACETS})
        return fields

    def _merge_counts(
        self, query: tantivy.Query, done: list[_Done], facets: bool
    ) -> tuple[int, dict[str, dict[str, int]] | None]:
        """Total and facet counts over all shards from each shard's aggregation."""
        merged: dict[str, dict[str, int]] = {}
        for shard, counted, _ in sorted(done, key=lambda d: d[0]):
            if counted is None:
                continue
            groups = counted.get("g_key", {})
            if int(groups.get("sum_other_doc_count", 0) or 0) > 0:
                # more distinct groups than one request returns (hundreds of modules)
                groups = self._aggregate(shard, query, {"g_key": _EVERY_GROUP})["g_key"]
            for name, found in {**counted, "g_key": groups}.items():
                into = merged.setdefault(name, {})
                get = into.get
                for bucket in found.get("buckets", ()):
                    key = bucket["key"]
                    into[key] = get(key, 0) + bucket["doc_count"]
        counts = _split_groups(merged.get("g_key", {}).items())
        # every item has exactly one type, so the type counts add up to the number of hits
        total = sum(counts["type"].values())
        if not facets:
            return total, None
        for name in _COLUMN_FACETS:
            counts[name] = merged.get(_FACET_FIELD[name], {})
        return total, {name: _top(counts[name]) for name in FACETS}

    def _highlights(
        self,
        text_query: tantivy.Query | None,
        metas: list[tuple[int, dict[str, Any]]],
        language: str | None,
    ) -> list[tuple[str, ...]]:
        """Snippets of each hit's own text, made with its shard's statistics."""
        if text_query is None:
            return [() for _ in metas]
        langs = list(_LANGS)
        if language:
            preferred = language_bucket(language)
            langs.sort(key=lambda x: x != preferred)
        generators: dict[tuple[int, str], Any] = {}
        found: list[tuple[str, ...]] = []
        for shard, meta in metas:
            own: dict[str, list[str]] = meta.get("texts") or {}
            snippets: list[str] = []
            for lang in langs:
                values = own.get(lang)
                if not values:
                    continue
                gen = generators.get((shard, lang))
                if gen is None:
                    # made only for the shards and languages the page's hits have text in
                    gen = tantivy.SnippetGenerator.create(
                        self._shards[shard].searcher, text_query, self._schema, f"t_{lang}"
                    )
                    gen.set_max_num_chars(_SNIPPET_CHARS)
                    generators[(shard, lang)] = gen
                # the item's OWN text only (the index field also holds its concept labels)
                doc = tantivy.Document()
                for value in values:
                    doc.add_text(f"t_{lang}", value)
                snippet = gen.snippet_from_doc(doc)
                if snippet.highlighted():
                    snippets.append(snippet.to_html())
            found.append(tuple(snippets))
        return found

    def _run_shard(
        self, shard: int, query: tantivy.Query, limit: int, offset: int
    ) -> list[_Ranked]:
        found = self._shards[shard]
        hits = found.searcher.search(query, limit=max(limit, 1), count=False, offset=offset).hits
        return [
            (float(score) * found.lift, shard, rank, address)
            for rank, (score, address) in enumerate(hits[:limit])
        ]

    @staticmethod
    def _merge_ranked(done: list[_Done], limit: int, offset: int) -> list[_Ranked]:
        """The ranked page from each shard's best ``offset + limit``, times its type's lift.

        Every shard holds one type, so its order by plain score is its order by lifted score
        and the merge is exact. Ties keep shard order, then each shard's own order, so a page is
        the same every time.
        """
        found = [hit for _, _, ranked in done for hit in ranked]
        found.sort(key=lambda hit: (-hit[0], hit[1], hit[2]))
        return found[offset : offset + limit]

    def _rank(
        self, query: tantivy.Query, limit: int, offset: int, shards: list[int]
    ) -> list[_Ranked]:
        """Only the ranked page (counts known already)."""
        if limit <= 0 or not shards:
            return []
        if len(shards) == 1:
            return self._run_shard(shards[0], query, limit, offset)
        done = self._execute(_Job(query, {}, offset + limit), shards)
        return self._merge_ranked(done, limit, offset)

    def _count_now(
        self, query: tantivy.Query, facets: bool, shards: list[int]
    ) -> tuple[int, dict[str, Any] | None]:
        done = self._execute(_Job(query, self._count_fields(facets), 0), shards)
        return self._merge_counts(query, done, facets)

    def _summary_key(self, request: IndexQuery) -> tuple[Any, ...]:
        return (
            request.text,
            tuple(sorted((k, tuple(v)) for k, v in request.filters.items())),
            request.language,
            request.current_only,
        )

    def _cached(self, key: tuple[Any, ...], facets: bool) -> _Summary | None:
        with self._lock:
            found = self._summaries.get(key)
            if found is not None:
                self._summaries.move_to_end(key)
        if found is not None and (found.facets is not None or not facets):
            return found
        return None

    def _remember(self, key: tuple[Any, ...], summary: _Summary) -> None:
        with self._lock:
            self._summaries[key] = summary
            self._summaries.move_to_end(key)
            while len(self._summaries) > _SUMMARY_CACHE_SIZE:
                self._summaries.popitem(last=False)

    def _relaxed_summary(
        self, parsed: ParsedQuery, request: IndexQuery, summary: _Summary
    ) -> _Summary:
        """When the strict query found nothing, the counts of its words joined by OR."""
        loose = relaxed(parsed.root) if parsed.root is not None else None
        if summary.total > 0 or loose is None or loose is parsed.root:
            return summary
        loose_query, _ = self._compose(parsed, loose, request)
        total, facets = self._count_now(loose_query, request.facets, self._selected(request))
        return _Summary(total, facets, relaxed=True) if total > 0 else summary

    def search(self, request: IndexQuery) -> IndexResult:
        """Run a query: ranked page, total, facet counts over all hits, highlights.

        Never raises on the query text; repairs are reported in ``notices``. When an implicit
        AND of several words finds nothing, the words are retried joined by OR (``relaxed``).

        The total and the facet counts come from ONE terms aggregation (the total is the sum of
        the ``type`` buckets: every item has exactly one type) and are kept in a small LRU per
        (text, filters, language, current_only), so paging and repeated queries only fetch the
        page. The index is read-only, so a cached count never goes stale.
        """
        parsed = parse_query(request.text)
        notices = _distinct(parsed.notices)
        if parsed.root is None and request.text.strip():
            notices.append("no searchable word was left in the query, so every item is shown")
        limit = max(0, min(request.limit, 1000))
        offset = max(0, min(request.offset, _MAX_OFFSET))
        query, text_query = self._compose(parsed, parsed.root, request)
        key = self._summary_key(request)
        summary = self._cached(key, request.facets)
        shards = self._selected(request)
        pairs: list[_Ranked] = []
        if summary is None:
            # counts and the page in one pass over the shards, the lanes side by side
            need = offset + limit if limit > 0 else 0
            if len(shards) == 1 and need:
                # one shard: tantivy skips to the page itself
                done = self._execute(_Job(query, self._count_fields(request.facets), 0), shards)
                pairs = self._run_shard(shards[0], query, limit, offset)
            else:
                job = _Job(query, self._count_fields(request.facets), need)
                done = self._execute(job, shards)
                pairs = self._merge_ranked(done, limit, offset) if need else []
            total, facets = self._merge_counts(query, done, request.facets)
            summary = self._relaxed_summary(parsed, request, _Summary(total, facets, False))
            self._remember(key, summary)
        elif offset < summary.total and not summary.relaxed:
            pairs = self._rank(query, limit, offset, shards)
        if summary.relaxed:
            assert parsed.root is not None
            query, text_query = self._compose(parsed, relaxed(parsed.root), request)
            notices.append("no item matched every word; showing items matching any")
            pairs = self._rank(query, limit, offset, shards) if offset < summary.total else []
        metas = [
            _meta(bytes(cast(bytes, self._shards[shard].searcher.doc(address).get_first("meta"))))
            for _, shard, _, address in pairs
        ]
        highlights = (
            self._highlights(
                text_query, [(h[1], m) for h, m in zip(pairs, metas, strict=True)], request.language
            )
            if request.highlights
            else [() for _ in metas]
        )
        for meta in metas:
            meta.pop("texts", None)
        hits = tuple(
            IndexHit(urn=str(meta["urn"]), score=float(score), meta=meta, highlights=marks)
            for (score, _, _, _), meta, marks in zip(pairs, metas, highlights, strict=True)
        )
        facets = summary.facets if request.facets and summary.facets is not None else {}
        return IndexResult(
            hits=hits,
            total=summary.total,
            facets={name: dict(counts) for name, counts in facets.items()},
            notices=tuple(notices),
            relaxed=summary.relaxed,
        )
