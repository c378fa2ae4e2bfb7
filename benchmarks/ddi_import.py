"""DDI-Codebook import throughput: harmonise's streaming reader against a minimal lxml baseline.

Generates one synthetic DDI-C 2.5 codebook (``harmonise.formats.ddi_codebook.synthetic``), then
times, in the same run and on the same file:

* ``baseline``: a minimal ``lxml.etree.iterparse`` over ``var`` elements that pulls the same
  fields (name, labels per language, question texts, universe, summary statistics, category
  values/labels/missing flags/frequencies) into plain tuples and clears consumed elements;
* ``harmonise stream``: ``iter_ddi_codebook`` (model objects, checks, URNs), items discarded;
* ``harmonise read``: ``read_ddi_codebook`` (the whole package in memory; small files only).

The readers take turns (baseline, stream, read, baseline, ...) so that a change in machine load
during the run hits all of them alike. Each run is timed in CPU seconds of this process
(``time.process_time``, robust to other processes on a loaded machine) and in wall seconds.
Prints a table of MB/s (median of ``--runs`` runs) and the ratio to the baseline (the median of
the per-round ratios, so each ratio compares runs made side by side).

Usage: ``python benchmarks/ddi_import.py [--variables 4000] [--runs 5]``
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

import harmonise
from harmonise.formats.ddi_codebook import iter_ddi_codebook, read_ddi_codebook
from harmonise.formats.ddi_codebook.synthetic import write_synthetic_codebook

NS = "{ddi:codebook:2_5}"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def baseline(path: Path) -> int:
    """Pull the fields harmonise reads into tuples with a bare iterparse."""
    rows = 0
    for _event, var in etree.iterparse(str(path), events=("end",), tag=f"{NS}var"):
        labels = tuple((e.get(LANG), e.text) for e in var.iterfind(f"{NS}labl"))
        questions = tuple(
            (e.tag, e.get(LANG), e.text) for q in var.iterfind(f"{NS}qstn") for e in q
        )
        universe = tuple((e.get(LANG), e.text) for e in var.iterfind(f"{NS}universe"))
        stats = tuple((e.get("type"), e.text) for e in var.iterfind(f"{NS}sumStat"))
        categories = tuple(
            (
                c.findtext(f"{NS}catValu"),
                c.get("missing"),
                tuple((e.get(LANG), e.text) for e in c.iterfind(f"{NS}labl")),
                tuple(e.text for e in c.iterfind(f"{NS}catStat")),
            )
            for c in var.iterfind(f"{NS}catgry")
        )
        row = (var.get("name"), labels, questions, universe, stats, categories)
        rows += bool(row)
        var.clear()
        parent = var.getparent()
        while parent is not None and var.getprevious() is not None:
            del parent[0]
    return rows


def stream(path: Path) -> int:
    """harmonise's streaming reader, items discarded."""
    return sum(1 for _ in iter_ddi_codebook(path))


def read(path: Path) -> int:
    """harmonise's full reader (everything in one package)."""
    package, _report = read_ddi_codebook(path)
    return len(package.variables)


def measure(
    readers: list[tuple[str, Callable[[Path], int]]], path: Path, runs: int
) -> dict[str, dict[str, list[float]]]:
    """Run the readers in turns; per reader the CPU and wall seconds of each run."""
    times: dict[str, dict[str, list[float]]] = {
        name: {"cpu": [], "wall": []} for name, _fn in readers
    }
    for _ in range(runs):
        for name, fn in readers:
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            fn(path)
            times[name]["cpu"].append(time.process_time() - cpu)
            times[name]["wall"].append(time.perf_counter() - wall)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variables", type=int, default=4000, help="variables in the file")
    parser.add_argument("--runs", type=int, default=5, help="runs per reader (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic-codebook.xml"
        size = write_synthetic_codebook(path, args.variables)
        mb = size / 1e6
        print(f"file: {args.variables} variables, {mb:.1f} MB; {args.runs} runs each (median)")
        print(
            f"python {sys.version.split()[0]}, lxml {etree.__version__}, libxml2 "
            f"{'.'.join(map(str, etree.LIBXML_VERSION))}, harmonise {harmonise.__version__}"
        )
        readers: list[tuple[str, Callable[[Path], int]]] = [
            ("baseline (lxml iterparse -> tuples)", baseline),
            ("harmonise iter_ddi_codebook", stream),
        ]
        if args.variables <= 10_000:
            readers.append(("harmonise read_ddi_codebook", read))
        times = measure(readers, path, args.runs)
        base = times[readers[0][0]]
        print(
            f"{'reader':38} {'cpu s':>7} {'wall s':>7} {'MB/s cpu':>9} {'vs baseline':>12} "
            f"{'(range)':>12}"
        )
        for name, _fn in readers:
            cpu = statistics.median(times[name]["cpu"])
            wall = statistics.median(times[name]["wall"])
            ratios = [b / t for b, t in zip(base["cpu"], times[name]["cpu"], strict=True)]
            print(
                f"{name:38} {cpu:7.2f} {wall:7.2f} {mb / cpu:9.1f} "
                f"{statistics.median(ratios):12.2f} {min(ratios):5.2f}-{max(ratios):<5.2f}"
            )
        print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
