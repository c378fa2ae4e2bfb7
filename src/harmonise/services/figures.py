"""Use case: compute published figures with their lineage (issue 8, part 3).

For a figure definition (``registry/figures/<ID>.yaml``) this pools the latest version of each
named study into one harmonised dataset (:mod:`harmonise.services.harmonisation`), tabulates the
indicator over it with DuckDB, and writes::

    <values_dir>/<ID>/<version>/<dataset-id>.json         the values (a Figure)
    <values_dir>/<ID>/<version>/<dataset-id>.prov.ttl     PROV-O, Turtle
    <values_dir>/<ID>/<version>/<dataset-id>.prov.jsonld  PROV-O, JSON-LD

Because the dataset ID is content-addressed, a changed crosswalk gives new files beside the old
ones, and the old figure keeps tracing to the old crosswalk version. For each country the figure
is **not computed** (with the reason) when a core variable it uses has no crosswalk, an
impossible or undetermined one, or data codes the crosswalk does not cover; a partial mapping is
computed with a footnote. A definition naming an unknown core variable is a finding and nothing
is computed.

Proportions are published as percentages; values are rounded to the definition's decimals with
Python's ``round`` (the unrounded estimate is kept in ``exact``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from harmonise.config import DEFAULT_IRI_BASE, Settings
from harmonise.engine.sql import UnknownNameError
from harmonise.engine.tabulate import tabulate
from harmonise.errors import InputError, NotFoundError
from harmonise.formats.figure_definition import read_figure_definition
from harmonise.formats.prov import figure_graph, write_prov
from harmonise.issues import Issue, Location, Report, Severity
from harmonise.model import MetadataPackage, safe_id
from harmonise.model.expression import ExpressionError, names, parse_expression
from harmonise.model.figure import Figure, FigureDefinition, FigureValue, ValueStatus
from harmonise.model.lineage import FigureLineage, FileRef, RunRef
from harmonise.services.harmonisation import (
    SOFTWARE,
    HarmonisationResult,
    StudyData,
    harmonise_studies,
    registry_studies,
    relative_path,
    sha256_file,
)
from harmonise.services.registry import load_registry

_MAX_VALUES_BYTES = 50 * 1024 * 1024

#: Columns every harmonised dataset has besides the core variables.
DATASET_COLUMNS = ("country", "study")


@dataclass
class FigureRun:
    """The outcome of computing one figure."""

    definition: FigureDefinition | None
    figure: Figure | None = None
    lineage: FigureLineage | None = None
    report: Report = field(default_factory=Report)
    files: tuple[Path, ...] = ()


def figure_variables(definition: FigureDefinition) -> tuple[str, ...]:
    """The core variables a figure reads (universe, indicator, weight, breakdowns), in order.

    Raises:
        ExpressionError: When an expression does not parse.
    """
    found: dict[str, None] = {}
    for text in (definition.universe, definition.indicator.expression, definition.weight):
        if text:
            found.update(dict.fromkeys(names(parse_expression(text))))
    found.update(dict.fromkeys(definition.breakdowns))
    return tuple(n for n in found if n not in DATASET_COLUMNS)


def check_definition(definition: FigureDefinition, core: MetadataPackage, where: str) -> Report:
    """Findings about a definition before any data is read (bad expressions, unknown names)."""
    issues: list[Issue] = []
    for label, text in (
        ("universe", definition.universe),
        ("indicator", definition.indicator.expression),
        ("weight", definition.weight),
    ):
        if not text:
            continue
        try:
            parse_expression(text)
        except ExpressionError as exc:
            issues.append(
                Issue(
                    code="figure-bad-expression",
                    severity=Severity.ERROR,
                    message=f"{definition.id}: the {label} {text!r} does not parse: {exc}",
                    location=Location(file=where, urn=str(definition.urn)),
                )
            )
    if issues:
        return Report.of(issues)
    known = {cv.name for cv in core.core_variables}
    for name in figure_variables(definition):
        if name not in known:
            issues.append(
                Issue(
                    code="figure-unknown-variable",
                    severity=Severity.ERROR,
                    message=f"{definition.id}: {name!r} is not a core variable; the figure "
                    "is not computed",
                    location=Location(file=where, urn=str(definition.urn)),
                    hint="use the core variable names of registry/core",
                )
            )
    return Report.of(issues)


def _study_reasons(
    definition: FigureDefinition,
    studies: Sequence[StudyData],
    harmonised: HarmonisationResult,
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Per study: why it is not computed (if so), and its footnotes."""
    reasons: dict[str, str] = {}
    notes: dict[str, list[str]] = {}
    lineage = harmonised.lineage
    refs = {(c.study, c.target_name): c for c in lineage.crosswalks} if lineage else {}
    uncovered: dict[str, int] = {}
    for issue in harmonised.report.errors:
        if issue.code == "code-not-in-crosswalk" and issue.location.urn:
            uncovered[issue.location.urn] = uncovered.get(issue.location.urn, 0) + 1
    pooled = {s.id for s in lineage.studies} if lineage else set()
    for study in studies:
        sid = study.study_id
        notes[sid] = []
        if sid not in pooled:
            reasons[sid] = "its microdata could not be read (see the harmonisation report)"
            continue
        for name in figure_variables(definition):
            ref = refs.get((sid, name))
            if ref is None:
                reasons[sid] = f"no crosswalk maps core variable {name} for {sid}"
                break
            if ref.status in ("impossible", "undetermined"):
                reasons[sid] = f"the mapping of {name} is {ref.status} ({ref.urn})"
                break
            if str(ref.urn) in uncovered:
                reasons[sid] = (
                    f"the {sid} data hold codes of {name}'s source variable that crosswalk "
                    f"{ref.urn} does not cover"
                )
                break
            if ref.status == "partial":
                notes[sid].append(
                    f"{name}: the {sid} mapping is partial (crosswalk {ref.urn}); "
                    "categories are not fully comparable"
                )
    return reasons, notes


def _values(
    definition: FigureDefinition,
    studies: Sequence[StudyData],
    harmonised: HarmonisationResult,
    cells_path: Path,
    core: MetadataPackage,
) -> list[FigureValue]:
    reasons, notes = _study_reasons(definition, studies, harmonised)
    missing: dict[str, tuple[str, ...]] = {}
    for cv in core.core_variables:
        cl = core.code_list(cv.code_list)
        if cl is not None and cl.missing_codes:
            missing[cv.name] = tuple(c.value for c in cl.missing_codes)
    cells = tabulate(cells_path, definition, missing=missing)
    out: list[FigureValue] = []
    for study in sorted(studies, key=lambda s: s.study_id):
        sid = study.study_id
        if sid in reasons:
            out.append(
                FigureValue(
                    study=sid,
                    country=study.country,
                    status=ValueStatus.NOT_COMPUTED,
                    reason=reasons[sid],
                )
            )
            continue
        mine = [c for c in cells if c.study == sid]
        if not mine:
            out.append(
                FigureValue(
                    study=sid,
                    country=study.country,
                    status=ValueStatus.NOT_COMPUTED,
                    reason="no record of the study is in the figure's universe",
                )
            )
            continue
        for cell in mine:
            exact = cell.estimate
            out.append(
                FigureValue(
                    study=sid,
                    country=cell.country,
                    breakdown=cell.breakdown,
                    status=ValueStatus.COMPUTED if exact is not None else ValueStatus.NOT_COMPUTED,
                    value=round(exact, definition.decimals) if exact is not None else None,
                    exact=exact,
                    denominator=cell.denominator,
                    unweighted_n=cell.unweighted_n,
                    footnotes=tuple(notes.get(sid, ())),
                    reason=None if exact is not None else "the denominator is zero",
                )
            )
    return out


def figure_json(figure: Figure) -> bytes:
    """The values file: the Figure as sorted, indented JSON (deterministic bytes)."""
    data = figure.model_dump(mode="json")
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def read_figure_values(path: Path) -> Figure:
    """Read a values file written by :func:`compute_figure`.

    Raises:
        InputError: When the file is missing or is not a values file.
    """
    try:
        if path.stat().st_size > _MAX_VALUES_BYTES:
            raise InputError("figure values file larger than 50 MB", path=path)
        data = json.loads(path.read_text(encoding="utf-8"))
        return Figure.model_validate(data)
    except OSError as exc:
        raise InputError(f"cannot read figure values: {exc.strerror}", path=path) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"not a figure values file: {exc}", path=path) from None


def compute_figure(
    definition_path: Path,
    studies: Sequence[StudyData],
    core: MetadataPackage,
    *,
    values_dir: Path,
    harmonised_dir: Path,
    root: Path | None = None,
    now: dt.datetime | None = None,
    iri_base: str = DEFAULT_IRI_BASE,
    harmonised: HarmonisationResult | None = None,
) -> FigureRun:
    """Compute one figure and write its values and PROV record.

    Args:
        definition_path: The figure definition YAML.
        studies: The studies available (the definition's ``studies`` select among them).
        core: The common core.
        values_dir: Where values and PROV files go (``registry/figures/values``).
        harmonised_dir: Where the pooled harmonised dataset goes (a derived folder).
        root: Project root; lineage paths are relative to it.
        now: Time to record (default: now, UTC).
        iri_base: IRI base of run and file IRIs.
        harmonised: A pooled harmonisation of exactly the definition's studies to reuse
            (:func:`compute_figures` shares one between figures over the same studies).

    Returns:
        The run: figure, lineage, files written and a report.

    Raises:
        InputError: When the definition cannot be read.
    """
    definition = read_figure_definition(definition_path)
    where = relative_path(definition_path, root)
    report = check_definition(definition, core, where)
    if not report.valid:
        return FigureRun(definition, report=report)
    by_id = {s.study_id: s for s in studies}
    chosen: list[StudyData] = []
    issues: list[Issue] = []
    for sid in definition.studies or tuple(sorted(by_id)):
        if sid in by_id:
            chosen.append(by_id[sid])
        else:
            issues.append(
                Issue(
                    code="figure-unknown-study",
                    severity=Severity.ERROR,
                    message=f"{definition.id}: study {sid!r} is not in the registry",
                    location=Location(file=where, urn=str(definition.urn)),
                )
            )
    report = report.merge(Report.of(issues))
    if not chosen:
        return FigureRun(definition, report=report)
    started = now or dt.datetime.now(dt.UTC)
    harmonised_dir.mkdir(parents=True, exist_ok=True)
    if (
        harmonised is None
        or harmonised.lineage is None
        or {st.id for st in harmonised.lineage.studies} != {c.study_id for c in chosen}
    ):
        harmonised = harmonise_studies(
            chosen,
            core,
            harmonised_dir,
            root=root,
            now=started,
            iri_base=iri_base,
            write_prov_files=False,
        )
    report = report.merge(harmonised.report)
    if harmonised.output is None or harmonised.lineage is None:
        return FigureRun(definition, report=report)
    try:
        values = _values(definition, chosen, harmonised, harmonised.output, core)
    except UnknownNameError as exc:
        report = report.merge(
            Report.of(
                [
                    Issue(
                        code="figure-unknown-variable",
                        severity=Severity.ERROR,
                        message=f"{definition.id}: {exc.name!r} is not a column of the "
                        "harmonised data (no study maps it); the figure is not computed",
                        location=Location(file=where, urn=str(definition.urn)),
                    )
                ]
            )
        )
        return FigureRun(definition, report=report)
    dataset = harmonised.lineage.dataset
    run_iri = f"{iri_base}run/tabulate-{definition.id}-{definition.version}-{dataset.id}"
    figure = Figure(
        definition=definition,
        definition_sha256=sha256_file(definition_path),
        values=tuple(values),
        dataset=dataset,
        dataset_sha256=harmonised.lineage.output.sha256,
        crosswalks=tuple(sorted({c.urn for c in harmonised.lineage.crosswalks})),
        run=run_iri,
        software=SOFTWARE,
        computed_at=started,
    )
    folder = values_dir / definition.id / definition.version
    folder.mkdir(parents=True, exist_ok=True)
    values_path = folder / f"{dataset.id}.json"
    values_path.write_bytes(figure_json(figure))
    lineage = FigureLineage(
        figure=definition.urn,
        title=definition.title,
        definition=FileRef(path=where, sha256=figure.definition_sha256, format="yaml"),
        values=FileRef(
            path=relative_path(values_path, root),
            sha256=sha256_file(values_path),
            format="json",
            rows=len(values),
        ),
        core_variables=tuple(sorted(figure_variables(definition))),
        run=RunRef(
            iri=run_iri,
            kind="tabulate",
            started=started,
            ended=now or dt.datetime.now(dt.UTC),
            software=SOFTWARE,
            parameters=(
                ("decimals", str(definition.decimals)),
                ("indicator", definition.indicator.type.value),
            ),
        ),
        harmonisation=harmonised.lineage,
    )
    graph = figure_graph(lineage, iri_base)
    prov = (folder / f"{dataset.id}.prov.ttl", folder / f"{dataset.id}.prov.jsonld")
    for path in prov:
        write_prov(graph, path)
    return FigureRun(
        definition, figure, lineage, report, (values_path, *prov, *harmonised.prov_files)
    )


def published_records(values_dir: Path, figure_id: str) -> list[tuple[Figure, Path]]:
    """Every computed record of a figure, newest first (by computation time, then path).

    Raises:
        InputError: When a values file cannot be read.
    """
    folder = values_dir / figure_id
    if not folder.is_dir():
        return []
    found = [(read_figure_values(p), p) for p in sorted(folder.glob("*/*.json"))]
    return sorted(found, key=lambda fp: (fp[0].computed_at, str(fp[1])), reverse=True)


def compute_figures(
    definition_paths: Sequence[Path],
    studies: Sequence[StudyData],
    core: MetadataPackage,
    *,
    values_dir: Path,
    harmonised_dir: Path,
    root: Path | None = None,
    now: dt.datetime | None = None,
    iri_base: str = DEFAULT_IRI_BASE,
) -> list[FigureRun]:
    """Compute several figures, harmonising each set of studies once.

    Args:
        definition_paths: The figure definition files, computed in the order given.
        studies: The studies available.
        core: The common core.
        values_dir: Where values and PROV files go.
        harmonised_dir: Where pooled harmonised datasets go.
        root: Project root.
        now: Time to record.
        iri_base: IRI base of run and file IRIs.

    Returns:
        One run per definition (a definition that cannot be read gives a run with a finding).
    """
    started = now or dt.datetime.now(dt.UTC)
    cache: dict[frozenset[str], HarmonisationResult] = {}
    runs: list[FigureRun] = []
    for path in definition_paths:
        try:
            wanted = frozenset(read_figure_definition(path).studies) or frozenset(
                s.study_id for s in studies
            )
        except InputError as exc:
            runs.append(
                FigureRun(
                    None,
                    report=Report.of(
                        [
                            Issue(
                                code="figure-definition-unreadable",
                                severity=Severity.ERROR,
                                message=exc.message,
                                location=Location(file=relative_path(path, root), line=exc.line),
                                hint=exc.hint,
                            )
                        ]
                    ),
                )
            )
            continue
        run = compute_figure(
            path,
            studies,
            core,
            values_dir=values_dir,
            harmonised_dir=harmonised_dir,
            root=root,
            now=started,
            iri_base=iri_base,
            harmonised=cache.get(wanted),
        )
        if run.lineage is not None:
            cache[wanted] = HarmonisationResult(
                output=harmonised_dir / Path(run.lineage.harmonisation.output.path).name,
                lineage=run.lineage.harmonisation,
                report=_harmonisation_report(run.report),
            )
        runs.append(run)
    return runs


def _harmonisation_report(report: Report) -> Report:
    figure_codes = {"figure-unknown-variable", "figure-unknown-study", "figure-bad-expression"}
    return Report.of(i for i in report.issues if i.code not in figure_codes)


def values_dir(settings: Settings) -> Path:
    """``registry/figures/values``: where computed figures and their PROV records live."""
    return settings.registry_dir / "figures" / "values"


def definition_paths(settings: Settings, figure_ids: Sequence[str] = ()) -> list[Path]:
    """The definition files of the named figures (all when none is named).

    Raises:
        NotFoundError: When a named figure has no definition file.
    """
    folder = settings.registry_dir / "figures"
    if not figure_ids:
        return sorted(folder.glob("*.yaml"))
    paths = []
    for fid in figure_ids:
        path = folder / f"{safe_id(fid)}.yaml"
        if not path.is_file():
            raise NotFoundError(f"no figure definition {path}")
        paths.append(path)
    return paths


def compute_registry_figures(
    settings: Settings, figure_ids: Sequence[str] = (), now: dt.datetime | None = None
) -> list[FigureRun]:
    """``harmonise figures compute``: compute figures of the registry into it.

    Harmonised datasets go to ``<catalog>/harmonised`` (derived); values and PROV records to
    ``registry/figures/values``.
    """
    content = load_registry(settings)
    studies, _ = registry_studies(content)
    return compute_figures(
        definition_paths(settings, figure_ids),
        studies,
        content.core,
        values_dir=values_dir(settings),
        harmonised_dir=settings.catalog_dir / "harmonised",
        root=settings.root,
        now=now,
        iri_base=settings.iri_base,
    )


@dataclass(frozen=True)
class FigureSummary:
    """One row of ``harmonise figures list``."""

    id: str
    version: str
    title: str
    computed: int
    latest: Figure | None


def list_registry_figures(settings: Settings) -> list[FigureSummary]:
    """Every figure definition of the registry with its newest computed record, if any.

    Raises:
        InputError: When a definition or values file cannot be read.
    """
    rows = []
    for path in definition_paths(settings):
        definition = read_figure_definition(path)
        records = published_records(values_dir(settings), definition.id)
        rows.append(
            FigureSummary(
                id=definition.id,
                version=definition.version,
                title=definition.title.best(("en",)),
                computed=len(records),
                latest=records[0][0] if records else None,
            )
        )
    return rows
