"""Prepare the owners' update benchmark: a folder of N findings, its export, and a copy of
the export in which CHANGES rows were edited as owners do (RAG and Latest update).

Usage: python bench/owner_updates.py N CHANGES DIR [--seed S]

    python bench/owner_updates.py 5000 500 /tmp/owners
    cd /tmp/owners
    /usr/bin/time -f "%e s %M KB" jac import edited.xlsx --records records           # lists, refuses
    /usr/bin/time -f "%e s %M KB" jac import edited.xlsx --update --records records  # applies
    /usr/bin/time -f "%e s %M KB" jac import edited.xlsx --update --records records  # nothing to do

The folder comes from `bench/tracker.py`'s sheet imported with `jac import`, so the
findings look like a force's; dates are fixed with JAC_TODAY.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook
from tracker import write

TODAY = "2024-06-30"


def jac(*args: str | Path) -> None:
    env = {**os.environ, "JAC_TODAY": TODAY}
    subprocess.run([sys.executable, "-m", "jacreport", *map(str, args)], check=True, env=env)


def prepare(n: int, changes: int, folder: Path, seed: int = 1) -> None:
    """The records, `export.xlsx` and `edited.xlsx` (CHANGES rows edited) in FOLDER."""
    folder.mkdir(parents=True, exist_ok=True)
    write(n, folder / "tracker.xlsx", seed)
    jac("init", folder / "records", "--force-name", "Benchmark Police")
    jac("import", folder / "tracker.xlsx", "--records", folder / "records")
    jac("export", "--format", "xlsx", "-o", folder / "export.xlsx", "--records", folder / "records")
    book = load_workbook(folder / "export.xlsx")
    ws = book.active
    assert ws is not None
    headers = [c.value for c in ws[1]]
    rag, text = headers.index("RAG") + 1, headers.index("Latest update") + 1
    rng = random.Random(seed)
    for row in rng.sample(range(2, ws.max_row + 1), changes):
        now = str(ws.cell(row, rag).value)
        ws.cell(row, rag).value = rng.choice([c for c in ("Red", "Amber", "Green") if c != now])
        ws.cell(row, text).value = f"Owner's progress note for row {row}."
    book.save(folder / "edited.xlsx")


def main() -> None:
    parser = argparse.ArgumentParser(description="Prepare the owners' update benchmark.")
    parser.add_argument("n", type=int)
    parser.add_argument("changes", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    prepare(args.n, args.changes, args.folder, args.seed)
    print(f"wrote {args.folder}/records, export.xlsx and edited.xlsx ({args.changes} rows changed)")


if __name__ == "__main__":
    main()
