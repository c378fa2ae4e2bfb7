"""``harmonise trace FIGURE``: from a published value down to questions and data files.

A thin wrapper over :mod:`harmonise.services.lineage` (issue 8 §4). The text form prints the
chain figure ← harmonised dataset ← crosswalk version ← source variable ← question (original
wording and translation) ← instrument, and each study's data file with its checksum check;
``--format turtle`` or ``--format prov-json`` prints the PROV-O record (Turtle or JSON-LD).
Exit codes: 0 traced and every file matches its recorded checksum; 1 a file is missing or
changed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from harmonise.config import Settings
from harmonise.issues import Severity
from harmonise.services.figures import values_dir
from harmonise.services.lineage import prov_bytes, trace_figure, trace_lines


@click.command(name="trace")
@click.argument("figure_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "turtle", "prov-json"]),
    default="text",
    show_default=True,
    help="text chain, or the PROV-O record as Turtle or JSON-LD.",
)
@click.option("--dataset", help="Trace the record computed from this harmonised dataset ID.")
@click.option("--lang", "languages", multiple=True, help="Preferred label language(s).")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="Project folder holding registry/ (default: found upwards).",
)
def command(
    figure_id: str,
    fmt: str,
    dataset: str | None,
    languages: tuple[str, ...],
    root: Path | None,
) -> None:
    """Trace FIGURE_ID's newest published values to their sources."""
    settings = Settings.from_root(root)
    trace = trace_figure(figure_id, values_dir(settings), settings.root, dataset)
    if fmt == "text":
        for line in trace_lines(trace, languages or ("en",)):
            click.echo(line)
    else:
        click.echo(prov_bytes(trace, fmt).decode("utf-8"), nl=False)
        for issue in trace.report.issues:
            click.echo(f"{issue.severity.value}: {issue.code}: {issue.message}", err=True)
    sys.exit(1 if any(i.severity is Severity.ERROR for i in trace.report.issues) else 0)
