"""``harmonise rules [CODE]``: every validation rule with its code, severity and definition.

Thin: lists :func:`harmonise.validate.all_rules` (STANDARDS.md §6.4 and the data and metadata
rules) as a table, one rule in full, or ``--format json``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from harmonise.validate import Rule, all_rules, rule_by_code


def _as_dict(rule: Rule[Any]) -> dict[str, str]:
    return {
        "code": rule.code,
        "severity": rule.severity.value,
        "group": rule.group.value,
        "title": rule.title,
        "definition": rule.definition,
        "reference": rule.reference,
        "hint": rule.hint.replace("{{", "{").replace("}}", "}"),
        "checked_by": rule.checked_by,
    }


@click.command("rules")
@click.argument("code", required=False)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A table (or one rule in full), or JSON.",
)
def command(code: str | None, output: str) -> None:
    """List the validation rules, or show one rule (CODE) with its definition and hint."""
    if code is not None:
        rule = rule_by_code(code)
        if rule is None:
            click.secho(f"error: no rule {code!r} (harmonise rules lists them)", fg="red", err=True)
            sys.exit(2)
        rules = [rule]
    else:
        rules = list(all_rules())
    if output == "json":
        document: Any = _as_dict(rules[0]) if code else [_as_dict(r) for r in rules]
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    console = Console(highlight=False)
    if code is not None:
        for key, value in _as_dict(rules[0]).items():
            console.print(f"[bold]{key:<11}[/bold] {escape(value)}")
        return
    table = Table(title=f"harmonise validation rules ({len(rules)})")
    table.add_column("code", no_wrap=True)
    for column in ("severity", "group", "title", "reference"):
        table.add_column(column)
    for rule in rules:
        table.add_row(
            rule.code, rule.severity.value, rule.group.value, escape(rule.title), rule.reference
        )
    console.print(table)
    console.print("harmonise rules CODE shows a rule's definition and hint.")
