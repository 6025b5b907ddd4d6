"""Telling French and English drafts from drafts in another language: misses, false refusals and speed.

    .venv/bin/python benchmarks/language.py

Measures `rewriter.language.other_language` (function words) on `tests/data/language_samples.jsonl` (short
lines and drafts in German, Spanish, Italian, Portuguese and Dutch, and tricky French and English ones) and
on every French or English draft of the repository, whole and line by line (lines of two words or more).
When lingua-language-detector is importable (it is not a dependency), the same figures for it, restricted
to the same seven languages, so the choice between the two can be checked again.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rewriter.evaluation.reading import repository_drafts  # noqa: E402
from rewriter.language import other_language  # noqa: E402

Detector = Callable[[str], str | None]  # another language's code, or None for French or English


def lingua_detector() -> tuple[str, Detector] | None:
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:
        return None
    codes = {
        Language.FRENCH: None,
        Language.ENGLISH: None,
        Language.GERMAN: "de",
        Language.SPANISH: "es",
        Language.ITALIAN: "it",
        Language.PORTUGUESE: "pt",
        Language.DUTCH: "nl",
    }
    start = time.perf_counter()
    detector = LanguageDetectorBuilder.from_languages(*codes).with_preloaded_language_models().build()
    load = time.perf_counter() - start

    def detect(text: str) -> str | None:
        found = detector.detect_language_of(text)
        return codes.get(found) if found is not None else None

    return f"lingua (high accuracy, loaded in {load:.1f} s)", detect


def measure(name: str, detect: Detector) -> None:
    samples = [json.loads(line) for line in (ROOT / "tests" / "data" / "language_samples.jsonl").open()]
    others = [s for s in samples if s["lang"] not in ("fr", "en")]
    ours = [s for s in samples if s["lang"] in ("fr", "en")]
    missed = [s["text"] for s in others if detect(s["text"]) is None]
    refused = [s["text"] for s in ours if detect(s["text"]) is not None]
    drafts = repository_drafts(ROOT)
    lines = [line for d in drafts for line in d.splitlines() if len(line.split()) >= 2]
    start = time.perf_counter()
    refused_drafts = [d for d in drafts if detect(d) is not None]
    per_draft = (time.perf_counter() - start) / len(drafts) * 1000
    refused_lines = [line for line in lines if detect(line) is not None]
    print(name)
    print(f"  other-language samples missed   {len(missed):>4} / {len(others)}")
    print(f"  French/English samples refused  {len(refused):>4} / {len(ours)}")
    print(f"  repository drafts refused       {len(refused_drafts):>4} / {len(drafts)}")
    print(f"  repository lines refused        {len(refused_lines):>4} / {len(lines)}")
    print(f"  time per draft                  {per_draft:.3f} ms")
    for text in (missed + refused + refused_lines)[:5]:
        print(f"    e.g. {text[:70]!r}")


def main() -> None:
    measure("function words (rewriter.language)", other_language)
    lingua = lingua_detector()
    if lingua is None:
        print("lingua-language-detector is not installed: not compared")
    else:
        measure(*lingua)


if __name__ == "__main__":
    main()
