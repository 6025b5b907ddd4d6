"""Print the analyzer's precision and recall per finding type on the labelled corpus.

Usage: python scripts/analyzer_scores.py [corpus.jsonl …] [--misses]
Without a path, scores both corpus files of tests/data together (what the test suite asserts).
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


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv if not a.startswith("--")] or DEFAULT
    result = score([case for path in paths for case in load_corpus(path)])
    print(report(result))
    if "--misses" in argv:
        print("\n".join(result.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
