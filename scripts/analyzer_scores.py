"""Print the analyzer's precision and recall per finding type on the labelled corpus.

Usage: python scripts/analyzer_scores.py [corpus.jsonl …] [--frozen] [--misses]
Without a path, scores both corpus files of tests/data together (what the test suite asserts), then the
frozen corpus alone. `--frozen` prints only the frozen corpus: it was labelled by hand before the analyzer
ever ran on it, so it is the one independent measure (the main corpus was relabelled from the analyzer's
own output).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
# Run from a checkout without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rewriter.analysis.corpus import load_corpus, report, score

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
DEFAULT = [DATA / "analyzer_corpus.jsonl", DATA / "analyzer_corpus_heldout.jsonl"]
FROZEN = DATA / "analyzer_corpus_frozen.jsonl"


def section(title: str, paths: list[Path], misses: bool) -> None:
    result = score([case for path in paths for case in load_corpus(path)])
    print(f"== {title}")
    print(report(result))
    if misses:
        print("\n".join(result.misses))


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv if not a.startswith("--")]
    misses = "--misses" in argv
    if paths:
        section(", ".join(p.name for p in paths), paths, misses)
        return 0
    if "--frozen" not in argv:
        section("main + held-out corpus", DEFAULT, misses)
        print()
    section("frozen corpus (labelled before the analyzer saw it)", [FROZEN], misses)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
