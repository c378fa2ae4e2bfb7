"""``harmonise serve``: build the catalog if needed and serve the web pages and the API.

Runs gunicorn (threaded workers) in-process: no configuration file and no other service. The
catalog is (re)built first when it is missing or when the registry changed since the last build
(``--no-build`` skips that); the server binds to loopback by default.
"""

from __future__ import annotations

from pathlib import Path

import click

from harmonise.app import create_app
from harmonise.app.server import DEFAULT_THREADS, default_workers, run_server
from harmonise.config import Settings
from harmonise.services.browse import open_browser
from harmonise.services.catalog import CatalogBuildError, build_catalog


@click.command(name="serve")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="Project folder holding registry/ and vocabularies/ (default: found upwards).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help=f"Worker processes [default: one per CPU, at most 4; here {default_workers()}].",
)
@click.option(
    "--threads",
    default=DEFAULT_THREADS,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Threads per worker (more threads help slow requests, but add interpreter-lock waits).",
)
@click.option("--no-build", is_flag=True, help="Serve the existing catalog as it is.")
@click.option("--access-log", is_flag=True, help="Log every request.")
def command(
    root: Path | None,
    host: str,
    port: int,
    workers: int | None,
    threads: int,
    no_build: bool,
    access_log: bool,
) -> None:
    """Serve the registry's web pages and API (http://HOST:PORT/, API under /api/v1)."""
    settings = Settings.from_root(root)
    if not settings.registry_dir.is_dir():
        raise click.ClickException(
            f"no registry/ folder in {settings.root}; run from the project folder or use --root"
        )
    if not no_build:
        click.echo("checking the catalog (builds it when the registry changed)...", err=True)
        try:
            summary = build_catalog(settings)
        except CatalogBuildError as exc:
            click.secho(f"the catalog could not be built: {exc}", fg="red", err=True)
            for issue in exc.report.sorted().issues[:20]:
                click.echo(f"  {issue.code}: {issue.message} [{issue.location}]", err=True)
            raise SystemExit(1) from None
        state = "up to date" if summary.up_to_date else f"built in {summary.seconds:.1f} s"
        click.echo(f"catalog {summary.build_id}: {summary.items} items, {state}", err=True)
    app = create_app(settings)
    open_browser(settings)  # warm the registry index before the workers fork
    click.echo(f"serving http://{host}:{port}/  (API: http://{host}:{port}/api/v1/)", err=True)
    run_server(app, host=host, port=port, workers=workers, threads=threads, access_log=access_log)
