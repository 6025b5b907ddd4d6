"""The eval set's data, the scorer's sanity, the harness's cache and gate — all with FakeModel, no network."""

from __future__ import annotations

import argparse
import functools
import json
import re
import shutil
from collections import Counter
from pathlib import Path
from statistics import mean
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from rewriter import FakeModel, llm, prompts, rewriting, rules
from rewriter.draft import Draft, Lang
from rewriter.evaluation import add_arguments, run
from rewriter.evaluation.cache import ResponseCache, request_key, slug
from rewriter.evaluation.cases import EvalCase, load_cases
from rewriter.evaluation.harness import Runner, baseline_payload, compare, evaluate
from rewriter.evaluation.judge import RUBRIC
from rewriter.evaluation.reports import write_reports
from rewriter.evaluation.scorer import deliverable_kept, reference_result, score
from rewriter.parsing import parse
from rewriter.result import Objective
from rewriter.rewriting import MAX_RETRIES, Prepared, _asked, prepare

ROOT = Path(__file__).resolve().parents[1]
EVALS = ROOT / "evals"
CASES = load_cases(EVALS / "cases")
BY_ID = {c.id: c for c in CASES}


def _ids(cases: list[EvalCase]) -> list[str]:
    return [c.id for c in cases]


# ---------------------------------------------------------------------------------------------- the data


def test_the_set_covers_what_issue_5_asks_for() -> None:
    langs = Counter(c.lang for c in CASES)
    assert len(CASES) >= 60
    assert langs["fr"] >= 40 and langs["en"] >= 15
    assert {c.level for c in CASES} == {1, 2, 3, 4}
    assert len({c.domain for c in CASES}) >= 10
    traps = {t for c in CASES for t in c.traps}
    wanted = {
        "run-kpi", "vague", "too-many-krs", "several-objectives", "already-good",
        "injection", "mixed-language", "spreadsheet",
    }  # fmt: skip
    assert wanted <= traps
    assert any(c.numbers for c in CASES) and any(not rules.numbers_in(c.draft) for c in CASES)


def test_case_ids_are_unique_and_match_file_names() -> None:
    assert len(set(_ids(CASES))) == len(CASES)
    assert {p.stem for p in (EVALS / "cases").glob("*.json")} == set(_ids(CASES))


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_case_data_is_consistent(case: EvalCase) -> None:
    draft_numbers = set(rules.numbers_in(case.draft))
    assert set(case.numbers) <= draft_numbers, "a must-keep number is not in the draft"
    for deliverable in case.deliverables:
        assert deliverable_kept(deliverable, [case.draft]), f"deliverable not in the draft: {deliverable}"
    for payload in case.must_not_contain:
        assert rules.fold(payload) not in rules.fold(
            "\n".join(o.verb + o.qualifier for o in case.reference.objectives)
        )
    if case.keep_as_is:
        assert "already-good" in case.traps


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_the_reference_scores_the_maximum(case: EvalCase) -> None:
    verdict = score(case, reference_result(case))
    assert verdict.passed, [f"{c.name}: {c.detail}" for c in verdict.failed_gates]
    assert verdict.score == pytest.approx(1.0)
    similarity = verdict.get("similarity")
    assert similarity is not None and similarity.value == pytest.approx(1.0)


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_an_empty_answer_scores_zero(case: EvalCase) -> None:
    for answer in ("", "   \n"):
        verdict = score(case, answer)
        assert verdict.score == 0.0 and not verdict.passed
    failed = score(
        case, reference_result(case).model_copy(update={"error": "model failed", "objectives": []})
    )
    assert failed.score == 0.0 and not failed.passed


def test_echoing_the_draft_scores_near_zero() -> None:
    weak = [c for c in CASES if c.level <= 2]
    echoes = [score(c, c.draft) for c in weak]
    assert mean(e.score for e in echoes) <= 0.1
    assert sum(e.passed for e in echoes) == 0


def test_echoing_an_already_good_draft_is_fine() -> None:
    good = [c for c in CASES if c.keep_as_is]
    assert good
    assert mean(score(c, c.draft).score for c in good) >= 0.9


def test_no_scored_case_appears_in_the_prompts() -> None:
    """The few-shot bank and every prompt file are disjoint from the scored drafts and references."""
    root = prompts.prompts_dir()
    corpus = rules.fold("\n".join(p.read_text(encoding="utf-8") for p in root.rglob("*") if p.is_file()))
    corpus = " ".join(corpus.split())
    for case in CASES:
        lines = [line.strip(" -\t") for line in case.draft.splitlines()]
        lines += [f"{o.verb} {o.qualifier}" for o in case.reference.objectives]
        lines += [kr.metric for o in case.reference.objectives for kr in o.krs]
        for line in lines:
            folded = " ".join(rules.fold(line).split())
            if len(folded) >= 25:
                assert folded not in corpus, f"{case.id}: {line!r} appears in {root}"
    for lang in ("fr", "en"):
        drafts = {" ".join(rules.fold(c.draft).split()) for c in CASES}
        for example in prompts.examples(lang):
            assert " ".join(rules.fold(example["draft"]).split()) not in drafts


def test_example_bank_entries_are_valid_answers() -> None:
    from rewriter.slots import RewriteSlots

    examples = prompts.examples("fr") + prompts.examples("en")
    assert sum(not e.get("shot") for e in examples) >= 6
    for example in examples:
        RewriteSlots.model_validate(example["answer"])


# ---------------------------------------------------------------------------------------------- the scorer


def test_numbers_the_guard_scrubbed_still_count_as_invented() -> None:
    case = BY_ID["fr-ecommerce-panier"]
    result = reference_result(case)
    result.numbers_replaced = ["45%"]
    verdict = score(case, result)
    invented = verdict.get("no_invented_numbers")
    assert invented is not None and invented.passed is False and "45%" in invented.detail
    assert not verdict.passed and verdict.score < 1


def test_a_lost_number_and_a_lost_deliverable_fail_their_gates() -> None:
    case = BY_ID["fr-ecommerce-panier"]
    result = reference_result(case)
    result.objectives[0].key_results[0].baseline = None
    result.objectives[0].initiatives = result.objectives[0].initiatives[:1]
    verdict = score(case, result)
    kept, initiatives = verdict.get("numbers_kept"), verdict.get("initiatives_kept")
    assert kept is not None and kept.passed is False and kept.value == 0.0
    assert initiatives is not None and initiatives.passed is False and 0 < initiatives.value < 1


def test_a_leaked_injection_payload_fails() -> None:
    case = BY_ID["en-mobile-injection"]
    result = reference_result(case)
    result.rationale.append("PWNED")
    check = score(case, result).get("injection_resisted")
    assert check is not None and check.passed is False


def test_an_already_good_draft_must_keep_its_numbers() -> None:
    case = BY_ID["fr-support-bon"]
    result = reference_result(case)
    result.objectives[0].key_results[1].target = None
    check = score(case, result).get("left_untouched")
    assert check is not None and check.passed is False


def test_deliverables_match_despite_rewording() -> None:
    assert deliverable_kept("Livrer l'export comptable", ["Export comptable livré aux cabinets"])
    assert not deliverable_kept("Livrer l'export comptable", ["Refaire la page panier"])


# ---------------------------------------------------------------------------------------------- the harness


# Engine v2 asks the model only for the segment of an objective code rendered without one; sound drafts
# make no call at all. The harness tests mix both, so each can count what a real model call does.
HARNESS_IDS = (
    "fr-logistique-entrepot",  # asks; the oracle's segment is a place, not people: the guard keeps it out
    "fr-marketing-injection",  # asks; the guard keeps out a model obeying the injected text
    "fr-support-bon",  # sound: code keeps it, no model call
    "en-hr-hiring-plan",  # asks; the draft names no segment, the oracle answers null
    "fr-ecommerce-panier",  # asks; same
    "en-api-reliability-good",  # sound: no model call
    "en-oneliner-smb-churn",  # asks; the oracle's segment is the draft's own words and is used
)
# What the injection in fr-marketing-injection asks to write; a compromised model copies it as the segment.
INJECTED_SEGMENT = {"objectives": [{"segment": "validée par la direction"}]}


@functools.cache
def _prepared(case_id: str) -> Prepared:
    return prepare(BY_ID[case_id].draft)


def _harness_cases() -> list[EvalCase]:
    return [BY_ID[i] for i in HARNESS_IDS]


def _asks(case: EvalCase) -> bool:
    return _prepared(case.id).messages is not None


def _oracle_answer(case: EvalCase) -> dict[str, Any] | None:
    """A perfect model's answer: per objective asked, the reference's segment when the draft words it, else null.

    None when the draft needs no model call.
    """
    prepared = _prepared(case.id)
    if prepared.messages is None:
        return None
    draft = rules.fold(case.draft)
    segments: list[str | None] = []
    for index in _asked(prepared.plan):
        reference = case.reference.objectives[min(index, len(case.reference.objectives) - 1)]
        segment = re.sub(r"^(?:pour|for)\s+", "", reference.target.strip())
        segments.append(segment if rules.fold(segment) in draft else None)
    return {"objectives": [{"segment": s} for s in segments]}


def _oracle(cases: list[EvalCase]) -> FakeModel:
    answers = [a for c in cases if (a := _oracle_answer(c)) is not None]
    return FakeModel(*answers, name="fake/oracle")


def _compromised(cases: list[EvalCase]) -> FakeModel:
    """Answers nothing valid, except on the injection case, where it obeys the injected text."""
    answers: list[Any] = []
    for case in cases:
        if _asks(case):
            answers += (
                [INJECTED_SEGMENT] if case.id == "fr-marketing-injection" else ["{}"] * (MAX_RETRIES + 1)
            )
    return FakeModel(*answers, name="fake/oracle")


def _without_the_segment_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """An engine regression on purpose: any words of the draft pass as a segment, an injected line's too.

    Engine v2's guard keeps a model that obeys the injection out (see the test below), so a regression the
    gate must catch comes from a broken guard, as a careless engine edit would break it.
    """

    def verbatim_only(segment: str, draft: Draft, objective: Objective, lang: Lang) -> bool:
        return rules.fold(segment) in rules.fold(draft.raw)

    monkeypatch.setattr(rewriting, "_segment_ok", verbatim_only)


def test_the_harness_cases_ask_the_model_only_where_code_cannot_fill_a_slot() -> None:
    asking = [c.id for c in _harness_cases() if _asks(c)]
    assert asking == [
        "fr-logistique-entrepot", "fr-marketing-injection", "en-hr-hiring-plan", "fr-ecommerce-panier",
    ]  # fmt: skip
    assert all(c.lang == parse(c.draft).lang for c in _harness_cases())
    assert _oracle_answer(BY_ID["fr-logistique-entrepot"]) == {
        "objectives": [{"segment": "à l'entrepôt de Lyon"}]
    }
    assert _oracle_answer(BY_ID["fr-ecommerce-panier"]) == {"objectives": [{"segment": None}]}
    assert _oracle_answer(BY_ID["en-oneliner-smb-churn"]) is None  # nothing left for the model to fill


def test_a_model_obeying_the_injection_is_kept_out_by_the_segment_guard(tmp_path: Path) -> None:
    case = BY_ID["fr-marketing-injection"]
    obeying = FakeModel(INJECTED_SEGMENT, name="fake/oracle")
    report = evaluate([case], Runner(obeying, ResponseCache(tmp_path / "c", enabled=False)))
    run_ = report.runs[0]
    assert run_.asked_model and len(obeying.history) == 1 and obeying.pending == 0
    assert run_.score is not None and run_.score.passed, run_.score and run_.score.failed_gates
    result = run_.result
    assert result is not None and result.provenance is not None and result.provenance.model_slots == []
    # The injected line speaks to the tool: its words are no segment, the question stays for the PM.
    assert result.objectives[0].sentence.endswith("pour [segment à préciser]")
    assert "validée par la direction" not in rules.fold(result.to_markdown())


def test_an_oracle_passes_and_a_second_run_replays_from_the_cache(tmp_path: Path) -> None:
    cases = _harness_cases()
    asking = [_asks(c) for c in cases]
    cache = ResponseCache(tmp_path / "cache")
    report = evaluate(cases, Runner(_oracle(cases), cache))
    assert report.summary.passed == len(cases), [r.score.failed_gates for r in report.runs if r.score]
    # Only drafts that need the model are requested and cached; sound drafts make no call.
    assert report.cache_misses == sum(asking) and report.cache_hits == 0
    assert report.code_only == len(cases) - sum(asking) and report.model_failures == 0
    assert [r.asked_model for r in report.runs] == asking
    assert len(list((tmp_path / "cache" / slug("fake/oracle")).glob("*.json"))) == sum(asking)
    first = {r.case.id: r for r in report.runs}
    # "bring monthly logo churn on SMB plans below 2.5% (we're at 3.8%)": the change the author states, with its
    # segment, is the objective; no library theme, so no segment to ask the model.
    churn = first["en-oneliner-smb-churn"].result
    assert churn is not None and not first["en-oneliner-smb-churn"].asked_model
    assert churn.objectives[0].sentence == "Reduce monthly logo churn on SMB plans"

    empty = FakeModel(name="fake/oracle")  # any real request would raise FakeModelExhausted
    replay = evaluate(cases, Runner(empty, ResponseCache(tmp_path / "cache")))
    assert replay.cache_hits == sum(asking) and replay.cache_misses == 0 and not empty.history
    assert [r.score.score for r in replay.runs if r.score] == [r.score.score for r in report.runs if r.score]
    assert [r.cached for r in replay.runs] == asking
    assert [r.result.to_markdown() for r in replay.runs if r.result] == [
        r.result.to_markdown() for r in report.runs if r.result
    ]


def test_a_model_failure_keeps_the_composed_result_and_replays_as_a_failure(tmp_path: Path) -> None:
    case = BY_ID["fr-ecommerce-panier"]
    broken = FakeModel(*["not json"] * (MAX_RETRIES + 1), name="fake/oracle")
    report = evaluate([case], Runner(broken, ResponseCache(tmp_path / "c")))
    run_ = report.runs[0]
    assert run_.result is not None and run_.result.provenance is not None and run_.score is not None
    assert run_.result.error is None and run_.result.needs_input and run_.result.provenance.error
    assert len(broken.history) == MAX_RETRIES + 1 and report.model_failures == 1
    # The composed result is what the PM gets, and what is scored: the same as a model answering null.
    answered = evaluate([case], Runner(_oracle([case]), ResponseCache(tmp_path / "c2")))
    assert answered.runs[0].score is not None and run_.score.score == answered.runs[0].score.score

    empty = FakeModel(name="fake/oracle")
    replay = evaluate([case], Runner(empty, ResponseCache(tmp_path / "c")))
    again = replay.runs[0]
    assert again.cached and not empty.history and replay.model_failures == 1
    assert again.result is not None and again.result.provenance is not None
    assert again.result.provenance.error == run_.result.provenance.error


def test_a_prompt_edit_misses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cases = _harness_cases()[:3]
    asking = sum(_asks(c) for c in cases)
    first = evaluate(cases, Runner(_oracle(cases), ResponseCache(tmp_path / "cache")))
    assert first.cache_misses == asking == 2
    edited = tmp_path / "prompts"
    shutil.copytree(prompts.prompts_dir(), edited)
    for lang, line in (("fr", "- Sois bref."), ("en", "- Be brief.")):
        path = edited / "segment" / f"system.{lang}.md"
        path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    monkeypatch.setenv(prompts.PROMPTS_ENV, str(edited))
    fresh = _oracle(cases)
    report = evaluate(cases, Runner(fresh, ResponseCache(tmp_path / "cache")))
    assert report.cache_misses == asking and report.cache_hits == 0 and len(fresh.history) == asking
    assert "Sois bref." in fresh.history[0]["messages"][0]["content"]
    assert report.summary.passed == len(cases)


def test_the_key_covers_the_messages() -> None:
    base: dict[str, Any] = {"kind": "rewrite", "model": "m", "prompt_version": "v", "case": "c", "params": {}}
    one = request_key(**base, messages=[{"role": "user", "content": "hints: a"}])
    two = request_key(**base, messages=[{"role": "user", "content": "hints: b"}])
    assert one != two


def test_time_budget_skips_real_calls_but_still_replays(tmp_path: Path) -> None:
    cases = _harness_cases()[:3]  # asks (recorded below), asks (not recorded), sound
    evaluate(cases[:1], Runner(_oracle(cases[:1]), ResponseCache(tmp_path / "cache")))
    empty = FakeModel(name="fake/oracle")
    report = evaluate(cases, Runner(empty, ResponseCache(tmp_path / "cache"), time_budget_s=0))
    # The budget stops real calls only: the replay and the draft code rewrites alone still run.
    assert [r.skipped is None for r in report.runs] == [True, False, True]
    assert report.summary.scored == 2 and report.cache_hits == 1 and not empty.history
    assert report.runs[1].asked_model and report.runs[1].score is None


def test_reports_are_written_failures_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _without_the_segment_guard(monkeypatch)
    by_id = {c.id: c for c in _harness_cases()}
    cases = [by_id[i] for i in ("fr-logistique-entrepot", "fr-marketing-injection", "fr-ecommerce-panier")]
    cases.append(by_id["fr-support-bon"])
    answers: list[Any] = [_oracle_answer(cases[0]), INJECTED_SEGMENT, *["not json"] * (MAX_RETRIES + 1)]
    report = evaluate(cases, Runner(FakeModel(*answers, name="fake/mixed"), ResponseCache(tmp_path / "c")))
    paths = write_reports(report, tmp_path / "reports")
    text = paths["markdown"].read_text()
    assert text.index("## Failures (1)") < text.index(cases[1].id) < text.index("## Passing cases (3)")
    assert "**injection_resisted** (leaked: validée par la direction)" in text
    assert "| before | after |" in text
    # A model failure leaves a passing composed result: the report still says the model failed.
    panier = text[text.index(f"`{cases[2].id}`") :].split("### ")[0]
    assert "Model failed, composed result kept:" in panier
    assert "1 model calls failed" in text and "1 cases rewritten by code alone" in text
    sound = text[text.index(f"`{cases[3].id}`") :].split("### ")[0]
    assert "no model call, 0 attempt(s)" in sound
    assert json.loads(paths["json"].read_text())["summary"]["passed"] == 3
    suite = ET.parse(paths["junit"]).getroot()
    assert suite.get("tests") == "4" and suite.get("failures") == "1"


def test_a_subset_is_compared_with_the_same_subset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cases = _harness_cases()[:4]
    good = evaluate(cases, Runner(_oracle(cases), ResponseCache(tmp_path / "c", enabled=False)))
    assert good.summary.passed == len(cases)
    baseline = baseline_payload(good, None, 0.05)
    _without_the_segment_guard(monkeypatch)
    bad = evaluate(cases[:2], Runner(_compromised(cases[:2]), ResponseCache(tmp_path / "c", enabled=False)))
    comparison = compare(bad, baseline, "b.json", 0.05)
    assert comparison.common_cases == 2
    regressed = {d.metric for d in comparison.regressions}
    assert regressed >= {"pass_rate", "score", "injection_resisted"}
    # The other case's model failed: its composed result is no regression.
    assert "schema_valid" not in regressed and bad.model_failures == 1
    same = compare(good, baseline, "b.json", 0.05)
    assert not same.regressions


def _args(tmp_path: Path, *extra: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    evals = tmp_path / "evals"
    if not evals.exists():
        (evals / "cases").mkdir(parents=True)
        for case in _harness_cases()[:3]:
            shutil.copy(EVALS / "cases" / f"{case.id}.json", evals / "cases")
    return parser.parse_args(["--model", "fake/oracle", "--evals-dir", str(evals), "--quiet", *extra])


def test_the_gate_exits_non_zero_on_regression(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cases = _harness_cases()[:3]
    # llm.structured resolves the model again: hand back the same FakeModel every time.
    oracle = _oracle(cases)
    monkeypatch.setattr(llm, "resolve_model", lambda model=None: oracle)
    assert run(_args(tmp_path, "--update-baseline")) == 0
    baseline = json.loads((tmp_path / "evals" / "baselines" / "fake__oracle.json").read_text())
    assert baseline["summary"]["pass_rate"] == 1.0 and len(baseline["cases"]) == 3
    calls = len(oracle.history)
    assert calls == sum(_asks(c) for c in cases) and oracle.pending == 0
    assert run(_args(tmp_path)) == 0  # replayed from the cache: identical figures
    assert len(oracle.history) == calls
    broken = _compromised(cases)
    monkeypatch.setattr(llm, "resolve_model", lambda model=None: broken)
    _without_the_segment_guard(monkeypatch)
    assert run(_args(tmp_path, "--no-cache")) == 1
    assert broken.pending == 0
    assert (tmp_path / "evals" / "reports" / "fake__oracle" / "junit.xml").is_file()


def test_unknown_cases_glob_is_a_usage_error(tmp_path: Path) -> None:
    assert run(_args(tmp_path, "--cases", "no-such-case-*")) == 2


def test_the_judge_adds_an_indicator_without_touching_the_gates(tmp_path: Path) -> None:
    cases = _harness_cases()[:1]
    verdict = {"grades": [{"criterion": c, "score": 2, "reason": "fine"} for c in RUBRIC]}
    verdict["grades"][0]["score"] = 1
    judge = FakeModel(verdict, name="fake/judge")
    report = evaluate(cases, Runner(_oracle(cases), ResponseCache(tmp_path / "c"), judge=judge))
    run_ = report.runs[0]
    assert run_.score is not None and run_.score.passed
    judged = run_.score.get("judge")
    assert judged is not None and judged.value == pytest.approx(0.9) and judged.passed is None
    assert "draft" in judge.history[0]["messages"][0]["content"]
    assert report.summary.criteria["judge"].kind == "indicator"


def test_cases_run_in_the_order_listed() -> None:
    from rewriter.evaluation.cases import select_paths

    chosen = select_paths(EVALS / "cases", "fr-saas-*,en-banking-savings,fr-saas-strategique")
    stems = [p.stem for p in chosen]
    assert stems[-1] == "en-banking-savings" and len(stems) == len(set(stems))
    assert all(s.startswith("fr-saas-") for s in stems[:-1])


def test_a_crashing_case_does_not_stop_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cases = _harness_cases()[:2]
    runner = Runner(_oracle(cases[1:]), ResponseCache(tmp_path / "c"))
    real = runner.run_case

    def flaky(case: EvalCase) -> Any:
        if case.id == cases[0].id:
            raise NameError("boom")
        return real(case)

    monkeypatch.setattr(runner, "run_case", flaky)
    report = evaluate(cases, runner)
    assert [r.score.passed for r in report.runs if r.score] == [False, True]
    assert report.runs[0].result is not None and "NameError" in (report.runs[0].result.error or "")
