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
type with 200,000 items or more being dealt into two by study (all of a study's items in one
shard, so the shards' study counts do not overlap), and ``facts.json``, written last.
A type filter picks shards; a type's score multiplier is a constant of its shards, applied when the
shards' pages are merged, so tantivy ranks with its plain (pruning) collector. Each shard is
written by its own indexing thread. A query's work is one ranking and one counting task per
shard, pulled by lanes (the caller and one worker thread per further core) while tantivy releases
the GIL; the lane that finishes the last ranking makes the page while the others still count.

Facets are counted with tantivy's terms aggregation, never by loading hits into Python, over
three single-valued u64 columns holding NUMBERS into tables kept in ``facts.json``: the item's
group (type, module, status, languages: one column lookup per hit instead of four, and language
alone, multi-valued, cost more than the rest), its place (country, study: one column for both)
and its set of concepts. Handing a bucket to Python costs about a microsecond, which for a
catalogue of thousands of studies was the largest part of a query; numbers skip tantivy's term
lookups, and the counts of numbers are spread over the seven facets with a few numpy operations.
The total is the sum of the group counts (each item is in exactly one group). Totals and counts
are kept per searcher in a small LRU keyed by (text, filters, language, current_only), so the
next page of a query only ranks (at most 64 entries of at most 7 x 100 counts, about 100 kB
each). Fields that are only filtered on are indexed without frequencies or positions.

Queries are parsed by :mod:`harmonise.store.query_syntax` and turned into tantivy query objects
directly, so no user text ever reaches tantivy's own query parser.
"""

from __future__ import annotations

import itertools
import operator
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt
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
INDEX_FORMAT = "6"
#: Facet names and the fields that hold them.
FACETS: tuple[str, ...] = ("type", "country", "study", "module", "concept", "language", "status")
_FACET_FIELD = {name: f"f_{name}" for name in FACETS}
#: Buckets one aggregation request asks for at most: tantivy refuses a request past 65,000
#: buckets (all its aggregations together), so a registry with more groups, places and concept
#: sets than this is counted column by column, a larger column in windows of numbers (see
#: SearchIndex._count_shard).
_BUCKET_LIMIT = 30_000
#: The u64 columns counted per query: numbers into the tables of groups, places and concepts.
_NUMBERED = ("g_id", "p_id", "c_id")
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
        # filtered on through the index, counted through the numbered columns below
        sb.add_text_field(_FACET_FIELD[name], tokenizer_name="raw", index_option="basic")
    # numbers into the index's tables (facts.json, see _Tables); counted, never searched
    for name in _NUMBERED:
        sb.add_unsigned_field(name, stored=False, indexed=False, fast=True)
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


def _document(item: CatalogItem, tables: _Tables) -> tantivy.Document:
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
    if item.country or item.study:
        fields["p_id"] = tables.place(item.country or "", item.study or "")
    if item.module:
        fields["f_module"] = item.module
    if item.concepts:
        fields["f_concept"] = list(item.concepts)
        fields["c_id"] = tables.concept_set(item.concepts)
    langs: list[str] = []
    if item.languages:
        langs = sorted({_BUCKET.get(x) or language_bucket(x) for x in item.languages})
        fields["f_language"] = langs
    if item.status:
        fields["f_status"] = item.status
    fields["g_id"] = tables.group(kind, item.module or "", item.status or "", tuple(langs))
    return tantivy.Document.from_dict(fields, _SCHEMA)


_Group = tuple[str, str, str, tuple[str, ...]]


class _Tables:
    """The index's numbered groups, places and concept sets, as the writer numbers them.

    Each document carries the NUMBER of its group (type, module, status, languages), of its place
    (country, study) and of its set of concepts (most items have one concept or none, so there
    are hardly more sets than concepts) in three single-valued u64 columns; the tables are
    written to ``facts.json``. Single-valued columns are cheaper to count than a multi-valued
    one, and a range of numbers selects exactly the hits holding them (see
    ``SearchIndex._count_into``). Counting numbers skips tantivy's
    lookup of each bucket's term, and the counts of the numbers are spread over their facets in
    a few array operations (:class:`_Spread`). Numbers are given in order of first appearance,
    so the same items in the same order give the same tables.
    """

    def __init__(
        self,
        groups: Iterable[_Group] = (),
        places: Iterable[tuple[str, str]] = (),
        concepts: Iterable[str] = (),
        concept_sets: Iterable[tuple[int, ...]] = (),
    ) -> None:
        self.groups: list[_Group] = list(groups)
        self.places: list[tuple[str, str]] = list(places)
        self.concepts: list[str] = list(concepts)
        self._group_ids = {g: n for n, g in enumerate(self.groups)}
        self._place_ids = {p: n for n, p in enumerate(self.places)}
        self._concept_ids = {c: n for n, c in enumerate(self.concepts)}
        self.concept_sets: list[tuple[int, ...]] = list(concept_sets)
        self._set_ids = {c: n for n, c in enumerate(self.concept_sets)}

    def group(self, kind: str, module: str, status: str, langs: tuple[str, ...]) -> int:
        """The number of a group, numbering it if new."""
        key = (kind, module, status, langs)
        found = self._group_ids.get(key)
        if found is None:
            found = self._group_ids[key] = len(self.groups)
            self.groups.append(key)
        return found

    def place(self, country: str, study: str) -> int:
        """The number of a place, numbering it if new."""
        key = (country, study)
        found = self._place_ids.get(key)
        if found is None:
            found = self._place_ids[key] = len(self.places)
            self.places.append(key)
        return found

    def concept(self, name: str) -> int:
        """The number of a concept, numbering it if new."""
        found = self._concept_ids.get(name)
        if found is None:
            found = self._concept_ids[name] = len(self.concepts)
            self.concepts.append(name)
        return found

    def concept_set(self, names: Iterable[str]) -> int:
        """The number of a set of concepts (each counted once), numbering it if new."""
        key = tuple(sorted({self.concept(name) for name in names}))
        found = self._set_ids.get(key)
        if found is None:
            found = self._set_ids[key] = len(self.concept_sets)
            self.concept_sets.append(key)
        return found

    def facts(self) -> dict[str, Any]:
        """The tables as JSON-ready lists."""
        return {
            "groups": [[k, m, s, list(langs)] for k, m, s, langs in self.groups],
            "places": [list(p) for p in self.places],
            "concepts": self.concepts,
            "concept_sets": [list(members) for members in self.concept_sets],
        }

    @classmethod
    def of(cls, facts: Mapping[str, Any]) -> _Tables:
        """The tables read back from ``facts.json``.

        Raises:
            ValueError: When a table is not shaped as :meth:`facts` writes it.
        """

        def text(value: object) -> str:
            if not isinstance(value, str):
                raise ValueError(f"a table holds {type(value).__name__} where text belongs")
            return value

        def row(value: object, width: int) -> list[object]:
            if not isinstance(value, list) or len(value) != width:
                raise ValueError(f"a table row is not a list of {width}")
            return value

        def rows(name: str) -> list[object]:
            found = facts[name]
            if not isinstance(found, list):
                raise ValueError(f"the {name} table is not a list")
            return found

        groups: list[_Group] = []
        for entry in rows("groups"):
            kind, module, status, langs = row(entry, 4)
            if not isinstance(langs, list) or not {text(x) for x in langs} <= set(_LANGS):
                raise ValueError("a group's languages are not a list of index languages")
            groups.append((text(kind), text(module), text(status), tuple(map(text, langs))))
        places = [(text(c), text(s)) for c, s in (row(e, 2) for e in rows("places"))]
        concepts = [text(c) for c in rows("concepts")]
        sets: list[tuple[int, ...]] = []
        for entry in rows("concept_sets"):
            if not isinstance(entry, list) or not all(
                type(n) is int and 0 <= n < len(concepts) for n in entry
            ):
                raise ValueError("a concept set is not a list of concept numbers")
            sets.append(tuple(entry))
        return cls(groups, places, concepts, sets)


def _axis(values: list[str]) -> tuple[list[str], npt.NDArray[np.intp]]:
    """A facet's distinct values in sorted order, and each table entry's place among them.

    Sorted, so a count array's index order is its values' order: ties are broken by value with
    one stable sort of the counts.
    """
    names = sorted(set(values))
    where = {name: n for n, name in enumerate(names)}
    return names, np.fromiter((where[v] for v in values), dtype=np.intp, count=len(values))


def _ranked(counts: npt.NDArray[np.int64], names: list[str]) -> dict[str, int]:
    """The most frequent values first (ties by value), at most ``_MAX_FACET_VALUES``; no blank."""
    found = np.flatnonzero(counts)
    if names and names[0] == "" and found.size and found[0] == 0:
        found = found[1:]  # items without the facet (the blank value sorts first)
    if found.size == 0:
        return {}
    # primary key: count, most first; ties: index order, which is value order
    order = np.argsort(-counts[found], kind="stable")[:_MAX_FACET_VALUES]
    chosen = found[order]
    return dict(zip((names[i] for i in chosen.tolist()), counts[chosen].tolist(), strict=True))


class _Spread:
    """Spreads the counts of group, place and concept-set numbers over the seven facets.

    Built once per searcher from the tables: for every number, the index of its type, module,
    status, country and study among that facet's sorted values, a matrix of each group's
    languages, and the (set, concept) pairs of the concept sets. A query's counts then take one
    ``bincount`` per facet, however many studies or modules there are, instead of a Python loop
    over every bucket.
    """

    def __init__(self, tables: _Tables) -> None:
        groups = tables.groups
        sets = tables.concept_sets
        self.sizes = {"g_id": len(groups), "p_id": len(tables.places), "c_id": len(sets)}
        self.axes: dict[str, tuple[str, tuple[list[str], npt.NDArray[np.intp]]]] = {
            "type": ("g_id", _axis([g[0] for g in groups])),
            "module": ("g_id", _axis([g[1] for g in groups])),
            "status": ("g_id", _axis([g[2] for g in groups])),
            "country": ("p_id", _axis([p[0] for p in tables.places])),
            "study": ("p_id", _axis([p[1] for p in tables.places])),
        }
        self.concepts, where_concept = _axis(tables.concepts)
        self.member_set = np.fromiter(
            (n for n, members in enumerate(sets) for _ in members), dtype=np.intp
        )
        self.member_concept = np.fromiter(
            (where_concept[c] for members in sets for c in members), dtype=np.intp
        )
        self.languages = sorted({lang for g in groups for lang in g[3]})
        where = {lang: n for n, lang in enumerate(self.languages)}
        self.spoken = np.zeros((len(groups), len(self.languages)), dtype=np.int64)
        for n, group in enumerate(groups):
            for lang in group[3]:
                self.spoken[n, where[lang]] = 1

    def counts(
        self, numbers: Mapping[str, npt.NDArray[np.int64]], facets: bool
    ) -> tuple[int, dict[str, dict[str, int]] | None]:
        """The total and (if asked) the counts of every facet from the counts of numbers."""
        groups = numbers["g_id"]
        total = int(groups.sum())  # every item is in exactly one group
        if not facets:
            return total, None
        found: dict[str, dict[str, int]] = {}
        for name in FACETS:
            if name == "language":
                per_lang = groups @ self.spoken if self.languages else groups[:0]
                found[name] = _ranked(per_lang, self.languages)
                continue
            if name == "concept":
                weights = numbers["c_id"][self.member_set]
                spread = np.bincount(
                    self.member_concept, weights=weights, minlength=len(self.concepts)
                )
                found[name] = _ranked(spread.astype(np.int64), self.concepts)
                continue
            column, (names, index) = self.axes[name]
            spread = np.bincount(index, weights=numbers[column], minlength=len(names))
            found[name] = _ranked(spread.astype(np.int64), names)
        return total, found


def _boosted(query: tantivy.Query, boost: float) -> tantivy.Query:
    return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)


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


_KEY = operator.itemgetter("key")
_DOC_COUNT = operator.itemgetter("doc_count")


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

    Items are written to one tantivy index ("shard") per item type, and each type is dealt into
    ``split`` shards (one number for all types, or one per type value, see
    :func:`shard_count`). Per type: a type filter picks whole shards
    instead of intersecting every hit with the type's posting list, and the type's score
    multiplier is a constant of the shard. Split: each shard is written by its own indexing
    thread and searched on its own thread, which on two cores roughly halves both the build
    and the answer time. Items are dealt BY STUDY: a study's first item goes to the shard with
    the fewest items so far and the rest of the study follows it (items without a study go to
    the lightest shard), so each study is counted in one shard and a query's study buckets are
    not sent twice (each bucket costs about a microsecond to hand to Python). Each shard has ONE
    indexing thread, so the same items in the same order always give the same segments and
    therefore the same ranking of ties (a rebuilt catalog answers the same). Ranking statistics
    (BM25 document frequencies, mean lengths) are each shard's own, as in Lucene-based engines:
    within a type, shards holding hundreds of studies each differ very little; a type split
    between a few very large studies of different languages would see them differ more.
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
        self._loads: dict[str, list[int]] = {}
        self._homes: dict[tuple[str, str], int] = {}
        self._tables = _Tables()
        self.count = 0

    def _writer(self, kind: str, study: str | None) -> Any:
        split = self._split if isinstance(self._split, int) else self._split.get(kind, 1)
        number = 0
        if split > 1:
            loads = self._loads.setdefault(kind, [0] * split)
            home = self._homes.get((kind, study)) if study else None
            if home is None:
                home = loads.index(min(loads))
                if study:
                    self._homes[(kind, study)] = home
            loads[home] += 1
            number = home
        key = (kind, number)
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
        self._writer(item.type.value, item.study).add_document(_document(item, self._tables))
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
        facts = {"items": self.count, "format": INDEX_FORMAT, **self._tables.facts()}
        (self._path / _FACTS_FILE).write_bytes(orjson.dumps(facts))

    def __enter__(self) -> SearchIndexWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.commit()
        else:
            for writer in self._writers.values():
                writer.rollback()


#: A query runs on one thread unless its shards hold at least this many items (see _execute).
_PARALLEL_MIN_DOCS = 20_000
#: A ranked hit: lifted score, shard, rank within the shard, tantivy's document address.
_Ranked = tuple[float, int, int, Any]


#: Lanes (threads, the caller's included) a query's shards are spread over.
_LANES = max(1, min(4, os.cpu_count() or 1))
#: One shard's counts: per numbered column, the numbers found and how many hits have each.
_Counted = dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]]
#: One shard's part of a query: the shard, its counts (or None), its best hits.
_Done = tuple[int, _Counted | None, list[_Ranked]]
#: Relative cost per item of counting a shard's hits against ranking them (measured: about 2.5).
_COUNT_COST = 5
_RANK_COST = 2


@dataclass(frozen=True)
class _Job:
    """What to do on each shard: count ``fields`` (none: do not count), rank the best ``need``."""

    query: tantivy.Query
    fields: tuple[str, ...]
    need: int
    #: hits each shard skips before its best ``need`` (only when one shard holds the page)
    skip: int = 0


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
        try:
            facts = orjson.loads((path / _FACTS_FILE).read_bytes())
            if facts.get("format") != INDEX_FORMAT:
                raise ValueError(f"layout {facts.get('format')!r}, not {INDEX_FORMAT!r}")
            self._tables = _Tables.of(facts)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CatalogError(
                f"the search index at {path} was written by another version of harmonise or "
                f"is damaged ({exc}); run `harmonise build`"
            ) from exc
        self._spread = _Spread(self._tables)
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

    def _expanded_prefix(
        self, field_name: str, prefix: str, stems: Iterable[str] = ()
    ) -> tantivy.Query | None:
        # a prefix expands to the indexed terms it starts, the most frequent first; this is
        # far cheaper than compiling a regex automaton per field and query. ``stems`` are
        # further terms matched as they are (when indexed).
        found: dict[str, int] = {}
        for searcher in (shard.searcher for shard in self._shards):
            for term, freq in searcher.terms_with_prefix(field_name, prefix, limit=_MAX_EXPANSIONS):
                found[term] = found.get(term, 0) + int(freq)
            for stem in stems:
                freq = int(searcher.doc_freq(field_name, stem))
                if freq:
                    found[stem] = found.get(stem, 0) + freq
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
                typed, stem = (folded[0], words[0]) if len(folded) == len(words) == 1 else ("", "")
                if typed != stem and typed.startswith(stem) and _PREFIX_SAFE.fullmatch(typed):
                    # a stemmed field: the indexed stems that start as typed, and those the
                    # typed word itself stems to ("remesas*" -> "remes"), not every stem
                    # starting as its stem does ("pare*" is not "par*": "parte", "partir")
                    cut = [typed[:k] for k in range(len(stem), len(typed))]
                    candidates = [self._expanded_prefix(field_name, typed, cut)]
                else:
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

    def _count_shard(self, shard: int, query: tantivy.Query, fields: tuple[str, ...]) -> _Counted:
        """One shard's counts of group, place and concept-set numbers, as arrays.

        The buckets are unpacked on the lane that fetched them, so the lanes share this Python
        work as well as tantivy's. Each column's bucket limit is its table's length, so no
        number is ever left out; usually one request counts all columns (one pass over the
        hits). tantivy refuses a request of more than 65,000 buckets, so a registry with more
        groups, places and concept sets than :data:`_BUCKET_LIMIT` is counted column by column,
        and a larger column a window of numbers at a time: the hits restricted to those whose
        number is in the window (the columns are single-valued, so exactly those).
        """
        sizes = {name: max(1, self._spread.sizes[name]) for name in fields}
        parts: dict[str, list[tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]]] = {}
        if sum(sizes.values()) <= _BUCKET_LIMIT:
            self._count_into(parts, shard, query, sizes)
        else:
            for name, size in sizes.items():
                if size <= _BUCKET_LIMIT:
                    self._count_into(parts, shard, query, {name: size})
                    continue
                for low in range(0, size, _BUCKET_LIMIT):
                    high = min(size, low + _BUCKET_LIMIT) - 1
                    inside = tantivy.Query.range_query(
                        self._schema, name, tantivy.FieldType.Unsigned, low, high
                    )
                    narrowed = tantivy.Query.boolean_query(
                        [(tantivy.Occur.Must, query), (tantivy.Occur.Must, inside)]
                    )
                    self._count_into(parts, shard, narrowed, {name: high - low + 1})
        return {
            name: (np.concatenate([k for k, _ in got]), np.concatenate([c for _, c in got]))
            for name, got in parts.items()
        }

    def _count_into(
        self,
        parts: dict[str, list[tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]]],
        shard: int,
        query: tantivy.Query,
        sizes: dict[str, int],
    ) -> None:
        """One aggregation request: the numbers the hits hold in each column and their counts."""
        for name, found in self._aggregate(shard, query, sizes).items():
            buckets = found.get("buckets", ())
            try:
                if int(found.get("sum_other_doc_count", 0) or 0) > 0:
                    raise ValueError("more distinct numbers than the table holds")
                keys = np.fromiter(map(_KEY, buckets), dtype=np.int64, count=len(buckets))
                counts = np.fromiter(map(_DOC_COUNT, buckets), dtype=np.float64, count=len(buckets))
            except (ValueError, TypeError, OverflowError) as exc:
                raise CatalogError(
                    f"the search index does not match its facts.json ({exc}); rebuild it"
                ) from exc
            parts.setdefault(name, []).append((keys, counts))

    def _execute(
        self,
        job: _Job,
        shards: list[int],
        then: Callable[[dict[int, list[_Ranked]]], None] | None = None,
    ) -> list[_Done]:
        """Rank (if asked) and count (if asked) each shard, spread over the lanes.

        Each shard's ranking and its counting are separate tasks, and every lane (the caller
        plus one worker thread per further core, at most four in all; tantivy releases the GIL)
        takes the next task when it is free: first the rankings, then the countings, the
        costliest first within each. The lane that finishes the last ranking runs ``then`` with
        every shard's best hits (the page: stored records and highlights) while the other lanes
        are still counting. Measured on two cores, this beat giving each lane a fixed list of
        whole shards (with two large shards and a small one, one lane had to do both the small
        one and a large one) and making the page only after all counting. A query over small
        shards only runs on the caller (a hand-off costs more than it saves).
        """
        tasks: list[tuple[bool, int, int]] = []  # (count?, -cost, shard)
        for shard in shards:
            docs = self._shards[shard].docs
            if job.need:
                tasks.append((False, -docs * _RANK_COST, shard))
            if job.fields:
                tasks.append((True, -docs * _COUNT_COST, shard))
        tasks.sort()
        rankings = sum(1 for task in tasks if not task[0])
        counted: dict[int, _Counted] = {}
        ranked: dict[int, list[_Ranked]] = {}
        tickets = itertools.count()  # next() of a C iterator is atomic under the GIL
        finished = itertools.count(1)
        failed = threading.Event()

        def pull() -> None:
            try:
                for ticket in tickets:
                    if ticket >= len(tasks) or failed.is_set():
                        return
                    count, _, shard = tasks[ticket]
                    if count:
                        counted[shard] = self._count_shard(shard, job.query, job.fields)
                        continue
                    ranked[shard] = self._run_shard(shard, job.query, job.need, job.skip)
                    if then is not None and next(finished) == rankings:
                        then(ranked)
            except BaseException:
                failed.set()  # the other lanes stop after their current task
                raise

        large = sum(1 for n in shards if self._shards[n].docs >= _PARALLEL_MIN_DOCS)
        helpers = min(_LANES - 1, len(tasks) - 1) if large else 0
        others = [_pool().submit(pull) for _ in range(max(0, helpers))]
        try:
            pull()
        except BaseException:
            for other in others:
                other.cancel()
            raise
        for other in others:
            # a helper still queued behind other requests' work finds no task left: drop it
            # rather than wait for a free worker thread
            if not other.cancel():
                other.result()
        return [(n, counted.get(n), ranked.get(n, [])) for n in shards]

    def _count_fields(self, facets: bool) -> tuple[str, ...]:
        return _NUMBERED if facets else ("g_id",)

    def _merge_counts(
        self, done: list[_Done], facets: bool
    ) -> tuple[int, dict[str, dict[str, int]] | None]:
        """Total and facet counts over all shards from each shard's counts of numbers."""
        numbers: dict[str, npt.NDArray[np.int64]] = {}
        for name, size in self._spread.sizes.items():
            parts = [counted[name] for _, counted, _ in done if counted and name in counted]
            if not parts:
                numbers[name] = np.zeros(size, dtype=np.int64)
                continue
            keys = np.concatenate([k for k, _ in parts])
            if keys.size and (keys.min() < 0 or keys.max() >= size):
                raise CatalogError("the search index does not match its facts.json; rebuild it")
            weights = np.concatenate([w for _, w in parts])
            numbers[name] = np.bincount(keys, weights=weights, minlength=size).astype(np.int64)
        return self._spread.counts(numbers, facets)

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
    def _merge_ranked(ranked: Iterable[list[_Ranked]], limit: int, offset: int) -> list[_Ranked]:
        """The ranked page from each shard's best ``offset + limit``, times its type's lift.

        Every shard holds one type, so its order by plain score is its order by lifted score
        and the merge is exact. Ties keep shard order, then each shard's own order, so a page is
        the same every time.
        """
        found = [hit for hits in ranked for hit in hits]
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
        done = self._execute(_Job(query, (), offset + limit), shards)
        return self._merge_ranked((hits for _, _, hits in done), limit, offset)

    def _count_now(
        self, query: tantivy.Query, facets: bool, shards: list[int]
    ) -> tuple[int, dict[str, Any] | None]:
        done = self._execute(_Job(query, self._count_fields(facets), 0), shards)
        return self._merge_counts(done, facets)

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
        hits: tuple[IndexHit, ...] = ()
        if summary is None:
            # the page and the counts in one pass over the shards, the lanes side by side
            need = offset + limit if limit > 0 else 0
            one = len(shards) == 1  # one shard: tantivy skips to the page itself
            fields = self._count_fields(request.facets)
            job = _Job(query, fields, limit if one else need, offset if one else 0)
            paged: list[tuple[list[_Ranked], tuple[IndexHit, ...]]] = []

            def page(ranked: dict[int, list[_Ranked]]) -> None:
                found = self._merge_ranked(ranked.values(), limit, 0 if one else offset)
                paged.append((found, self._hits(found, text_query, request)))

            done = self._execute(job, shards, page if need else None)
            if paged:
                pairs, hits = paged[0]
            total, facets = self._merge_counts(done, request.facets)
            summary = self._relaxed_summary(parsed, request, _Summary(total, facets, False))
            self._remember(key, summary)
        elif offset < summary.total and not summary.relaxed:
            pairs = self._rank(query, limit, offset, shards)
            hits = self._hits(pairs, text_query, request)
        if summary.relaxed:
            assert parsed.root is not None
            query, text_query = self._compose(parsed, relaxed(parsed.root), request)
            notices.append("no item matched every word; showing items matching any")
            pairs = self._rank(query, limit, offset, shards) if offset < summary.total else []
            hits = self._hits(pairs, text_query, request)
        facets = summary.facets if request.facets and summary.facets is not None else {}
        return IndexResult(
            hits=hits,
            total=summary.total,
            facets={name: dict(counts) for name, counts in facets.items()},
            notices=tuple(notices),
            relaxed=summary.relaxed,
        )

    def _hits(
        self, pairs: list[_Ranked], text_query: tantivy.Query | None, request: IndexQuery
    ) -> tuple[IndexHit, ...]:
        """The page's hits: their stored records and (if asked) their highlights."""
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
        return tuple(
            IndexHit(urn=str(meta["urn"]), score=float(score), meta=meta, highlights=marks)
            for (score, _, _, _), meta, marks in zip(pairs, metas, highlights, strict=True)
        )
