"""A records folder whose items change status, are raised and close around a meeting."""

from __future__ import annotations

from pathlib import Path

from conftest import write_files


def item(
    rid: str,
    inspection: str,
    updates: str,
    *,
    status: str,
    extra: str = "",
    type_: str = "recommendation",
) -> str:
    return (
        f"id: {rid}\ntype: {type_}\ntitle: Title of {rid}\ntext: Wording of {rid}.\n"
        f"inspection: {inspection}\n{extra}status: {status}\nupdates:\n{updates}"
    )


def u(date: str, status: str | None = None, note: str = "Note.") -> str:
    return (
        f"  - date: {date}\n"
        + (f"    status: {status}\n" if status else "")
        + f"    note: {note}\n"
    )


FILES = {
    "jac.yaml": "force: Test Police\nshort_name: TP\nclosure_baseline: 2024-01-01\n",
    "meetings/2024-03-01.yaml": "date: 2024-03-01\nagenda_item: '05'\n",
    "meetings/2024-06-01.yaml": (
        "date: 2024-06-01\nagenda_item: '06'\npurpose: To provide oversight.\n"
        "narrative:\n  opening: The **opening** words.\n  forthcoming:\n"
        "contact:\n  name: A Officer\n  title: Liaison\n"
    ),
    "meetings/2024-09-01.yaml": "date: 2024-09-01\n",
    "inspections/PEEL-2024.yaml": "id: PEEL-2024\ntitle: PEEL 2024\ntype: peel\npublished: 2024-01-10\n",
    "inspections/THEM-2024.yaml": (
        "id: THEM-2024\ntitle: A thematic\ntype: thematic\npublished: 2024-04-15\n"
        "totals: {recommendation: 5, area-for-improvement: 2}\ngrades: {Test Police: good}\n"
    ),
    "inspections/VISIT-2024.yaml": "id: VISIT-2024\ntitle: A re-visit\ntype: revisit\nfieldwork_start: 2024-06-01\nfieldwork_end: 2024-06-03\n",
    "inspections/EARLY-2024.yaml": "id: EARLY-2024\ntitle: An early visit\ntype: revisit\nfieldwork_start: 2024-03-01\n",
    "inspections/FUTURE-2024.yaml": "id: FUTURE-2024\ntitle: A future visit\ntype: thematic\nfieldwork_start: 2024-07-01\n",
    # closed on the meeting date: counts in the window
    "recommendations/REC-001.yaml": item(
        "REC-001",
        "PEEL-2024",
        u("2024-01-10", "amber") + u("2024-06-01", "closed"),
        status="closed",
        extra="level: 2\n",
    )
    + "closure: {date: 2024-06-01, evidence: 'portal:1'}\n",
    # closed on the previous meeting's date: since the baseline, but not a change
    "recommendations/REC-002.yaml": item(
        "REC-002",
        "PEEL-2024",
        u("2024-01-10", "amber") + u("2024-03-01", "closed"),
        status="closed",
        extra="level: 3\n",
    )
    + "closure: {date: 2024-03-01, evidence: 'portal:2'}\n",
    # red on the meeting date, closes after it
    "recommendations/REC-003.yaml": item(
        "REC-003",
        "PEEL-2024",
        u("2024-01-10", "amber")
        + u("2024-05-01", "red", "Slipping <badly>.")
        + u("2024-07-15", "closed"),
        status="closed",
        extra="level: 2\n",
    )
    + "closure: {date: 2024-07-15, evidence: 'portal:3'}\n",
    "recommendations/AFI-001.yaml": item(
        "AFI-001",
        "THEM-2024",
        u("2024-04-15", "green"),
        status="green",
        type_="area-for-improvement",
    ),
    "recommendations/COC-001.yaml": item(
        "COC-001",
        "PEEL-2024",
        u("2024-01-10", "red") + u("2024-05-20", "submitted"),
        status="submitted",
        extra="level: 4\n",
        type_="cause-of-concern",
    )
    + "closure: {date: 2024-05-20}\n",
    # submitted, then returned by HMICFRS before the meeting: not counted or listed as closed
    "recommendations/REC-004.yaml": item(
        "REC-004",
        "PEEL-2024",
        u("2024-01-10", "amber") + u("2024-04-01", "submitted") + u("2024-05-10", "amber"),
        status="amber",
        extra="part_of: COC-001\nlevel: 4\n",
    ),
    "recommendations/REC-005.yaml": item(
        "REC-005",
        "THEM-2024",
        u("2024-04-15", "amber") + u("2024-05-01", "closed"),
        status="closed",
        extra="addressed_to: npcc\nlevel: 1\n",
    )
    + "closure: {date: 2024-05-01}\n",
    "recommendations/REC-006.yaml": item(
        "REC-006",
        "PEEL-2024",
        u("2024-06-02", "amber"),
        status="amber",
        extra="raised: 2024-06-02\n",
    ),
    "recommendations/REC-007.yaml": item(
        "REC-007",
        "PEEL-2024",
        u("2024-01-10", "amber") + u("2024-02-01", "red", "Secret progress."),
        status="red",
        extra="due: 2024-05-01\nlevel: 3\nrestricted: true\n",
    ),
}


def make(root: Path) -> Path:
    """Write the folder below `root` and return it."""
    write_files(root, FILES)
    for sub in ("inspections", "recommendations", "meetings"):
        (root / sub).mkdir(exist_ok=True)
    return root
