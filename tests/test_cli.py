"""The okr-rewriter CLI on the sample files, through real litellm to a stub server on 127.0.0.1.

Every sample draft is a roadmap that needs the model (engine v2 asks it whom each rewritten objective is
for); SOUND is kept as written by code and never reaches the server.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from openai_stub import example, requests_seen, running_stub

from rewriter import cli

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "batch"
SOUND = (
    "Objectif : Rendre l'onboarding autonome pour les nouveaux clients PME\n"
    "KR1 : Augmenter le taux d'activation à 7 jours de 20 % à 35 % d'ici fin T2 2027\n"
    "KR2 : Réduire le nombre de tickets d'onboarding de 120 à 60 par mois d'ici fin T2 2027\n"
)


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKR_REWRITER_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key-000")


@pytest.fixture(scope="module")
def stub() -> Iterator[str]:
    with running_stub(delay=0.0) as url:
        yield url


def run(*args: str) -> int:
    return cli.main(list(args))


def subprocess_env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "OKR_REWRITER_CACHE": str(tmp_path / "cache"),
        "OPENAI_API_KEY": "sk-test-not-a-real-key-000",
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    }


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_batch_csv_to_jsonl_with_a_failed_row_exits_1(
    stub: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    code = run(
        "batch",
        str(DATA / "okrs-semicolon-latin1.csv"),
        "-o",
        str(out),
        "-m",
        "openai/stub",
        "--api-base",
        stub,
    )
    assert code == 1
    records = lines(out)
    assert [r["index"] for r in records] == [0, 1, 2, 3, 4]  # input order, whatever the completion order
    assert [r["id"] for r in records] == ["ESP-1", "PAI-2", "ONB-3", "MKT-4", "SUP-5"]
    assert [r["error_kind"] for r in records] == [None, None, None, "input", None]
    rewritten = [r["result"] for r in records if r["error_kind"] is None]
    # No rewrite waits on a failed model: each asked the model once, or not at all when code left it no slot.
    assert all(not r["needs_input"] and r["provenance"]["attempts"] <= 1 for r in rewritten)  # type: ignore[index]
    err = capsys.readouterr().err
    assert "draft column 'brouillon'" in err and "delimiter ';'" in err
    assert "5 draft(s) in" in err and "4 rewritten (0 from cache), 1 failed (1 input)" in err
    assert "line 15: the draft cell is empty (column 'brouillon')" in err
    assert "sk-test" not in err + out.read_text(encoding="utf-8")


def test_batch_rerun_is_served_from_cache(
    stub: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["batch", str(DATA / "okrs-comma-bom.csv"), "-m", "openai/stub", "--api-base", stub]
    assert run(*args, "-o", str(tmp_path / "first.csv")) == 0
    before = requests_seen(stub)
    assert run(*args, "-o", str(tmp_path / "second.csv")) == 0
    assert requests_seen(stub) == before
    assert "3 rewritten (3 from cache), 0 failed" in capsys.readouterr().err
    assert run(*args, "-o", str(tmp_path / "third.csv"), "--no-cache") == 0
    assert requests_seen(stub) == before + 3


@pytest.mark.parametrize(
    ("name", "suffix"), [("okrs.jsonl", ".xlsx"), ("okrs.md", ".csv"), ("okrs.md", ".md")]
)
def test_batch_writes_every_output_format(stub: str, tmp_path: Path, name: str, suffix: str) -> None:
    out = tmp_path / f"out{suffix}"
    assert run("batch", str(DATA / name), "-o", str(out), "-m", "openai/stub", "--api-base", stub) == 1
    assert not Path(str(out) + ".partial.jsonl").exists()  # the checkpoint is gone once the file is written
    if suffix == ".xlsx":
        sheet = openpyxl.load_workbook(out).active
        assert sheet is not None
        rows = [[c.value for c in r] for r in sheet.iter_rows()]
        where = rows[0].index("where")
        assert [r[where] for r in rows[1:]].count("line 3") == 1  # the malformed line has its error row
    elif suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
        failed = [r for r in rows if r["where"] == "section 3 (line 19)"]
        assert len(failed) == 1 and "heading but no OKR text" in failed[0]["error"]
        # One row per key result of the three rewrites (one for an objective that asks for its measure).
        assert len({r["where"] for r in rows}) == 4 and len(rows) >= 1 + 3
    else:
        text = out.read_text(encoding="utf-8")
        assert text.startswith("# section 1 (line 3) — Équipe Espace client\n")
        assert "**Error** (input)" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["batch", "missing.csv", "-o", "out.jsonl"], "missing.csv: no such file"),
        (["batch", str(DATA / "okrs.md"), "-o", "out.jsonl", "--column", "x"], "has no columns"),
        (
            ["batch", str(DATA / "okrs-comma-bom.csv"), "-o", "out.jsonl", "--column", "nope"],
            "has no column 'nope'",
        ),
        (["batch", str(DATA / "okrs.md"), "-o", "out.docx"], "the output must end in .csv"),
        (["batch", str(DATA / "okrs.md"), "-o", "out.csv", "-j", "0"], "--concurrency must be at least 1"),
    ],
)
def test_bad_usage_and_unreadable_input_exit_2(
    args: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(*args, "-m", "openai/stub") == 2
    assert message in capsys.readouterr().err


def test_an_existing_checkpoint_needs_resume_or_overwrite(
    stub: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    args = [
        "batch",
        str(DATA / "okrs-comma-bom.csv"),
        "-o",
        str(out),
        "-m",
        "openai/stub",
        "--api-base",
        stub,
    ]
    assert run(*args) == 0
    assert run(*args) == 2
    assert "already exists; pass --resume" in capsys.readouterr().err
    assert run(*args, "--resume") == 0
    assert run(*args, "--overwrite") == 0
    assert len(lines(out)) == 3


def test_rewrite_reads_stdin_and_prints_markdown_or_json(stub: str, tmp_path: Path) -> None:
    draft, _ = example("fr")
    base = [sys.executable, "-m", "rewriter.cli", "rewrite", "-", "-m", "openai/stub", "--api-base", stub]
    env = subprocess_env(tmp_path)
    sent = requests_seen(stub)
    done = subprocess.run(
        base, input=draft, capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    # The model's segment, checked against the draft, completes the objective code rendered.
    title = done.stdout.splitlines()[0]
    assert title.startswith("## Objectif 1 — ") and title.endswith(" pour les techniciens terrain")
    assert "de 70% à [cible à définir] d'ici fin T1 2027" in done.stdout  # the draft's fact, its cycle
    assert "- Publier le mode sombre → KR " in done.stdout  # a deliverable kept as an initiative
    assert done.stderr == "" and requests_seen(stub) == sent + 1
    done = subprocess.run(
        [*base, "--json"], input=draft, capture_output=True, text=True, env=env, timeout=120
    )
    result = json.loads(done.stdout)
    assert done.returncode == 0 and result["level_after"] == 3 and not result["needs_input"]
    assert result["provenance"]["model_slots"] == ["O1 segment"]
    done = subprocess.run(base, input="   \n", capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert "The draft is empty" in done.stderr
    # The --json run was served from the response cache, and the empty draft cost no model call.
    assert requests_seen(stub) == sent + 1


def test_rewrite_prints_a_sound_draft_as_written_without_a_model_call(
    stub: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "draft.md"
    path.write_text(SOUND, encoding="utf-8")
    sent = requests_seen(stub)
    assert run("rewrite", str(path), "-m", "openai/stub", "--api-base", stub) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Objectif 1 — Rendre l'onboarding autonome pour les nouveaux clients PME\n")
    assert "1. Augmenter le taux d'activation à 7 jours de 20 % à 35 % d'ici fin T2 2027\n" in out
    assert "Le brouillon suivait déjà la méthode" in out
    assert requests_seen(stub) == sent
    assert run("rewrite", str(path), "-m", "openai/stub", "--api-base", stub, "--json") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["kept_as_is"] and result["provenance"]["model"] == "code"
    assert requests_seen(stub) == sent


def test_rewrite_prints_code_s_rewrite_when_the_model_fails_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft, _ = example("fr")
    path = tmp_path / "draft.md"
    path.write_text(draft, encoding="utf-8")
    with running_stub(delay=0.0, fail_first=100, fail_status=500) as url:
        code = run("rewrite", str(path), "-m", "openai/stub", "--api-base", url, "--retries", "0")
        assert requests_seen(url) == 1
    # A usable rewrite was printed: exit 0, with the model's failure on stderr, never silent.
    assert code == 0
    captured = capsys.readouterr()
    title = captured.out.splitlines()[0]
    assert title.startswith("## Objectif 1 — ") and title.endswith(" pour [segment à préciser]")
    assert "- Livrer le mode hors ligne pour les techniciens terrain → KR " in captured.out
    assert "Le modèle n'a pas pu compléter la réécriture" in captured.out
    assert "the draft: the model could not complete the rewrite (openai/stub failed" in captured.err
    assert "stub failure 1" in captured.err and "answer its questions to finish it" in captured.err
    assert "sk-test" not in captured.out + captured.err


def test_a_batch_whose_model_fails_on_a_row_flags_it_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, again = tmp_path / "out.csv", tmp_path / "again.jsonl"
    with running_stub(delay=0.0, fail_first=1, fail_status=500) as url:
        args = ["batch", str(DATA / "okrs-comma-bom.csv"), "-m", "openai/stub", "--api-base", url, "-q"]
        code = run(*args, "-o", str(out), "--retries", "0", "-j", "1")
        assert requests_seen(url) == 3
        assert code == 0  # every row got a rewrite; the flagged one is named on stderr and in the file
        err = capsys.readouterr().err
        assert "3 rewritten (0 from cache; 1 need input: the model could not complete them), 0 failed" in err
        assert "line 2: the model could not complete the rewrite (openai/stub failed" in err
        rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
        flagged = {row["where"] for row in rows if row["needs_input"] == "true"}
        assert flagged == {"line 2"} and {row["needs_input"] for row in rows} == {"true", "false"}
        assert not any(row["error"] for row in rows)
        # A flagged rewrite is not cached: a re-run asks the model again for it alone, and completes it.
        assert run(*args, "-o", str(again)) == 0
        assert requests_seen(url) == 4
    assert [r["cached"] for r in lines(again)] == [False, True, True]
    assert not any(r["result"]["needs_input"] for r in lines(again))  # type: ignore[index]
    assert "3 rewritten (2 from cache), 0 failed" in capsys.readouterr().err


def test_a_killed_batch_resumes_without_losing_or_duplicating_a_line(tmp_path: Path) -> None:
    draft, _ = example("fr")
    source = tmp_path / "drafts.jsonl"
    total = 40
    source.write_text(
        "".join(json.dumps({"id": f"d{i}", "draft": f"{draft}\nÉquipe {i}"}) + "\n" for i in range(total)),
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    with running_stub(delay=0.3) as url:
        cmd = [sys.executable, "-m", "rewriter.cli", "batch", str(source), "-o", str(out)]
        cmd += ["-m", "openai/stub", "--api-base", url, "-j", "4", "--no-cache", "-q"]
        proc = subprocess.Popen(cmd, env=subprocess_env(tmp_path), stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 8):
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        survived = lines(out)  # every line is whole JSON: a kill never leaves a corrupt line behind
        indexes = [int(str(r["index"])) for r in survived]
        assert len(indexes) == len(set(indexes)) and 8 <= len(indexes) < total
        # Simulate the worst case too: a record torn in the middle of its write.
        with out.open("ab") as handle:
            handle.write(b'{"index": 39, "label": "line 40", "draft_sha')
        sent_before = requests_seen(url)
        done = subprocess.run(
            [*cmd, "--resume"], env=subprocess_env(tmp_path), capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert requests_seen(url) - sent_before == total - len(indexes)  # finished items are not redone
    final = lines(out)
    assert [r["index"] for r in final] == list(range(total))
    assert all(r["error"] is None for r in final)
    assert not any(r["result"]["needs_input"] for r in final)  # type: ignore[index]  # every call answered


def test_python_dash_m_and_help(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rewriter.cli", "--help"],
        capture_output=True,
        text=True,
        env=subprocess_env(tmp_path),
    )
    assert done.returncode == 0
    for command in ("rewrite", "batch", "models", "eval", "app"):
        assert command in done.stdout
    assert (
        "0 every draft rewritten (those the model could not complete are flagged: needs input), 1 some"
        in (" ".join(done.stdout.split()))
    )
    assert "drafts failed, 2 bad usage" in " ".join(done.stdout.split())


def test_eval_is_delegated_to_the_evaluation_package(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("eval", "--help")
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("usage: okr-rewriter eval")


def test_app_runs_app_py_beside_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "app.py"
    fake.write_text(
        "import json, pathlib\n"
        "def main(argv):\n"
        f"    pathlib.Path({str(tmp_path / 'argv.json')!r}).write_text(json.dumps(argv))\n"
    )
    monkeypatch.setattr(cli, "app_path", lambda: fake)
    assert run("app", "--port", "9999") == 0
    assert json.loads((tmp_path / "argv.json").read_text()) == ["--host", "127.0.0.1", "--port", "9999"]
    monkeypatch.setattr(cli, "app_path", lambda: tmp_path / "nowhere" / "app.py")
    assert run("app") == 2
    assert "runs from a source checkout" in capsys.readouterr().err


def test_models_lists_the_embedded_models(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("models") == 0
    assert "local/qwen2.5-coder-1.5b (default)" in capsys.readouterr().out
    assert run("models", "--prepare", "local/nope") == 2
    assert "unknown local model 'local/nope'" in capsys.readouterr().err


def test_suggest_prints_metrics_per_objective_with_matched_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "draft.md"
    path.write_text(
        "Objectif : Réduire l'abandon des paniers\nKR : Lancer le paiement en un clic\n"
        "Objectif : Répondre plus vite aux tickets du support\n",
        encoding="utf-8",
    )
    assert run("suggest", str(path)) == 0
    out = capsys.readouterr().out
    assert out.startswith("Objectif 1 : Réduire l'abandon des paniers\n  1. le taux d'abandon de panier [")
    assert "[ecom_cart_abandonment_rate, ↓ %] — mots : abandon des paniers" in out and "Objectif 2 : " in out
    assert run("suggest", str(path), "--json", "-k", "2") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lang"] == "fr" and [o["objective"] for o in data["objectives"]] == [0, 1]
    top = data["objectives"][0]["metrics"]
    assert len(top) <= 2 and top[0]["rank"] == 1 and top[0]["matched"]
    assert run("suggest", str(path), "-k", "0") == 2
    empty = tmp_path / "empty.md"
    empty.write_text("  \n", encoding="utf-8")
    assert run("suggest", str(empty)) == 2
    assert "The draft is empty" in capsys.readouterr().err
