"""Use case: trace a published figure down to its questions and data files (issue 8, part 4).

Reads a figure's values file and its PROV record (:mod:`harmonise.services.figures` writes
both), checks every file the record names against the SHA-256 it recorded, and lays out the
chain of STANDARDS.md §4.2: figure value ← harmonised dataset ← crosswalk version (plan) ←
source variable ← question (original wording and translation) ← instrument, and the data file
of each study. The record is self-contained, so an old figure traces to the crosswalk versions
and wording it was computed from even after the registry has moved on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from harmonise.errors import NotFoundError
from harmonise.formats.prov import read_figure_lineage
from harmonise.issues import Issue, Location, Report, Severity
from harmonise.model.figure import Figure, ValueStatus
from harmonise.model.lineage import FigureLineage, FileRef
from harmonise.services.figures import published_records
from harmonise.services.harmonisation import sha256_file


@dataclass(frozen=True)
class Trace:
    """A figure record with its lineage and the result of checking its files."""

    figure: Figure
    lineage: FigureLineage
    values_file: Path
    prov_turtle: Path
    prov_jsonld: Path
    report: Report


def _check(ref: FileRef, root: Path, what: str, *, derived: bool = False) -> Issue | None:
    path = Path(ref.path)
    if not path.is_absolute():
        path = root / path
    if not path.is_file():
        return Issue(
            code="lineage-file-missing",
            severity=Severity.INFO if derived else Severity.ERROR,
            message=f"{what} {ref.path} named in the lineage is missing"
            + (" (a derived file; recompute to rebuild it)" if derived else ""),
            location=Location(file=ref.path),
        )
    actual = sha256_file(path)
    if actual != ref.sha256:
        return Issue(
            code="lineage-checksum-mismatch",
            severity=Severity.ERROR,
            message=f"{what} {ref.path} has SHA-256 {actual[:12]}…, the lineage recorded "
            f"{ref.sha256[:12]}…: the published figure was not computed from this file",
            location=Location(file=ref.path),
            hint="recompute the figure (harmonise figures compute) or restore the file",
        )
    return None


def verify_lineage(lineage: FigureLineage, root: Path) -> Report:
    """Check every file a figure's lineage names against its recorded SHA-256."""
    checks = [
        _check(lineage.definition, root, "figure definition"),
        _check(lineage.values, root, "values file"),
        *(_check(f, root, "microdata file") for f in lineage.harmonisation.inputs),
        _check(lineage.harmonisation.output, root, "harmonised dataset", derived=True),
    ]
    return Report.of(i for i in checks if i is not None)


def trace_figure(figure_id: str, values_dir: Path, root: Path, dataset: str | None = None) -> Trace:
    """Load and check the record of a figure (the newest, or the one from ``dataset``).

    Args:
        figure_id: e.g. ``FIG-CHILD-PARENT-ABROAD``.
        values_dir: ``registry/figures/values``.
        root: Project root (lineage paths are relative to it).
        dataset: A harmonised dataset ID or URN, to pick an older record.

    Returns:
        The trace.

    Raises:
        NotFoundError: When the figure has no computed record (or none from ``dataset``).
        InputError: When a record cannot be read.
    """
    records = published_records(values_dir, figure_id)
    if dataset is not None:
        records = [r for r in records if dataset in (r[0].dataset.id, str(r[0].dataset))]
    if not records:
        raise NotFoundError(
            f"no computed record of figure {figure_id!r}"
            + (f" from dataset {dataset!r}" if dataset else "")
            + f" under {values_dir} (run `harmonise figures compute` first)"
        )
    figure, values_path = records[0]
    stem = values_path.with_suffix("")
    turtle = stem.with_name(stem.name + ".prov.ttl")
    jsonld = stem.with_name(stem.name + ".prov.jsonld")
    lineage = read_figure_lineage(turtle)
    return Trace(figure, lineage, values_path, turtle, jsonld, verify_lineage(lineage, root))


def trace_lines(trace: Trace, languages: tuple[str, ...] = ("en",)) -> list[str]:
    """The chain as indented text lines, from the published values down to the data files.

    Args:
        trace: The trace.
        languages: Preferred languages for titles and labels; question wording is shown in
            every language recorded (original and translation).

    Returns:
        Lines without trailing newlines.
    """
    fig, lin = trace.figure, trace.lineage
    h = lin.harmonisation
    lines = [
        f"{fig.definition.id} {fig.definition.version}: {lin.title.best(languages)}",
        f"  figure   {lin.figure}",
        f"  run      {lin.run.iri} ({lin.run.software}, {lin.run.ended.isoformat()})",
        f"  defined  {lin.definition.path} sha256:{lin.definition.sha256[:12]}",
    ]
    for v in fig.values:
        cell = "".join(f" {k}={c}" for k, c in v.breakdown)
        if v.status is ValueStatus.COMPUTED:
            lines.append(f"  value    {v.country}{cell}: {v.value} (n={v.unweighted_n})")
        else:
            lines.append(f"  value    {v.country}{cell}: not computed: {v.reason}")
        lines.extend(f"           note: {note}" for note in v.footnotes)
    lines.append(f"  ← dataset {h.dataset} sha256:{h.output.sha256[:12]} ({h.output.rows} rows)")
    lines.append(f"    run {h.run.iri} ({h.run.software})")
    used = set(lin.core_variables)
    variables = {v.urn: v for v in h.variables}
    for study in h.studies:
        lines.append(f"    ← study {study.id} {study.version} ({study.country})")
        for f in (f for f in h.inputs if f.study == study.id):
            lines.append(f"      data file {f.path} sha256:{f.sha256[:12]} ({f.rows} rows)")
        for cw in (c for c in h.crosswalks if c.study == study.id and c.target_name in used):
            lines.append(f"      {cw.target_name} ← crosswalk {cw.urn} [{cw.status}]")
            if cw.previous is not None:
                lines.append(f"        revises {cw.previous}")
            var = variables.get(cw.source_variable)
            if var is None:
                lines.append(f"        ← variable {cw.source_variable}")
                continue
            label = var.label.best(languages)
            lines.append(
                f"        ← variable {var.name} {var.urn}" + (f" {label!r}" if label else "")
            )
            if var.question is not None:
                q = var.question
                lines.append(f"          ← question {q.name} {q.urn}")
                lines.extend(f"            [{lang or '-'}] {text}" for lang, text in q.text.items())
                if q.instrument is not None:
                    lines.append(f"            ← instrument {q.instrument}")
    for issue in trace.report.issues:
        lines.append(f"  {issue.severity.value}: {issue.code}: {issue.message}")
    return lines


def prov_bytes(trace: Trace, fmt: str) -> bytes:
    """The figure's PROV record as stored: ``turtle`` or ``prov-json`` (JSON-LD)."""
    path = trace.prov_jsonld if fmt in ("prov-json", "json-ld", "jsonld") else trace.prov_turtle
    return path.read_bytes()
