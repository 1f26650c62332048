"""`jac show`: one record in full; unknown ids are usage errors with suggestions."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Jac, write_files
from test_list import FILES


def test_show_prints_the_record_with_updates(records_dir: Path, jac: Jac) -> None:
    write_files(records_dir, FILES)
    result = jac("show", "REC-001", "--records", records_dir)
    assert result.exit_code == 0
    out = result.stdout
    assert out.splitlines()[0] == "REC-001  Vetting backlog"
    assert "Recommendation, from PEEL 2023/25 [PEEL-2023]" in out
    assert "owner:        DCI Smith" in out
    assert "Reduce the vetting backlog." in out
    assert "2024-01-15  red" in out and "Slipping." in out


def test_show_json_has_the_inspection_title(records_dir: Path, jac: Jac) -> None:
    write_files(records_dir, FILES)
    data = json.loads(jac("show", "REC-002", "--format", "json", "--records", records_dir).stdout)
    assert data["closure"] == {
        "date": "2024-02-01",
        "evidence": "portal:X-1",
        "note": None,
        "confirmed": None,
    }
    assert data["inspection_title"] == "PEEL 2023/25"


def test_unknown_id_exits_2_with_near_ids(records_dir: Path, jac: Jac) -> None:
    write_files(records_dir, FILES)
    assert jac("show", "REC-01", "--records", records_dir).exit_code == 0  # REC-001, forgiven
    result = jac("show", "REC-7", "--records", records_dir)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no record 'REC-7' (did you mean REC-00")
    assert result.stdout == ""
