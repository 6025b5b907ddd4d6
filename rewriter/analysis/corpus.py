"""Score the analyzer against a labelled corpus: precision and recall per finding code.

A corpus line is a JSON object: {"id", "lang", "level", "draft", "findings": ["O0K1:kr.no_number", …]}.
"O<i>" names an objective, "O<i>K<j>" a key result within it; draft-wide codes ("draft.…") carry no place.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from rewriter.analyzer import Diagnosis, Finding, analyze
from rewriter.parsing import parse

Key = tuple[str, int | None, int | None]
_PLACE = re.compile(r"^O(?P<o>\d+)(?:K(?P<k>\d+))?:(?P<code>[\w.]+)$")


class CorpusCase(BaseModel):
    id: str = Field(description="Stable name of the case.")
    lang: str = Field(description="Language the draft is written in.")
    level: int = Field(description="Maturity level a careful reader gives the whole draft.")
    draft: str = Field(description="The draft as a PM would paste it.")
    findings: list[str] = Field(
        description="Expected findings as 'O<i>[K<j>]:code' or a bare draft-wide code."
    )
    note: str = Field(default="", description="Why a label may surprise a reader.")


class CodeScore(BaseModel):
    code: str = Field(description="Finding code scored.")
    tp: int = Field(description="Expected and found.")
    fp: int = Field(description="Found but not expected.")
    fn: int = Field(description="Expected but not found.")

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


class CorpusScore(BaseModel):
    per_code: list[CodeScore] = Field(description="One score per finding code seen in labels or output.")
    overall: CodeScore = Field(description="Micro-averaged over every finding.")
    level_accuracy: float = Field(description="Share of cases whose draft level matches the label.")
    cases: int = Field(description="Number of cases scored.")
    misses: list[str] = Field(
        default_factory=list, description="Readable list of every false positive/negative."
    )


def load_corpus(path: Path) -> list[CorpusCase]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [CorpusCase.model_validate(json.loads(line)) for line in lines if line.strip()]


def expected_keys(case: CorpusCase) -> Counter[Key]:
    keys: Counter[Key] = Counter()
    for label in case.findings:
        match = _PLACE.match(label)
        if match:
            k = match.group("k")
            keys[(match.group("code"), int(match.group("o")), int(k) if k is not None else None)] += 1
        else:
            keys[(label, None, None)] += 1
    return keys


def found_keys(findings: Iterable[Finding]) -> Counter[Key]:
    """Draft-wide codes are compared by code alone: their anchor line is a detail, not the finding."""
    keys: Counter[Key] = Counter()
    for f in findings:
        keys[(f.code, None, None) if f.code.startswith("draft.") else (f.code, f.objective, f.kr)] += 1
    return keys


def diagnose(case: CorpusCase) -> Diagnosis:
    return analyze(parse(case.draft))


def score(cases: list[CorpusCase]) -> CorpusScore:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    misses: list[str] = []
    levels_ok = 0
    for case in cases:
        diagnosis = diagnose(case)
        levels_ok += diagnosis.level == case.level
        if diagnosis.level != case.level:
            misses.append(f"{case.id}: level {diagnosis.level}, expected {case.level}")
        expected, found = expected_keys(case), found_keys(diagnosis.findings)
        for key in expected | found:
            hit = min(expected[key], found[key])
            tp[key[0]] += hit
            if found[key] > hit:
                fp[key[0]] += found[key] - hit
                misses.append(f"{case.id}: unexpected {_label(key)}")
            if expected[key] > hit:
                fn[key[0]] += expected[key] - hit
                misses.append(f"{case.id}: missed {_label(key)}")
    codes = sorted(set(tp) | set(fp) | set(fn))
    per_code = [CodeScore(code=c, tp=tp[c], fp=fp[c], fn=fn[c]) for c in codes]
    overall = CodeScore(code="overall", tp=sum(tp.values()), fp=sum(fp.values()), fn=sum(fn.values()))
    return CorpusScore(
        per_code=per_code,
        overall=overall,
        level_accuracy=levels_ok / len(cases) if cases else 1.0,
        cases=len(cases),
        misses=misses,
    )


def _label(key: Key) -> str:
    code, o, k = key
    if o is None:
        return code
    return f"O{o}" + (f"K{k}" if k is not None else "") + f":{code}"


def report(result: CorpusScore) -> str:
    rows = [f"{'finding':<28}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}"]
    for s in [*result.per_code, result.overall]:
        rows.append(f"{s.code:<28}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.precision:>11.3f}{s.recall:>8.3f}")
    rows.append(f"level accuracy: {result.level_accuracy:.3f} over {result.cases} cases")
    return "\n".join(rows)
