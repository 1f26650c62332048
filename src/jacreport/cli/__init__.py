"""The `jac` command line: one Typer app; each group of commands lives in its own module."""

from typing import Annotated

import typer

from jacreport import __version__
from jacreport.cli import common

app = typer.Typer(
    name="jac",
    help=(
        "Keep HMICFRS inspection findings as YAML records in git, and compute the "
        'Joint Audit Committee\'s "HMICFRS Update" paper from them.\n\n'
        "Example: jac list --open"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jac {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Keep HMICFRS findings as YAML records and compute the committee paper from them."""


# Registering the command modules: each adds its commands to `app` when imported.
from jacreport.cli import paper, read, review, sheets, site, write  # noqa: E402

read.register(app)
write.register(app)
paper.register(app)
review.register(app)
sheets.register(app)
site.register(app)


def main() -> None:
    """Entry point of the `jac` console script."""
    import sys

    if sys.argv[1:] == ["--version"]:
        # Answered before Typer builds every command (most of start-up).
        print(f"jac {__version__}")
        return
    common.run(app)
