"""Crosswalk benchmarks: computed cardinality, the YAML form, sheet import, exports.

Each line compares an operation against a baseline measured in the same run:

* cardinality of every association, one ``association_cardinality`` call each (code maps cached
  per crosswalk) against rebuilding both maps for every association (the uncached, quadratic way);
* reading the YAML form: ``crosswalk_from_text`` (line-tracking, strict) against a bare
  ``yaml.safe_load`` of the same text (no model, no checks);
* writing: ``crosswalk_file_text`` against ``yaml.safe_dump`` of the same mapping;
* importing the ILO ISCO-88↔08 table: XLS (xlrd) against the CSV export of the same sheet;
* XKOS Turtle export against N-Triples of the same graph (rdflib's fastest writer).

Usage: ``python benchmarks/crosswalk_bench.py [--runs 5] [--size 5000]``. Needs the shared test
data for the ILO table (skipped when absent). Prints the median of ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import rdflib
import yaml

from harmonise.formats.crosswalk_file import (
    crosswalk_as_mapping,
    crosswalk_file_text,
    crosswalk_from_text,
)
from harmonise.formats.crosswalk_sheet import read_long_sheet
from harmonise.formats.xkos import xkos_bytes, xkos_graph
from harmonise.model.crosswalk import (
    CodeAssociation,
    Crosswalk,
    association_cardinality,
    sources_by_target,
    targets_by_source,
)
from harmonise.model.urn import Urn

ROOT = Path(__file__).resolve().parents[1]
ILO = ROOT.parent / "shared" / "testdata" / "crosswalks" / "ilo-isco" / "corrtab88-08"


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def synthetic(size: int) -> Crosswalk:
    """A crosswalk with ``size`` associations: merges, splits and n–m blocks."""
    rows = []
    for i in range(size):
        targets = (f"{i // 3:05d}",) if i % 7 else (f"{i // 3:05d}", f"{i // 3 + 1:05d}")
        rows.append(CodeAssociation(sources=(f"{i:06d}",), targets=targets))
    return Crosswalk(
        urn=Urn("org.example.migreg", "CW-BENCH", "1.0.0"),
        source_variable=Urn("org.example.migreg", "V-BENCH", "1.0.0"),
        target_variable=Urn("org.example.migreg", "CORE-BENCH", "1.0.0"),
        associations=tuple(rows),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=5000)
    args = parser.parse_args()
    runs, size = args.runs, args.size
    cw = synthetic(size)
    small = synthetic(min(size, 1000))
    text = crosswalk_file_text(cw)
    mapping = crosswalk_as_mapping(cw)
    rows: list[tuple[str, float, str, float]] = []

    def quadratic() -> object:  # the pre-cache behaviour: both maps rebuilt per association
        out = []
        for a in small.associations:
            t_of, s_of = targets_by_source(small), sources_by_target(small)
            out.append(
                (
                    any(len(t_of.get(x, ())) > 1 for x in a.sources),
                    any(len(s_of.get(x, ())) > 1 for x in a.targets),
                )
            )
        return out

    rows.append(
        (
            f"cardinalities, {len(small.associations)} assoc.",
            median_seconds(
                lambda: [association_cardinality(small, a) for a in small.associations], runs
            ),
            "maps rebuilt per assoc.",
            median_seconds(quadratic, runs),
        )
    )
    rows.append(
        (
            f"read YAML form, {size} assoc.",
            median_seconds(lambda: crosswalk_from_text(text), runs),
            "yaml.safe_load only",
            median_seconds(lambda: yaml.safe_load(text), runs),
        )
    )
    rows.append(
        (
            f"write YAML form, {size} assoc.",
            median_seconds(lambda: crosswalk_file_text(cw), runs),
            "yaml.safe_dump",
            median_seconds(lambda: yaml.safe_dump(mapping, allow_unicode=True), runs),
        )
    )
    if ILO.with_suffix(".xls").exists():
        cols = {"source": "ISCO-88 code", "target": "ISCO 08 Code", "source_width": 4}
        rows.append(
            (
                "import ILO table (.xls)",
                median_seconds(lambda: read_long_sheet(ILO.with_suffix(".xls"), **cols), runs),  # type: ignore[arg-type]
                "same sheet as .csv",
                median_seconds(lambda: read_long_sheet(ILO.with_suffix(".csv"), **cols), runs),  # type: ignore[arg-type]
            )
        )
    graph = xkos_graph([small])
    rows.append(
        (
            f"XKOS Turtle, {len(small.associations)} assoc.",
            median_seconds(lambda: xkos_bytes([small]), runs),
            "N-Triples of the graph",
            median_seconds(lambda: graph.serialize(format="nt"), runs),
        )
    )
    print(
        f"# harmonise crosswalk benchmarks — Python {platform.python_version()}, "
        f"rdflib {rdflib.__version__}, PyYAML {yaml.__version__}, {platform.machine()}, "
        f"median of {runs} runs"
    )
    print(f"| {'operation':38} | {'s':>8} | {'baseline':24} | {'s':>8} | {'ratio':>6} |")
    print(f"|{'-' * 40}|{'-' * 10}|{'-' * 26}|{'-' * 10}|{'-' * 8}|")
    for name, seconds, base_name, base in rows:
        ratio = seconds / base if base else float("nan")
        print(f"| {name:38} | {seconds:8.4f} | {base_name:24} | {base:8.4f} | {ratio:6.2f} |")


if __name__ == "__main__":
    sys.exit(main())
