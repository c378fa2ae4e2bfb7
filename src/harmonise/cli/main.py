"""The ``harmonise`` command: a click group whose subcommands live one per module.

Each module ``harmonise.cli.<name>`` listed in :data:`COMMAND_MODULES` defines ``command`` (a click
command or group). Modules are imported when the group is built, so ``harmonise --help`` lists
every command; an ``InputError`` raised anywhere below becomes a one-line message and exit 2,
never a traceback.
"""

from __future__ import annotations

import importlib
import sys

import click

from harmonise import __version__
from harmonise.errors import HarmoniseError, InputError

#: Command modules, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "inspect_cmd",
    "validate_cmd",
    "rules_cmd",
    "build_cmd",
    "search_cmd",
    "serve_cmd",
    "import_cmd",
    "crosswalk_cmd",
    "apply_cmd",
    "figures_cmd",
    "trace_cmd",
)


class HarmoniseGroup(click.Group):
    """A group that turns harmonise errors into clear messages and exit codes."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the subcommand; an ``InputError`` exits 2, other harmonise errors exit 1."""
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            sys.exit(2)
        except HarmoniseError as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            sys.exit(1)


@click.group(cls=HarmoniseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="harmonise")
def cli() -> None:
    """harmonise: cross-national survey metadata, crosswalks and lineage."""


def _register() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"harmonise.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"harmonise.cli.{name}":
                continue  # that command is not part of this build yet
            raise
        command = module.command
        cli.add_command(command)


_register()


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="harmonise")


if __name__ == "__main__":
    main()
