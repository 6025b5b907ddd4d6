"""Print drafts and their rewrites side by side, for a person to read as the PM who pasted them.

    python scripts/read_rewrites.py                         # docs/reading/drafts.jsonl, embedded model
    python scripts/read_rewrites.py --model fake --file my_drafts.jsonl

The drafts are written for reading (not eval cases). `--model code` shows the engine without any model call
(what a PM gets when the model fails).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rewriter.rewriting import finish, prepare, rewrite  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=ROOT / "docs" / "reading" / "drafts.jsonl")
    parser.add_argument("--model", default=None, help="litellm model string, or 'code' for no model call")
    args = parser.parse_args(argv)
    for line in args.file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if args.model == "code":
            result = finish(None, prepare(item["draft"]), "code")
        else:
            result = rewrite(item["draft"], model=args.model)
        prov = result.provenance
        print("=" * 100)
        print(
            f"{item['id']}  kept_as_is={result.kept_as_is}  needs_input={result.needs_input}  "
            f"model_slots={prov.model_slots if prov else []}  {prov.duration_s if prov else 0:.1f} s"
        )
        print(item["draft"])
        print("-" * 40)
        print(result.to_markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
