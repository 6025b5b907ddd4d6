"""The findings as sent to the model: grouped by place, short labels from prompts/hints.json."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from rewriter import prompts
from rewriter.analysis.messages import FINDINGS
from rewriter.analyzer import Diagnosis, Finding, analyze
from rewriter.parsing import parse
from rewriter.prompt_hints import HINTS_FILE, compact_hints
from rewriter.rewriting import prepare


def _finding(
    code: str, objective: int | None, kr: int | None, severity: str = "error", **values: str
) -> Finding:
    return Finding(
        code=code,
        severity=severity,  # type: ignore[arg-type]
        message_fr="m",
        message_en="m",
        suggestion_fr="s",
        suggestion_en="s",
        objective=objective,
        kr=kr,
        values=values,
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_finding_code_has_a_label_using_only_the_values_its_message_quotes(lang: str) -> None:
    labels = prompts.load_json(HINTS_FILE)[lang]["labels"]
    assert set(labels) == set(FINDINGS)
    for code, text in FINDINGS.items():
        quoted = {name for _, name, _, _ in string.Formatter().parse(text.message_en) if name}
        used = {name for _, name, _, _ in string.Formatter().parse(labels[code]) if name}
        assert used <= quoted, code


def test_findings_are_grouped_by_place_in_reading_order_without_info() -> None:
    diagnosis = Diagnosis(
        level=1,
        findings=[
            _finding("obj.is_task", 0, None, verb="lancer"),
            _finding("kr.output_verb", 0, 0, verb="livrer"),
            _finding("kr.no_target", 1, 0, severity="info"),
            _finding("kr.no_number", 0, 0),
            _finding("draft.mixed_languages", None, None, severity="warning"),
        ],
    )
    assert compact_hints(diagnosis, "fr").splitlines() == [
        "- O1 : projet (« lancer »), pas un changement",
        "- O1 KR1 : livrable (« livrer »), pas un changement ; sans chiffre (valeur inconnue → null)",
        "- Brouillon : mélange français et anglais",
    ]
    assert (
        compact_hints(diagnosis, "en").splitlines()[1]
        == "- O1 KR1: deliverable (“livrer”), not a change; no number (unknown value → null)"
    )
    assert compact_hints(Diagnosis(level=3), "fr") == ""


def test_a_real_roadmap_draft_gets_far_shorter_hints_than_the_full_messages() -> None:
    diagnosis = analyze(
        parse("Objectif : Lancer la v2\n- Livrer la feature A\n- Réduire le churn de 5% à 3%")
    )
    hints = compact_hints(diagnosis, "fr")
    # What the prompt used to carry: one line per finding, with its full sentence.
    full = "\n".join(f"- [O1] {f.message_fr}" for f in diagnosis.findings if f.severity != "info")
    assert "- O1 KR1 : livrable (« livrer »)" in hints
    assert len(hints) < 0.7 * len(full)


def test_a_finding_without_a_label_is_a_prompt_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / HINTS_FILE).write_text(
        '{"fr": {"whole_draft": "B", "separator": ";", "labels": {}}}', "utf-8"
    )
    monkeypatch.setenv(prompts.PROMPTS_ENV, str(tmp_path))
    with pytest.raises(prompts.PromptError, match=r"obj\.is_task"):
        compact_hints(Diagnosis(level=1, findings=[_finding("obj.is_task", 0, None, verb="x")]), "fr")


def test_the_user_message_carries_the_compact_hints_and_the_draft() -> None:
    message = prepare("Objective: Launch v2\n- Ship feature A").messages[-1]["content"]
    assert re.search(r"^- O1 KR1: deliverable \(“ship”\)", message, re.MULTILINE)
    assert "<draft>\nObjective: Launch v2\n- Ship feature A\n</draft>" in message


def test_the_labels_file_is_read_once_per_prompt_version(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[str] = []
    real = prompts.load_json

    def counting(name: str, **kwargs: object) -> object:
        reads.append(name)
        return real(name)

    monkeypatch.setattr(prompts, "load_json", counting)
    diagnosis = analyze(parse("Objectif : Lancer la v2\n- Livrer la feature A"))
    first = compact_hints(diagnosis, "fr")
    assert compact_hints(diagnosis, "fr") == first and compact_hints(diagnosis, "en")
    assert len(reads) <= 1
