"""Eval cases: a draft, the reference rewrite as slots, and what the scorer must check.

The reference is stored as `RewriteSlots`-shaped JSON, not as prose, so the library renders it exactly as
it renders a model's answer: the scorer then compares like with like, and a sanity test can score the
reference itself (it must reach the maximum).
"""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rewriter.draft import Lang
from rewriter.slots import RewriteSlots

Trap = Literal[
    "no-numbers",
    "run-kpi",
    "vague",
    "too-many-krs",
    "several-objectives",
    "already-good",
    "injection",
    "mixed-language",
    "spreadsheet",
    "deadline-in-draft",
    "company-level",
    "individual-tasks",
    "mixed-krs",
    "one-liner",
]

Domain = Literal[
    "b2b-saas",
    "banking",
    "e-commerce",
    "hr",
    "data",
    "public-sector",
    "marketing",
    "support",
    "mobile-app",
    "sales",
    "platform",
    "healthcare",
    "education",
    "logistics",
    "security",
    "finance",
    "media",
    "api",
    "insurance",
    "energy",
    "travel",
]


class EvalCase(BaseModel):
    """One scored case: the draft as a PM would paste it and what a good rewrite of it keeps."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Stable identifier, equal to the file name without '.json'.")
    lang: Lang = Field(description="Language the rewrite must be written in.")
    level: int = Field(ge=1, le=4, description="Maturity level of the draft (1 features … 4 strategic).")
    domain: Domain = Field(description="Business domain, to spread the set over many contexts.")
    traps: list[Trap] = Field(default_factory=list, description="What makes the case hard, if anything.")
    draft: str = Field(description="The draft ('before') exactly as pasted.")
    numbers: list[str] = Field(
        default_factory=list,
        description="Numbers of the draft the rewrite must keep, normalised as `rules.numbers_in` writes them.",
    )
    deliverables: list[str] = Field(
        default_factory=list, description="Deliverables of the draft that must reappear as initiatives."
    )
    must_not_contain: list[str] = Field(
        default_factory=list, description="Strings a rewrite must never contain (injection payloads)."
    )
    keep_as_is: bool = Field(
        default=False,
        description="The draft is already sound: the rewrite must keep its numbers and structure.",
    )
    accepted_metrics: list[list[str]] = Field(
        default_factory=list,
        description="Keyword sets, FR or EN: a KR's metric matches a set when, folded (lower case, no accents), "
        "it holds every keyword of the set as a word prefix ('abandon panier' matches 'abandons de panier'). "
        "Each rewritten objective needs one KR matching some set; a set may also be a metric library id.",
    )
    reference: RewriteSlots = Field(
        description="A reference rewrite ('after'), as the slots a model would fill."
    )
    notes: str = Field(description="Why the case exists and what a good answer does.")


def load_case(path: Path) -> EvalCase:
    case = EvalCase.model_validate(json.loads(path.read_text(encoding="utf-8")))
    if case.id != path.stem:
        raise ValueError(f"{path}: id {case.id!r} must equal the file name {path.stem!r}")
    return case


def select_paths(cases_dir: Path, pattern: str | None = None) -> list[Path]:
    """Case files matching `pattern` (a glob on file name or id, or a path glob), sorted by name."""
    paths = sorted(cases_dir.glob("*.json"))
    if not pattern:
        return paths
    patterns = [p.strip() for p in pattern.split(",") if p.strip()]
    chosen: list[Path] = []
    # Cases run in the order the patterns list them, so a slow real run reaches the important ones first.
    for pat in patterns:
        for path in paths:
            matches = fnmatch.fnmatch(path.name, pat) or fnmatch.fnmatch(path.stem, pat)
            if (matches or fnmatch.fnmatch(str(path), pat)) and path not in chosen:
                chosen.append(path)
    return chosen


def load_cases(cases_dir: Path, pattern: str | None = None) -> list[EvalCase]:
    return [load_case(path) for path in select_paths(cases_dir, pattern)]
