"""Reader speed: what reading a draft (units, roles, structure, slots) costs, against the whole code path.

Usage: python benchmarks/reader.py [--runs 5]

On every draft of the blind corpus (evals/corpus), after warm-up, prints the median and 95th percentile of
`read_draft` (the reader, as `parse` calls it) and of `prepare` (reader + analyzer + composing, no model), and
the ratio of the two, all measured in this one run. The reader's budget is 20 ms a draft.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _times(fn, texts: list[str], runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for text in texts:
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            fn(text)
            samples.append((time.perf_counter() - start) * 1000)
        out.append(statistics.median(samples))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from rewriter.evaluation.reading import corpus_files, load
    from rewriter.reading.reader import read_draft
    from rewriter.rewriting import prepare

    texts = [r["draft"] for r in load(corpus_files(ROOT / "evals" / "corpus", "all"))]
    for text in texts[:20]:  # warm-up: rows compiled, library loaded
        prepare(text)
    reader = _times(read_draft, texts, args.runs)
    whole = _times(prepare, texts, args.runs)

    def show(name: str, values: list[float]) -> None:
        p95 = statistics.quantiles(values, n=20)[-1]
        print(
            f"{name:<28} median {statistics.median(values):7.2f} ms   p95 {p95:7.2f} ms   max {max(values):7.2f} ms"
        )

    print(f"{len(texts)} drafts of the blind corpus, median of {args.runs} runs each")
    show("read_draft (the reader)", reader)
    show("prepare (no model)", whole)
    print(
        f"reader share of prepare: {statistics.median(reader) / statistics.median(whole):.0%} (median over median)"
    )


if __name__ == "__main__":
    main()
