"""Split blind drafts into a dev part (read and tuned on) and a sealed part (only scored), by a hash of each id.

Usage: python scripts/split_corpus.py RELEASE FILE.jsonl... — writes evals/corpus/dev-RELEASE.jsonl and
evals/corpus/sealed-RELEASE.jsonl and prints counts only, never a draft.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path


def is_sealed(draft_id: str) -> bool:
    return int(hashlib.sha256(draft_id.encode()).hexdigest(), 16) % 2 == 1


def main(argv: list[str]) -> int:
    release, paths = argv[0], [Path(p) for p in argv[1:]]
    out = Path("evals/corpus")
    out.mkdir(parents=True, exist_ok=True)
    parts: dict[str, list[str]] = {"dev": [], "sealed": []}
    counts: Counter[tuple[str, str]] = Counter()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            part = "sealed" if is_sealed(record["id"]) else "dev"
            parts[part].append(json.dumps(record, ensure_ascii=False))
            counts[(part, record["lang"])] += 1
    for part, lines in parts.items():
        (out / f"{part}-{release}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(dict(sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
