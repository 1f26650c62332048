"""The `jac` command line: one Typer app; each group of commands lives in its own module."""

from typing import Annotated, Any

import typer
from typer.core import TyperArgument

from jacreport import __version__
from jacreport.cli import common


def _usage_metavar(self: TyperArgument, ctx: Any, *, usage: bool = False) -> str:
    """A required argument as `ID`, an optional one as `[DIR]` in the usage line, as git
    and most tools write them (Typer's own writes `{ID}`)."""
    if not usage:
        return _plain_metavar(self, ctx)
    name = self.metavar or (self.name or "").upper()
    name = name if self.required else f"[{name}]"
    return name + ("..." if self.nargs != 1 else "")


_plain_metavar = TyperArgument.make_metavar
TyperArgument.make_metavar = _usage_metavar  # type: ignore[method-assign]

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
from jacreport.cli import count, paper, read, review, sheets, show, site, write  # noqa: E402

read.register(app)
show.register(app)
write.register(app)
count.register(app)
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
