"""Templates from a pull request run sandboxed, and only from inside the repository."""

from __future__ import annotations

import zipfile
from pathlib import Path

import fixtures_paper
import pytest
from conftest import Jac, write_files

MEETING = ("render", "--meeting", "2024-06-01")


def popen(marker: Path) -> str:
    """A template expression that would run a shell command, were Python reachable."""
    return f'{{{{ cycler.__init__.__globals__.os.popen("touch {marker}").read() }}}}'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A records folder with a meeting to render, inside the repository `tmp_path`."""
    return fixtures_paper.make(tmp_path / "records")


def error(stderr: str) -> str:
    """The one error line, after the paper's own warnings (an empty narrative section)."""
    lines = stderr.splitlines()
    assert all(line.startswith("warning: ") for line in lines[:-1]), stderr
    return lines[-1]


def configure(folder: Path, templates: str) -> None:
    """Set `templates:` in the folder's jac.yaml."""
    settings = folder / "jac.yaml"
    kept = [line for line in settings.read_text().splitlines() if not line.startswith("templates:")]
    settings.write_text("\n".join([*kept, f"templates: {templates}", ""]))


def test_popen_template_from_jac_yaml_runs_nothing(jac: Jac, folder: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    write_files(tmp_path / "evil", {"paper.md.j2": f"Hello\n{popen(marker)}\n"})
    configure(folder, "evil")
    result = jac(*MEETING, "--records", folder)
    assert result.exit_code == 1
    template = tmp_path / "evil" / "paper.md.j2"
    assert error(result.stderr).startswith(
        f"{template}:2: template paper.md.j2: not allowed in a template"
    )
    assert "__init__" in error(result.stderr)
    assert result.stdout == ""
    assert not marker.exists()


def test_popen_template_from_the_flag_runs_nothing(jac: Jac, folder: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    write_files(tmp_path / "evil", {"paper.html.j2": f"<p>{popen(marker)}</p>\n"})
    out = tmp_path / "p.html"
    result = jac(
        *MEETING,
        "--format",
        "html",
        "-o",
        out,
        "--templates",
        tmp_path / "evil",
        "--records",
        folder,
    )
    assert result.exit_code == 1
    assert error(result.stderr).startswith(
        f"{tmp_path / 'evil' / 'paper.html.j2'}:1: template paper.html.j2:"
    )
    assert "not allowed in a template" in result.stderr
    assert not marker.exists() and not out.exists()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{{ ''.__class__.__mro__ }}", "not allowed in a template"),
        ("{{ namespace(a=1)._Namespace__attrs }}", "not allowed in a template"),
        ("{% set xs = [1] %}{{ xs.append(2) }}", "not allowed in a template"),
        ("{{ 1 / 0 }}", "ZeroDivisionError: division by zero"),
        ("{{ force + 1 }}", "TypeError"),
        ("{{ nothing_here }}", "'nothing_here' is undefined"),
        ("{% for %}", "template error: "),
    ],
)
def test_template_faults_are_refusals_naming_the_template(
    jac: Jac, folder: Path, tmp_path: Path, body: str, expected: str
) -> None:
    write_files(tmp_path / "mine", {"paper.md.j2": f"line one\n{body}\n"})
    configure(folder, "mine")
    result = jac(*MEETING, "--records", folder)
    assert result.exit_code == 1
    assert error(result.stderr).startswith(f"{tmp_path / 'mine' / 'paper.md.j2'}:2: ")
    assert expected in result.stderr
    assert "internal error" not in result.stderr


def test_an_included_template_is_named_with_its_line(
    jac: Jac, folder: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    write_files(
        tmp_path / "mine",
        {"paper.md.j2": "{% include 'part.j2' %}\n", "part.j2": f"one\ntwo\n{popen(marker)}\n"},
    )
    configure(folder, "mine")
    result = jac(*MEETING, "--records", folder)
    assert result.exit_code == 1
    assert error(result.stderr).startswith(
        f"{tmp_path / 'mine' / 'part.j2'}:3: template paper.md.j2:"
    )
    assert not marker.exists()


def test_popen_in_a_word_template_runs_nothing(jac: Jac, folder: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    builtin = Path(__file__).resolve().parent.parent / "templates" / "paper.docx"
    (tmp_path / "evil").mkdir()
    evil = tmp_path / "evil" / "paper.docx"
    with zipfile.ZipFile(builtin) as src, zipfile.ZipFile(evil, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ force }}", popen(marker).encode(), 1)
            dst.writestr(item, data)
    configure(folder, "evil")
    out = tmp_path / "p.docx"
    result = jac(*MEETING, "--format", "docx", "-o", out, "--records", folder)
    assert result.exit_code == 1
    assert error(result.stderr).startswith(
        f"{evil}: template paper.docx: not allowed in a template"
    )
    assert not marker.exists() and not out.exists()


def test_a_word_template_that_is_not_a_document_is_refused(
    jac: Jac, folder: Path, tmp_path: Path
) -> None:
    write_files(tmp_path / "mine", {"paper.docx": "not a zip\n"})
    configure(folder, "mine")
    result = jac(*MEETING, "--format", "docx", "-o", tmp_path / "p.docx", "--records", folder)
    assert result.exit_code == 1
    assert error(result.stderr).startswith(
        f"{tmp_path / 'mine' / 'paper.docx'}: template paper.docx: "
    )
    assert "internal error" not in result.stderr


@pytest.mark.parametrize(
    "setting", ["/etc", "../outside", "mine/../../outside", "C:\\Windows", "mine\\..\\.."]
)
def test_templates_setting_outside_the_repository_is_a_usage_error(
    jac: Jac, folder: Path, tmp_path: Path, setting: str
) -> None:
    (tmp_path / "mine").mkdir()
    configure(folder, f"'{setting}'")
    result = jac(*MEETING, "--records", folder)
    assert result.exit_code == 2
    assert error(result.stderr) == (
        f"error: templates: {setting} in jac.yaml must be a folder inside the repository "
        f"({tmp_path}), named relative to it, without .."
    )


def test_templates_symlinked_out_of_the_repository_is_a_usage_error(
    jac: Jac, tmp_path: Path
) -> None:
    repository = tmp_path / "repo"
    folder = fixtures_paper.make(repository / "records")
    outside = write_files(tmp_path / "outside", {"paper.md.j2": "read from outside\n"})
    (repository / "link").symlink_to(outside, target_is_directory=True)
    configure(folder, "link")
    result = jac(*MEETING, "--records", folder)
    assert result.exit_code == 2
    assert error(result.stderr) == (
        f"error: templates: link in jac.yaml leads outside the repository ({repository}); "
        "templates are read only from inside it"
    )
    flag = jac(*MEETING, "--templates", outside, "--records", folder)
    assert flag.exit_code == 2
    assert error(flag.stderr) == (
        f"error: --templates {outside} leads outside the repository ({repository}); "
        "templates are read only from inside it"
    )
    assert "read from outside" not in result.stdout + flag.stdout


def test_a_template_file_symlinked_out_is_not_read(jac: Jac, tmp_path: Path) -> None:
    repository = tmp_path / "repo"
    folder = fixtures_paper.make(repository / "records")
    secret = write_files(tmp_path / "outside", {"secret.txt": "TOP SECRET\n"}) / "secret.txt"
    mine = repository / "mine"
    mine.mkdir()
    (mine / "paper.md.j2").symlink_to(secret)
    configure(folder, "mine")
    result = jac(*MEETING, "--records", folder)
    assert result.exit_code == 1
    assert error(result.stderr) == (
        f"{mine / 'paper.md.j2'}: template paper.md.j2 leads out of {mine} (a symlink); not read"
    )
    assert "TOP SECRET" not in result.stdout
    write_files(mine, {"other.j2": "x"})
    (mine / "paper.md.j2").unlink()
    write_files(mine, {"paper.md.j2": "{% include 'sneaky.j2' %}\n"})
    (mine / "sneaky.j2").symlink_to(secret)
    included = jac(*MEETING, "--records", folder)
    assert included.exit_code == 1
    assert "sneaky.j2 leads out of" in included.stderr
    assert "TOP SECRET" not in included.stdout


def test_templates_inside_the_repository_still_override(
    jac: Jac, folder: Path, tmp_path: Path
) -> None:
    write_files(
        tmp_path / "sub" / "mine", {"paper.md.j2": "{{ force }} {{ paper.closures.total }}\n"}
    )
    configure(folder, "sub/mine")
    assert jac(*MEETING, "--records", folder).stdout == "Test Police 2\n"
    (tmp_path / "alias").symlink_to(tmp_path / "sub", target_is_directory=True)
    configure(folder, "alias/mine")
    assert jac(*MEETING, "--records", folder).stdout == "Test Police 2\n"
