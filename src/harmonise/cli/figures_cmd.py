"""``harmonise figures compute|list|show``: published figures with their lineage (issue 8 §3).

Thin wrappers over :mod:`harmonise.services.figures`. ``compute`` evaluates every definition in
``registry/figures/`` (or the named ones) and writes values and PROV records under
``registry/figures/values/``; exit 1 when a figure could not be computed at all (findings about
the harmonised data, e.g. an uncovered code in a variable the figure does not use, are printed
but do not fail a figure that was computed). ``list`` shows each definition with its newest
computed values; ``show`` prints one figure's newest record (``--json`` for the values file as
stored).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from harmonise.cli.apply_cmd import print_report
from harmonise.config import Settings
from harmonise.model.figure import Figure, ValueStatus
from harmonise.services.figures import (
    compute_registry_figures,
    figure_json,
    list_registry_figures,
    published_records,
    values_dir,
)

_ROOT = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="Project folder holding registry/ (default: found upwards).",
)


def _value_text(figure: Figure) -> str:
    parts = []
    for v in figure.values:
        cell = "".join(f" {k}={c}" for k, c in v.breakdown)
        shown = str(v.value) if v.status is ValueStatus.COMPUTED else "n/c"
        mark = "*" if v.footnotes else ""
        parts.append(f"{v.country}{cell} {shown}{mark}")
    return "; ".join(parts)


@click.group(name="figures")
def command() -> None:
    """Compute, list and show published figures."""


@command.command(name="compute")
@click.argument("figure_ids", nargs=-1)
@click.option(
    "--timestamp",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S"]),
    help="UTC time to record (default: now), for byte-identical reruns.",
)
@_ROOT
def compute(figure_ids: tuple[str, ...], timestamp: dt.datetime | None, root: Path | None) -> None:
    """Compute FIGURE_IDS (all definitions when omitted) into registry/figures/values."""
    settings = Settings.from_root(root)
    now = timestamp.replace(tzinfo=dt.UTC) if timestamp else None
    runs = compute_registry_figures(settings, figure_ids, now)
    failed = False
    shared_shown = False
    for run in runs:
        name = run.definition.id if run.definition else "?"
        if run.figure is None:
            failed = True
            click.echo(f"{name}: not computed", err=True)
            print_report(run.report)
            continue
        click.echo(f"{name} {run.figure.definition.version}: {_value_text(run.figure)}")
        for v in run.figure.values:
            if v.status is not ValueStatus.COMPUTED:
                click.echo(f"  {v.country}: not computed: {v.reason}")
            for note in v.footnotes:
                click.echo(f"  {v.country}*: {note}")
        click.echo(f"  -> {run.files[0]}")
        if not shared_shown and run.report.issues:
            counts = run.report.counts()
            click.echo(
                f"  harmonisation: {counts['error']} error(s), {counts['warning']} warning(s)",
                err=True,
            )
            print_report(run.report, limit=10)
            shared_shown = True
    sys.exit(1 if failed or not runs else 0)


@command.command(name="list")
@_ROOT
def list_(root: Path | None) -> None:
    """Every figure definition with its newest computed values."""
    settings = Settings.from_root(root)
    for row in list_registry_figures(settings):
        values = _value_text(row.latest) if row.latest else "(not computed)"
        click.echo(f"{row.id} {row.version}  {row.title}")
        click.echo(f"  {values}  [{row.computed} record(s)]")


@command.command(name="show")
@click.argument("figure_id")
@click.option("--json", "as_json", is_flag=True, help="Print the values file as stored.")
@_ROOT
def show(figure_id: str, as_json: bool, root: Path | None) -> None:
    """Print the newest computed record of FIGURE_ID."""
    settings = Settings.from_root(root)
    records = published_records(values_dir(settings), figure_id)
    if not records:
        click.echo(f"error: figure {figure_id!r} has not been computed", err=True)
        sys.exit(1)
    figure, path = records[0]
    if as_json:
        click.echo(figure_json(figure).decode("utf-8"), nl=False)
        return
    d = figure.definition
    click.echo(f"{d.id} {d.version}: {d.title.best(('en',))}")
    click.echo(f"  indicator {d.indicator.type.value}: {d.indicator.expression or '(count)'}")
    click.echo(f"  universe  {d.universe or '(all records)'}; weight {d.weight or '(none)'}")
    for v in figure.values:
        cell = "".join(f" {k}={c}" for k, c in v.breakdown)
        if v.status is ValueStatus.COMPUTED:
            click.echo(f"  {v.country}{cell}: {v.value} (n={v.unweighted_n})")
        else:
            click.echo(f"  {v.country}{cell}: not computed: {v.reason}")
        for note in v.footnotes:
            click.echo(f"    note: {note}")
    click.echo(f"  dataset {figure.dataset}; computed {figure.computed_at.isoformat()}")
    click.echo(f"  record  {path}")
