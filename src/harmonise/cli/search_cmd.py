"""``harmonise search QUERY``: ranked variables, questions, categories and concepts, with facets.

A thin wrapper over :func:`harmonise.services.catalog.search` (issue 5 §6). The query language
is words, "phrases", prefix*, AND/OR/NOT and -word; a bad query is repaired, never an error.
Exit codes: 0 answered (even with no hits); 1 no catalog (run ``harmonise build``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from harmonise.config import Settings
from harmonise.services.catalog import FACETS, SearchQuery, SearchResults, open_catalog, search

_TAG = re.compile(r"</?b>")
_SHOWN_FACET_VALUES = 8


def _plain(snippet: str) -> str:
    import html

    return html.unescape(_TAG.sub("*", snippet))


def _print(results: SearchResults) -> None:
    first = (results.page - 1) * results.page_size + 1
    last = first + len(results.hits) - 1
    shown = f"{first}-{last} of {results.total}" if results.hits else f"0 of {results.total}"
    click.echo(f"{shown} results for {results.query.q!r}")
    for notice in results.notices:
        click.echo(f"note: {notice}")
    for n, hit in enumerate(results.hits, start=first):
        where = " ".join(x for x in (hit.country, hit.study) if x) or "core"
        click.echo(f"{n:3}. [{hit.type}] {hit.name}  {hit.label}  ({where})")
        click.echo(f"     {hit.urn}")
        for snippet in hit.highlights[:2]:
            click.echo(f"     … {_plain(snippet)}")
    if results.facets:
        click.echo("facets:")
        for name in FACETS:
            values = results.facets.get(name, {})
            if values:
                shown_values = list(values.items())[:_SHOWN_FACET_VALUES]
                text = ", ".join(f"{k} ({v})" for k, v in shown_values)
                click.echo(f"  {name}: {text}")


@click.command(name="search")
@click.argument("query", required=False, default="")
@click.option(
    "--country", multiple=True, help="Only this country (ISO 3166-1 alpha-3); repeatable."
)
@click.option("--study", multiple=True, help="Only this study ID, e.g. ECU-2025; repeatable.")
@click.option(
    "--type",
    "types",
    multiple=True,
    help="Only this item type (variable, core-variable, question, category, concept...).",
)
@click.option("--module", multiple=True, help="Only this questionnaire module; repeatable.")
@click.option("--lang", help="Only items with text in this language (en, es, sq).")
@click.option("--page", type=click.IntRange(1, 500), default=1, show_default=True)
@click.option("--page-size", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option(
    "--all-versions", is_flag=True, help="Include superseded study versions (pre-tests...)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="Project folder (default: found upwards).",
)
def command(
    *,
    query: str,
    country: tuple[str, ...],
    study: tuple[str, ...],
    types: tuple[str, ...],
    module: tuple[str, ...],
    lang: str | None,
    page: int,
    page_size: int,
    all_versions: bool,
    as_json: bool,
    root: Path | None,
) -> None:
    """Search the catalog for QUERY across countries and languages."""
    settings = Settings.from_root(root)
    catalog = open_catalog(settings)
    try:
        results = search(
            catalog,
            SearchQuery(
                q=query,
                country=country,
                study=study,
                type=types,
                module=module,
                lang=lang or None,
                page=page,
                page_size=page_size,
                all_versions=all_versions,
            ),
        )
    finally:
        catalog.close()
    if as_json:
        click.echo(json.dumps(results.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        _print(results)
