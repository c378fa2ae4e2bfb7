"""``harmonise build``: compile registry/ and vocabularies/ into the derived catalog.

A thin wrapper over :func:`harmonise.services.catalog.build_catalog` (issue 5 §1): a progress
bar on stderr, a summary on stdout. Exit codes: 0 built or already up to date; 1 not built, with
the report of every unreadable file or dangling reference (the previous catalog stays published).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from harmonise.config import Settings
from harmonise.services.catalog import BuildSummary, CatalogBuildError, build_catalog

_SHOWN_FINDINGS = 50


def _print_summary(summary: BuildSummary) -> None:
    if summary.up_to_date:
        click.echo(
            f"catalog up to date (build {summary.build_id}, {summary.files} input files unchanged)"
        )
    else:
        click.echo(
            f"built catalog {summary.build_id} in {summary.seconds:.1f} s: "
            f"{summary.files} input files ({summary.files_changed} new or changed; "
            f"{summary.files_parsed} parsed, {summary.files_reused} reused from the parse cache)"
        )
    click.echo(f"  {summary.items} items, {summary.triples} triples -> {summary.catalog_dir}")
    for kind, n in summary.counts.items():
        click.echo(f"  {kind:15} {n}")
    warnings = summary.report.warnings
    if warnings:
        click.echo(f"  {len(warnings)} warning(s) while reading the registry")


@click.command(name="build")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="Project folder holding registry/ and vocabularies/ (default: found upwards).",
)
@click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the catalog (default: <root>/.catalog or HARMONISE_CATALOG).",
)
@click.option("--force", is_flag=True, help="Rebuild even when no input changed.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def command(root: Path | None, catalog_dir: Path | None, force: bool, quiet: bool) -> None:
    """Compile the registry into the catalog (database, search index, RDF graph)."""
    overrides: dict[str, object] = {}
    if catalog_dir is not None:
        overrides["catalog_dir"] = catalog_dir.resolve()
    settings = Settings.from_root(root, **overrides)
    columns = (
        TextColumn("{task.description:16}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, disable=quiet, transient=True) as bar:
        tasks: dict[str, object] = {}

        def progress(stage: str, done: int, total: int) -> None:
            task = tasks.get(stage)
            if task is None:
                task = tasks[stage] = bar.add_task(stage, total=max(total, 1))
            bar.update(task, completed=done, total=max(total, 1))  # type: ignore[arg-type]

        try:
            summary = build_catalog(settings, progress=progress, force=force)
        except CatalogBuildError as exc:
            bar.stop()
            click.secho(f"build failed: {exc}", fg="red", err=True)
            for issue in exc.report.sorted().issues[:_SHOWN_FINDINGS]:
                click.echo(
                    f"  {issue.severity.value:7} {issue.code}: {issue.location}: {issue.message}"
                )
            if len(exc.report) > _SHOWN_FINDINGS:
                click.echo(f"  ... and {len(exc.report) - _SHOWN_FINDINGS} more")
            sys.exit(1)
    _print_summary(summary)
