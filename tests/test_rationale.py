from rewriter.analyzer import analyze, analyze_result
from rewriter.parsing import parse
from rewriter.rationale import explain
from rewriter.render import rerender
from rewriter.result import Initiative, KeyResult, Objective, RewriteResult


def rewrite_of(draft: str, krs: list[KeyResult], lang: str = "fr") -> RewriteResult:
    objective = Objective(
        verb="Améliorer",
        qualifier="l'adoption de la v2",
        target="par les clients PME",
        key_results=krs,
        initiatives=[Initiative(text="Livrer la feature A", kr=0)],
    )
    return rerender(RewriteResult(lang=lang, draft=draft, objectives=[objective]))  # type: ignore[arg-type]


def test_only_defects_the_rewrite_removed_are_claimed_as_fixed() -> None:
    draft = parse("Objectif : Lancer la v2\n- Livrer la feature A")
    krs = [
        KeyResult(verb="Augmenter", metric="la part des clients PME actifs sur la v2", unit="%"),
        KeyResult(verb="Réduire", metric="le nombre de tickets liés à la v2"),
    ]
    result = rewrite_of(draft.raw, krs)
    lines = explain(analyze(draft), analyze_result(result), result, "fr")
    assert "Les livrables deviennent des initiatives ; les résultats clés mesurent leur effet." in lines
    assert any(line.startswith("Chaque objectif a au moins deux résultats clés") for line in lines)
    assert not any("chiffres du brouillon" in line.lower() for line in lines)  # the draft had none


def test_a_defect_still_present_is_not_claimed() -> None:
    draft = parse("Objectif : Lancer la v2\n- Livrer la feature A")
    before = analyze(draft)
    # Pretend the rewrite kept the output verb: the same diagnosis before and after.
    result = rewrite_of(
        draft.raw, [KeyResult(verb="Augmenter", metric="x"), KeyResult(verb="Réduire", metric="y")]
    )
    assert (
        "Les livrables deviennent des initiatives ; les résultats clés mesurent leur effet."
        not in explain(before, before, result, "fr")
    )


def test_sound_draft_and_kept_numbers_in_english() -> None:
    text = (
        "Objective: Improve activation of new SMB accounts\n"
        "- Increase onboarding completion from 40% to 60% by end of Q2 2027\n"
        "- Reduce time to first invoice from 9 to 4 days by end of Q2 2027"
    )
    draft = parse(text)
    krs = [
        KeyResult(verb="Increase", metric="onboarding completion", baseline="40", target="60", unit="%"),
        KeyResult(verb="Reduce", metric="time to first invoice", baseline="9", target="4", unit="days"),
    ]
    result = rewrite_of(text, krs, lang="en")
    lines = explain(analyze(draft), analyze_result(result), result, "en")
    assert lines[-1] == "The draft's numbers are kept as given."
    assert (
        "The draft already followed the method: it is kept as written, with questions on what is missing."
        in lines
    )
