"""Whole-process seconds of `okr-rewriter rewrite` on a sound draft and of `okr-rewriter --help`.

    .venv/bin/python benchmarks/startup.py            # 9 runs of each after one warm-up
    .venv/bin/python benchmarks/startup.py -n 15

A sound draft is kept by code, with no model call: what a user waits for is the process itself, imports
included. The budget is 1.5 s. The commands run in turn (rewrite, help, bare interpreter, rewrite, …) in
fresh processes, each timed from start to exit, so a busy host slows them alike; the bare interpreter
(`python -c pass`) is the floor no command can go under. The `okr-rewriter` script of this interpreter's
environment runs with this checkout first on PYTHONPATH (`python -m rewriter.cli` when there is no script).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 1.5
SOUND = (
    "Objectif : Rendre l'onboarding autonome pour les nouveaux clients PME\n"
    "KR1 : Augmenter le taux d'activation à 7 jours de 20 % à 35 % d'ici fin T2 2027\n"
    "KR2 : Réduire le nombre de tickets d'onboarding de 120 à 60 par mois d'ici fin T2 2027\n"
)
KEPT_LINE = "1. Augmenter le taux d'activation à 7 jours de 20 % à 35 % d'ici fin T2 2027"


def entry() -> list[str]:
    script = Path(sys.executable).parent / "okr-rewriter"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "rewriter.cli"]


def timed(command: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    return time.perf_counter() - start, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-n", type=int, default=9, help="timed runs of each command (default: 9)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / "sound.md"
        draft.write_text(SOUND, encoding="utf-8")
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            "OKR_REWRITER_CACHE": str(Path(tmp) / "cache"),
            "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        }
        commands = {
            "okr-rewriter rewrite (sound draft)": [*entry(), "rewrite", str(draft)],
            "okr-rewriter --help": [*entry(), "--help"],
            "python -c pass (floor)": [sys.executable, "-c", "pass"],
        }
        seconds: dict[str, list[float]] = {name: [] for name in commands}
        for run in range(args.n + 1):  # the first round warms the file cache and is not counted
            for name, command in commands.items():
                took, done = timed(command, env)
                if done.returncode != 0 or (
                    name.startswith("okr-rewriter rewrite") and KEPT_LINE not in done.stdout
                ):
                    sys.exit(f"{name} failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr[-2000:]}")
                if run:
                    seconds[name].append(took)
    print(f"whole-process wall seconds, {args.n} runs each after one warm-up; {' '.join(entry())}")
    print(f"{'command':<36} {'median':>7} {'min':>7} {'max':>7} {'/ budget':>9}")
    for name, values in seconds.items():
        median = statistics.median(values)
        print(f"{name:<36} {median:>7.3f} {min(values):>7.3f} {max(values):>7.3f} {median / BUDGET_S:>8.0%}")
    print(f"budget: {BUDGET_S} s for `okr-rewriter rewrite` of a sound draft")


if __name__ == "__main__":
    main()
