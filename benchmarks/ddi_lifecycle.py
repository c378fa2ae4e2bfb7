"""DDI-Lifecycle read/write: harmonise's streaming reader against a full-tree lxml baseline.

Files: the largest real Insee file of the shared test data (when present) and a synthetic
FragmentInstance written by harmonise itself (``--questions`` QuestionItems, each with a code
list of five codes, a variable and a QuestionConstruct). Each measurement runs in a fresh
subprocess so that its peak resident memory (``ru_maxrss``) is its own:

* ``baseline parse``: ``lxml.etree.parse`` of the whole document (tree only, no model);
* ``harmonise read``: ``read_ddi_lifecycle`` (streaming iterparse, elements removed once read,
  the whole model and the reference index in memory);
* ``harmonise write``: ``ddi_lifecycle_bytes`` of the package read (write time only).

Prints seconds (median of ``--runs``), MB/s, the growth of peak resident memory over the
resident size after imports (MB), and the ratios to the baseline.

Usage: ``python benchmarks/ddi_lifecycle.py [--questions 20000] [--runs 5]``
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import lxml
from lxml import etree

import harmonise
from harmonise.formats.ddi_lifecycle import ddi_lifecycle_bytes, read_ddi_lifecycle
from harmonise.model import (
    Category,
    Code,
    CodeList,
    LocalizedText,
    MetadataPackage,
    Question,
    ResponseDomain,
    ResponseDomainKind,
    Urn,
    Variable,
)

AGENCY = "org.example.migreg"
INSEE = "ddi-lifecycle-3.3/insee-eno/ddi-llxh9g6g_enquete-logement-2023.xml"


def synthetic_package(questions: int) -> MetadataPackage:
    """A package with ``questions`` coded questions, their code lists and variables."""
    qs: list[Question] = []
    lists: list[CodeList] = []
    variables: list[Variable] = []
    for i in range(questions):
        cl = CodeList(
            urn=Urn(AGENCY, f"CL-{i}", "1.0.0"),
            codes=tuple(
                Code(
                    value=str(v),
                    category=Category(
                        label=LocalizedText({"en": f"Answer {v}", "es": f"Respuesta {v}"})
                    ),
                )
                for v in range(1, 6)
            ),
        )
        q = Question(
            urn=Urn(AGENCY, f"Q-{i}", "1.0.0"),
            name=f"Q{i}",
            text=LocalizedText({"en": f"Question number {i}?", "es": f"¿Pregunta {i}?"}),
            response_domain=ResponseDomain(kind=ResponseDomainKind.CODE, code_list=cl.urn),
        )
        qs.append(q)
        lists.append(cl)
        variables.append(
            Variable(
                urn=Urn(AGENCY, f"V-{i}", "1.0.0"), name=f"v{i}", question=q.urn, code_list=cl.urn
            )
        )
    return MetadataPackage(
        agency=AGENCY, questions=tuple(qs), code_lists=tuple(lists), variables=tuple(variables)
    )


def _status_kb(field: str) -> int:
    """A ``/proc/self/status`` memory field in kB (Linux), e.g. VmRSS or VmHWM."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(variant: str, path: str) -> None:
    """Run one measurement; print seconds and the peak RSS growth (kB) over the start as JSON."""
    before = _status_kb("VmRSS")
    start = time.perf_counter()
    if variant == "baseline":
        tree = etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True))
        assert sum(1 for _ in tree.iter()) > 0
        seconds = time.perf_counter() - start
    elif variant == "read":
        package, _ = read_ddi_lifecycle(path)
        assert package is not None
        seconds = time.perf_counter() - start
    else:
        package, _ = read_ddi_lifecycle(path)
        start = time.perf_counter()
        assert ddi_lifecycle_bytes(package)
        seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "rss_kb": _status_kb("VmHWM") - before}))


def measure(variant: str, path: Path, runs: int) -> tuple[float, float]:
    """Median seconds and median peak RSS (MB) over ``runs`` fresh subprocesses."""
    seconds: list[float] = []
    rss: list[float] = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, __file__, "--child", variant, str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        seconds.append(result["seconds"])
        rss.append(result["rss_kb"] / 1024)
    return statistics.median(seconds), statistics.median(rss)


def main() -> None:
    """Parse arguments, build the files and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--testdata", type=Path, default=Path(__file__).parents[2] / "shared" / "testdata"
    )
    parser.add_argument("--child", nargs=2, metavar=("VARIANT", "PATH"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    print(
        f"harmonise {harmonise.__version__}, lxml {lxml.__version__}, "
        f"Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        files: list[tuple[str, Path]] = []
        insee = args.testdata / INSEE
        if insee.is_file():
            files.append(("Insee ENL 2023", insee))
        synthetic = Path(tmp) / "synthetic.xml"
        synthetic.write_bytes(ddi_lifecycle_bytes(synthetic_package(args.questions)))
        files.append((f"synthetic {args.questions} questions", synthetic))
        print(
            f"{'file':<28} {'MB':>6} {'variant':<16} {'s':>7} {'MB/s':>7} {'+RSS MB':>7} "
            f"{'x base s':>8} {'x base RSS':>10}"
        )
        for label, path in files:
            size = path.stat().st_size / 1e6
            base_s, base_rss = measure("baseline", path, args.runs)
            for variant, name in (
                ("baseline", "baseline parse"),
                ("read", "harmonise read"),
                ("write", "harmonise write"),
            ):
                s, rss = (
                    (base_s, base_rss)
                    if variant == "baseline"
                    else measure(variant, path, args.runs)
                )
                print(
                    f"{label:<28} {size:>6.1f} {name:<16} {s:>7.2f} {size / s:>7.1f} "
                    f"{rss:>7.0f} {s / base_s:>8.2f} {rss / base_rss:>10.2f}"
                )


if __name__ == "__main__":
    main()
