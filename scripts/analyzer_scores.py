"""Print the analyzer's precision and recall per finding type on the labelled corpus.

Usage: python scripts/analyzer_scores.py [corpus.jsonl] [--misses]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
# Run from a checkout without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rewriter.analysis.corpus import load_corpus, report, score

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "analyzer_corpus.jsonl"


def main(argv: list[str]) -> int:
    paths = [a for a in argv if not a.startswith("--")]
    result = score(load_corpus(Path(paths[0]) if paths else DEFAULT))
    print(report(result))
    if "--misses" in argv:
        print("\n".join(result.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
