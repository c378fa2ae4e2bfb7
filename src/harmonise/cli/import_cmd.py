"""``harmonise import``: bring a producer's files into the registry as a new study version.

Subcommands: ``cspro`` (a CSPro dictionary, optionally with its data file; written as DDI-C 2.5
by :func:`harmonise.services.cspro_import.import_cspro`). Exit codes (as the other commands):
0 written with no error-level findings (warnings allowed), 1 written but the report holds errors
(e.g. overlapping items or duplicate names: the codebook is kept so it can be inspected and
corrected), 2 the input could not be read (raised as ``InputError`` and reported by the main
group).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from harmonise.config import Settings
from harmonise.issues import Report
from harmonise.model import StudyKind
from harmonise.services.cspro_import import import_cspro

#: Findings printed one per line before the summary.
_SHOWN_FINDINGS = 20


@click.group(name="import")
def command() -> None:
    """Import a producer's files into the registry as a new study version."""


def _print_report(report: Report) -> None:
    counts = report.counts()
    click.echo(
        f"findings: {counts['error']} errors, {counts['warning']} warnings, {counts['info']} info"
    )
    ordered = sorted(report.issues, key=lambda i: i.severity.rank)  # stable: file order kept
    for issue in ordered[:_SHOWN_FINDINGS]:
        where = str(issue.location)
        click.echo(f"  {issue.severity.value:7} {issue.code}: {where}: {issue.message}")
    if len(report) > _SHOWN_FINDINGS:
        click.echo(f"  ... and {len(report) - _SHOWN_FINDINGS} more")


@command.command(name="cspro")
@click.argument("dictionary", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--data",
    "data",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The CSPro fixed-width data file: adds record counts, frequencies and statistics.",
)
@click.option("--study", "study", help="Study ID in the registry (default: dictionary name).")
@click.option(
    "--registry",
    "registry",
    type=click.Path(file_okay=False, path_type=Path),
    help="Registry folder (default: registry/ of the project).",
)
@click.option(
    "--version",
    "version",
    help="Version to create (default: the next free one); never overwrites an existing one.",
)
@click.option(
    "--kind",
    type=click.Choice([StudyKind.SURVEY.value, StudyKind.CENSUS.value]),
    default=StudyKind.SURVEY.value,
    show_default=True,
    help="Kind of study.",
)
def cspro(
    *,
    dictionary: Path,
    data: Path | None,
    study: str | None,
    registry: Path | None,
    version: str | None,
    kind: str,
) -> None:
    """Import a CSPro dictionary DICTIONARY (.dcf, classic or CSPro 8 JSON) as DDI-C 2.5.

    Exit codes: 0 written, 1 written with error-level findings, 2 unreadable input.
    """
    settings = Settings.from_root()
    registry_dir = registry if registry is not None else settings.registry_dir
    result = import_cspro(
        dictionary,
        registry_dir=registry_dir,
        data_path=data,
        study_id=study,
        version=version,
        agency=settings.agency,
        kind=StudyKind(kind),
    )
    d = result.dictionary
    items = len(d.items)
    value_sets = sum(len(i.value_sets) for i in d.items)
    click.echo(
        f"read {dictionary} ({d.version or d.form}): {len(d.levels)} level(s), "
        f"{len(d.records)} record type(s), {items} items, {value_sets} value sets"
    )
    if data is not None:
        per_type = ", ".join(f"{name} {n:,}" for name, n in result.record_counts.items())
        click.echo(f"read {data}: {sum(result.record_counts.values()):,} records ({per_type})")
    counts = result.package.counts()
    click.echo(
        f"study {result.study_id} version {result.version}: {counts['variables']} variables, "
        f"{counts['code_lists']} code lists, {counts['categories']} categories"
    )
    _print_report(result.report)
    click.echo(f"wrote {result.codebook}")
    if not result.report.valid:
        click.secho(
            "error: the import has error-level findings; correct the dictionary (or data) and "
            "import again as a new version",
            fg="red",
            err=True,
        )
        sys.exit(1)
