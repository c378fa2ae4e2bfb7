"""``harmonise validate [PATH ...]``: every finding about a registry, study, DDI file or crosswalk.

Thin: :func:`harmonise.services.validation.validate_paths` does the work. Output is grouped
readable text (rich) by default, ``--format json`` or ``--format junit`` (JUnit XML for a
producer's CI). Exit codes (as pySHACL): 0 clean, 1 findings at error level, 2 an input could
not be read.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from harmonise.config import Settings
from harmonise.issues import Issue, Severity
from harmonise.services.validation import (
    ValidationResult,
    grouped_findings,
    result_json,
    result_junit,
    validate_paths,
)

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _where(issue: Issue, group: str) -> str:
    loc = issue.location
    parts = []
    if loc.line:
        parts.append(f"line {loc.line}")
    if loc.row is not None:
        parts.append(f"row {loc.row}")
    if loc.column:
        parts.append(f"column {loc.column}")
    if loc.xpath:
        parts.append(loc.xpath)
    if loc.urn and loc.urn != group:
        parts.append(loc.urn)
    return ", ".join(parts)


def _print_text(result: ValidationResult, console: Console, verbose: bool) -> None:
    hidden: Counter[str] = Counter()
    for group, issues in grouped_findings(result).items():
        shown = [i for i in issues if verbose or i.severity is not Severity.INFO]
        hidden.update(i.code for i in issues if i not in shown)
        if not shown:
            continue
        console.print(f"\n[bold]{escape(group)}[/bold]")
        for issue in shown:
            style = _STYLE[issue.severity]
            where = _where(issue, group)
            console.print(
                f"  [{style}]{issue.severity.value:<7}[/{style}] [bold]{issue.code}[/bold]"
                + (f" ({escape(where)})" if where else "")
            )
            console.print(f"          {escape(issue.message)}")
            if issue.hint:
                console.print(f"          [dim]hint: {escape(issue.hint)}[/dim]")
    if hidden:
        summary = ", ".join(f"{code} x{n}" for code, n in sorted(hidden.items()))
        console.print(
            f"\n[cyan]{sum(hidden.values())} notes not shown[/cyan] ({summary}; -v shows them)"
        )
    counts = result.report.counts()
    verdict = (
        "[bold red]could not read[/bold red] " + ", ".join(result.unreadable)
        if result.unreadable
        else (
            "[bold green]valid[/bold green]"
            if result.report.valid
            else "[bold red]invalid[/bold red]"
        )
    )
    console.print(
        f"\n{verdict}: {counts['error']} errors, {counts['warning']} warnings, "
        f"{counts['info']} notes in {len(result.report.inputs)} input(s)"
    )


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--data",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Microdata (.sav/.zsav/.por/.dta/.csv/.parquet) for the data rules.",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "junit"]),
    default="text",
    show_default=True,
    help="Readable text, a JSON document, or JUnit XML for CI.",
)
@click.option(
    "--waive", multiple=True, metavar="CODE", help="Downgrade a rule's findings to notes."
)
@click.option(
    "--core-variable",
    metavar="NAME",
    help="For a crosswalk sheet: the core variable it maps onto.",
)
@click.option(
    "--source-column",
    default="1",
    show_default=True,
    help="Crosswalk sheet: source code column (header text, letter or 1-based number).",
)
@click.option(
    "--target-column",
    default="2",
    show_default=True,
    help="Crosswalk sheet: target code column (header text, letter or 1-based number).",
)
@click.option("-v", "--verbose", is_flag=True, help="Show notes (info findings) too.")
def command(
    *,
    paths: tuple[Path, ...],
    data: Path | None,
    output: str,
    waive: tuple[str, ...],
    core_variable: str | None,
    source_column: str,
    target_column: str,
    verbose: bool,
) -> None:
    """Validate a registry, study folder, DDI file, crosswalk (YAML/CSV/XLSX) or vocabulary.

    Without PATH, validates the registry of the current project. Every finding of every input
    is printed in one run; see `harmonise rules` for what each code means.

    Exit codes: 0 clean, 1 findings at error level, 2 an input could not be read.
    """
    settings = Settings.from_root()
    result = validate_paths(
        list(paths),
        data=data,
        settings=settings,
        waived=waive,
        core_variable=core_variable,
        sheet_columns=(source_column, target_column),
    )
    if output == "json":
        click.echo(json.dumps(result_json(result), ensure_ascii=False, indent=2))
    elif output == "junit":
        click.echo(result_junit(result), nl=False)
    else:
        _print_text(result, Console(highlight=False), verbose)
    sys.exit(result.exit_code)
