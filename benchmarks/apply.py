"""Benchmark: harmonise 10 million synthetic person records with 20 crosswalks (issue 8 §7).

Generates the input as Parquet with DuckDB itself (20 coded columns with 6-12 codes each, one
of them missing-coded, plus a weight), builds 20 recode crosswalks, then measures in the same run:

* ``bare join``: one hand-written DuckDB statement joining the same data to the same 20 mapping
  tables and writing Parquet (the baseline);
* ``harmonise (default)``: :func:`harmonise.engine.duckdb_runner.harmonise` on the compiled plan:
  coverage scan, then short mapping tables (<= 64 rows, all 20 here) inlined as simple ``CASE``
  lookups, Parquet with metadata, rows in input order;
* ``harmonise, all joins``: the same with every mapping table joined (``inline_limit=0``), which
  needs a sort to keep the input order;
* ``harmonise + control cols`` (``--control``): the default plus 60 control columns.

Each runs in a fresh child process so peak RSS (``ru_maxrss``) is per variant. Prints a table of
the median of ``--runs`` runs: seconds, rows per second, ratio to the bare join, peak RSS.

    python benchmarks/apply.py [--rows 10000000] [--runs 3] [--dir /tmp/harmonise-bench]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

COLUMNS = 20


def _codes(i: int) -> int:
    return 6 + i % 7


def generate(path: Path, rows: int) -> None:
    import duckdb

    if path.exists():
        return
    cols = ", ".join(
        f"CAST(hash(i * {k + 7}) % {_codes(k)} + 1 AS INTEGER) AS v{k:02d}" for k in range(COLUMNS)
    )
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT i AS id, {cols}, 50.0 + (hash(i) % 1000) / 10.0 AS weight "
        f"FROM range({rows}) t(i)) TO '{path}' (FORMAT parquet)"
    )
    con.close()


def _plan():  # type: ignore[no-untyped-def]
    from harmonise.engine.compile import CrosswalkBinding, compile_plan
    from harmonise.model import CodeAssociation, Crosswalk, Urn

    bindings = []
    for k in range(COLUMNS):
        n = _codes(k)
        # codes 1..n: pairs collapse (n-1), the last code is "does not know" -> 98
        assoc = [
            CodeAssociation(sources=(str(c),), targets=(str((c + 1) // 2),)) for c in range(1, n)
        ]
        assoc.append(CodeAssociation(sources=(str(n),), targets=("98",)))
        cw = Crosswalk(
            urn=Urn("org.example.migreg", f"XW-BENCH-v{k:02d}", "1.0.0"),
            source_variable=Urn("org.example.migreg", f"V-BENCH-v{k:02d}", "1.0.0"),
            target_variable=Urn("org.example.migreg", f"CV-c{k:02d}", "1.0.0"),
            associations=tuple(assoc),
        )
        bindings.append(CrosswalkBinding(cw, f"v{k:02d}", f"c{k:02d}"))
    plan, _ = compile_plan("BENCH", "1.0.0", "ECU", bindings)
    return plan


def run_bare(data: Path, out: Path) -> int:
    import duckdb

    plan = _plan()
    con = duckdb.connect()
    joins, selects = [], ["'ECU' AS country", "'BENCH' AS study"]
    for k, column in enumerate(plan.columns):
        con.execute(f"CREATE TEMP TABLE m{k} (source DOUBLE, target BIGINT)")
        con.executemany(
            f"INSERT INTO m{k} VALUES (?, ?)",
            [(float(r.source), int(r.target)) for r in column.mapping],
        )
        joins.append(f"LEFT JOIN m{k} ON s.{column.source} = m{k}.source")
        selects.append(f"m{k}.target AS {column.target}")
    con.execute(
        f"COPY (SELECT {', '.join(selects)} FROM read_parquet('{data}') s {' '.join(joins)}) "
        f"TO '{out}' (FORMAT parquet)"
    )
    rows = con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()
    con.close()
    return int(rows[0]) if rows else 0


def run_engine(data: Path, out: Path, control: bool, inline_limit: int) -> int:
    from harmonise.engine.duckdb_runner import StudySource, harmonise

    result = harmonise(
        [StudySource(_plan(), data, "parquet")],
        out,
        control_columns=control,
        inline_limit=inline_limit,
    )
    assert result.report.valid, result.report.flatten()
    return result.rows


def child(variant: str, data: Path, out: Path) -> None:
    start = time.perf_counter()
    if variant == "bare":
        rows = run_bare(data, out)
    else:
        rows = run_engine(
            data, out, control=variant == "control", inline_limit=0 if variant == "joined" else 64
        )
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_mib": peak_kib / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/harmonise-bench"))
    parser.add_argument(
        "--control", action="store_true", help="also time the run with control columns (slow)"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    args.dir.mkdir(parents=True, exist_ok=True)
    data = args.dir / f"persons-{args.rows}.parquet"
    t0 = time.perf_counter()
    generate(data, args.rows)
    print(
        f"input: {data} ({args.rows:,} rows, {COLUMNS} coded columns), ready in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    results: dict[str, list[dict[str, float]]] = {}
    variants = ("bare", "harmonise", "joined") + (("control",) if args.control else ())
    for _ in range(args.runs):
        for variant in variants:  # interleaved, so load changes hit every variant alike
            out = args.dir / f"out-{variant}.parquet"
            proc = subprocess.run(
                [sys.executable, __file__, "--child", variant, str(data), str(out)],
                check=True,
                capture_output=True,
                text=True,
            )
            results.setdefault(variant, []).append(json.loads(proc.stdout.strip().splitlines()[-1]))
    base = statistics.median(r["seconds"] for r in results["bare"])
    import duckdb

    print(
        f"duckdb {duckdb.__version__}, python {sys.version.split()[0]}, median of {args.runs} runs"
    )
    print(f"{'variant':<28}{'seconds':>9}{'rows/s':>14}{'vs bare':>9}{'peak RSS MiB':>14}")
    names = {
        "bare": "bare DuckDB join",
        "harmonise": "harmonise (default)",
        "joined": "harmonise, all joins",
        "control": "harmonise + control cols",
    }
    for variant in variants:
        runs = results[variant]
        seconds = statistics.median(r["seconds"] for r in runs)
        rows = runs[0]["rows"]
        peak = statistics.median(r["peak_mib"] for r in runs)
        print(
            f"{names[variant]:<28}{seconds:>9.2f}{rows / seconds:>14,.0f}"
            f"{base / seconds:>9.2f}{peak:>14.0f}"
        )


if __name__ == "__main__":
    main()
