"""CSPro fixed-width data reading: harmonise's vectorised reader against a plain Python slicer.

Generates one CSPro data file of ``--lines`` lines (default 1,000,000) by repeating the lines of
the Popstan census sample (``testdata/cspro/popstan-census``: PERSON and HOUSING records, 44
items), then times, in the same run and on the same file, each in a fresh subprocess so that
peak memory is measured per reader:

* ``baseline``: a plain Python loop: read the file line by line, pick the record by its type
  character, slice every item of the record with ``line[a:b]``, turn numeric items into ``int``
  (blank -> None) and append to one list per column;
* ``harmonise``: ``iter_cspro_batches`` (Arrow batches per record type, numeric parsing,
  implied decimals, value-set checks and findings), batches discarded as they come.

Prints lines per second (median of ``--runs`` runs), the ratio to the baseline and the peak
RSS of each reader's process (and, for reference, of a process that only imports the modules).

Usage: ``python benchmarks/cspro.py [--lines 1000000] [--runs 3] [--testdata DIR]``
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa

import harmonise

HERE = Path(__file__).resolve()
DICTIONARY = Path("cspro/popstan-census/Census Dictionary.dcf")
DATA = Path("cspro/popstan-census/Popstan Census.dat")


def find_testdata() -> Path:
    for folder in HERE.parents:
        candidate = folder / "shared" / "testdata"
        if candidate.is_dir():
            return candidate
    sys.exit("../shared/testdata not found; pass --testdata")


def generate(source: Path, target: Path, lines: int) -> None:
    sample = source.read_bytes().splitlines(keepends=True)
    with target.open("wb") as out:
        written = 0
        while written < lines:
            chunk = sample[: lines - written]
            out.writelines(chunk)
            written += len(chunk)


def run_baseline(dcf: Path, data: Path) -> int:
    from harmonise.formats.cspro import read_cspro_dictionary
    from harmonise.formats.cspro.data import record_layouts

    dictionary, _ = read_cspro_dictionary(dcf)
    layouts = {}
    for layout in record_layouts(dictionary):
        spans = [
            (c.name, (c.start or 1) - 1, (c.start or 1) - 1 + c.item.length, c.item.is_numeric)
            for c in layout.columns
        ]
        layouts[layout.record.type_value] = (spans, {name: [] for name, *_ in spans})
    count = 0
    with data.open(encoding="utf-8") as handle:
        for line in handle:
            count += 1
            found = layouts.get(line[0])
            if found is None:
                continue
            spans, columns = found
            for name, a, b, numeric in spans:
                text = line[a:b].rstrip("\r\n")
                if numeric:
                    text = text.strip()
                    columns[name].append(int(text) if text else None)
                else:
                    columns[name].append(text.rstrip())
    return count


def run_harmonise(dcf: Path, data: Path) -> int:
    from harmonise.formats.cspro import read_cspro_dictionary
    from harmonise.formats.cspro.data import DataFindings, iter_cspro_batches

    dictionary, _ = read_cspro_dictionary(dcf)
    findings = DataFindings(str(data))
    rows = 0
    for _name, batch in iter_cspro_batches(data, dictionary, findings):
        rows += batch.num_rows
    return rows


def child(kind: str, dcf: Path, data: Path) -> None:
    import harmonise.formats.cspro.data  # noqa: F401 - imports are not timed

    pa.array([0])  # pyarrow imports pandas lazily on first use: load it before timing
    started = time.perf_counter()
    if kind == "imports":
        count = 0  # the memory of the interpreter and libraries alone, for reference
    elif kind == "baseline":
        count = run_baseline(dcf, data)
    else:
        count = run_harmonise(dcf, data)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"lines": count, "seconds": seconds, "peak_mib": peak_kib / 1024}))


def measure(kind: str, dcf: Path, data: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(HERE), "--child", kind, str(dcf), str(data)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--testdata", type=Path)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, dcf, data = args.child
        child(kind, Path(dcf), Path(data))
        return
    testdata = args.testdata or find_testdata()
    dcf = testdata / DICTIONARY
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "generated.dat"
        generate(testdata / DATA, data, args.lines)
        size_mb = data.stat().st_size / 1e6
        print(
            f"harmonise {harmonise.__version__}, pyarrow {pa.__version__}, "
            f"Python {platform.python_version()}, {platform.machine()}; "
            f"{args.lines:,} lines, {size_mb:.1f} MB, median of {args.runs} runs"
        )
        results: dict[str, list[dict[str, float]]] = {"baseline": [], "harmonise": []}
        for _ in range(args.runs):
            for kind in results:
                results[kind].append(measure(kind, dcf, data))
        base = statistics.median(args.lines / r["seconds"] for r in results["baseline"])
        imports = measure("imports", dcf, data)["peak_mib"]
        print(f"{'reader':<12}{'lines/s':>14}{'ratio':>8}{'peak RSS MiB':>15}")
        print(f"{'(imports)':<12}{'':>14}{'':>8}{imports:>15.0f}")
        for kind, runs in results.items():
            rate = statistics.median(args.lines / r["seconds"] for r in runs)
            assert all(r["lines"] == args.lines for r in runs), runs
            peak = statistics.median(r["peak_mib"] for r in runs)
            print(f"{kind:<12}{rate:>14,.0f}{rate / base:>8.2f}{peak:>15.0f}")


if __name__ == "__main__":
    main()
