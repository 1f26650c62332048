"""Docs that cannot drift: every command has help with an example, and is in the README."""

from __future__ import annotations

import typer.main
from conftest import REPO, Jac

from jacreport.cli import app


def command_names() -> list[str]:
    """Every command path, e.g. `list` and `meeting new`."""
    root = typer.main.get_command(app)
    names: list[str] = []
    for name, cmd in getattr(root, "commands", {}).items():
        subs = getattr(cmd, "commands", None)
        if subs:
            names.extend(f"{name} {sub}" for sub in subs)
        else:
            names.append(name)
    return sorted(names)


def test_every_command_has_help_with_an_example(jac: Jac) -> None:
    names = command_names()
    assert {"check", "list", "show"} <= set(names)
    for name in names:
        result = jac(*name.split(), "--help")
        assert result.exit_code == 0, name
        assert "Example: jac " + name in result.stdout, f"`jac {name} --help` has no example"


def test_every_command_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in command_names():
        assert f"jac {name}" in readme, f"README does not mention `jac {name}`"


def test_readme_shows_the_two_commands_first() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_code = readme.index("```")
    assert "make demo" in readme[first_code : first_code + 200]
    assert "make test" in readme[first_code : first_code + 200]


def test_version(jac: Jac) -> None:
    result = jac("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("jac ")


def test_every_option_has_help_text() -> None:
    root = typer.main.get_command(app)
    missing: list[str] = []

    def walk(command: object, path: str) -> None:
        subs = getattr(command, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, f"{path} {name}")
            return
        for param in getattr(command, "params", []):
            if param.param_type_name == "option" and param.name != "help" and not param.help:
                missing.append(f"{path} {param.opts[0]}")

    walk(root, "jac")
    assert missing == []


def test_usage_lines_read_as_other_tools_write_them(jac: Jac) -> None:
    assert jac("close", "--help").stdout.startswith("Usage: jac close [OPTIONS] ID\n")
    assert jac("init", "--help").stdout.startswith("Usage: jac init [OPTIONS] [DIR]\n")
    assert "Add an area for improvement" in jac("add", "--help").stdout


def test_the_readme_tour_shows_the_everyday_options() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for words in ("--due-within", "jac show PEEL-2023", "jac schema"):
        assert words in readme, words
