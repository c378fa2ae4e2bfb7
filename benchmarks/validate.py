"""Validating a large crosswalk against its code lists and 1 million data records (issue 4 §7).

A deterministic synthetic case: a source code list of N codes (four-digit ISCO-like values with
leading zeros, 2% of them missing codes), a target list of N/20 codes, a crosswalk of N rows
(many-to-one, a few splits, impossible and unmatched rows, so every rule has work to do), and R
records of the source variable in a Parquet file (values drawn from the source codes, 0.5%
undeclared values, 1% empty).

Measured, each the median of ``--runs`` runs in this process:

* ``rules only``: ``validate_crosswalk`` without data (every crosswalk rule of STANDARDS.md §6.4);
* ``value counts``: ``harmonise.formats.microdata.value_counts`` over the Parquet file (streamed
  in batches, pyarrow ``value_counts`` per batch);
* ``rules + data``: both, i.e. what ``harmonise validate --data`` does for this crosswalk;
* baselines over the same records: a plain pandas ``read_parquet`` + ``value_counts`` and a
  DuckDB ``GROUP BY`` on the Parquet file (DuckDB only here: src/ must not import it outside
  ``engine``).

Usage::

    python benchmarks/validate.py                       # 10,000 rows, 1,000,000 records
    python benchmarks/validate.py --rows 10000 --records 1000000 --runs 5
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

import harmonise
from harmonise.formats.microdata import value_counts
from harmonise.model import (
    Category,
    Code,
    CodeAssociation,
    CodeList,
    Crosswalk,
    LocalizedText,
    MissingType,
    RuleType,
    Urn,
    Variable,
)
from harmonise.validate import CrosswalkContext, validate_crosswalk

SEED = 20251127
AGENCY = "org.example.migreg"


def _code(value: str, missing: bool = False) -> Code:
    return Code(
        value=value,
        category=Category(label=LocalizedText({"en": f"Occupation {value}"})),
        missing=missing,
        missing_type=MissingType.DONT_KNOW if missing else None,
    )


def build_case(rows: int) -> tuple[CodeList, CodeList, Crosswalk, Variable]:
    """The code lists, the crosswalk and the source variable."""
    rng = random.Random(SEED)
    n_missing = max(1, rows // 50)
    source_values = [f"{i:04d}" for i in range(rows - n_missing)]
    missing_values = [f"M{i:03d}" for i in range(n_missing)]
    targets = [f"{i:03d}" for i in range(max(2, rows // 20))]
    source = CodeList(
        urn=Urn(AGENCY, "CL-SRC", "1.0.0"),
        codes=tuple([_code(v) for v in source_values] + [_code(v, True) for v in missing_values]),
    )
    target = CodeList(
        urn=Urn(AGENCY, "CL-TGT", "1.0.0"),
        codes=tuple([_code(t) for t in targets] + [_code("998", True)]),
    )
    associations: list[CodeAssociation] = []
    for i, value in enumerate(source_values):
        if i % 500 == 0:
            associations.append(CodeAssociation(sources=(value,), rule=RuleType.IMPOSSIBLE))
        elif i % 97 == 0:
            associations.append(
                CodeAssociation(sources=(value,), targets=tuple(rng.sample(targets, 2)))
            )
        else:
            associations.append(
                CodeAssociation(sources=(value,), targets=(targets[i % len(targets)],))
            )
    associations.extend(CodeAssociation(sources=(m,), targets=("998",)) for m in missing_values)
    crosswalk = Crosswalk(
        urn=Urn(AGENCY, "XW-BENCH", "1.0.0"),
        label=LocalizedText({"en": "Benchmark crosswalk"}),
        source_variable=Urn(AGENCY, "V-occ", "1.0.0"),
        source_code_list=source.urn,
        target_variable=Urn(AGENCY, "CV-occ", "1.0.0"),
        target_code_list=target.urn,
        associations=tuple(associations),
    )
    variable = Variable(urn=crosswalk.source_variable, name="occ", code_list=source.urn)
    return source, target, crosswalk, variable


def write_records(path: Path, source: CodeList, records: int) -> None:
    """R records of the source variable: declared codes, 0.5% undeclared, 1% empty."""
    rng = random.Random(SEED + 1)
    values = list(source.values)
    undeclared = [f"X{i:02d}" for i in range(20)]
    column: list[str | None] = []
    for _ in range(records):
        r = rng.random()
        if r < 0.01:
            column.append(None)
        elif r < 0.015:
            column.append(rng.choice(undeclared))
        else:
            column.append(rng.choice(values))
    pq.write_table(pa.table({"occ": pa.array(column, pa.string())}), path)


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Build the case, time each step, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=10_000, help="crosswalk rows (source codes)")
    parser.add_argument("--records", type=int, default=1_000_000, help="data records")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    args = parser.parse_args()

    source, target, crosswalk, variable = build_case(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "records.parquet"
        write_records(data, source, args.records)

        def context(counts: dict[str, int] | None) -> CrosswalkContext:
            return CrosswalkContext(
                crosswalk=crosswalk,
                source_code_list=source,
                target_code_list=target,
                source_variable=variable,
                value_counts=counts,
            )

        def rules_only() -> object:
            return validate_crosswalk(context(None))

        def counts_only() -> object:
            return value_counts(data, ["occ"])

        def rules_and_data() -> object:
            return validate_crosswalk(context(value_counts(data, ["occ"])["occ"]))

        def pandas_baseline() -> object:
            return pd.read_parquet(data, columns=["occ"])["occ"].value_counts(dropna=False)

        def duckdb_baseline() -> object:
            con = duckdb.connect()
            try:
                return con.execute(
                    "SELECT occ, count(*) FROM read_parquet(?) GROUP BY occ", [str(data)]
                ).fetchall()
            finally:
                con.close()

        report = rules_and_data()
        timings = [
            ("rules only (no data)", median_seconds(rules_only, args.runs)),
            ("value counts (formats.microdata)", median_seconds(counts_only, args.runs)),
            ("rules + data (validate --data)", median_seconds(rules_and_data, args.runs)),
            ("baseline: pandas value_counts", median_seconds(pandas_baseline, args.runs)),
            ("baseline: DuckDB GROUP BY", median_seconds(duckdb_baseline, args.runs)),
        ]

    print(
        f"validate benchmark: {args.rows:,} crosswalk rows, {args.records:,} records, "
        f"median of {args.runs} runs; harmonise {harmonise.__version__}, pyarrow "
        f"{pa.__version__}, pandas {pd.__version__}, duckdb {duckdb.__version__}"
    )
    width = max(len(name) for name, _ in timings)
    print(f"{'step':<{width}}  {'seconds':>8}")
    for name, seconds in timings:
        print(f"{name:<{width}}  {seconds:>8.3f}")
    counts = report.by_code()  # type: ignore[attr-defined]
    print("findings: " + ", ".join(f"{code} {n}" for code, n in sorted(counts.items())))


if __name__ == "__main__":
    main()
