"""``harmonise apply``: apply every crosswalk of a study to its microdata (issue 8 §1).

A thin wrapper over :func:`harmonise.services.harmonisation.apply_registry`. Writes one Parquet
dataset per study (or one pooled dataset with ``--all``) with core variable names, value labels
in the Parquet metadata and, with ``--control-columns``, SDR-style control columns; beside each,
its PROV-O record (``.prov.ttl``, ``.prov.jsonld``). Exit codes: 0 written without errors;
1 written with error findings (e.g. codes a crosswalk does not cover) or nothing written.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from harmonise.config import Settings
from harmonise.issues import Report
from harmonise.services.harmonisation import apply_registry


def print_report(report: Report, limit: int = 30) -> None:
    """Findings on stderr, errors first, at most ``limit`` of them."""
    issues = report.sorted().issues
    for issue in issues[:limit]:
        where = str(issue.location)
        click.echo(
            f"  {issue.severity.value}: {issue.code}: {issue.message}"
            + (f" [{where}]" if where else ""),
            err=True,
        )
    if len(issues) > limit:
        click.echo(f"  ... and {len(issues) - limit} more finding(s)", err=True)


@click.command(name="apply")
@click.argument("studies", nargs=-1)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("harmonised"),
    show_default=True,
    help="Output folder.",
)
@click.option("--all", "pooled", is_flag=True, help="Pool every study into one dataset.")
@click.option("--control-columns", is_flag=True, help="Add <var>__source/__rule/__status columns.")
@click.option(
    "--timestamp",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S"]),
    help="UTC time to record in the lineage (default: now), for reproducible output.",
)
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="Project folder holding registry/ (default: found upwards).",
)
def command(
    *,
    studies: tuple[str, ...],
    out_dir: Path,
    pooled: bool,
    control_columns: bool,
    timestamp: dt.datetime | None,
    root: Path | None,
) -> None:
    """Harmonise STUDIES (ID or ID/VERSION; all with data when omitted) onto the core."""
    settings = Settings.from_root(root)
    now = timestamp.replace(tzinfo=dt.UTC) if timestamp else None
    results, report = apply_registry(
        settings, studies, out_dir, pooled=pooled, control_columns=control_columns, now=now
    )
    failed = not report.valid
    print_report(report)
    for result in results:
        if result.output is None or result.lineage is None:
            failed = True
            print_report(result.report)
            continue
        lineage = result.lineage
        click.echo(
            f"{result.output}: {lineage.output.rows} rows from "
            f"{', '.join(s.id + ' ' + s.version for s in lineage.studies)}, "
            f"{len(lineage.crosswalks)} crosswalks; dataset {lineage.dataset}"
        )
        for prov in result.prov_files:
            click.echo(f"  lineage {prov}")
        if result.report.issues:
            counts = result.report.counts()
            click.echo(f"  {counts['error']} error(s), {counts['warning']} warning(s):", err=True)
            print_report(result.report)
        failed = failed or not result.report.valid
    sys.exit(1 if failed or not results else 0)
