"""Generate a realistic records folder of N findings (fixed seed) for benchmarks.

Usage: python bench/generate.py N DIR [--seed S]

Sizes and update counts are like real ones: about 2 KB a record, 2 to 8 updates, one
inspection per 40 findings, a quarterly meeting from 2015.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

WORDS = (
    "force should ensure that officers supervisors victims investigation safeguarding "
    "risk assessment vulnerability partnership intelligence digital evidence custody "
    "control room demand response neighbourhood training audit governance performance "
    "wellbeing workforce vetting counter corruption domestic abuse stalking harassment "
    "exploitation children missing mental health crime recording standards quality"
).split()
OWNERS = ["Head of Public Protection", "ACC Crime", "Head of Professional Standards",
          "Force Crime Registrar", "Head of Force Contact", "ACC Local Policing"]
PORTFOLIOS = ["Vulnerability", "Investigations", "Vetting and counter-corruption",
              "Crime data integrity", "Contact", "Neighbourhoods"]
TYPES = [("recommendation", "REC", 6), ("area-for-improvement", "AFI", 3), ("cause-of-concern", "COC", 1)]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(10, 22)) for _ in range(sentences))


def indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def generate(n: int, root: Path, seed: int = 1) -> None:
    """Write N findings with their inspections, meetings and settings below `root`."""
    rng = random.Random(seed)
    for sub in ("inspections", "recommendations", "meetings"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "jac.yaml").write_text("force: Benchmark Police\nshort_name: BP\nclosure_baseline: 2023-08-01\n")
    start = dt.date(2015, 1, 1)
    n_inspections = max(1, n // 40)
    published: list[dt.date] = []
    for i in range(n_inspections):
        day = start + dt.timedelta(days=rng.randint(0, 3500))
        published.append(day)
        kind = rng.choice(["peel", "thematic", "national", "joint", "regional"])
        (root / "inspections" / f"INSP-{i:05d}.yaml").write_text(
            f"id: INSP-{i:05d}\ntitle: {sentence(rng, 8)[:-1]}\ntype: {kind}\n"
            f"published: {day}\nsummary: |\n{indent(paragraph(rng, 4))}\n"
        )
    counters = {"REC": 0, "AFI": 0, "COC": 0}
    for _ in range(n):
        type_, prefix, _w = rng.choices(TYPES, weights=[t[2] for t in TYPES])[0]
        counters[prefix] += 1
        rid = f"{prefix}-{counters[prefix]:05d}"
        insp = rng.randrange(n_inspections)
        day = published[insp]
        updates = []
        status = "amber"
        for _u in range(rng.randint(2, 8)):
            day = day + dt.timedelta(days=rng.randint(10, 120))
            new = rng.choice([None, None, "red", "amber", "green"])
            line = f"  - date: {day}\n"
            if new:
                line += f"    status: {new}\n"
                status = new
            line += f"    note: {sentence(rng, rng.randint(12, 30))}\n"
            updates.append(line)
        level = rng.randint(1, 4)
        closure = ""
        if rng.random() < 0.5:
            day = day + dt.timedelta(days=rng.randint(5, 60))
            status = "submitted" if level == 4 else "closed"
            updates.append(f"  - date: {day}\n    status: {status}\n    note: {sentence(rng, 12)}\n")
            closure = f"closure:\n  date: {day}\n" + ("" if level == 4 else f"  evidence: portal:BP-{rid}\n")
        due = published[insp] + dt.timedelta(days=rng.randint(90, 720))
        text = (
            f"id: {rid}\ntype: {type_}\ntitle: {sentence(rng, 8)[:-1]}\n"
            f"text: |\n{indent(paragraph(rng, 3))}\n"
            f"inspection: INSP-{insp:05d}\nreference: {prefix} {rid}\n"
            f"due: {due}\nowner: {rng.choice(OWNERS)}\nportfolio: {rng.choice(PORTFOLIOS)}\n"
            f"level: {level}\nstatus: {status}\nupdates:\n{''.join(updates)}{closure}"
        )
        (root / "recommendations" / f"{rid}.yaml").write_text(text)
    for q in range(40):
        meeting = dt.date(2015 + q // 4, 3 * (q % 4) + 3, 20)
        (root / "meetings" / f"{meeting}.yaml").write_text(
            f"date: {meeting}\nagenda_item: '06'\npurpose: To provide oversight.\n"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("n", type=int)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.n, args.dir, args.seed)


if __name__ == "__main__":
    main()
