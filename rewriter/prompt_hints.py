"""The analyzer's findings as the model reads them: one short line per place, labels from prompts/hints.json.

The findings' full sentences (shown in the web form) cost about 140 prompt tokens for a typical
roadmap draft; the embedded CPU model reads the user message at ~50 tokens/s, so the prompt gets
terse labels grouped by place ("- O1 KR2 : livrable (« livrer »), pas un changement ; sans chiffre")
and the system prompt carries the rules that explain them.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from rewriter import prompts
from rewriter.analyzer import Diagnosis, Finding
from rewriter.draft import Lang

HINTS_FILE = "hints.json"


def _place(f: Finding, whole_draft: str) -> str:
    if f.objective is None:
        return whole_draft
    return f"O{f.objective + 1}" + (f" KR{f.kr + 1}" if f.kr is not None else "")


@cache
def _wording(version: str) -> Any:
    """The labels file, read once per prompt version instead of once per draft."""
    return prompts.load_json(HINTS_FILE)


def compact_hints(diagnosis: Diagnosis, lang: Lang) -> str:
    """Bullet lines "- <place> : label ; label" for the errors and warnings, in reading order ('' if none)."""
    wording = _wording(prompts.prompt_version())[lang]
    labels: dict[str, str] = wording["labels"]
    grouped: dict[str, list[str]] = {}
    for f in diagnosis.findings:
        if f.severity == "info":
            continue
        label = labels.get(f.code)
        if label is None:
            raise prompts.PromptError(f"{HINTS_FILE} has no {lang} label for the finding {f.code!r}")
        text = label.format(**f.values)
        place = grouped.setdefault(_place(f, wording["whole_draft"]), [])
        if text not in place:
            place.append(text)
    colon = " : " if lang == "fr" else ": "
    return "\n".join(
        f"- {place}{colon}{wording['separator'].join(texts)}" for place, texts in grouped.items()
    )
