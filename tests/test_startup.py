"""What the CLI imports: a command that calls no model must not import the model stack.

litellm, instructor and what they pull in (openai, httpx, aiohttp, tiktoken…) take seconds to import, the
embedded model's llama_cpp and the web app's gradio more: a sound draft, kept by code, needs none of them.
Each command runs as a user runs it, `python -X importtime -m rewriter.cli …` in a fresh process, and the
modules it imported are read from the import-time report on stderr. How long it takes is measured by
`benchmarks/startup.py`, not here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODEL_STACK = ("litellm", "instructor", "llama_cpp", "gradio", "openai")
# The metric library's BM25 index: a sound draft needs no ranking, so neither it nor numpy.
RANKING = ("bm25s", "numpy")
SOUND = (
    "Objectif : Rendre l'onboarding autonome pour les nouveaux clients PME\n"
    "KR1 : Augmenter le taux d'activation à 7 jours de 20 % à 35 % d'ici fin T2 2027\n"
    "KR2 : Réduire le nombre de tickets d'onboarding de 120 à 60 par mois d'ici fin T2 2027\n"
)


def run_cli(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run `python -m rewriter.cli ARGS` from this checkout; the process and the top-level packages it imported."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "OKR_REWRITER_CACHE": str(tmp_path / "cache"),
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    }
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "rewriter.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    # "import time:       123 |        456 |   package.module"
    imported = {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }
    assert "rewriter" in imported, done.stderr[-2000:]  # the report was read
    return done, imported


@pytest.fixture
def sound_file(tmp_path: Path) -> Path:
    path = tmp_path / "draft.md"
    path.write_text(SOUND, encoding="utf-8")
    return path


@pytest.mark.parametrize("json_output", [False, True], ids=["markdown", "json"])
def test_rewrite_of_a_sound_draft_imports_neither_the_model_stack_nor_the_ranking(
    tmp_path: Path, sound_file: Path, json_output: bool
) -> None:
    done, imported = run_cli(tmp_path, "rewrite", str(sound_file), *(["--json"] if json_output else []))
    assert done.returncode == 0, done.stderr[-2000:]
    assert not imported & {*MODEL_STACK, *RANKING}, sorted(imported & {*MODEL_STACK, *RANKING})
    if json_output:
        assert '"kept_as_is": true' in done.stdout and '"model": "code"' in done.stdout
    else:
        assert done.stdout == (
            "## Objectif 1 — Rendre l'onboarding autonome pour les nouveaux clients PME\n\n"
            "**Résultats clés**\n\n"
            "1. Augmenter le taux d'activation à 7 jours de 20 % à 35 % d'ici fin T2 2027\n"
            "2. Réduire le nombre de tickets d'onboarding de 120 à 60 par mois d'ici fin T2 2027\n\n"
            "## Pourquoi ces changements\n\n"
            "- Le brouillon suivait déjà la méthode : il est gardé tel quel, avec des questions sur ce qui manque.\n"
            "- Les chiffres du brouillon sont repris tels quels.\n\n"
            "_Niveau du brouillon : 3 (outcomes) → niveau atteint : 3 (outcomes)_\n"
        )


@pytest.mark.parametrize(
    "args",
    [["--help"], ["rewrite", "--help"], ["batch", "--help"], ["eval", "--help"], ["models"], ["suggest"]],
    ids=["help", "rewrite-help", "batch-help", "eval-help", "models", "suggest"],
)
def test_commands_that_call_no_model_do_not_import_the_model_stack(
    tmp_path: Path, sound_file: Path, args: list[str]
) -> None:
    if args == ["suggest"]:
        args = ["suggest", str(sound_file)]
    done, imported = run_cli(tmp_path, *args)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip()
    assert not imported & set(MODEL_STACK), sorted(imported & set(MODEL_STACK))
    if args[0] == "suggest":
        assert "bm25s" in imported  # it ranks: the library's index is built, and that is what it is for
