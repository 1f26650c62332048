"""Hostile input and faults: generated and mutated records, YAML attacks, paths, escaping,
and commands killed in the middle of a write. Nothing may print a traceback, exit other than
0, 1 or 2, or leave a torn file.

Hypothesis runs a quick profile in `make test` and a long one in `make fuzz`
(HYPOTHESIS_PROFILE=long: 200 cases a property; JAC_KILL_TRIALS=50 a command)."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Jac, run_jac, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

settings.register_profile(
    "quick", max_examples=25, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.register_profile(
    "long", max_examples=200, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))
KILL_TRIALS = int(os.environ.get("JAC_KILL_TRIALS", "6"))

TODAY = {"JAC_TODAY": "2024-06-30"}
SETTINGS = "force: Test Police\nshort_name: TP\nclosure_baseline: 2024-01-01\n"
INSPECTION = {
    "id": "PEEL-2023",
    "title": "PEEL 2023",
    "type": "peel",
    "published": dt.date(2023, 10, 1),
}
MEETINGS = {
    "meetings/2024-03-01.yaml": "date: 2024-03-01\n",
    "meetings/2024-06-01.yaml": "date: 2024-06-01\nnarrative:\n  opening: Words.\n",
}

# --- generated records ----------------------------------------------------------------------

dates = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2024, 6, 30))
# Any printable text, line breaks included (control characters are refused by design).
text = st.text(
    alphabet=st.characters(exclude_categories=["Cs", "Cc"]) | st.just("\n"),
    min_size=1,
    max_size=200,
).filter(lambda s: s.strip() != "")
line = text.map(lambda s: " ".join(s.split()) or "x")


@st.composite
def findings(draw: st.DrawFn, number: int) -> dict[str, Any]:
    """A valid finding with a consistent status history."""
    item_type = draw(
        st.sampled_from(["recommendation", "cause-of-concern", "area-for-improvement"])
    )
    prefix = {"recommendation": "REC", "cause-of-concern": "COC", "area-for-improvement": "AFI"}[
        item_type
    ]
    level = draw(st.none() | st.integers(1, 4))
    days = sorted(draw(st.lists(dates, min_size=1, max_size=5)))
    rag = st.sampled_from(["red", "amber", "green"])
    updates: list[dict[str, Any]] = [
        {
            "date": day,
            "note": draw(text),
            **({"status": draw(rag)} if draw(st.booleans()) or i == 0 else {}),
        }
        for i, day in enumerate(days)
    ]
    status = [u["status"] for u in updates if "status" in u][-1]
    record: dict[str, Any] = {
        "id": f"{prefix}-{number:03d}",
        "type": item_type,
        "title": draw(line),
        "text": draw(text),
        "inspection": "PEEL-2023",
        "addressed_to": draw(st.sampled_from(["force", "npcc"])),
        "due": draw(st.none() | dates),
        "owner": draw(st.none() | line),
        "status": status,
        "restricted": draw(st.booleans()),
        "updates": updates,
    }
    if level is not None:
        record["level"] = level
    if draw(st.booleans()) and level != 4:
        close_day = days[-1]
        updates.append({"date": close_day, "status": "closed", "note": "Closed."})
        record["status"] = "closed"
        record["closure"] = {"date": close_day, "evidence": "portal:X"}
    return {k: v for k, v in record.items() if v is not None}


junk = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=50)
    | dates,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)


@st.composite
def mutated(draw: st.DrawFn, record: dict[str, Any]) -> dict[str, Any]:
    """A record with one field broken: wrong type, missing, extra, odd unicode, very long."""
    out = dict(record)
    key = draw(st.sampled_from(sorted(out)))
    action = draw(st.sampled_from(["junk", "delete", "extra", "unicode", "long", "bad date"]))
    if action == "junk":
        out[key] = draw(junk)
    elif action == "delete":
        out.pop(key)
    elif action == "extra":
        out[draw(st.text(min_size=1, max_size=10))] = draw(junk)
    elif action == "unicode":
        out[key] = draw(
            st.text(
                alphabet=st.characters(
                    min_codepoint=0x80,
                    max_codepoint=0x10FFFF,
                    categories=["L", "M", "N", "P", "S", "Z"],
                ),
                max_size=40,
            )
        )
    elif action == "long":
        out[key] = "x" * draw(st.integers(1000, 100000))
    else:
        out[key] = draw(
            st.sampled_from(
                ["2024-02-30", "31/03/2024", "yesterday", 20240101, "2024-06-01T10:00:00"]
            )
        )
    return out


def dump(data: Any) -> str:
    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False)


def run_all(jac: Jac, root: Path, ids: list[str]) -> None:
    """Every reading command: exits 0, 1 or 2 and never raises (the fixture re-raises)."""
    calls = [
        ["check"],
        ["check", "--format", "json"],
        ["list", "--format", "json"],
        ["list", "--as-of", "2024-03-01", "--open"],
        ["count", "--meeting", "2024-06-01", "--format", "json"],
        ["count", "--open"],
        ["render", "--meeting", "2024-06-01"],
        ["render", "--meeting", "2024-06-01", "--restricted"],
        *(["show", rid] for rid in ids[:2]),
    ]
    for call in calls:
        result = jac(*call, "--records", root, env=TODAY)
        assert result.exit_code in (0, 1, 2), (call, result.stderr)
        assert "Traceback" not in result.stderr


def folder_with(
    tmp_path: Path, records: list[dict[str, Any]], raw: dict[str, str] | None = None
) -> Path:
    root = tmp_path / f"r{random.random()}" / "records"
    files = {"jac.yaml": SETTINGS, "inspections/PEEL-2023.yaml": dump(INSPECTION), **MEETINGS}
    for record in records:
        rid = record.get("id")
        if not (isinstance(rid, str) and re.fullmatch(r"[A-Za-z0-9-]{1,40}", rid)):
            rid = "REC-999"  # a file needs a usable name; the id inside stays broken
        files[f"recommendations/{rid}.yaml"] = dump(record)
    files.update(raw or {})
    write_files(root, files)
    (root / "recommendations").mkdir(exist_ok=True)
    return root


@given(
    st.lists(st.integers(1, 999), min_size=1, max_size=6, unique=True).flatmap(
        lambda ns: st.tuples(*(findings(n) for n in ns))
    )
)
def test_generated_valid_records_pass_check_and_render(
    tmp_path_factory: pytest.TempPathFactory, jac: Jac, records: tuple[dict[str, Any], ...]
) -> None:
    root = folder_with(tmp_path_factory.mktemp("gen"), list(records))
    result = jac("check", "--records", root)
    assert result.exit_code == 0, result.stdout
    run_all(jac, root, [r["id"] for r in records])


@given(findings(1).flatmap(lambda r: mutated(r)), findings(2))
def test_mutated_records_never_crash(
    tmp_path_factory: pytest.TempPathFactory, jac: Jac, broken: dict[str, Any], good: dict[str, Any]
) -> None:
    root = folder_with(tmp_path_factory.mktemp("mut"), [good, broken])
    run_all(jac, root, [good["id"], str(broken.get("id"))])


@given(st.binary(max_size=300))
def test_random_bytes_never_crash(
    tmp_path_factory: pytest.TempPathFactory, jac: Jac, data: bytes
) -> None:
    root = folder_with(tmp_path_factory.mktemp("bytes"), [])
    (root / "recommendations" / "REC-001.yaml").write_bytes(data)
    run_all(jac, root, ["REC-001"])


# --- YAML attacks ---------------------------------------------------------------------------


def bomb(levels: int = 9) -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, levels):
        prev, name = chr(96 + i), chr(97 + i)
        text += f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]\n"
    return text


ATTACKS: dict[str, tuple[bytes, str]] = {
    "python-tag": (
        b"id: REC-001\ntitle: !!python/object/apply:os.system ['touch PWNED']\n",
        "tags are not allowed",
    ),
    "python-name": (b"id: !!python/name:os.system\n", "tags are not allowed"),
    "alias-bomb": (bomb().encode(), "anchors are not allowed in records (&a)"),
    "duplicate-keys": (b"id: REC-001\nstatus: red\nstatus: green\n", "duplicate key 'status'"),
    "deep-flow": (b"id: " + b"[" * 5000 + b"]" * 5000 + b"\n", "nesting deeper than 64 levels"),
    "deep-block": (
        "".join(" " * i + f"k{i}:\n" for i in range(1000)).encode() + b" " * 1000 + b"x: 1\n",
        "nesting deeper than 64 levels",
    ),
    "huge": (
        b"id: REC-001\ntext: |\n" + b"  " + b"x" * (30 * 1024 * 1024) + b"\n",
        "a record is at most 2 MB",
    ),
    "latin-1": (b"id: REC-001\ntitle: Caf\xe9\n", "the file is not UTF-8 text"),
    "control-char": (b'id: REC-001\ntitle: "bell \\a here"\n', "contains a control character"),
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_yaml_attacks_are_refused_with_a_line(name: str, tmp_path: Path) -> None:
    data, message = ATTACKS[name]
    root = folder_with(tmp_path, [])
    (root / "recommendations" / "REC-001.yaml").write_bytes(data)
    started = time.perf_counter()
    result = run_jac("check", cwd=tmp_path, env={"JAC_RECORDS": str(root)})
    elapsed = time.perf_counter() - started
    assert result.exit_code == 1
    assert message in result.stdout, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert "lol" not in result.stdout  # an error never prints an expanded value
    assert not (tmp_path / "PWNED").exists()
    assert elapsed < 60


def test_bom_and_crlf_records_are_valid(tmp_path: Path, jac: Jac) -> None:
    record = dump(
        {
            "id": "REC-001",
            "type": "recommendation",
            "title": "T",
            "text": "X",
            "inspection": "PEEL-2023",
            "status": "amber",
        }
    )
    root = folder_with(tmp_path, [])
    (root / "recommendations" / "REC-001.yaml").write_bytes(
        b"\xef\xbb\xbf" + record.replace("\n", "\r\n").encode()
    )
    result = jac("check", "--records", root)
    assert result.exit_code == 0, result.stdout


# --- paths ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad", ["../REC-001", "REC-001/../../etc", "/etc/passwd", "..", "recommendations/REC-001"]
)
def test_ids_that_are_paths_are_usage_errors(bad: str, tmp_path: Path, jac: Jac) -> None:
    root = folder_with(tmp_path, [])
    for call in (
        ["show", bad],
        ["update", bad, "--note", "x"],
        ["close", bad, "--level", "1"],
        ["log", bad],
    ):
        result = jac(*call, "--records", root, env=TODAY)
        assert result.exit_code == 2, (call, result.stderr)
    assert (
        jac(
            "add", "inspection", "--id", bad, "--title", "T", "--type", "peel", "--records", root
        ).exit_code
        == 2
    )


def test_symlinked_record_leading_outside_is_refused(tmp_path: Path, jac: Jac) -> None:
    root = folder_with(tmp_path, [])
    outside = tmp_path / "outside.yaml"
    outside.write_text(
        dump(
            {
                "id": "REC-001",
                "type": "recommendation",
                "title": "T",
                "text": "X",
                "inspection": "PEEL-2023",
                "status": "amber",
            }
        )
    )
    (root / "recommendations" / "REC-001.yaml").symlink_to(outside)
    result = jac("check", "--records", root)
    assert result.exit_code == 1
    assert "REC-001.yaml: the file is a symbolic link; jac does not follow links" in result.stdout
    refused = jac("update", "REC-001", "--note", "x", "--records", root, env=TODAY)
    assert refused.exit_code == 1
    assert outside.read_text().count("note") == 0


# --- escaping ---------------------------------------------------------------------------------

NASTY = "Pipe | and <script>alert(1)</script> & <b>bold</b>\n- a list\n# heading\n1. one"


def test_record_text_cannot_break_markdown_html_or_word(tmp_path: Path, jac: Jac) -> None:
    import docx

    record = {
        "id": "REC-001",
        "type": "recommendation",
        "title": "Title | with <b>pipe</b>",
        "text": NASTY,
        "inspection": "PEEL-2023",
        "owner": "A | B",
        "due": dt.date(2024, 1, 1),
        "status": "red",
        "updates": [{"date": dt.date(2024, 1, 1), "status": "red", "note": NASTY}],
    }
    root = folder_with(tmp_path, [record])
    md = jac("render", "--meeting", "2024-06-01", "--records", root, env=TODAY).stdout
    overdue = next(row for row in md.splitlines() if row.startswith("| REC-001"))
    assert overdue.count(" | ") == 4  # five cells, the pipes in the text escaped
    assert "<script>" not in md and "\n# heading" not in md and "\n- a list" not in md

    jac(
        "render",
        "--meeting",
        "2024-06-01",
        "--format",
        "html",
        "-o",
        tmp_path / "p.html",
        "--records",
        root,
        env=TODAY,
    )
    page = (tmp_path / "p.html").read_text()
    assert "<script>" not in page and "<b>bold</b>" not in page and "&lt;script&gt;" in page

    jac(
        "render",
        "--meeting",
        "2024-06-01",
        "--format",
        "docx",
        "-o",
        tmp_path / "p.docx",
        "--records",
        root,
        env=TODAY,
    )
    body = "\n".join(p.text for p in docx.Document(str(tmp_path / "p.docx")).paragraphs)
    assert "<script>alert(1)</script>" in body  # shown as text, not markup


# --- crash safety -----------------------------------------------------------------------------


def _kill_trials(root: Path, argv_for: Any, trials: int, stride: int = 0) -> None:
    """Run a command `trials` times, each ended abruptly (as by a kill) between writing a
    file and renaming it into place: jac's fault hook ends the process at the Nth write
    (the first, or one further on by `stride` for commands writing many). Every trial must
    be interrupted (exit 137), and every record file must still parse, old or new."""
    env = {**os.environ, **TODAY, "JAC_RECORDS": str(root)}
    for trial in range(trials):
        fault = 1 + (trial % 4) * stride
        proc = subprocess.run(
            [sys.executable, "-m", "jacreport", *argv_for(trial)],
            env={**env, "JAC_FAULT_AFTER_WRITES": str(fault)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.returncode == 137, (argv_for(trial), fault, proc.stderr)
        for path in root.rglob("*.yaml"):
            if not path.name.startswith("."):
                yaml.safe_load(path.read_bytes())  # every record file parses: never torn
    check = run_jac("check", env={"JAC_RECORDS": str(root)})
    assert check.exit_code == 0, check.stdout
    after = run_jac(
        "update", "REC-001", "--note", "after the kills", env={"JAC_RECORDS": str(root), **TODAY}
    )
    assert after.exit_code == 0, after.stderr  # no stale lock


def base_folder(tmp_path: Path) -> Path:
    record = {
        "id": "REC-001",
        "type": "recommendation",
        "title": "T",
        "text": "X",
        "inspection": "PEEL-2023",
        "status": "amber",
        "updates": [{"date": dt.date(2024, 1, 1), "status": "amber", "note": "Received."}],
    }
    return folder_with(tmp_path, [record])


def test_killed_add_close_and_import_leave_valid_records(tmp_path: Path) -> None:
    root = base_folder(tmp_path)
    _kill_trials(
        root,
        lambda n: [
            "add",
            "recommendation",
            "--inspection",
            "PEEL-2023",
            "--title",
            f"T{n}",
            "--text",
            "X",
        ],
        KILL_TRIALS,
    )
    _kill_trials(root, lambda n: ["update", "REC-001", "--note", f"n{n}"], KILL_TRIALS)

    for n in range(KILL_TRIALS):
        write_files(
            root,
            {
                f"recommendations/REC-{500 + n}.yaml": dump(
                    {
                        "id": f"REC-{500 + n}",
                        "type": "recommendation",
                        "title": "T",
                        "text": "X",
                        "inspection": "PEEL-2023",
                        "status": "amber",
                    }
                )
            },
        )
    _kill_trials(
        root,
        lambda n: ["close", f"REC-{500 + n}", "--level", "2", "--evidence", "portal:X"],
        KILL_TRIALS,
    )

    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(["Ref", "Report", "Recommendation", "RAG"])
    rows = 300 + 10 * KILL_TRIALS  # more than the interrupted runs can write between them
    for n in range(rows):
        ws.append([f"Imported {n}", "PEEL-2023", f"The force should do thing {n}.", "amber"])
    book.save(tmp_path / "tracker.xlsx")
    before = len(list((root / "recommendations").glob("REC-*.yaml")))
    _kill_trials(root, lambda n: ["import", str(tmp_path / "tracker.xlsx")], KILL_TRIALS, 5)
    again = run_jac("import", tmp_path / "tracker.xlsx", env={"JAC_RECORDS": str(root), **TODAY})
    assert again.exit_code == 0, again.stderr  # an interrupted import completes on the next run
    assert len(list((root / "recommendations").glob("REC-*.yaml"))) == before + rows
