"""Use case: apply a study's crosswalks to its microdata and record the lineage (issue 8).

Reads each study's microdata (Parquet and CSV straight into DuckDB; SPSS/Stata streamed in
batches through ``harmonise.formats`` and staged to Parquet), binds every crosswalk (latest
version of each) to the source column and core variable it names, compiles them into one
engine-neutral plan per study, runs the plans with DuckDB and writes one harmonised Parquet
dataset with a PROV-O record beside it (``<name>.prov.ttl`` and ``<name>.prov.jsonld``;
STANDARDS.md §4).

The harmonised dataset's DDI URN is content-addressed (``H-<studies>-<sha256 prefix>``), so a
changed crosswalk row yields a different dataset identity and older figures keep tracing to the
dataset, crosswalk versions and questions they were computed from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harmonise import __version__
from harmonise.config import DEFAULT_AGENCY, DEFAULT_IRI_BASE, Settings
from harmonise.engine.compile import CrosswalkBinding, compile_plan, copy_or_crosswalk_status
from harmonise.engine.duckdb_runner import StudySource, connect, harmonise, stage_batches
from harmonise.engine.plan import HarmonisationPlan
from harmonise.errors import InputError
from harmonise.formats.microdata import (
    MicrodataFormat,
    detect_microdata_format,
    iter_microdata_batches,
)
from harmonise.formats.prov import harmonisation_graph, write_prov
from harmonise.issues import Issue, Location, Report, Severity
from harmonise.model import (
    Crosswalk,
    MetadataPackage,
    Urn,
    Variable,
    safe_id,
    version_key,
)
from harmonise.model.lineage import (
    CrosswalkRef,
    FileRef,
    HarmonisationLineage,
    QuestionRef,
    RunRef,
    SourceVariableRef,
    StudyRef,
)
from harmonise.services.registry import RegistryContent, StudyVersion, load_registry

SOFTWARE = f"harmonise {__version__}"


@dataclass(frozen=True)
class StudyData:
    """One study version ready to harmonise.

    Attributes:
        study_id: e.g. ``ECU-2025``.
        version: e.g. ``2.0.0``.
        country: ISO 3166-1 alpha-3 code.
        data_file: The microdata file.
        package: The study's metadata (variables, questions, code lists).
        crosswalks: Its crosswalks (every version; the latest of each is applied).
    """

    study_id: str
    version: str
    country: str
    data_file: Path
    package: MetadataPackage
    crosswalks: tuple[Crosswalk, ...] = ()


@dataclass
class HarmonisationResult:
    """The outcome of one harmonisation run."""

    output: Path | None
    lineage: HarmonisationLineage | None
    report: Report
    plans: tuple[HarmonisationPlan, ...] = ()
    prov_files: tuple[Path, ...] = ()
    statuses: dict[tuple[str, str], str] = field(default_factory=dict)


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def relative_path(path: Path, root: Path | None) -> str:
    """``path`` relative to ``root`` when inside it (POSIX form), else as given.

    The unresolved absolute path is tried first, so a registry folder linked into the project
    keeps its project-relative path.
    """
    if root is not None:
        for candidate, base in (
            (path.absolute(), root.absolute()),
            (path.resolve(), root.resolve()),
        ):
            try:
                return candidate.relative_to(base).as_posix()
            except ValueError:
                continue
    return str(path)


def latest_crosswalks(crosswalks: Sequence[Crosswalk]) -> tuple[Crosswalk, ...]:
    """The newest version of each crosswalk (by unversioned URN), sorted by URN."""
    best: dict[Urn, Crosswalk] = {}
    for cw in crosswalks:
        key = cw.urn.unversioned()
        held = best.get(key)
        if held is None or version_key(cw.urn.version or "0") > version_key(
            held.urn.version or "0"
        ):
            best[key] = cw
    return tuple(sorted(best.values(), key=lambda c: str(c.urn)))


def _find_variable(items: Sequence[Variable], urn: Urn) -> Variable | None:
    for v in items:
        if v.urn == urn:
            return v
    same = [v for v in items if v.urn.unversioned() == urn.unversioned()]
    if not same:
        return None
    return max(same, key=lambda v: version_key(v.urn.version or "0"))


def bind_crosswalks(
    study: StudyData, core: MetadataPackage
) -> tuple[list[CrosswalkBinding], Report]:
    """Resolve each crosswalk's source column and core variable.

    Args:
        study: The study with its package and crosswalks.
        core: The common core (core variables and their code lists).

    Returns:
        The bindings and a report of crosswalks that could not be bound.
    """
    bindings: list[CrosswalkBinding] = []
    issues: list[Issue] = []
    for cw in latest_crosswalks(study.crosswalks):
        where = Location(urn=str(cw.urn))
        source = _find_variable(study.package.variables, cw.source_variable)
        target = _find_variable(core.core_variables, cw.target_variable)
        if source is None:
            issues.append(
                Issue(
                    code="unknown-source-variable",
                    severity=Severity.ERROR,
                    message=f"{study.study_id}: the crosswalk's source variable "
                    f"{cw.source_variable} is not in the study's codebook; not applied",
                    location=where,
                )
            )
            continue
        if target is None:
            issues.append(
                Issue(
                    code="unknown-core-variable",
                    severity=Severity.ERROR,
                    message=f"{study.study_id}: the crosswalk's core variable "
                    f"{cw.target_variable} is not in the common core; not applied",
                    location=where,
                )
            )
            continue
        bindings.append(
            CrosswalkBinding(
                crosswalk=cw,
                source_name=source.name,
                target_name=target.name,
                source_codes=study.package.code_list(cw.source_code_list or source.code_list),
                target_codes=core.code_list(cw.target_code_list or target.code_list),
            )
        )
    return bindings, Report.of(issues)


def _question(study: StudyData, variable: Variable) -> QuestionRef | None:
    question = study.package.question(variable.question)
    if question is None:
        return None
    instrument = next(
        (
            i.urn
            for i in study.package.instruments
            for m in i.modules
            if question.urn in m.questions
        ),
        None,
    )
    return QuestionRef(
        urn=question.urn, name=question.name, text=question.text, instrument=instrument
    )


def _source_for(
    study: StudyData, staging: Path, report: list[Issue], con: Any
) -> tuple[Path, str] | None:
    path = study.data_file
    if not path.is_file():
        report.append(
            Issue(
                code="data-file-missing",
                severity=Severity.ERROR,
                message=f"{study.study_id}: microdata file not found; the study is not harmonised",
                location=Location(file=str(path)),
                hint="run the registry generator or fix the path",
            )
        )
        return None
    try:
        if detect_microdata_format(path) is MicrodataFormat.PARQUET:
            return path, "parquet"
        batches = iter_microdata_batches(path)
        first = next(batches, None)
        if first is None:
            raise InputError("the microdata file has no records", path=path)
        staged = staging / f"{safe_id(study.study_id)}.parquet"
        stage_batches(itertools.chain([first], batches), first.schema, staged, con)
        return staged, "parquet"
    except InputError as exc:
        report.append(
            Issue(
                code="data-file-unreadable",
                severity=Severity.ERROR,
                message=f"{study.study_id}: {exc.message}",
                location=Location(file=str(path)),
                hint=exc.hint,
            )
        )
        return None


def harmonise_studies(
    studies: Sequence[StudyData],
    core: MetadataPackage,
    output: Path,
    *,
    root: Path | None = None,
    control_columns: bool = False,
    now: dt.datetime | None = None,
    agency: str = DEFAULT_AGENCY,
    iri_base: str = DEFAULT_IRI_BASE,
    write_prov_files: bool = True,
) -> HarmonisationResult:
    """Harmonise one or more studies into one Parquet file with its PROV record.

    Args:
        studies: The studies (several are pooled, with ``country`` and ``study`` columns).
        core: The common core.
        output: The Parquet file to write (its folder is created), or an existing folder: the
            file is then named after the dataset's content-addressed ID.
        root: Project root; paths in the lineage are relative to it.
        control_columns: Add ``<var>__source/__rule/__status`` columns.
        now: Time to record (default: the current UTC time).
        agency: Agency of the dataset URN.
        iri_base: IRI base of run and file IRIs.
        write_prov_files: Write ``<name>.prov.ttl``/``.prov.jsonld`` beside the output (a
            figure run leaves them out: the figure's own record holds the same lineage).

    Returns:
        The result: output path, lineage and a report (no output when nothing could be read).
    """
    started = now or dt.datetime.now(dt.UTC)
    issues: list[Issue] = []
    final_folder: Path | None = None
    if output.is_dir():
        final_folder = output
        output = output / f".harmonise-{os.getpid()}.parquet"
    output.parent.mkdir(parents=True, exist_ok=True)
    report = Report()
    con = connect()
    with tempfile.TemporaryDirectory(prefix="harmonise-") as tmp:
        sources: list[StudySource] = []
        used: list[tuple[StudyData, list[CrosswalkBinding], HarmonisationPlan]] = []
        for study in sorted(studies, key=lambda s: s.study_id):
            bindings, bound = bind_crosswalks(study, core)
            report = report.merge(bound)
            plan, compiled = compile_plan(study.study_id, study.version, study.country, bindings)
            report = report.merge(compiled)
            located = _source_for(study, Path(tmp), issues, con)
            if located is None:
                continue
            sources.append(StudySource(plan=plan, path=located[0], format=located[1]))
            used.append((study, bindings, plan))
        if not sources:
            con.close()
            return HarmonisationResult(None, None, report.merge(Report.of(issues)))
        try:
            run = harmonise(sources, output, control_columns=control_columns, con=con)
        finally:
            con.close()
    report = report.merge(Report.of(issues), run.report)
    digest = sha256_file(output)
    ids = "-".join(s.plan.study for s in sources)
    dataset = Urn(agency, safe_id(f"H-{ids}-{digest[:12]}"), "1")
    crosswalk_refs: list[CrosswalkRef] = []
    variable_refs: list[SourceVariableRef] = []
    inputs: list[FileRef] = []
    statuses: dict[tuple[str, str], str] = {}
    for study, bindings, plan in used:
        data_path = relative_path(study.data_file, root)
        inputs.append(
            FileRef(
                path=data_path,
                sha256=sha256_file(study.data_file),
                format=detect_microdata_format(study.data_file).value,
                rows=run.rows_by_study.get(study.study_id),
                study=study.study_id,
            )
        )
        counts = run.value_counts.get(study.study_id, {})
        for b in bindings:
            missing = (
                frozenset(c.value for c in b.source_codes.missing_codes)
                if b.source_codes
                else frozenset()
            )
            freq = counts.get(b.source_name)
            column = next((c for c in plan.columns if c.crosswalk == b.crosswalk.urn), None)
            if column is None:  # a duplicate target, reported by the compiler
                continue
            status = copy_or_crosswalk_status(
                b.crosswalk,
                column.kind,
                missing,
                {k: float(v) for k, v in freq.items()} if freq else None,
            ).value
            statuses[(study.study_id, b.target_name)] = status
            crosswalk_refs.append(
                CrosswalkRef(
                    urn=b.crosswalk.urn,
                    study=study.study_id,
                    source_variable=b.crosswalk.source_variable,
                    target_variable=b.crosswalk.target_variable,
                    target_name=b.target_name,
                    status=status,
                    previous=b.crosswalk.version_info.previous
                    if b.crosswalk.version_info
                    else None,
                )
            )
            variable = _find_variable(study.package.variables, b.crosswalk.source_variable)
            if variable is not None:
                variable_refs.append(
                    SourceVariableRef(
                        urn=variable.urn,
                        name=variable.name,
                        label=variable.label,
                        question=_question(study, variable),
                        study=study.study_id,
                        file=data_path,
                    )
                )
    ended = now or dt.datetime.now(dt.UTC)
    lineage = HarmonisationLineage(
        dataset=dataset,
        output=FileRef(
            path=relative_path(output, root), sha256=digest, format="parquet", rows=run.rows
        ),
        run=RunRef(
            iri=f"{iri_base}run/harmonise-{dataset.id}",
            kind="harmonise",
            started=started,
            ended=ended,
            software=SOFTWARE,
            parameters=(
                ("control_columns", str(control_columns).lower()),
                ("studies", " ".join(s.plan.study for s in sources)),
            ),
        ),
        studies=tuple(
            sorted(
                (
                    StudyRef(
                        id=s.study_id,
                        version=s.version,
                        country=s.country,
                        urn=s.package.study.urn if s.package.study else None,
                    )
                    for s, _, _ in used
                ),
                key=lambda r: r.id,
            )
        ),
        inputs=tuple(sorted(inputs, key=lambda f: (f.study or "", f.path))),
        crosswalks=tuple(
            sorted(crosswalk_refs, key=lambda c: (c.study, c.target_name, str(c.urn)))
        ),
        variables=tuple(
            sorted(
                {v.urn: v for v in variable_refs}.values(),
                key=lambda v: (v.study, v.name, str(v.urn)),
            )
        ),
    )
    if final_folder is not None:
        named = final_folder / f"{dataset.id}.parquet"
        output.replace(named)
        output = named
        lineage = lineage.model_copy(
            update={
                "output": lineage.output.model_copy(update={"path": relative_path(named, root)})
            }
        )
    graph = harmonisation_graph(lineage, iri_base)
    prov_files: tuple[Path, ...] = (
        output.with_name(output.stem + ".prov.ttl"),
        output.with_name(output.stem + ".prov.jsonld"),
    )
    if write_prov_files:
        for path in prov_files:
            write_prov(graph, path)
    else:
        prov_files = ()
    return HarmonisationResult(
        output=output,
        lineage=lineage,
        report=report,
        plans=tuple(s.plan for s in sources),
        prov_files=prov_files,
        statuses=statuses,
    )


def study_data(version: StudyVersion) -> StudyData | None:
    """A registry study version as harmonisation input; None when it has no microdata."""
    if not version.data_files:
        return None
    study = version.package.study
    country = (study.country if study is not None else None) or version.study_id.split("-")[0]
    return StudyData(
        study_id=version.study_id,
        version=version.version,
        country=country,
        data_file=version.data_files[0],
        package=version.package,
        crosswalks=version.crosswalks,
    )


def registry_studies(
    content: RegistryContent, study_ids: Sequence[str] = ()
) -> tuple[list[StudyData], Report]:
    """The latest version with microdata of each requested study (all when none is named).

    A ``STUDY/VERSION`` argument picks that version. Unknown studies and studies without
    microdata are findings.
    """
    issues: list[Issue] = []
    wanted = list(study_ids) or list(content.study_ids())
    found: list[StudyData] = []
    for wanted_id in wanted:
        sid, _, version = wanted_id.partition("/")
        versions = content.versions(sid)
        if version:
            versions = tuple(v for v in versions if v.version == version)
        with_data = [v for v in versions if v.data_files]
        if not versions:
            issues.append(
                Issue(
                    code="unknown-study",
                    severity=Severity.ERROR,
                    message=f"study {wanted_id!r} is not in the registry",
                    hint="known studies: " + ", ".join(content.study_ids()),
                )
            )
            continue
        if not with_data:
            issues.append(
                Issue(
                    code="data-file-missing",
                    severity=Severity.ERROR,
                    message=f"{wanted_id}: no microdata file in the registry",
                    location=Location(file=str(versions[-1].path / "data")),
                )
            )
            continue
        data = study_data(with_data[-1])
        if data is not None:
            found.append(data)
    return found, Report.of(issues)


def apply_registry(
    settings: Settings,
    study_ids: Sequence[str],
    out_dir: Path,
    *,
    pooled: bool = False,
    control_columns: bool = False,
    now: dt.datetime | None = None,
) -> tuple[list[HarmonisationResult], Report]:
    """``harmonise apply``: harmonise registry studies into ``out_dir``.

    Each study gives ``<out_dir>/<STUDY>-<VERSION>.parquet`` (+ PROV files); with ``pooled``,
    all of them give one ``<out_dir>/pooled.parquet`` with a country column.

    Args:
        settings: Where the registry is.
        study_ids: ``STUDY`` or ``STUDY/VERSION`` (all studies when empty).
        out_dir: Output folder (created).
        pooled: One dataset for all studies.
        control_columns: Add SDR-style control columns.
        now: Time to record.

    Returns:
        The results and a report (registry and study-selection findings).
    """
    content = load_registry(settings)
    studies, selection = registry_studies(content, study_ids)
    report = selection
    out_dir.mkdir(parents=True, exist_ok=True)
    groups = [studies] if pooled else [[s] for s in studies]
    results: list[HarmonisationResult] = []
    for group in groups:
        if not group:
            continue
        name = "pooled" if pooled else f"{group[0].study_id}-{group[0].version}"
        results.append(
            harmonise_studies(
                group,
                content.core,
                out_dir / f"{name}.parquet",  # registry folder names: safe in a path
                root=settings.root,
                control_columns=control_columns,
                now=now,
                agency=settings.agency,
                iri_base=settings.iri_base,
            )
        )
    return results, report
