"""``harmonise crosswalk import|export|show|history``: author, export and inspect crosswalks.

Thin wrappers over :mod:`harmonise.services.crosswalks` (issue 4 part A). Exit codes follow
pySHACL: 0 done and clean, 1 done with error-level findings (``import``: cells that could not be
read; the rows that could be read are still written), 2 the input could not be read at all.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from harmonise.errors import InputError
from harmonise.formats.crosswalk_exports import SUFFIX, ExportFormat
from harmonise.formats.crosswalk_file import read_crosswalk_file, write_crosswalk_file
from harmonise.formats.crosswalk_sheet import SheetLayout
from harmonise.issues.report import Report
from harmonise.model.crosswalk import association_cardinalities, association_statuses
from harmonise.services.crosswalks import (
    SheetImport,
    diff,
    export_files,
    history_of_file,
    import_sheet,
    summarize,
)

_SHOWN = 50


def _print_report(report: Report) -> None:
    for issue in report.sorted().issues[:_SHOWN]:
        colour = {"error": "red", "warning": "yellow"}.get(issue.severity.value)
        click.secho(
            f"{issue.severity.value}: {issue.code}: {issue.message} [{issue.location}]",
            fg=colour,
            err=True,
        )
    if len(report) > _SHOWN:
        click.echo(f"... and {len(report) - _SHOWN} more findings", err=True)


@click.group(name="crosswalk")
def command() -> None:
    """Import, export and inspect versioned crosswalks."""


@command.command(name="import")
@click.argument("sheet", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--layout",
    type=click.Choice([x.value for x in SheetLayout]),
    default="long",
    show_default=True,
    help="long: one row per source→target pair; translation: one row per core code.",
)
@click.option("--source", default="1", help="Long: source-code column (header, letter or number).")
@click.option("--target", default="2", help="Long: target-code column.")
@click.option("--partial", help="Long: column flagging partial correspondences.")
@click.option("--partial-marker", default="p", show_default=True, help="Value of that flag.")
@click.option("--note", help="Long: note/comment column.")
@click.option("--core", default="1", help="Translation: core-code column.")
@click.option("--study", help="Translation: the study column to import.")
@click.option("--sheet", help="Workbook sheet name or 1-based number.")
@click.option("--source-width", type=click.IntRange(1, 40), help="Zero-pad numeric source codes.")
@click.option("--target-width", type=click.IntRange(1, 40), help="Zero-pad numeric target codes.")
@click.option("--urn", help="URN of the new crosswalk version (default minted from the name).")
@click.option("--source-variable", required=True, help="URN of the pinned source variable.")
@click.option("--target-variable", required=True, help="URN of the pinned core variable.")
@click.option("--source-code-list", help="URN of the source code list.")
@click.option("--target-code-list", help="URN of the core code list.")
@click.option("--label", help="English title.")
@click.option("--author", help="Who made this version (recorded with reason 'initial').")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The crosswalk file to write (YAML form).",
)
def import_command(sheet: Path, out: Path, **options: object) -> None:
    """Import a CSV/XLSX/XLS crosswalk SHEET into the registry's crosswalk file form."""
    if out.exists():
        raise InputError(
            "the output file exists; published versions are never overwritten",
            path=out,
            hint="choose another --out",
        )
    spec = SheetImport.model_validate({k: v for k, v in options.items() if v is not None})
    crosswalk, report = import_sheet(sheet, spec)
    write_crosswalk_file(crosswalk, out)
    summary = summarize(crosswalk)
    click.echo(
        f"wrote {out}: {summary.associations} associations, {summary.source_codes} source codes, "
        f"status {summary.overall_status.value}"
    )
    _print_report(report)
    if not report.valid:
        sys.exit(1)


@command.command(name="export")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice([f.value for f in ExportFormat]),
    help="Export format.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout.")
@click.option("--source-name", help="Syntax formats: source variable name in the data.")
@click.option("--target-name", help="Syntax formats: name of the harmonised variable.")
@click.option("--source-type", type=click.Choice(["auto", "numeric", "string"]), default="auto")
@click.option("--target-type", type=click.Choice(["auto", "numeric", "string"]), default="auto")
@click.option("--table", default="data", show_default=True, help="SQL: table name.")
def export_command(files: tuple[Path, ...], fmt: str, out: Path | None, **options: str) -> None:
    """Export crosswalk FILES (YAML form) as XKOS, DDI-L, CSV, JSON or recode syntax."""
    data = export_files(
        files,
        fmt,
        source_name=options.get("source_name"),
        target_name=options.get("target_name"),
        source_type=options["source_type"],  # type: ignore[arg-type]
        target_type=options["target_type"],  # type: ignore[arg-type]
        table=options["table"],
    )
    if out is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    out.write_bytes(data)
    click.echo(f"wrote {out} ({len(data)} bytes; usual suffix {SUFFIX[ExportFormat(fmt)]})")


@command.command(name="show")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def show_command(file: Path, as_json: bool) -> None:
    """Show a crosswalk with its computed cardinality and status."""
    crosswalk = read_crosswalk_file(file)
    summary = summarize(crosswalk)
    if as_json:
        click.echo(summary.model_dump_json(indent=2))
        return
    click.echo(f"{summary.urn}  {crosswalk.label.best(('en', 'es', 'sq', ''))}")
    click.echo(f"  {crosswalk.source_variable} -> {crosswalk.target_variable}")
    click.echo(f"  status {summary.overall_status.value}; {summary.associations} associations")
    for name, counts in (("cardinality", summary.cardinality), ("status", summary.status)):
        click.echo(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    rows = zip(
        crosswalk.associations,
        association_cardinalities(crosswalk),
        association_statuses(crosswalk),
        strict=True,
    )
    for a, card, status in rows:
        extra = f" when {a.condition}" if a.condition else ""
        click.echo(
            f"  {','.join(a.sources) or '-':>14} -> {','.join(a.targets) or '-':<14} "
            f"{a.rule.value:12} {card.value:16} {status.value}{extra}"
        )
    if crosswalk.unmatched_targets:
        click.echo("  never produced: " + ", ".join(crosswalk.unmatched_targets))


@command.command(name="history")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def history_command(file: Path) -> None:
    """List every version of FILE's crosswalk (from its folder) and what changed."""
    versions = history_of_file(file)
    previous = None
    for cw in versions:
        info = cw.version_info
        who = f"{info.date} {info.author} ({info.reason.value})" if info else "no version info"
        click.echo(f"{cw.urn.version}  {who}" + (f": {info.note}" if info and info.note else ""))
        if previous is not None:
            change = diff(previous, cw)
            for f in change.fields:
                click.echo(f"    {f.field} changed")
            for c in change.codes:
                click.echo(f"    {c.kind} {c.source or '(no source)'}: {c.before} => {c.after}")
        previous = cw
