"""Incremental ``harmonise build`` benchmark (issue 5 §1).

On a copy of the demo registry (``registry/`` and ``vocabularies/``) in a temporary folder,
measures the wall-clock time of :func:`harmonise.services.catalog.build_catalog` and of its
"reading registry" stage for:

- a forced full build with an empty parse cache (the baseline: every file parsed),
- a forced full build with a warm parse cache (nothing parsed; database, index and graph rebuilt),
- a build after one crosswalk file changed (one file parsed; the rest from the cache).

Each scenario runs ``--runs`` times (default 3); the table shows the median and the ratio to
the baseline. The parse cache saves reading time only: the database, the search index and the
RDF graph are still rebuilt in full on every build that is not skipped.

Usage: python benchmarks/build.py [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from harmonise import __version__
from harmonise.config import Settings
from harmonise.services.catalog import BuildSummary, build_catalog
from harmonise.store.parse_cache import PARSED_DIR

ROOT = Path(__file__).resolve().parents[1]
CROSSWALK = "studies/ALB-2025/1.0.0/crosswalks/XW-ALB-hh_size_1.0.0.yaml"


def copy_demo(into: Path) -> Settings:
    shutil.copytree(ROOT / "registry", into / "registry")
    shutil.copytree(ROOT / "vocabularies", into / "vocabularies")
    return Settings.from_root(into, catalog_dir=into / ".catalog")


def timed_build(settings: Settings, *, force: bool) -> tuple[float, float, BuildSummary]:
    """(total seconds, reading seconds, summary) of one build."""
    marks: dict[tuple[str, int], float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        marks.setdefault((stage, done), time.perf_counter())

    started = time.perf_counter()
    summary = build_catalog(settings, progress=progress, force=force)
    total = time.perf_counter() - started
    reading = marks[("reading registry", 1)] - marks[("reading registry", 0)]
    return total, reading, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("pydantic", "rdflib", "pyoxigraph")
    )
    print(
        f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, harmonise {__version__}, "
        f"Python {platform.python_version()}, {versions}, {os.cpu_count()} CPUs, "
        f"load {os.getloadavg()[0]:.2f}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        settings = copy_demo(Path(tmp))
        parsed = settings.catalog_dir / PARSED_DIR
        crosswalk = settings.registry_dir / CROSSWALK
        touches = 0

        def cold() -> tuple[float, float, BuildSummary]:
            shutil.rmtree(parsed, ignore_errors=True)
            return timed_build(settings, force=True)

        def warm() -> tuple[float, float, BuildSummary]:
            return timed_build(settings, force=True)

        def one_changed() -> tuple[float, float, BuildSummary]:
            nonlocal touches
            touches += 1
            with crosswalk.open("a", encoding="utf-8") as handle:
                handle.write(f"# touched {touches}\n")
            return timed_build(settings, force=False)

        scenarios: list[tuple[str, Callable[[], tuple[float, float, BuildSummary]]]] = [
            ("forced full build, empty parse cache (baseline)", cold),
            ("forced full build, warm parse cache", warm),
            ("build after one crosswalk file changed", one_changed),
        ]
        timed_build(settings, force=True)  # warm imports and the OS file cache
        rows = []
        for name, run in scenarios:
            results = [run() for _ in range(args.runs)]
            last = results[-1][2]
            rows.append(
                (
                    name,
                    statistics.median(r[0] for r in results),
                    statistics.median(r[1] for r in results),
                    f"{last.files_parsed}/{last.files_reused}",
                )
            )
    base_total, base_read = rows[0][1], rows[0][2]
    print(f"{'scenario':50} {'build s':>8} {'x base':>7} {'read s':>7} {'x base':>7} parsed/reused")
    for name, total, reading, counts in rows:
        print(
            f"{name:50} {total:8.2f} {total / base_total:7.2f} "
            f"{reading:7.2f} {reading / base_read:7.2f} {counts:>13}"
        )
    print(f"median of {args.runs} runs each; 'read s' is the 'reading registry' stage")


if __name__ == "__main__":
    main()
