"""Write a force's tracker spreadsheet of N rows (fixed seed), for timing `jac import`.

Usage: python bench/tracker.py N FILE.xlsx [--seed S]

Laid out like the trackers forces keep: a title row and a blank row above the header,
a report column naming about 40 rows per report by title, mixed RAG spellings, Excel
date cells and UK text dates, and a latest-update column.

    python bench/tracker.py 5000 /tmp/tracker.xlsx
    jac init /tmp/five/records --force-name "Benchmark Police"
    time jac import /tmp/tracker.xlsx --records /tmp/five/records
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

from generate import sentence
from openpyxl import Workbook

RAG = ["R", "Red", "RED", "A", "Amber", "amber", "G", "Green", "GREEN"]


def write(n: int, path: Path, seed: int = 1) -> None:
    """A workbook of N findings with title rows above the header."""
    rng = random.Random(seed)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Tracker"
    sheet.append(["HMICFRS recommendation action tracker"])
    sheet.append([])
    sheet.append(["Ref", "Report", "Recommendation", "Lead", "Deadline", "RAG", "Latest update"])
    reports = [sentence(rng, 6)[:-1] for _ in range(max(1, n // 40))]
    counters: dict[tuple[str, str], int] = {}
    for _ in range(n):
        report = rng.choice(reports)
        kind = rng.choices(["Recommendation", "AFI", "Cause of concern"], [6, 3, 1])[0]
        number = counters[(report, kind)] = counters.get((report, kind), 0) + 1
        due = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
        sheet.append(
            [
                f"{kind} {number}",
                report,
                " ".join(sentence(rng, rng.randint(12, 24)) for _ in range(2)),
                rng.choice(["ACC Crime", "Head of Public Protection", "Force Crime Registrar"]),
                due if rng.random() < 0.7 else due.strftime("%d/%m/%Y"),
                rng.choice(RAG),
                sentence(rng, 14),
            ]
        )
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a tracker spreadsheet for `jac import`.")
    parser.add_argument("n", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write(args.n, args.path, args.seed)
    print(f"wrote {args.n} rows to {args.path}")


if __name__ == "__main__":
    main()
