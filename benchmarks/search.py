"""Search at scale: tantivy (harmonise.store.search) against an SQLite FTS5 baseline.

A deterministic synthetic catalog of N variables (MICS-style names, labels and question texts in
English plus the country's language, category labels, concept labels in en/es/sq, 60 countries,
N/400 studies, 20 modules, 300 concepts, 4 harmonisation statuses) is indexed by both engines
from the same records. Then a fixed mix of 200 queries (single words, two words, exact
variable names, name prefixes, phrases, boolean, with and without country/type filters) is run
against each, every query returning the first page of 20 hits AND the facet counts over all hits
(type, country, study, module, concept, language, status).

Each engine's build and its query run are separate processes, so the peak RSS reported is the
search process's own. Usage::

    python benchmarks/search.py                 # 100,000 variables
    python benchmarks/search.py --sizes 100000 1000000 --runs 3

Prints one table; numbers are medians over ``--runs`` query passes (build measured once per size).
tantivy's query passes are cold: the searcher's cache of totals and facet counts is cleared before
each pass. A second line per size gives page 2 of the same queries, answered with that cache warm.
The build clock leaves out generating the synthetic items. Besides wall-clock times the table gives
CPU time (the process's, all threads: the build's, and per query the querying thread's plus the
worker threads' that rank and count shards in parallel), which stays meaningful when other work
loads the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from harmonise.store.records import CatalogItem, ItemType

SEED = 20251127
PAGE = 20
FTS_CAP_S = 2.0


def _words(text: str) -> list[str]:
    return text.split()


EN = _words(
    "mother father parent child household member abroad lives living country migrated year "
    "remittances money received sent last months frequency amount use education health school "
    "attend grade repeat work hours chores paid unpaid age sex relationship head spouse son "
    "daughter grandchild caregiver change visit contact phone weekly monthly reason employment "
    "family reunification study return destination income food housing business debt savings"
)
ES = _words(
    "madre padre niño niña hogar miembro exterior extranjero vive migró año remesas dinero "
    "recibió envió últimos meses frecuencia monto uso educación salud escuela asiste grado "
    "repite trabajo horas tareas pagado edad sexo parentesco jefe cónyuge hijo hija nieto "
    "cuidador cambio visita contacto teléfono semanal mensual razón empleo familia reunificación "
    "estudio retorno destino ingreso comida vivienda negocio deuda ahorro"
)
SQ = _words(
    "nëna babai prind fëmija familja anëtar jashtë vendit jeton emigroi vit remitanca para "
    "mori dërgoi muajt shpeshtësia shuma përdorimi arsimi shëndeti shkolla ndjek klasa përsërit "
    "punë orë detyra paguar mosha gjinia lidhja kryefamiljari bashkëshorti djali vajza nipi "
    "kujdestari ndryshim vizitë kontakt telefon javore mujore arsye punësim bashkim studim "
    "kthim destinacion të ardhura ushqim strehim biznes borxh kursime"
)
LANG_WORDS = {"en": EN, "es": ES, "sq": SQ}
MODULES = [f"M{n:02d}" for n in range(20)]
STATUSES = ["complete", "partial", "impossible", "undetermined"]


def _countries() -> list[tuple[str, str]]:
    rng = random.Random(SEED)
    out = []
    for n in range(60):
        code = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(3)) + f"{n:02d}"
        out.append((code[:3] + chr(65 + n % 26), rng.choice(["es", "sq", "en"])))
    out[0] = ("ECU", "es")
    out[1] = ("ALB", "sq")
    return out


def _sentence(rng: random.Random, words: list[str], k: int) -> str:
    return " ".join(rng.choice(words) for _ in range(k))


#: Zipf-Mandelbrot fit of the real codebooks' content-word document frequencies (module docstring).
ZIPF_S, ZIPF_Q, VOCABULARY = 0.75, 5, 400
_SYLLABLES = _words("ka lo mi nu pe ra si to ve za bri cho dan fel gus")


class _Words:
    """Draws words of one language: uniformly from the real ones, or with measured frequencies."""

    def __init__(self, real: list[str], corpus: str, salt: int) -> None:
        self.words = list(real)
        rng = random.Random(SEED + salt)
        seen = set(self.words)
        while corpus == "measured" and len(self.words) < VOCABULARY:
            made = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            if made not in seen:
                seen.add(made)
                self.words.append(made)
        self.cum: list[float] | None = None
        if corpus == "measured":
            total = 0.0
            self.cum = []
            for rank in range(1, len(self.words) + 1):
                total += (rank + ZIPF_Q) ** -ZIPF_S
                self.cum.append(total)

    def sentence(self, rng: random.Random, k: int) -> str:
        if self.cum is None:
            return _sentence(rng, self.words, k)
        return " ".join(rng.choices(self.words, cum_weights=self.cum, k=k))


def synthetic_items(n: int, corpus: str = "measured") -> Iterator[CatalogItem]:
    """N deterministic variables (same N and corpus, same items, on any machine)."""
    rng = random.Random(SEED)
    countries = _countries()
    studies = max(1, n // 400)
    vocab = {lang: _Words(w, corpus, salt) for salt, (lang, w) in enumerate(LANG_WORDS.items())}
    concepts = [
        (f"C{n:03d}", {lang: vocab[lang].sentence(rng, 2) for lang in LANG_WORDS})
        for n in range(300)
    ]
    for i in range(n):
        study_no = i % studies
        country, lang = countries[study_no % len(countries)]
        study = f"{country}-{2000 + study_no % 25}-{study_no}"
        module = MODULES[i % len(MODULES)]
        name = f"{module.lower()}{(i // studies) % 400:03d}"
        concept_id, concept_labels = concepts[i % len(concepts)]
        texts: dict[str, list[str]] = {"en": [vocab["en"].sentence(rng, 5)]}
        if lang != "en":
            texts[lang] = [vocab[lang].sentence(rng, 9), vocab[lang].sentence(rng, 4)]
        else:
            texts["en"].append(vocab["en"].sentence(rng, 9))
        yield CatalogItem(
            urn=f"urn:ddi:org.example.bench:V{i}:1.0.0",
            type=ItemType.VARIABLE if i % 10 else ItemType.QUESTION,
            name=name,
            label=texts["en"][0],
            json="{}",
            study=study,
            study_version="1.0.0",
            country=country,
            module=module,
            languages=tuple(sorted(texts)),
            concepts=(concept_id,),
            status=STATUSES[i % 7 % 4],
            texts=texts,
            concept_texts={k: [v] for k, v in concept_labels.items()},
        )


def query_mix() -> list[dict[str, object]]:
    """The fixed 200 queries, each a dict of text and filters."""
    rng = random.Random(SEED + 1)
    mix: list[dict[str, object]] = []
    words = EN + ES + SQ
    for k in range(200):
        kind = k % 8
        if kind in (0, 1):
            text = rng.choice(words)
        elif kind == 2:
            text = f"{rng.choice(words)} {rng.choice(words)}"
        elif kind == 3:
            text = f"{rng.choice(MODULES).lower()}{rng.randrange(400):03d}"
        elif kind == 4:
            text = rng.choice(MODULES).lower() + str(rng.randrange(10)) + "*"
        elif kind == 5:
            lang = rng.choice(["en", "es", "sq"])
            text = f'"{_sentence(rng, LANG_WORDS[lang], 2)}"'
        elif kind == 6:
            text = f"{rng.choice(words)} OR {rng.choice(words)} -{rng.choice(words)}"
        else:
            text = rng.choice(words)[:4] + "*"
        filters: dict[str, list[str]] = {}
        if k % 3 == 0:
            filters["country"] = [rng.choice(["ECU", "ALB"])]
        if k % 5 == 0:
            filters["type"] = ["variable"]
        mix.append({"text": text, "filters": filters})
    return mix


# --- tantivy --------------------------------------------------------------------------------------


def _resident_mb() -> float:
    """Current resident set size of this process (Linux /proc), in MB."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class _Clock:
    """Wall and CPU (all threads) time of a whole build, and the build's own peak memory.

    The synthetic items are generated BEFORE the clock starts (generating them costs more than
    indexing them), and all of them are handed over inside the clock: nothing the indexing
    threads do happens off the clock. Peak RSS is reported as the rise over the resident size
    once the items exist.
    """

    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0
        self.base_mb = _resident_mb()

    def __enter__(self) -> None:
        self._wall = time.perf_counter()
        self._cpu = time.process_time()

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._wall
        self.cpu += time.process_time() - self._cpu

    def result(self) -> dict[str, float]:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return {"seconds": self.wall, "cpu": self.cpu, "rss_mb": peak - self.base_mb}


def tantivy_build(n: int, folder: Path, corpus: str) -> dict[str, float]:
    from harmonise.store.search import SearchIndexWriter, shard_count

    items = list(synthetic_items(n, corpus))
    per_type: dict[str, int] = {}
    for item in items:
        per_type[item.type.value] = per_type.get(item.type.value, 0) + 1
    split = {kind: shard_count(count) for kind, count in per_type.items()}
    clock = _Clock()
    threads = int(os.environ.get("BENCH_THREADS", "1"))
    with clock:
        writer = SearchIndexWriter(folder, heap_bytes=512_000_000, threads=threads, split=split)
        writer.add_many(items)
        writer.commit()
    return clock.result()


def tantivy_queries(folder: Path, runs: int) -> dict[str, object]:
    from harmonise.store.search import IndexQuery, SearchIndex

    index = SearchIndex(folder)
    mix = query_mix()
    passes = []
    cpu_passes = []
    page2_passes = []
    page2_cpu_passes = []
    totals = []
    for _ in range(runs):
        # cold: the searcher's cache of totals and facet counts is emptied before each pass
        index.clear_cache()
        times: dict[int, list[float]] = {0: [], PAGE: []}
        cpu_times: dict[int, list[float]] = {0: [], PAGE: []}
        for q in mix:
            filters = {k: tuple(v) for k, v in q["filters"].items()}  # type: ignore[attr-defined]
            text = str(q["text"])
            # the first page, then the second as a user paging on (totals and facets cached)
            for offset in (0, PAGE):
                request = IndexQuery(text=text, filters=filters, limit=PAGE, offset=offset)
                t0, c0 = time.perf_counter(), time.process_time()
                result = index.search(request)
                times[offset].append((time.perf_counter() - t0) * 1000)
                cpu_times[offset].append((time.process_time() - c0) * 1000)
                if offset == 0:
                    totals.append(result.total)
        passes.append(times[0])
        page2_passes.append(times[PAGE])
        cpu_passes.append(cpu_times[0])
        page2_cpu_passes.append(cpu_times[PAGE])
    return {
        "passes": passes,
        "cpu_passes": cpu_passes,
        "page2_passes": page2_passes,
        "page2_cpu_passes": page2_cpu_passes,
        "hits": sum(totals) // runs,
    }


# --- SQLite FTS5 baseline ------------------------------------------------------------

_FACET_COLUMNS = ("type", "country", "study", "module", "concept", "status")


def fts_build(n: int, path: Path, corpus: str) -> dict[str, float]:
    items = list(synthetic_items(n, corpus))
    clock = _Clock()
    with clock:
        con = sqlite3.connect(path)
        con.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE items (id INTEGER PRIMARY KEY, urn TEXT, name TEXT, type TEXT,"
            " country TEXT, study TEXT, module TEXT, concept TEXT, status TEXT, languages TEXT);"
            "CREATE VIRTUAL TABLE fts USING fts5(name, body, concepts, content='',"
            " tokenize='unicode61 remove_diacritics 2', prefix='2 3');"
        )
    with clock:
        for start in range(0, len(items), 20_000):
            _fts_insert(con, items[start : start + 20_000], start)
        for column in _FACET_COLUMNS:
            con.execute(f"CREATE INDEX items_{column} ON items ({column})")
        con.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        con.commit()
        con.close()
    return clock.result()


def _fts_insert(con: sqlite3.Connection, items: list[CatalogItem], start: int) -> None:
    batch_items = []
    batch_fts = []
    for i, item in enumerate(items, start=start + 1):
        body = " ".join(v for values in item.texts.values() for v in values)
        concepts = " ".join(v for values in item.concept_texts.values() for v in values)
        batch_items.append(
            (
                i,
                item.urn,
                item.name,
                item.type.value,
                item.country,
                item.study,
                item.module,
                item.concepts[0],
                item.status,
                " ".join(item.languages),
            )
        )
        batch_fts.append((i, item.name, body, concepts))
    con.executemany("INSERT INTO items VALUES (?,?,?,?,?,?,?,?,?,?)", batch_items)
    con.executemany("INSERT INTO fts(rowid, name, body, concepts) VALUES (?,?,?,?)", batch_fts)


def fts_queries(path: Path, runs: int) -> dict[str, object]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.execute("CREATE TEMP TABLE hits (id INTEGER PRIMARY KEY, score REAL, exact INTEGER)")
    deadline = [0.0]
    # a query running past FTS_CAP_S is abandoned and counted at the cap (a censored sample)
    con.set_progress_handler(lambda: int(time.perf_counter() > deadline[0]), 10_000)
    capped = 0
    mix = query_mix()
    passes = []
    cpu_passes = []
    totals = []
    for _ in range(runs):
        times = []
        cpu_times = []
        for q in mix:
            text = str(q["text"])
            match = " ".join(
                f'"{w[:-1]}"*' if w.endswith("*") else (w if w in {"OR"} else f'"{w.lstrip("-")}"')
                for w in text.replace('"', "").split()
                if not w.startswith("-")
            )
            where = ["fts MATCH ?"]
            params: list[str] = [match]
            for key, values in q["filters"].items():  # type: ignore[attr-defined]
                where.append(f"items.{key} = ?")
                params.append(values[0])
            clause = " AND ".join(where)
            t0, c0 = time.perf_counter(), time.thread_time()
            deadline[0] = t0 + FTS_CAP_S
            try:
                # hits are materialised once, then paged, counted and faceted from the temp table
                con.execute("DELETE FROM hits")
                con.execute(
                    f"INSERT INTO hits SELECT items.id, bm25(fts), fts.name = ? FROM fts"
                    f" JOIN items ON items.id = fts.rowid WHERE {clause}",
                    [text.lower(), *params],
                )
                con.execute(
                    f"SELECT items.urn FROM hits JOIN items ON items.id = hits.id"
                    f" ORDER BY hits.exact DESC, hits.score LIMIT {PAGE}"
                ).fetchall()
                total = con.execute("SELECT count(*) FROM hits").fetchone()[0]
                for column in _FACET_COLUMNS:
                    con.execute(
                        f"SELECT items.{column}, count(*) FROM hits JOIN items"
                        " ON items.id = hits.id GROUP BY 1 ORDER BY 2 DESC LIMIT 100"
                    ).fetchall()
            except sqlite3.OperationalError as exc:
                capped += "interrupted" in str(exc)
                total = 0
            times.append((time.perf_counter() - t0) * 1000)
            cpu_times.append((time.thread_time() - c0) * 1000)
            totals.append(total)
        passes.append(times)
        cpu_passes.append(cpu_times)
    return {
        "passes": passes,
        "cpu_passes": cpu_passes,
        "hits": sum(totals) // runs,
        "capped": capped // runs,
    }


# --- driver ------------------------------------------------------------


def _child(
    phase: str, engine: str, n: int, target: Path, runs: int, corpus: str
) -> dict[str, object]:
    cmd = [sys.executable, __file__, "--phase", phase, "--engine", engine, "--n", str(n)]
    cmd += ["--target", str(target), "--runs", str(runs), "--corpus", corpus]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _percentiles(passes: list[list[float]]) -> tuple[float, float, float]:
    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    p50 = statistics.median(pct(p, 0.50) for p in passes)
    p95 = statistics.median(pct(p, 0.95) for p in passes)
    p99 = statistics.median(pct(p, 0.99) for p in passes)
    return p50, p95, p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--phase", choices=["build", "query"])
    parser.add_argument("--engine", choices=["tantivy", "fts5"])
    parser.add_argument("--n", type=int)
    parser.add_argument("--target", type=Path)
    parser.add_argument("--engines", nargs="+", default=["fts5", "tantivy"])
    parser.add_argument("--corpus", choices=["measured", "uniform"], default="measured")
    args = parser.parse_args()
    if args.phase:
        if args.phase == "build":
            build = tantivy_build if args.engine == "tantivy" else fts_build
            out: dict[str, object] = dict(build(args.n, args.target, args.corpus))
        else:
            query = tantivy_queries if args.engine == "tantivy" else fts_queries
            out = dict(query(args.target, args.runs))
            out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(out))
        return
    import tantivy

    print(
        f"# search benchmark {time.strftime('%Y-%m-%d')}  python {sys.version.split()[0]}  "
        f"tantivy {tantivy.__version__}  sqlite {sqlite3.sqlite_version}  cpus {os.cpu_count()}  "
        f"corpus {args.corpus}  load {os.getloadavg()[0]:.1f}"
    )
    header = (
        f"{'engine':8} {'variables':>10} {'build s':>8} {'vars/s':>8} {'CPU s':>6} "
        f"{'vars/CPU s':>10} {'index MB':>9} "
        f"{'build RSS':>9} {'query RSS':>9} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'CPU p50':>7} {'CPU p95':>7} {'hits/q':>8}"
    )
    print(header)
    for n in args.sizes:
        work = Path(tempfile.mkdtemp(prefix="harmonise-bench-"))
        try:
            for engine in args.engines:
                target = work / ("index" if engine == "tantivy" else "fts.sqlite")
                built = _child("build", engine, n, target, args.runs, args.corpus)
                queried = _child("query", engine, n, target, args.runs, args.corpus)
                p50, p95, p99 = _percentiles(queried["passes"])  # type: ignore[arg-type]
                c50, c95, _ = _percentiles(queried["cpu_passes"])  # type: ignore[arg-type]
                seconds = float(built["seconds"])  # type: ignore[arg-type]
                cpu = float(built["cpu"])  # type: ignore[arg-type]
                print(
                    f"{engine:8} {n:>10,} {seconds:>8.1f} {n / seconds:>8,.0f} "
                    f"{cpu:>6.1f} {n / cpu:>10,.0f} "
                    f"{_size(target) / 1e6:>9.1f} {float(built['rss_mb']):>8.0f}M "  # type: ignore[arg-type]
                    f"{float(queried['rss_mb']):>8.0f}M {p50:>7.2f} {p95:>7.2f} {p99:>7.2f} "  # type: ignore[arg-type]
                    f"{c50:>7.2f} {c95:>7.2f} "
                    f"{int(queried['hits']) // 200:>8,}"  # type: ignore[call-overload]
                    + (
                        f"  ({queried['capped']} queries capped at {FTS_CAP_S:g} s)"
                        if queried.get("capped")
                        else ""
                    ),
                    flush=True,
                )
                if "page2_passes" in queried:
                    q50, q95, _ = _percentiles(queried["page2_passes"])  # type: ignore[arg-type]
                    k50, k95, _ = _percentiles(queried["page2_cpu_passes"])  # type: ignore[arg-type]
                    print(
                        f"{'  page 2':8} {n:>10,}  (same queries, offset {PAGE}, totals and facet "
                        f"counts cached) p50 {q50:.2f} p95 {q95:.2f}  CPU p50 {k50:.2f} "
                        f"CPU p95 {k95:.2f}",
                        flush=True,
                    )
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
