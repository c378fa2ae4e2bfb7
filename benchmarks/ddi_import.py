"""DDI-Codebook import throughput: harmonise's streaming reader against a minimal lxml baseline.

Generates one synthetic DDI-C 2.5 codebook (``harmonise.formats.ddi_codebook.synthetic``), then
times, in the same run and on the same file:

* ``baseline``: a minimal ``lxml.etree.iterparse`` over ``var`` elements that pulls the same
  fields (name, labels per language, question texts, universe, summary statistics, category
  values/labels/missing flags/frequencies) into plain tuples and clears consumed elements;
* ``harmonise stream``: ``iter_ddi_codebook`` (model objects, checks, URNs), items discarded;
* ``harmonise read``: ``read_ddi_codebook`` (the whole package in memory; small files only).

Prints a table of MB/s (median of ``--runs`` runs) and the ratio to the baseline.

Usage: ``python benchmarks/ddi_import.py [--variables 4000] [--runs 5]``
"""

from __future__ import annotations

import argparse
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


def measure(fn: Callable[[Path], int], path: Path, runs: int) -> float:
    """Median seconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
        base = measure(baseline, path, args.runs)
        rows = [("baseline (lxml iterparse -> tuples)", base)]
        rows.append(("harmonise iter_ddi_codebook", measure(stream, path, args.runs)))
        if args.variables <= 10_000:
            rows.append(("harmonise read_ddi_codebook", measure(read, path, args.runs)))
        print(f"{'reader':40} {'seconds':>8} {'MB/s':>8} {'vs baseline':>12}")
        for name, seconds in rows:
            print(f"{name:40} {seconds:8.2f} {mb / seconds:8.1f} {base / seconds:12.2f}")


if __name__ == "__main__":
    main()
