"""Seconds per draft: this checkout's rewrite engine against an earlier commit's, in one run, same model.

    python benchmarks/engine_versions.py                       # vs 083fc6c (engine v1), 1.5B, all drafts
    python benchmarks/engine_versions.py --baseline <commit> --model local/qwen2.5-coder-0.5b

The earlier engine comes from this repository's own history (`git worktree add --detach`), removed at the
end. Each engine runs in its own worker process with the model loaded once; drafts go to both in turn, so
a busy host slows them alike: compare the ratio, not absolute seconds across runs. Every draft is rewritten
through `rewriter.rewrite`, exactly as a user's call; the workers warm up on a draft that is never measured.
The drafts are the ones of `benchmarks/local_model.py` (written for benchmarks, not from evals/cases) plus
two sound drafts, which engine v2 keeps without a model call.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from local_model import DRAFTS, WARM_UP  # noqa: E402

SOUND: list[tuple[str, str]] = [
    (
        "fr",
        "Objectif : Offrir aux locataires une réponse rapide à leurs demandes d'intervention\n"
        "KR1 : Réduire le délai médian de prise en charge d'une demande de 6 jours à 2 jours d'ici fin T2 2027\n"
        "KR2 : Faire passer la part des demandes closes au premier passage de 58 % à 80 % d'ici fin T2 2027",
    ),
    (
        "en",
        "Objective: Help new merchants take their first payment on day one\n"
        "KR1: Raise the share of new merchants paid within 24 h of sign-up from 31% to 60% by end of Q3 2027\n"
        "KR2: Cut onboarding support tickets per new merchant from 1.8 to 0.6 by end of Q3 2027",
    ),
]

# The worker: one process per engine, model loaded once, one JSON line in and out per draft.
WORKER = r"""
import json, sys, time
from rewriter import rewrite
model = sys.argv[1]
for line in sys.stdin:
    draft = json.loads(line)["draft"]
    started = time.perf_counter()
    result = rewrite(draft, model=model)
    seconds = time.perf_counter() - started
    prov = result.provenance
    out = {"seconds": seconds, "attempts": prov.attempts if prov else 0, "error": result.error,
           "krs": sum(len(o.key_results) for o in result.objectives)}
    print(json.dumps(out), flush=True)
"""


class Worker:
    def __init__(self, root: Path, model: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(root), "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER, model],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=root,
        )

    def run(self, draft: str) -> dict[str, Any]:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps({"draft": draft}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the worker stopped (see its stderr above)")
        return json.loads(line)

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="083fc6c", help="commit of the engine to compare with")
    parser.add_argument("--model", default="local/qwen2.5-coder-1.5b")
    args = parser.parse_args(argv)
    drafts = DRAFTS + SOUND
    with tempfile.TemporaryDirectory() as tmp:
        old_root = Path(tmp) / "baseline"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "-q", str(old_root), args.baseline], cwd=ROOT, check=True
        )
        try:
            workers = {"baseline": Worker(old_root, args.model), "current": Worker(ROOT, args.model)}
            for worker in workers.values():
                worker.run(WARM_UP[0][1])
            rows: list[dict[str, Any]] = []
            for lang, draft in drafts:
                row: dict[str, Any] = {"lang": lang, "draft": draft.splitlines()[0][:60]}
                for name, worker in workers.items():
                    row[name] = worker.run(draft)
                rows.append(row)
                print(
                    f"{row['draft']:<60}  baseline {row['baseline']['seconds']:6.2f} s "
                    f"({row['baseline']['attempts']} calls)  current {row['current']['seconds']:6.2f} s "
                    f"({row['current']['attempts']} calls)",
                    flush=True,
                )
            for worker in workers.values():
                worker.close()
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old_root)], cwd=ROOT, check=False)
    for subset, chosen in (("roadmap drafts", rows[: len(DRAFTS)]), ("sound drafts", rows[len(DRAFTS) :])):
        base = statistics.median(r["baseline"]["seconds"] for r in chosen)
        cur = statistics.median(r["current"]["seconds"] for r in chosen)
        calls = sum(r["current"]["attempts"] for r in chosen)
        print(
            f"{subset}: median baseline {base:.2f} s, current {cur:.3f} s "
            f"(x{base / cur:.1f} faster; current engine made {calls} model calls)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
