from __future__ import annotations

from pathlib import Path

import orjson
import pytest
import tantivy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harmonise.errors import CatalogError
from harmonise.store.records import CatalogItem, ItemType
from harmonise.store.search import IndexQuery, SearchIndex, SearchIndexWriter

REMIT = {"en": ["Remittances"], "es": ["Remesas"], "sq": ["Remitancat"]}


def item(name: str, kind: ItemType = ItemType.VARIABLE, **kw: object) -> CatalogItem:
    fields: dict[str, object] = {
        "urn": f"urn:ddi:org.example.migreg:{name.upper()}-{kw.get('country', 'X')}:1.0.0",
        "type": kind,
        "name": name,
        "label": name,
        "json": "{}",
    }
    fields.update(kw)
    return CatalogItem(**fields)  # type: ignore[arg-type]


ITEMS = [
    item(
        "p12",
        country="ECU",
        study="ECU-2025",
        languages=("es",),
        concepts=("C-REMIT",),
        status="complete",
        texts={"es": ["¿El hogar recibió remesas del exterior?"]},
        concept_texts=REMIT,
    ),
    item(
        "q7",
        country="ALB",
        study="ALB-2025",
        languages=("sq",),
        concepts=("C-REMIT",),
        status="partial",
        texts={"sq": ["A ka marrë familja para nga jashtë? <script>x</script>"]},
        concept_texts=REMIT,
    ),
    item(
        "hl3",
        country="ECU",
        study="ECU-2025",
        module="HL",
        languages=("es",),
        texts={"es": ["¿La madre del niño vive en el extranjero?"]},
    ),
    item(
        "hl30",
        country="ALB",
        study="ALB-2025",
        module="HL",
        languages=("sq",),
        texts={"sq": ["A jeton nëna jashtë vendit? Çfarë"]},
    ),
    item(
        "employed",
        kind=ItemType.CORE_VARIABLE,
        languages=("en",),
        texts={"en": ["Worked for pay last week", "the HL3 employment flag"]},
    ),
    item("remit_total", kind=ItemType.CORE_VARIABLE, languages=("en",), texts={"en": ["Amount"]}),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    path = tmp_path_factory.mktemp("search") / "index"
    with SearchIndexWriter(path) as writer:
        writer.add_many(ITEMS)
    return SearchIndex(path)


def names(index: SearchIndex, text: str, **kw: object) -> list[str]:
    result = index.search(IndexQuery(text=text, **kw))  # type: ignore[arg-type]
    return [h.meta["name"] for h in result.hits]


def test_exact_name_match_ranks_first_even_against_text_matches(index: SearchIndex) -> None:
    # "employed" mentions HL3 in its text; the variable named hl3 still comes first,
    # then the name-prefix match hl30
    assert names(index, "HL3")[:2] == ["hl3", "hl30"]


def test_name_prefix_matches_rank_before_text_matches(index: SearchIndex) -> None:
    assert names(index, "remit*")[0] == "remit_total"


def test_spanish_stemming(index: SearchIndex) -> None:
    assert names(index, "remesa") == names(index, "remesas")
    assert "p12" in names(index, "remesa")


def test_english_stemming(index: SearchIndex) -> None:
    assert names(index, "work") == ["employed"]


@pytest.mark.parametrize("text", ["jashte", "jashtë", "JASHTË", "cfare", "çfarë"])
def test_albanian_accent_and_case_folding(index: SearchIndex, text: str) -> None:
    assert names(index, text)
    assert set(names(index, text)) <= {"q7", "hl30"}


def test_query_in_spanish_finds_albanian_variant_through_concept(index: SearchIndex) -> None:
    assert set(names(index, "remesas")) == {"p12", "q7"}


def test_language_restriction_keeps_cross_language_matches_of_that_language(
    index: SearchIndex,
) -> None:
    assert names(index, "remesas", language="sq") == ["q7"]


def test_phrase_query(index: SearchIndex) -> None:
    assert names(index, '"vive en el extranjero"') == ["hl3"]
    assert names(index, '"extranjero vive"') == []


def test_boolean_queries(index: SearchIndex) -> None:
    assert set(names(index, "remesas -p12")) == {"q7"}
    assert set(names(index, "madre OR nëna")) == {"hl3", "hl30"}
    assert names(index, "madre AND jashtë") == []


def test_implicit_and_relaxes_to_or_when_nothing_matches(index: SearchIndex) -> None:
    result = index.search(IndexQuery(text="madre nëna"))
    assert {h.meta["name"] for h in result.hits} == {"hl3", "hl30"}
    assert result.relaxed
    assert result.notices == ("no item matched every word; showing items matching any",)


def test_facets_count_all_hits_not_only_the_page(index: SearchIndex) -> None:
    result = index.search(IndexQuery(text="", limit=1))
    assert len(result.hits) == 1
    assert result.total == len(ITEMS)
    assert result.facets["country"] == {"ALB": 2, "ECU": 2}
    assert result.facets["type"] == {"variable": 4, "core-variable": 2}
    assert result.facets["status"] == {"complete": 1, "partial": 1}
    assert result.facets["concept"] == {"C-REMIT": 2}
    assert result.facets["module"] == {"HL": 2}
    assert result.facets["language"] == {"en": 2, "es": 2, "sq": 2}


def test_filters_restrict_hits_and_facets(index: SearchIndex) -> None:
    result = index.search(IndexQuery(text="remesas", filters={"country": ("ALB",)}))
    assert [h.meta["name"] for h in result.hits] == ["q7"]
    assert result.facets["country"] == {"ALB": 1}


def test_pagination_walks_all_hits_once(index: SearchIndex) -> None:
    pages = [names(index, "", offset=offset, limit=2) for offset in (0, 2, 4)]
    flat = [n for page in pages for n in page]
    assert sorted(flat) == sorted(i.name for i in ITEMS)


def test_highlights_escape_html(index: SearchIndex) -> None:
    result = index.search(IndexQuery(text="script"))
    assert result.hits[0].highlights == (
        "A ka marrë familja para nga jashtë? &lt;<b>script</b>&gt;x&lt;/<b>script</b>",
    )


def test_missing_index_is_a_catalog_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="run `harmonise build`"):
        SearchIndex(tmp_path / "nothing")


BAD_QUERIES = [
    '"unbalanced',
    "AND",
    "OR OR",
    "NOT",
    "+",
    "-",
    "(((",
    ")))",
    "*",
    "a" * 10_000,
    "\x00\x01\x02",
    "title:(",
    "[1 TO",
    "~2^3",
    "\\",
    "réga.*x[",
]


@pytest.mark.parametrize("text", BAD_QUERIES)
def test_bad_queries_never_raise(index: SearchIndex, text: str) -> None:
    result = index.search(IndexQuery(text=text))
    assert result.total >= 0


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=12),
            st.sampled_from(['"', "(", ")", "*", "-", "+", "AND", "OR", "NOT", "hl3", "remesas"]),
        ),
        max_size=30,
    ).map(" ".join)
)
def test_any_query_gives_a_result(index: SearchIndex, text: str) -> None:
    result = index.search(IndexQuery(text=text))
    assert 0 <= len(result.hits) <= result.total


def test_highlights_show_only_the_items_own_text(index: SearchIndex) -> None:
    # both are found through their concept's English label, which is not their own text
    result = index.search(IndexQuery(text="remittances"))
    assert sorted((h.meta["name"], h.highlights) for h in result.hits) == [("p12", ()), ("q7", ())]


def test_variables_rank_before_other_items_with_the_same_text(tmp_path: Path) -> None:
    same = {"en": ["Household received remittances"]}
    items = [
        item("c1", ItemType.CATEGORY, languages=("en",), texts=same),
        item("v1", languages=("en",), texts=same),
        item("cs", ItemType.CONCEPT_SCHEME, languages=("en",), texts=same),
    ]
    with SearchIndexWriter(tmp_path / "index") as writer:
        writer.add_many(items)
    assert names(SearchIndex(tmp_path / "index"), "remittances") == ["v1", "c1", "cs"]


@pytest.mark.parametrize("text", ["", "remesas", "remit*", "madre nëna", "HL3", "nothingmatches"])
def test_total_is_the_same_with_and_without_facet_counts(tmp_path: Path, text: str) -> None:
    # with facets the total is summed from the type buckets; without, it is counted
    with SearchIndexWriter(tmp_path / "index") as writer:
        writer.add_many(ITEMS)
    fresh = SearchIndex(tmp_path / "index")
    counted = fresh.search(IndexQuery(text=text, facets=False))
    fresh.clear_cache()
    summed = fresh.search(IndexQuery(text=text))
    assert (summed.total, summed.relaxed) == (counted.total, counted.relaxed)
    assert summed.total == sum(summed.facets["type"].values())
    assert [h.urn for h in summed.hits] == [h.urn for h in counted.hits]


def test_second_page_of_a_relaxed_query_stays_relaxed(index: SearchIndex) -> None:
    first = index.search(IndexQuery(text="madre nëna", limit=1))
    second = index.search(IndexQuery(text="madre nëna", limit=1, offset=1))
    assert (first.total, second.total, first.relaxed, second.relaxed) == (2, 2, True, True)
    assert second.notices == first.notices
    assert {h.meta["name"] for h in (*first.hits, *second.hits)} == {"hl3", "hl30"}


def test_facet_counts_are_computed_when_an_earlier_identical_query_skipped_them(
    index: SearchIndex,
) -> None:
    text = "remesas OR madre"
    assert index.search(IndexQuery(text=text, facets=False)).facets == {}
    assert index.search(IndexQuery(text=text)).facets["country"] == {"ECU": 2, "ALB": 1}


def test_changing_a_returned_facet_dict_does_not_change_the_next_answer(
    index: SearchIndex,
) -> None:
    first = index.search(IndexQuery(text="remesas"))
    first.facets["country"]["ECU"] = 99
    first.facets.clear()
    assert index.search(IndexQuery(text="remesas")).facets["country"] == {"ALB": 1, "ECU": 1}


def test_filters_are_part_of_the_cached_summary(index: SearchIndex) -> None:
    everyone = index.search(IndexQuery(text="remesas"))
    albania = index.search(IndexQuery(text="remesas", filters={"country": ("ALB",)}))
    assert (everyone.total, albania.total) == (2, 1)


def test_offset_past_the_last_hit_gives_an_empty_page_and_the_total(index: SearchIndex) -> None:
    result = index.search(IndexQuery(text="remesas", offset=50))
    assert (result.hits, result.total) == ((), 2)


def _independent_facets(items: list[CatalogItem]) -> dict[str, dict[str, int]]:
    """Facet counts computed directly from the items, one value at a time."""
    from harmonise.store.records import language_bucket

    counts: dict[str, dict[str, int]] = {}

    def bump(facet: str, value: str | None) -> None:
        if value:
            counts.setdefault(facet, {})
            counts[facet][value] = counts[facet].get(value, 0) + 1

    for it in items:
        bump("type", it.type.value)
        bump("country", it.country)
        bump("study", it.study)
        bump("module", it.module)
        bump("status", it.status)
        for concept in set(it.concepts):
            bump("concept", concept)
        for lang in {language_bucket(x) for x in it.languages}:
            bump("language", lang)
    return counts


MANY = [
    item(
        f"v{n}",
        kind=(ItemType.VARIABLE, ItemType.QUESTION, ItemType.CATEGORY)[n % 3],
        country=("ECU", "ALB", None)[n % 3],
        study=f"S{n % 7}",
        module=(f"M{n % 11}", None, "odd\x1fmodule, with comma")[n % 3 if n % 5 else 1],
        status=("complete", None, "partial", "impossible")[n % 4],
        languages=(("en",), ("es-EC", "en"), ("sq", "en", "fr"), ())[n % 4],
        concepts=(("C1", "C2"), ("C2",), ())[n % 3],
        texts={"en": [f"household item {n}"]},
    )
    for n in range(60)
]


@pytest.mark.parametrize("bucket_limit", [30_000, 3, 1])
def test_facet_counts_equal_counts_made_item_by_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bucket_limit: int
) -> None:
    # bucket_limit=3: more groups, places and concepts than one aggregation request may count
    # (tantivy refuses past 65,000 buckets), so each column is counted on its own and the
    # larger ones a window of numbers at a time (items with two concepts span windows)
    import harmonise.store.search as search_module

    monkeypatch.setattr(search_module, "_BUCKET_LIMIT", bucket_limit)
    with SearchIndexWriter(tmp_path / "index") as writer:
        writer.add_many(MANY)
    index = SearchIndex(tmp_path / "index")
    result = index.search(IndexQuery(text="household"))
    assert result.total == len(MANY)
    expected = _independent_facets(MANY)
    assert {k: v for k, v in result.facets.items() if v} == expected
    some = [it for it in MANY if it.country == "ALB"]
    filtered = index.search(IndexQuery(text="household", filters={"country": ("ALB",)}))
    assert filtered.total == len(some)
    assert {k: v for k, v in filtered.facets.items() if v} == _independent_facets(some)


def test_a_word_missing_from_the_index_still_restricts_an_and_query(index: SearchIndex) -> None:
    # the unknown word is not dropped: nothing has both words, so the words are joined by OR
    strict = index.search(IndexQuery(text="remesas zzzunknown"))
    assert strict.relaxed and strict.total == 2
    assert index.search(IndexQuery(text="zzzunknown")).total == 0


def _build(path: Path, items: list[CatalogItem], shards: int) -> SearchIndex:
    with SearchIndexWriter(path, split=shards) as writer:
        writer.add_many(items)
    return SearchIndex(path)


WORDS = ("household", "remittances", "mother", "abroad", "school", "money")
VARIED = [
    item(
        f"x{n:03d}",
        kind=(ItemType.VARIABLE, ItemType.QUESTION, ItemType.CONCEPT)[n % 3],
        country=("ECU", "ALB")[n % 2],
        study=f"S{n % 5}",
        languages=("en",),
        texts={"en": [" ".join(WORDS[(n * k) % len(WORDS)] for k in range(1, 2 + n % 4))]},
    )
    for n in range(120)
]


@pytest.mark.parametrize("text", ["household", "mother OR money", "x01*", "x042", "-school"])
def test_a_sharded_index_finds_and_counts_what_one_shard_does(tmp_path: Path, text: str) -> None:
    one = _build(tmp_path / "one", VARIED, shards=1)
    two = _build(tmp_path / "two", VARIED, shards=2)
    assert two.size == one.size == len(VARIED)
    a, b = one.search(IndexQuery(text=text)), two.search(IndexQuery(text=text))
    assert (b.total, b.facets) == (a.total, a.facets)
    # every hit exactly once across the pages, in score order
    pages = [two.search(IndexQuery(text=text, limit=7, offset=o)) for o in range(0, b.total, 7)]
    hits = [h for page in pages for h in page.hits]
    assert sorted(h.urn for h in hits) == sorted(
        h.urn for h in one.search(IndexQuery(text=text, limit=1000)).hits
    )
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_a_rebuilt_sharded_index_answers_the_same(tmp_path: Path) -> None:
    first = _build(tmp_path / "first", VARIED, shards=2)
    again = _build(tmp_path / "again", VARIED, shards=2)
    for text in ("household", "mother money", "x0*"):
        request = IndexQuery(text=text, limit=50)
        assert [h.urn for h in first.search(request).hits] == [
            h.urn for h in again.search(request).hits
        ]


def test_exact_name_ranks_first_in_a_sharded_index(tmp_path: Path) -> None:
    two = _build(tmp_path / "two", VARIED, shards=2)
    assert two.search(IndexQuery(text="x043")).hits[0].meta["name"] == "x043"


def test_shard_count_grows_with_the_catalog() -> None:
    from harmonise.store.search import SHARD_THRESHOLD, shard_count

    assert (shard_count(10), shard_count(SHARD_THRESHOLD - 1), shard_count(SHARD_THRESHOLD)) == (
        1,
        1,
        2,
    )
    with pytest.raises(ValueError):
        SearchIndexWriter(Path("unused"), split=0)


def test_a_query_of_only_punctuation_says_every_item_is_shown(index: SearchIndex) -> None:
    result = index.search(IndexQuery(text="(((("))
    assert result.total == len(ITEMS)
    assert result.notices == (
        "closed an unbalanced parenthesis (4 times)",
        "no searchable word was left in the query, so every item is shown",
    )
    assert index.search(IndexQuery(text="")).notices == ()


NATIONAL = [
    item(
        f"n{n}",
        study=f"S{n % 6}" if n % 9 else None,
        country=("ECU", "ALB", "ECU", "MEX", None, "ALB")[n % 6] if n % 9 else None,
        languages=("es",),
        texts={"es": ["hogar remesas" if n % 2 else "hogar"]},
    )
    for n in range(80)
]


@pytest.mark.parametrize("shards", [1, 2])
def test_country_counts_of_national_studies_equal_direct_counts(
    tmp_path: Path, shards: int
) -> None:
    index = _build(tmp_path / "index", NATIONAL, shards=shards)
    for text in ("hogar", "remesas"):
        hits = [it for it in NATIONAL if text in it.texts["es"][0]]
        result = index.search(IndexQuery(text=text))
        assert result.facets["country"] == _independent_facets(hits)["country"]


@pytest.mark.parametrize(
    "kinds", [("variable",), ("question", "concept"), ("category",), ("no-such-type",)]
)
@pytest.mark.parametrize("split", [1, 2])
def test_a_type_filter_keeps_exactly_the_items_of_those_types(
    tmp_path: Path, kinds: tuple[str, ...], split: int
) -> None:
    index = _build(tmp_path / "index", VARIED, shards=split)
    result = index.search(IndexQuery(text="household", filters={"type": kinds}, limit=1000))
    expected = [it for it in VARIED if it.type.value in kinds and "household" in it.texts["en"][0]]
    assert sorted(h.urn for h in result.hits) == sorted(it.urn for it in expected)
    assert result.total == len(expected)
    assert {k: v for k, v in result.facets.items() if v} == _independent_facets(expected)


def test_an_index_of_no_items_answers_nothing(tmp_path: Path) -> None:
    index = _build(tmp_path / "index", [], shards=1)
    result = index.search(IndexQuery(text="household"))
    assert (index.size, result.total, result.hits) == (0, 0, ())
    assert index.search(IndexQuery(text="")).total == 0


def test_hits_of_every_type_shard_are_highlighted(tmp_path: Path) -> None:
    # the word occurs in one type only: each hit's snippet uses its own shard's statistics
    items = [
        item("v1", languages=("en",), texts={"en": ["school attendance"]}),
        item("q1", ItemType.QUESTION, languages=("en",), texts={"en": ["Is the child in school?"]}),
        item("c1", ItemType.CATEGORY, languages=("en",), texts={"en": ["Attends school"]}),
    ]
    index = _build(tmp_path / "index", items, shards=1)
    result = index.search(IndexQuery(text="school"))
    assert len(result.hits) == 3
    assert all("<b>school</b>" in h.highlights[0] for h in result.hits)
    stemmed = index.search(IndexQuery(text="attendance"))  # English stem "attend"
    assert sorted(h.highlights for h in stemmed.hits) == [
        ("<b>Attends</b> school",),
        ("school <b>attendance</b>",),
    ]


def test_each_type_can_be_dealt_into_its_own_number_of_shards(tmp_path: Path) -> None:
    with SearchIndexWriter(tmp_path / "index", split={"variable": 2}) as writer:
        writer.add_many(VARIED)
    shards = sorted(p.name for p in (tmp_path / "index").iterdir() if p.is_dir())
    assert shards == ["shard-concept-0", "shard-question-0", "shard-variable-0", "shard-variable-1"]
    index = SearchIndex(tmp_path / "index")
    assert index.search(IndexQuery(text="household")).total == sum(
        "household" in it.texts["en"][0] for it in VARIED
    )


def test_an_index_of_an_older_layout_asks_for_a_rebuild(tmp_path: Path) -> None:
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "meta.json").write_text("{}", encoding="utf-8")
    with pytest.raises(CatalogError, match="another version of harmonise"):
        SearchIndex(tmp_path / "index")


def test_an_index_of_the_previous_format_asks_for_a_rebuild(tmp_path: Path) -> None:
    index = _build(tmp_path / "index", VARIED, shards=1)
    assert index.size == len(VARIED)
    facts = tmp_path / "index" / "facts.json"
    facts.write_text('{"items": 120, "format": "4"}', encoding="utf-8")
    with pytest.raises(CatalogError, match="another version of harmonise"):
        SearchIndex(tmp_path / "index")
    facts.write_bytes(b"\xff{not json")
    with pytest.raises(CatalogError, match="damaged"):
        SearchIndex(tmp_path / "index")


def test_counts_that_do_not_match_the_tables_are_refused(tmp_path: Path) -> None:
    _build(tmp_path / "index", VARIED, shards=1)
    facts_file = tmp_path / "index" / "facts.json"
    facts = orjson.loads(facts_file.read_bytes())
    facts["places"] = facts["places"][:1]  # the shards hold numbers of places it no longer has
    facts_file.write_bytes(orjson.dumps(facts))
    with pytest.raises(CatalogError, match="does not match"):
        SearchIndex(tmp_path / "index").search(IndexQuery(text="household"))


def test_a_split_type_keeps_each_study_in_one_shard(tmp_path: Path) -> None:
    items = [
        item(f"s{n}", study=f"S{n % 9}", country="ECU", languages=("en",), texts={"en": ["hh"]})
        for n in range(90)
    ]
    _build(tmp_path / "index", items, shards=2)
    studies: list[set[str]] = []
    for number in (0, 1):
        shard = tantivy.Index.open(str(tmp_path / "index" / f"shard-variable-{number}"))
        searcher = shard.searcher()
        hits = searcher.search(tantivy.Query.all_query(), limit=100).hits
        metas = [orjson.loads(bytes(searcher.doc(a)["meta"][0])) for _, a in hits]
        studies.append({m["study"] for m in metas})
    assert studies[0] and studies[1] and not studies[0] & studies[1]
    assert studies[0] | studies[1] == {f"S{n}" for n in range(9)}
    # dealt by size: 5 and 4 studies of 10 items each
    assert sorted(len(s) for s in studies) == [4, 5]


def test_facets_past_the_first_hundred_values_are_the_most_frequent(tmp_path: Path) -> None:
    # 150 studies, study k holding k % 5 + 1 items: the first 100 by count, ties by name
    items = [
        item(f"m{k}-{j}", study=f"S{k:03d}", languages=("en",), texts={"en": ["hh"]})
        for k in range(150)
        for j in range(k % 5 + 1)
    ]
    index = _build(tmp_path / "index", items, shards=2)
    counts = index.search(IndexQuery(text="hh")).facets["study"]
    expected = sorted(((k % 5 + 1, f"S{k:03d}") for k in range(150)), key=lambda x: (-x[0], x[1]))
    assert list(counts.items()) == [(name, n) for n, name in expected[:100]]


@pytest.mark.parametrize("shards", [1, 2])
def test_a_page_is_the_same_with_counts_cached_or_not(tmp_path: Path, shards: int) -> None:
    # cold: the page is made while the counting runs; warm: only the page is ranked
    index = _build(tmp_path / "index", VARIED, shards=shards)
    for offset in (0, 7, 35, 200):
        request = IndexQuery(text="household OR money", limit=7, offset=offset)
        index.clear_cache()
        cold = index.search(request)
        warm = index.search(request)
        assert cold == warm
        assert len(cold.hits) == max(0, min(7, cold.total - offset))


def test_an_exclusion_beside_an_or_excludes_from_every_side(index: SearchIndex) -> None:
    # "a OR b -c" is "(a OR b) AND NOT c": no hit of either word holds the excluded one
    both = index.search(IndexQuery(text="remesas OR abroad", limit=100))
    kept = index.search(IndexQuery(text="remesas OR abroad -remittances", limit=100))
    alone = index.search(IndexQuery(text="remittances", limit=100))
    excluded = {h.urn for h in alone.hits}
    assert excluded & {h.urn for h in both.hits}
    assert {h.urn for h in kept.hits} == {h.urn for h in both.hits} - excluded


def test_a_search_does_not_wait_for_worker_threads_busy_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every worker thread is held by other work: the caller does all the tasks itself
    import threading

    import harmonise.store.search as search_module

    monkeypatch.setattr(search_module, "_PARALLEL_MIN_DOCS", 0)
    index = _build(tmp_path / "index", VARIED, shards=2)
    expected = index.search(IndexQuery(text="household OR money"))
    index.clear_cache()
    release = threading.Event()
    blockers = [search_module._pool().submit(release.wait, 30) for _ in range(4)]
    try:
        answered: list[object] = []
        runner = threading.Thread(
            target=lambda: answered.append(index.search(IndexQuery(text="household OR money")))
        )
        runner.start()
        runner.join(timeout=10)
        assert answered == [expected]
    finally:
        release.set()
        for blocker in blockers:
            blocker.result()


def test_more_studies_and_concepts_than_one_aggregation_may_count(tmp_path: Path) -> None:
    # tantivy refuses an aggregation past 65,000 buckets: 66,000 studies and 66,000 concepts
    n = 66_000
    items = [
        item(
            f"w{k}",
            study=f"S{k:05d}",
            country="ECU",
            concepts=(f"C{k:05d}", "C-ALL"),
            languages=("en",),
            texts={"en": ["household" if k % 2 else "household member"]},
        )
        for k in range(n)
    ]
    index = _build(tmp_path / "index", items, shards=1)
    result = index.search(IndexQuery(text="household"))
    assert result.total == n
    assert result.facets["country"] == {"ECU": n}
    assert result.facets["concept"]["C-ALL"] == n
    assert list(result.facets["study"].items())[:2] == [("S00000", 1), ("S00001", 1)]
    member = index.search(IndexQuery(text="member"))
    assert (member.total, member.facets["concept"]["C-ALL"]) == (n // 2, n // 2)
    assert sum(member.facets["study"].values()) == 100  # the first 100 of n // 2, one each


@pytest.mark.parametrize(
    ("table", "value"),
    [
        ("groups", [{"kind": "variable"}]),
        ("groups", [["variable", "", "", "en"]]),
        ("groups", [["variable", "", "", ["fr"]]]),
        ("places", [["ECU"]]),
        ("places", "ECU"),
        ("concepts", [{"x": 1}]),
        ("concept_sets", [[0, 99]]),
        ("concept_sets", [["0"]]),
        ("concept_sets", None),
    ],
)
def test_a_damaged_table_in_facts_json_asks_for_a_rebuild(
    tmp_path: Path, table: str, value: object
) -> None:
    _build(tmp_path / "index", MANY, shards=1)
    facts_file = tmp_path / "index" / "facts.json"
    facts = orjson.loads(facts_file.read_bytes())
    facts[table] = value
    facts_file.write_bytes(orjson.dumps(facts))
    with pytest.raises(CatalogError, match="damaged"):
        SearchIndex(tmp_path / "index")


def test_a_failing_lane_stops_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the caller's counting fails at once; the worker's takes a while per shard: once the
    # caller has failed, the worker finishes the shard in hand and takes no other
    import threading
    import time

    import harmonise.store.search as search_module

    monkeypatch.setattr(search_module, "_PARALLEL_MIN_DOCS", 0)
    index = _build(tmp_path / "index", VARIED, shards=2)
    counted_by_worker: list[int] = []

    def count(shard: int, query: object, fields: object) -> object:
        if threading.current_thread() is threading.main_thread():
            raise CatalogError("the search index does not match its facts.json; rebuild it")
        time.sleep(0.05)
        counted_by_worker.append(shard)
        return {}

    monkeypatch.setattr(index, "_count_shard", count)
    with pytest.raises(CatalogError):
        index.search(IndexQuery(text="household"))
    time.sleep(0.3)  # a worker that went on would have counted the other three shards by now
    assert len(counted_by_worker) <= 2


def test_a_prefix_over_stemmed_text_takes_the_stems_of_words_it_starts(tmp_path: Path) -> None:
    def spanish(name: str, text: str) -> CatalogItem:
        return item(name, languages=("es",), texts={"es": [text]})

    items = [
        spanish("s1", "Parentesco con el jefe del hogar"),
        spanish("s2", "Parte del dinero enviado"),
        spanish("s3", "¿Recibió remesas del exterior?"),
        spanish("s4", "Partir hacia el exterior"),
        item("e1", languages=("en",), texts={"en": ["Happiness of the child"]}),
        item("e2", languages=("en",), texts={"en": ["Living abroad"]}),
    ]
    index = _build(tmp_path / "index", items, shards=1)

    def found(text: str) -> set[str]:
        return {h.meta["name"] for h in index.search(IndexQuery(text=text, limit=50)).hits}

    # "pare*" is not "par*" (the Spanish stem of "pare"): no "parte", no "partir"
    assert found("pare*") == {"s1"}
    assert found("paren*") == {"s1"}
    # a whole word with a star still finds its own stem ("remesas" -> "remes")
    assert found("remesas*") == {"s3"}
    assert found("remes*") == {"s3"}
    # a stem that is no prefix of the word ("happy" -> "happi") is still looked for
    assert found("happy*") == {"e1"}
    assert found("lives*") == {"e2"}
