"""`okr-rewriter audit` on the blind files: the report, its JSON, CSV and drafts, and clear failures."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rewriter import cli, files

ROOT = Path(__file__).resolve().parent.parent
BLIND = ROOT / "evals" / "audit"


def test_audit_writes_the_report_and_its_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    html, js, table, drafts = (tmp_path / n for n in ("audit.html", "audit.json", "audit.csv", "todo.csv"))
    code = cli.main(
        [
            "audit",
            str(BLIND / "acme-q1-2027.csv"),
            "--previous",
            str(BLIND / "acme-q4-2026.csv"),
            "--company",
            str(BLIND / "acme-company-objectives.csv"),
            "-o",
            str(html),
            "--json",
            str(js),
            "--csv",
            str(table),
            "--drafts",
            str(drafts),
        ]
    )
    assert code == 0
    err = capsys.readouterr().err
    assert "45 team(s), 111 objective(s), 322 key result(s)" in err and "→" in err
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'lang="fr"' in page and "Par rapport au trimestre" in page
    assert html.stat().st_size < 2_000_000
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["summary"]["teams"] == 45 and data["comparison"]["gone_teams"] == ["Cellule plan hivernal"]
    rows = list(csv.DictReader(table.open(encoding="utf-8-sig")))
    assert len(rows) == 322 and rows[0]["team"] == "Urgences"
    todo = files.read_drafts(drafts)
    assert todo.column == "draft" and todo.items


def test_audit_in_english_with_named_columns(tmp_path: Path) -> None:
    out = tmp_path / "globex.html"
    code = cli.main(
        ["audit", str(BLIND / "globex-q1-2027.csv"), "-o", str(out), "--team-column", "Team", "--lang", "fr"]
    )
    assert code == 0 and "L'organisation en bref" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "no such file"),
        (["acme-q1-2027.csv", "--team-column", "Tribe"], "has no column 'Tribe'; its columns are"),
        (["acme-q1-2027.csv", "--previous", "nope.csv"], "nope.csv: no such file"),
    ],
)
def test_audit_failures_are_said_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    paths = [str(BLIND / a) if a.endswith(".csv") else a for a in args]
    code = cli.main(["audit", *paths, "-o", str(tmp_path / "out.html")])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out.html").exists()


def test_an_output_in_a_missing_folder_behind_a_file_is_refused_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("x")
    code = cli.main(
        ["audit", str(BLIND / "bad-files" / "no-team-column.csv"), "-o", str(tmp_path / "file" / "a.html")]
    )
    assert code == 2 and "is a file, not a folder" in capsys.readouterr().err


def test_the_installed_command_runs_in_its_own_process(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "rewriter.cli",
            "audit",
            str(BLIND / "bad-files" / "blank-and-duplicates.csv"),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "2 duplicate row(s)" in done.stderr and "line 5, line 4" not in done.stderr
    assert "2 blank row(s)" in done.stderr
    assert out.read_text(encoding="utf-8").count("<section") >= 9
