"""Analyzer: corpus targets, severity policy, rewrites with placeholders, spans, levels and hints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rewriter import rules
from rewriter.analysis.corpus import CorpusScore, load_corpus, score
from rewriter.analysis.messages import FINDINGS
from rewriter.analyzer import Diagnosis, Finding, analyze, analyze_result
from rewriter.draft import Lang
from rewriter.parsing import parse
from rewriter.render import rerender
from rewriter.result import KeyResult, Objective, RewriteResult

DATA = Path(__file__).parent / "data"


def codes(text: str) -> set[str]:
    return {f.code for f in analyze(parse(text)).findings}


# --- The labelled corpus -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_score() -> CorpusScore:
    cases = load_corpus(DATA / "analyzer_corpus.jsonl") + load_corpus(DATA / "analyzer_corpus_heldout.jsonl")
    assert len(cases) >= 80
    assert {c.lang for c in cases} == {"fr", "en"}
    return score(cases)


def test_corpus_overall_precision_and_recall(corpus_score: CorpusScore) -> None:
    overall = corpus_score.overall
    assert overall.precision >= 0.95, corpus_score.misses
    assert overall.recall >= 0.90, corpus_score.misses


def test_corpus_no_finding_type_under_0_8(corpus_score: CorpusScore) -> None:
    weak = [
        (s.code, round(s.precision, 2), round(s.recall, 2))
        for s in corpus_score.per_code
        if min(s.precision, s.recall) < 0.8
    ]
    assert not weak, corpus_score.misses


def test_corpus_levels(corpus_score: CorpusScore) -> None:
    assert corpus_score.level_accuracy >= 0.9, corpus_score.misses


def test_scoring_counts_a_wrong_finding_as_a_false_positive() -> None:
    case = load_corpus(DATA / "analyzer_corpus.jsonl")[0].model_copy(update={"findings": []})
    result = score([case])
    assert result.overall.fp > 0 and result.overall.precision < 1


# --- Findings on drafts --------------------------------------------------------------------------------------


def test_method_level_one_draft() -> None:
    diagnosis = analyze(
        parse("Objectif : Lancer la v2\n- Livrer la feature A\n- Mettre en production la feature B")
    )
    assert diagnosis.level == 1
    assert [(f.code, f.kr) for f in diagnosis.errors] == [
        ("obj.is_task", None),
        ("kr.output_verb", 0),
        ("kr.no_number", 0),
        ("kr.output_verb", 1),
        ("kr.no_number", 1),
    ]


@pytest.mark.parametrize(
    ("draft", "level"),
    [
        ("Objectif : Lancer la v2\n- Livrer la feature A\n- Livrer la feature B", 1),
        (
            "Objectif : Réussir la refonte de l'onboarding\n- Mettre en production le module 1\n- Valider les maquettes du module 2",
            2,
        ),
        (
            "Objectif : Améliorer l'activation des nouveaux utilisateurs\n- Faire passer le taux d'onboarding complété de 40% à 60%\n"
            "- Réduire le temps pour atteindre le 'Aha moment' de 3 min à 90 s",
            3,
        ),
        (
            "Objectif : Devenir la solution préférée des PME sur notre marché\n- Atteindre un NPS supérieur à 50\n"
            "- Augmenter notre part de marché de 15% à 25%",
            4,
        ),
    ],
)
def test_the_four_levels_of_the_method(draft: str, level: int) -> None:
    diagnosis = analyze(parse(draft))
    assert diagnosis.level == level
    assert diagnosis.objective_levels == [level]
    assert len(diagnosis.reasons_fr) == len(diagnosis.reasons_en) == 1


def test_draft_level_is_its_least_mature_objective() -> None:
    text = (
        "O1 : Améliorer l'activation des comptes PME\n- Faire passer l'activation de 35% à 50%\n- Réduire la configuration de 40 à 15 min\n"
        "O2 : Lancer l'application iOS\n- Livrer le module de paiement\n- Publier sur l'App Store"
    )
    diagnosis = analyze(parse(text))
    assert diagnosis.objective_levels == [3, 1]
    assert diagnosis.level == 1


@pytest.mark.parametrize(
    ("kr", "code"),
    [
        ("Être noté 4,6 sur l'app", "kr.state_verb"),
        ("Avoir 200 restaurants actifs", "kr.state_verb"),
        ("Have an app store rating of 4.7", "kr.state_verb"),
        ("Créer 3 battlecards", "kr.output_verb"),
        ("Ship the new onboarding", "kr.output_verb"),
        ("Augmenter le NPS", "kr.no_number"),
        ("Réduire de 20% le temps de mise en ligne d'un contenu", "kr.no_baseline"),
        ("Augmenter le taux de réachat (aujourd'hui 18%)", "kr.no_target"),
        ("Faire passer la conversion de 2% à 3%", "kr.no_deadline"),
        ("Maintenir la disponibilité à 99,9%", "kr.run_kpi"),
        ("Keep checkout errors below 0.5%", "kr.run_kpi"),
        ("NPS ≥ 40", "kr.no_verb"),
    ],
)
def test_kr_defects(kr: str, code: str) -> None:
    assert code in codes(
        f"Objectif : Améliorer la fidélité des clients PME\n- {kr}\n- Réduire le churn de 5% à 3% d'ici fin T2 2027"
    )


@pytest.mark.parametrize(
    "kr",
    [
        "Reduce the average first response time: it is 9 hours, target 1 hour by end of Q1",
        "Réduire le délai de réponse : il est de 9 heures, cible 1 heure d'ici fin T1",
    ],
)
def test_a_stated_level_before_the_target_is_the_baseline(kr: str) -> None:
    found = codes(
        f"Objectif : Améliorer la fidélité des clients PME\n- {kr}\n- Réduire le churn de 5% à 3% d'ici fin T2 2027"
    )
    assert "kr.no_baseline" not in found and "kr.no_target" not in found


def test_a_sound_kr_has_no_finding() -> None:
    text = (
        "Objectif : Améliorer l'activation de nos nouveaux utilisateurs\n"
        "- Faire passer le taux d'onboarding complété de 40% à 60% d'ici fin T2 2027\n"
        "- Réduire le temps pour atteindre le premier « aha moment » de 3 min à 90 s d'ici fin T2 2027"
    )
    assert analyze(parse(text)).findings == []


def test_draft_cycle_stands_for_every_kr_deadline() -> None:
    body = "Objectif : Améliorer l'activation des PME\n- Faire passer l'activation de 35% à 50%\n- Réduire la configuration de 40 à 15 min"
    assert "kr.no_deadline" in codes(body)
    assert "kr.no_deadline" not in codes("OKR T1 2027\n" + body)


@pytest.mark.parametrize(
    ("objective", "code"),
    [
        ("Acquérir de nouveaux utilisateurs", "obj.too_vague"),
        ("Grow revenue", "obj.too_vague"),
        ("Lancer la v2 du produit", "obj.is_task"),
        ("Réussir le projet de refonte de l'onboarding", "obj.is_task"),
        ("NPS > 50", "obj.is_metric"),
        ("Atteindre 1 M€ de chiffre d'affaires", "obj.is_metric"),
        ("Amélioration de l'onboarding des PME", "obj.not_infinitive"),
        ("Growing revenue from enterprise accounts", "obj.not_infinitive"),
    ],
)
def test_objective_defects(objective: str, code: str) -> None:
    assert code in codes(
        f"Objectif : {objective}\n- Réduire le churn de 5% à 3% d'ici fin T2\n- Augmenter le NPS de 20 à 30 d'ici fin T2"
    )


@pytest.mark.parametrize(
    "objective",
    [
        "Développer l'usage de l'application mobile chez les artisans",
        "Faire de ce lancement un accélérateur de pipeline",
        "Make the mobile app the main channel for field sales reps",
        "Livrer les clients professionnels à l'heure",
    ],
)
def test_objectives_that_only_look_like_tasks(objective: str) -> None:
    assert "obj.is_task" not in codes(
        f"Objectif : {objective}\n- Réduire le churn de 5% à 3%\n- Augmenter le NPS de 20 à 30"
    )


def test_counts() -> None:
    one_kr = "Objectif : Améliorer la rétention des PME\n- Réduire le churn de 5% à 3%"
    assert "okr.too_few_krs" in codes(one_kr)
    five_krs = "Objectif : Améliorer la rétention des PME\n" + "\n".join(
        f"- Réduire le churn {i} de 5% à 3%" for i in range(5)
    )
    assert "okr.too_many_krs" in codes(five_krs)
    four_krs = "Objectif : Améliorer la rétention des PME\n" + "\n".join(
        f"- Réduire le churn du segment {c} de 5% à 3%" for c in "ABCD"
    )
    assert not {"okr.too_many_krs", "okr.too_few_krs"} & codes(four_krs)
    four_objectives = "\n".join(f"O{i} - Améliorer la rétention du segment {i}" for i in range(1, 5))
    assert "draft.too_many_objectives" in codes(four_objectives)
    assert "draft.too_many_objectives" not in codes(
        "\n".join(f"O{i} - Améliorer la rétention du segment {i}" for i in range(1, 4))
    )


def test_redundant_and_unrelated_krs() -> None:
    text = (
        "Objective: Improve activation of new self-serve accounts\n"
        "- Cut time to first dashboard from 20 min to 5 min by end of Q2\n"
        "- Reduce the time to reach the first dashboard from 20 min to 5 min by end of Q2\n"
        "- Reduce AWS hosting costs from $30k to $25k by end of Q2"
    )
    found = {(f.code, f.kr) for f in analyze(parse(text)).findings}
    assert ("okr.redundant_krs", 1) in found
    assert ("kr.unrelated", 2) in found
    assert ("kr.unrelated", 0) not in found


def test_mixed_languages_but_not_anglicisms() -> None:
    mixed = "Objective: Reduce churn among small retailers\n- Reduce monthly churn from 4% to 2.5%\n- Augmenter le taux de renouvellement de 70% à 80% d'ici fin T3"
    assert "draft.mixed_languages" in codes(mixed)
    jargon = "Objectif : Augmenter le win rate des deals compétitifs\n- Faire passer le win rate de 20% à 30%\n- Réduire le churn des comptes onboardés de 5% à 3%"
    assert "draft.mixed_languages" not in codes(jargon)


def test_unparseable_draft() -> None:
    diagnosis = analyze(parse("Réunion de lundi : on a parlé du budget."))
    assert [f.code for f in diagnosis.errors] == ["draft.unparseable"]
    assert diagnosis.level == 1


# --- Finding model, spans, hints ---------------------------------------------------------------------------


def test_span_and_line_point_at_the_kr_text() -> None:
    text = "OKR T1 2027\nObjectif : Lancer la v2\n  - Livrer la feature A\n- Valider 2 maquettes"
    diagnosis = analyze(parse(text))
    finding = next(f for f in diagnosis.findings if f.code == "kr.output_verb" and f.kr == 0)
    assert finding.line == 3
    assert finding.span is not None
    assert text[finding.span[0] : finding.span[1]] == "Livrer la feature A"
    assert (finding.objective, finding.kr) == (0, 0)


def test_every_code_has_both_languages_and_no_unfilled_placeholder() -> None:
    text = (
        "O1 - Lancer la v2\n- Livrer A\n- Être présent\n- Avoir 3 clients\n- Maintenir 99%\n- Réduire de 20%\n"
        "O2 - NPS > 50\nO3 - Amélioration\nO4 - Acquérir de nouveaux utilisateurs"
    )
    diagnosis = analyze(parse(text))
    assert len({f.code for f in diagnosis.findings}) >= 8
    for f in diagnosis.findings:
        for text_ in (f.message_fr, f.message_en, f.suggestion_fr, f.suggestion_en):
            assert text_ and not re.search(r"\{\w+\}", text_)
    for code, wording in FINDINGS.items():
        assert wording.message_fr != wording.message_en, code


def test_message_and_suggestion_follow_the_language() -> None:
    f = analyze(parse("Objectif : Lancer la v2\n- Livrer la feature A\n- Livrer la feature B")).errors[0]
    assert f.message("fr") == f.message_fr and f.message("en") == f.message_en
    assert f.suggestion("fr") == f.suggestion_fr and f.suggestion("en") == f.suggestion_en


def test_findings_keep_the_values_their_wording_quotes() -> None:
    f = analyze(parse("Objectif : Lancer la v2\n- Livrer la feature A\n- Livrer la feature B")).errors[0]
    assert f.values and all(v in f.message_fr for v in f.values.values())


def test_finding_fields_are_documented() -> None:
    for model in (Finding, Diagnosis):
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name}"


# --- Rewrites ------------------------------------------------------------------------------------------------


def _result(
    lang: Lang, krs: list[KeyResult], verb: str = "Améliorer", target: str = "des nouveaux clients PME"
) -> RewriteResult:
    obj = Objective(verb=verb, qualifier="l'activation", target=target, key_results=krs)
    return rerender(RewriteResult(lang=lang, draft="Lancer la v2", objectives=[obj]))


def test_rewrite_with_placeholders_has_no_error() -> None:
    result = _result(
        "fr",
        [
            KeyResult(
                verb="Faire passer",
                metric="le taux d'onboarding complété",
                baseline="40",
                target="60",
                unit="%",
                deadline="fin T2 2027",
            ),
            KeyResult(verb="Réduire", metric="le temps médian jusqu'à la première valeur", target="90 s"),
        ],
    )
    assert "[base à mesurer]" in result.objectives[0].key_results[1].sentence
    diagnosis = analyze_result(result)
    assert diagnosis.errors == []
    assert diagnosis.level == 3


def test_english_rewrite_with_placeholders_has_no_error() -> None:
    result = _result(
        "en",
        [
            KeyResult(verb="Reduce", metric="median time to first value", target="90 s"),
            KeyResult(
                verb="Increase",
                metric="completed onboarding",
                baseline="40",
                target="[X]",
                unit="%",
                deadline="end of Q2 2027",
            ),
        ],
        verb="Improve",
        target="of new SMB accounts",
    )
    assert analyze_result(result).errors == []


def test_rewrite_keeping_an_output_verb_is_an_error() -> None:
    result = _result(
        "fr",
        [
            KeyResult(verb="Livrer", metric="la feature A", target="1"),
            KeyResult(verb="Augmenter", metric="le taux d'activation", baseline="20", target="30", unit="%"),
        ],
    )
    errors = analyze_result(result).errors
    assert [(e.code, e.kr) for e in errors] == [("kr.output_verb", 0)]


def test_rewrite_with_one_kr_is_an_error() -> None:
    result = _result(
        "fr",
        [KeyResult(verb="Augmenter", metric="le taux d'activation", baseline="20", target="30", unit="%")],
    )
    assert [e.code for e in analyze_result(result).errors] == ["okr.too_few_krs"]


def test_run_kpi_rewrite_is_a_warning_not_an_error() -> None:
    result = _result(
        "fr",
        [
            KeyResult(
                verb="Maintenir",
                metric="l'activation des comptes existants",
                target="45",
                unit="%",
                deadline="fin T2 2027",
            ),
            KeyResult(
                verb="Augmenter",
                metric="le taux d'activation",
                baseline="20",
                target="30",
                unit="%",
                deadline="fin T2 2027",
            ),
        ],
    )
    diagnosis = analyze_result(result)
    assert diagnosis.errors == []
    assert [(f.code, f.severity) for f in diagnosis.findings] == [("kr.run_kpi", "warning")]


@pytest.mark.parametrize(
    ("verb", "ok"),
    [
        ("Améliorer", True),
        ("Permettre", True),
        ("Improve", True),
        ("Help", True),
        ("Faire de", True),
        ("Lancer", False),
        ("Ship", False),
        ("Réussir", False),
        ("Être", False),
        ("Amélioration", False),
        ("Growing", False),
    ],
)
def test_objective_slot_verbs_share_the_analyzer_lexicons(verb: str, ok: bool) -> None:
    assert (rules.objective_verb_problem(verb) is None) is ok


def test_analyze_result_memo_hands_out_copies() -> None:
    from rewriter.result import KeyResult, Objective, RewriteResult

    result = RewriteResult(
        lang="fr",
        draft="d",
        objectives=[
            Objective(
                verb="Livrer",
                qualifier="la v2",
                target="aux clients",
                key_results=[KeyResult(verb="Augmenter", metric="le taux d'usage")],
            )
        ],
    )
    first = analyze_result(result)
    assert first.errors
    first.findings.clear()
    again = analyze_result(result)
    assert again.errors and again is not first


def test_frozen_corpus_precision_and_recall() -> None:
    """The frozen corpus was labelled by hand before the analyzer ever ran on it: the one independent measure.

    Floors sit a little under the first measure (precision 0.903, recall 0.897 on 72 drafts). When this
    fails, fix the analyzer or the parser; relabel a case only if its label contradicts the definitions.
    """
    result = score(load_corpus(DATA / "analyzer_corpus_frozen.jsonl"))
    assert result.cases >= 60
    assert result.overall.precision >= 0.88, result.misses
    assert result.overall.recall >= 0.87, result.misses
