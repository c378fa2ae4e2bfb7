"""``harmonise inspect FILE``: format, study, counts, languages and issues of a registry file.

DDI-Codebook/Lifecycle, CSPro dictionaries, microdata, crosswalk and figure YAML files and SKOS
vocabularies (issue 3 §9; the summaries are made by :mod:`harmonise.services.inspection`).

Exit codes (as pySHACL): 0 read, 1 read with error-level issues, 2 could not read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from harmonise.errors import InputError
from harmonise.services.inspection import Inspection, inspect_file

#: How many findings the table shows before summarising the rest.
MAX_ISSUES_SHOWN = 25


def _print_table(result: Inspection, console: Console) -> None:
    table = Table(title=f"harmonise inspect: {result.file}", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    version = f" (declares version {result.version})" if result.version else ""
    table.add_row("format", f"{result.format}{version}")
    if result.root:
        table.add_row("root element", result.root)
    if result.study is not None:
        table.add_row("study", result.study.title or "(no title)")
        table.add_row("study URN", result.study.urn)
        if result.study.identifiers:
            table.add_row("identifiers", ", ".join(result.study.identifiers))
        if result.study.country or result.study.year:
            table.add_row(
                "country / year", f"{result.study.country or '-'} / {result.study.year or '-'}"
            )
    for key, value in result.details.items():
        table.add_row(key, value)
    for key, count in result.counts.items():
        if key != "languages":
            table.add_row(key.replace("_", " "), str(count))
    table.add_row("languages", ", ".join(result.languages) or "(none tagged)")
    counts = result.report.counts()
    table.add_row(
        "issues", f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info"
    )
    console.print(table)
    if not result.report.issues:
        return
    issues = Table(title="issues", show_lines=False)
    for column in ("severity", "code", "where", "message"):
        issues.add_column(column)
    ordered = result.report.sorted().issues
    for issue in ordered[:MAX_ISSUES_SHOWN]:
        where = f"line {issue.location.line}" if issue.location.line else ""
        message = issue.message + (f" ({issue.hint})" if issue.hint else "")
        issues.add_row(issue.severity.value, issue.code, where, message)
    console.print(issues)
    if len(ordered) > MAX_ISSUES_SHOWN:
        console.print(f"... and {len(ordered) - MAX_ISSUES_SHOWN} more (use --json for all)")


@click.command("inspect")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON document instead of a table.")
def command(file: Path, as_json: bool) -> None:
    """Show what a registry file holds: format, study, counts, languages and issues.

    Reads DDI XML, CSPro .dcf, microdata (.sav .dta ...), crosswalk/figure YAML and SKOS files.

    Exit codes: 0 read, 1 read with error-level issues, 2 could not read.
    """
    try:
        result = inspect_file(file)
    except InputError as exc:
        if not as_json:
            raise
        document = {"file": str(file), "error": exc.message, "line": exc.line, "hint": exc.hint}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_table(result, Console())
    sys.exit(result.exit_code)
