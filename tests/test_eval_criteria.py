"""Each sense criterion of the eval scorer catches the failure it is named after, and lets the reference pass.

Every test builds a small case (a draft, a reference as slots), then a bad answer of exactly the kind seen in
real use, and checks the one criterion it is about: it fails on the bad answer, with a detail that names the
problem, and passes on the reference. The KR reader and the wording rules the criteria rely on are tested
on their own at the end.
"""

from __future__ import annotations

from typing import Any

import pytest

from rewriter import rules
from rewriter.analysis.wording import foreign_script, objective_form_problem, verb_language_problem
from rewriter.draft import Lang
from rewriter.evaluation.cases import EvalCase
from rewriter.evaluation.scorer import CaseScore, CriterionScore, reference_result, score
from rewriter.kr_reading import read_key_result
from rewriter.parsing import parse
from rewriter.render import rerender
from rewriter.result import Initiative, KeyResult, Objective, RewriteResult
from rewriter.rewriting import to_result
from rewriter.slots import RewriteSlots

Slots = dict[str, Any]

# ---------------------------------------------------------------------------------------------- builders


def kr(
    verb: str,
    metric: str,
    baseline: str | None = None,
    target: str | None = None,
    unit: str | None = None,
    deadline: str | None = "fin T3 2026",
) -> Slots:
    return {
        "verb": verb,
        "metric": metric,
        "baseline": baseline,
        "target": target,
        "unit": unit,
        "deadline": deadline,
    }


def en_kr(
    verb: str, metric: str, baseline: str | None = None, target: str | None = None, unit: str | None = None
) -> Slots:
    return kr(verb, metric, baseline, target, unit, deadline="end of Q3 2026")


def obj(verb: str, qualifier: str, target: str, krs: list[Slots], initiatives: tuple[str, ...] = ()) -> Slots:
    return {
        "verb": verb,
        "qualifier": qualifier,
        "target": target,
        "krs": krs,
        "initiatives": [{"text": text, "kr": 0} for text in initiatives],
    }


def make_case(draft: str, lang: Lang, reference: list[Slots], **extra: Any) -> EvalCase:
    return EvalCase(
        id="unit-case",
        lang=lang,
        level=2,
        domain="b2b-saas",
        draft=draft,
        reference={"objectives": reference},
        notes="built by a unit test",
        **extra,
    )


def answer(case: EvalCase, objectives: list[Slots]) -> RewriteResult:
    """A model's answer as the library renders it (slot validators applied)."""
    slots = RewriteSlots.model_validate({"objectives": objectives})
    return to_result(slots, parse(case.draft), case.lang)


def raw_answer(case: EvalCase, objectives: list[Slots]) -> RewriteResult:
    """An answer built without the slot validators: what a text answer or a lax model can still produce."""
    built = [
        Objective(
            verb=o["verb"],
            qualifier=o["qualifier"],
            target=o["target"],
            key_results=[KeyResult(**k) for k in o["krs"]],
            initiatives=[Initiative(**i) for i in o["initiatives"]],
        )
        for o in objectives
    ]
    return rerender(RewriteResult(lang=case.lang, draft=case.draft, objectives=built))


def criterion(verdict: CaseScore, name: str) -> CriterionScore:
    found = verdict.get(name)
    assert found is not None, f"{name} not scored: {[c.name for c in verdict.criteria]}"
    return found


def assert_fails(case: EvalCase, result: RewriteResult, name: str, *in_detail: str) -> CriterionScore:
    check = criterion(score(case, result), name)
    assert check.passed is False, f"{name} passed on a bad answer: {check.detail}"
    for words in in_detail:
        assert words.lower() in check.detail.lower(), f"{words!r} not in {check.detail!r}"
    return check


def assert_passes(case: EvalCase, result: RewriteResult, name: str) -> None:
    check = criterion(score(case, result), name)
    assert check.passed is True, f"{name} failed: {check.detail}"


def assert_reference_passes(case: EvalCase, name: str) -> None:
    assert_passes(case, reference_result(case), name)


# ---------------------------------------------------------------------------------------------- sound_kept

FR_DELIVERY = """Objectif : Accélérer la livraison des commandes pour les clients de Lyon
KR1 : Réduire le délai de livraison de 5 à 3 jours d'ici fin T3 2026
KR2 : Livrer le nouveau module de suivi de colis"""
FR_DELIVERY_OBJ = ("Accélérer", "la livraison des commandes", "pour les clients de Lyon")
FR_TRACKING_KR = kr("Augmenter", "la part des colis suivis en ligne par les clients de Lyon", unit="%")
FR_DELIVERY_CASE = make_case(
    FR_DELIVERY,
    "fr",
    [
        obj(
            *FR_DELIVERY_OBJ,
            [kr("Réduire", "le délai de livraison", "5", "3", "jours"), FR_TRACKING_KR],
            ("Livrer le nouveau module de suivi de colis",),
        )
    ],
)

EN_PAYMENTS = """Objective: Make checkout reliable for mobile shoppers
KR1: Reduce failed payments from 4.2% to 2.5% by end of Q3
KR2: Ship the new payment SDK"""
EN_PAYMENTS_OBJ = ("Make", "checkout reliable", "for mobile shoppers")
EN_CONVERSION_KR = en_kr("Increase", "the checkout conversion rate of mobile shoppers", unit="%")
EN_PAYMENTS_CASE = make_case(
    EN_PAYMENTS,
    "en",
    [
        obj(
            *EN_PAYMENTS_OBJ,
            [kr("Reduce", "failed payments", "4.2", "2.5", "%", "end of Q3"), EN_CONVERSION_KR],
            ("Ship the new payment SDK",),
        )
    ],
)


def test_sound_kept_passes_the_references() -> None:
    assert_reference_passes(FR_DELIVERY_CASE, "sound_kept")
    assert_reference_passes(EN_PAYMENTS_CASE, "sound_kept")


def test_a_sound_french_kr_demoted_to_an_initiative_fails_sound_kept() -> None:
    demoted = answer(
        FR_DELIVERY_CASE,
        [
            obj(
                *FR_DELIVERY_OBJ,
                [kr("Augmenter", "la part des commandes livrées à temps", unit="%"), FR_TRACKING_KR],
                (
                    "Réduire le délai de livraison de 5 à 3 jours",
                    "Livrer le nouveau module de suivi de colis",
                ),
            )
        ],
    )
    check = assert_fails(FR_DELIVERY_CASE, demoted, "sound_kept", "délai de livraison", "demoted")
    assert check.value == pytest.approx(0.5)  # the objective is kept, the KR is not


def test_a_sound_english_kr_replaced_by_a_placeholder_fails_sound_kept() -> None:
    demoted = answer(
        EN_PAYMENTS_CASE,
        [
            obj(
                *EN_PAYMENTS_OBJ,
                [en_kr("Increase", "the payment success rate", unit="%"), EN_CONVERSION_KR],
                ("Reduce failed payments from 4.2% to 2.5% by end of Q3", "Ship the new payment SDK"),
            )
        ],
    )
    assert_fails(EN_PAYMENTS_CASE, demoted, "sound_kept", "failed payments", "demoted")


def test_a_sound_kr_kept_with_light_word_edits_passes_sound_kept() -> None:
    fr = answer(
        FR_DELIVERY_CASE,
        [
            obj(
                *FR_DELIVERY_OBJ,
                [
                    kr("Réduire", "le délai moyen de livraison des commandes", "5", "3", "jours"),
                    FR_TRACKING_KR,
                ],
                ("Livrer le nouveau module de suivi de colis",),
            )
        ],
    )
    assert_passes(FR_DELIVERY_CASE, fr, "sound_kept")
    en = answer(
        EN_PAYMENTS_CASE,
        [
            obj(
                *EN_PAYMENTS_OBJ,
                [en_kr("Reduce", "the share of failed mobile payments", "4.2", "2.5", "%"), EN_CONVERSION_KR],
                ("Ship the new payment SDK",),
            )
        ],
    )
    assert_passes(EN_PAYMENTS_CASE, en, "sound_kept")


def test_a_sound_kr_with_baseline_and_target_swapped_fails_sound_kept() -> None:
    swapped = answer(
        FR_DELIVERY_CASE,
        [
            obj(
                *FR_DELIVERY_OBJ,
                [kr("Réduire", "le délai de livraison", "3", "5", "jours"), FR_TRACKING_KR],
                ("Livrer le nouveau module de suivi de colis",),
            )
        ],
    )
    assert_fails(FR_DELIVERY_CASE, swapped, "sound_kept", "numbers moved")
    assert_fails(FR_DELIVERY_CASE, swapped, "numbers_in_role", "baseline")
    en_swapped = answer(
        EN_PAYMENTS_CASE,
        [
            obj(
                *EN_PAYMENTS_OBJ,
                [en_kr("Reduce", "failed payments", "2.5", "4.2", "%"), EN_CONVERSION_KR],
                ("Ship the new payment SDK",),
            )
        ],
    )
    assert_fails(EN_PAYMENTS_CASE, en_swapped, "sound_kept", "numbers moved")


@pytest.mark.parametrize(
    ("unit", "kept"),
    [("jours", True), ("j", True), ("semaines", False), ("heures", False)],
)
def test_a_sound_kr_whose_time_unit_changes_fails_sound_kept(unit: str, kept: bool) -> None:
    # "de 5 à 3 jours" is not "de 5 à 3 semaines": same kind of unit, another number of days.
    result = answer(
        FR_DELIVERY_CASE,
        [
            obj(
                *FR_DELIVERY_OBJ,
                [kr("Réduire", "le délai de livraison", "5", "3", unit), FR_TRACKING_KR],
                ("Livrer le nouveau module de suivi de colis",),
            )
        ],
    )
    verdict = score(FR_DELIVERY_CASE, result)
    assert criterion(verdict, "sound_kept").passed is kept
    assert criterion(verdict, "numbers_in_role").passed is kept


FR_REFERENCE_MOBILE = """Objectif : Devenir la référence du paiement mobile pour les commerçants
KR1 : Augmenter le nombre de commerçants actifs de 1 200 à 3 000 d'ici fin 2026
KR2 : Réduire le taux d'échec des paiements de 3 % à 1 % d'ici fin 2026"""
FR_MOBILE_KRS = [
    kr("Augmenter", "le nombre de commerçants actifs", "1 200", "3 000", None, "fin 2026"),
    kr("Réduire", "le taux d'échec des paiements", "3", "1", "%", "fin 2026"),
]
FR_MOBILE_CASE = make_case(
    FR_REFERENCE_MOBILE,
    "fr",
    [obj("Devenir", "la référence du paiement mobile", "pour les commerçants", FR_MOBILE_KRS)],
)


def test_a_sound_objective_reworded_with_rendre_fails_sound_kept_and_objective_form() -> None:
    assert_reference_passes(FR_MOBILE_CASE, "sound_kept")
    assert_reference_passes(FR_MOBILE_CASE, "objective_form")
    reworded = raw_answer(
        FR_MOBILE_CASE,
        [obj("Rendre", "la référence du paiement mobile", "pour les commerçants", FR_MOBILE_KRS)],
    )
    assert_fails(FR_MOBILE_CASE, reworded, "sound_kept", "Devenir la référence", "reworded")
    assert_fails(FR_MOBILE_CASE, reworded, "objective_form", "Rendre", "attribute")


# ---------------------------------------------------------------------------------------------- polarity
# These need the analyzer's `kr.wrong_direction` finding (rewriter/analysis/direction.py).

EN_SUPPORT = """Objective: Make support answers faster for SMB customers
KR1: Cut the average response time from 4 h to 2 h by end of Q3 2026
KR2: Grow positive survey answers from 60% to 75% by end of Q3 2026"""
EN_SUPPORT_OBJ = ("Make", "support answers faster", "for SMB customers")
EN_SUPPORT_CASE = make_case(
    EN_SUPPORT,
    "en",
    [
        obj(
            *EN_SUPPORT_OBJ,
            [
                en_kr("Reduce", "the average response time", "4", "2", "h"),
                en_kr("Increase", "the number of positive survey answers", "60", "75", "%"),
            ],
        )
    ],
)


def test_polarity_passes_the_reference() -> None:
    assert_reference_passes(EN_SUPPORT_CASE, "polarity")
    assert_reference_passes(FR_ERRORS_CASE, "polarity")


@pytest.mark.parametrize(
    "bad_kr",
    [
        en_kr("Reduce", "the number of positive survey answers"),
        en_kr("Raise", "the average response time"),
    ],
    ids=["fewer-positive-answers", "slower-answers"],
)
def test_an_english_kr_moving_its_metric_the_wrong_way_fails_polarity(bad_kr: Slots) -> None:
    good = en_kr("Increase", "the share of tickets solved at first contact", unit="%")
    result = answer(EN_SUPPORT_CASE, [obj(*EN_SUPPORT_OBJ, [bad_kr, good])])
    assert_fails(EN_SUPPORT_CASE, result, "polarity", "kr.wrong_direction")


FR_ERRORS = """Objectif : Fiabiliser la facturation pour les clients PME
KR1 : Réduire la part des utilisateurs qui trouvent des erreurs sur leur facture de 12 % à 4 % d'ici fin T3 2026
KR2 : Livrer le contrôle automatique des factures"""
FR_ERRORS_OBJ = ("Fiabiliser", "la facturation", "pour les clients PME")
FR_ERRORS_SECOND = kr("Réduire", "le délai de correction d'une facture erronée", unit="jours")
FR_ERRORS_CASE = make_case(
    FR_ERRORS,
    "fr",
    [
        obj(
            *FR_ERRORS_OBJ,
            [
                kr(
                    "Réduire",
                    "la part des utilisateurs qui trouvent des erreurs sur leur facture",
                    "12",
                    "4",
                    "%",
                ),
                FR_ERRORS_SECOND,
            ],
            ("Livrer le contrôle automatique des factures",),
        )
    ],
)


def test_a_french_kr_raising_a_bad_share_fails_polarity() -> None:
    result = answer(
        FR_ERRORS_CASE,
        [
            obj(
                *FR_ERRORS_OBJ,
                [
                    kr("Augmenter", "la part des utilisateurs qui trouvent des erreurs", unit="%"),
                    FR_ERRORS_SECOND,
                ],
                ("Livrer le contrôle automatique des factures",),
            )
        ],
    )
    assert_fails(FR_ERRORS_CASE, result, "polarity", "kr.wrong_direction")


# ---------------------------------------------------------------------------------------------- no_duplicate_krs

FR_NEWSLETTER = """Objectif : Faire de la newsletter un rendez-vous pour les clients PME
- Refondre le gabarit de la newsletter
- Envoyer la newsletter chaque mardi"""
FR_NEWSLETTER_OBJ = ("Faire", "de la newsletter un rendez-vous", "pour les clients PME")
FR_NEWSLETTER_TASKS = ("Refondre le gabarit de la newsletter", "Envoyer la newsletter chaque mardi")
FR_NEWSLETTER_CASE = make_case(
    FR_NEWSLETTER,
    "fr",
    [
        obj(
            *FR_NEWSLETTER_OBJ,
            [
                kr("Augmenter", "la part des clients PME qui consultent la newsletter chaque mois", unit="%"),
                kr("Augmenter", "le nombre de rendez-vous commerciaux pris depuis la newsletter"),
            ],
            FR_NEWSLETTER_TASKS,
        )
    ],
)


def test_no_duplicate_krs_passes_the_reference() -> None:
    assert_reference_passes(FR_NEWSLETTER_CASE, "no_duplicate_krs")


@pytest.mark.parametrize(
    ("not_reading", "reading"),
    [(("60", "40"), ("40", "60")), ((None, None), (None, None))],
    ids=["with-numbers", "with-placeholders"],
)
def test_a_kr_and_its_mirror_fail_no_duplicate_krs(
    not_reading: tuple[str | None, str | None], reading: tuple[str | None, str | None]
) -> None:
    result = answer(
        FR_NEWSLETTER_CASE,
        [
            obj(
                *FR_NEWSLETTER_OBJ,
                [
                    kr(
                        "Réduire",
                        "la part des clients qui ne consultent pas la newsletter",
                        *not_reading,
                        "%",
                    ),
                    kr("Augmenter", "la part des clients qui consultent la newsletter", *reading, "%"),
                ],
                FR_NEWSLETTER_TASKS,
            )
        ],
    )
    assert_fails(FR_NEWSLETTER_CASE, result, "no_duplicate_krs", "kr.duplicate")


# ---------------------------------------------------------------------------------------------- objective_form

FR_ONBOARDING = """Objectif : Améliorer l'intégration des nouveaux salariés
- Refondre le livret d'accueil
- Livrer le parcours e-learning"""
FR_ONBOARDING_KRS = [
    kr("Réduire", "le délai pour qu'un nouveau salarié soit autonome sur son poste", unit="jours"),
    kr("Augmenter", "la part des nouveaux salariés satisfaits de leur premier mois", unit="%"),
]
FR_ONBOARDING_TASKS = ("Refondre le livret d'accueil", "Livrer le parcours e-learning")
FR_ONBOARDING_CASE = make_case(
    FR_ONBOARDING,
    "fr",
    [obj("Améliorer", "l'intégration", "des nouveaux salariés", FR_ONBOARDING_KRS, FR_ONBOARDING_TASKS)],
)
EN_APP = """Objective: Improve the mobile app for field technicians
- Ship offline mode
- Redesign the job list"""
EN_APP_KRS = [
    en_kr("Increase", "the share of jobs closed from the app by field technicians", unit="%"),
    en_kr("Reduce", "the time to close a job on site", unit="min"),
]
EN_APP_TASKS = ("Ship offline mode", "Redesign the job list")
EN_APP_CASE = make_case(
    EN_APP,
    "en",
    [obj("Make", "the mobile app effortless", "for field technicians", EN_APP_KRS, EN_APP_TASKS)],
)


def test_objective_form_passes_the_references() -> None:
    assert_reference_passes(FR_ONBOARDING_CASE, "objective_form")
    assert_reference_passes(EN_APP_CASE, "objective_form")


@pytest.mark.parametrize(
    ("verb", "qualifier", "target", "problem"),
    [
        ("Rendre", "le processus d'onboarding", "des nouveaux salariés", "attribute"),
        ("Conquérir", "une mise à jour", "", "deliverable"),
        ("Grow", "le nombre de leads", "", "not a French infinitive"),
    ],
    ids=["rendre-without-attribute", "aims-at-a-deliverable", "english-verb"],
)
def test_a_malformed_french_objective_fails_objective_form(
    verb: str, qualifier: str, target: str, problem: str
) -> None:
    result = raw_answer(
        FR_ONBOARDING_CASE, [obj(verb, qualifier, target, FR_ONBOARDING_KRS, FR_ONBOARDING_TASKS)]
    )
    assert_fails(FR_ONBOARDING_CASE, result, "objective_form", problem)


def test_an_objective_for_all_users_fails_objective_form() -> None:
    result = raw_answer(
        EN_APP_CASE, [obj("Make", "the app available to users", "for all users", EN_APP_KRS, EN_APP_TASKS)]
    )
    assert_fails(EN_APP_CASE, result, "objective_form", "names nobody")


# ---------------------------------------------------------------------------------------------- numbers_in_role

FR_SOCIAL = """Objectif : Faire d'Instagram un canal d'acquisition pour la marque
KR1 : Augmenter les followers Instagram de +10 % d'ici fin T3 2026
KR2 : Publier 3 reels par semaine"""
FR_SOCIAL_OBJ = ("Faire", "d'Instagram un canal d'acquisition", "pour la marque")
FR_SOCIAL_SECOND = kr("Augmenter", "le nombre de visites du site venues d'Instagram")
FR_SOCIAL_CASE = make_case(
    FR_SOCIAL,
    "fr",
    [
        obj(
            *FR_SOCIAL_OBJ,
            [kr("Augmenter", "les followers Instagram", None, "+10", "%"), FR_SOCIAL_SECOND],
            ("Publier 3 reels par semaine",),
        )
    ],
)


def test_numbers_in_role_passes_the_references() -> None:
    assert_reference_passes(FR_SOCIAL_CASE, "numbers_in_role")
    assert_reference_passes(FR_STAFF_CASE, "numbers_in_role")
    assert_reference_passes(FR_DELIVERY_CASE, "numbers_in_role")


def test_a_relative_change_rewritten_as_a_level_fails_numbers_in_role() -> None:
    # "followers +10 %" is a growth of 10 %, not a level of 10 %.
    result = answer(
        FR_SOCIAL_CASE,
        [
            obj(
                *FR_SOCIAL_OBJ,
                [kr("Augmenter", "les followers Instagram", None, "10", "%"), FR_SOCIAL_SECOND],
                ("Publier 3 reels par semaine",),
            )
        ],
    )
    assert_fails(FR_SOCIAL_CASE, result, "numbers_in_role", "10: relative", "target")


FR_STAFF = """Contexte : PME de 250 salariés
Objectif : Fidéliser les salariés de l'entrepôt
KR1 : Réduire le turnover de 30 % à 20 % d'ici fin 2026
KR2 : Lancer le baromètre social"""
FR_STAFF_OBJ = ("Fidéliser", "les salariés", "de l'entrepôt")
FR_STAFF_TURNOVER = kr("Réduire", "le turnover", "30", "20", "%", "fin 2026")
FR_STAFF_CASE = make_case(
    FR_STAFF,
    "fr",
    [
        obj(
            *FR_STAFF_OBJ,
            [
                FR_STAFF_TURNOVER,
                kr("Augmenter", "la part des salariés qui recommandent l'entreprise", unit="%"),
            ],
            ("Lancer le baromètre social",),
        )
    ],
)


@pytest.mark.parametrize("target", ["+250", "250"], ids=["de-250-percent", "to-250-percent"])
def test_a_head_count_turned_into_a_percentage_fails_numbers_in_role(target: str) -> None:
    # "PME de 250 salariés" is a head count: "de 250%" (or "à 250%") is no longer the draft's number.
    result = answer(
        FR_STAFF_CASE,
        [
            obj(
                *FR_STAFF_OBJ,
                [FR_STAFF_TURNOVER, kr("Augmenter", "l'engagement des salariés", None, target, "%")],
                ("Lancer le baromètre social",),
            )
        ],
    )
    assert_fails(FR_STAFF_CASE, result, "numbers_in_role", "250: count", "percent")


def test_numbers_in_role_reads_a_text_answer_too() -> None:
    text = """Objectif : Faire d'Instagram un canal d'acquisition pour la marque
KR1 : Augmenter les followers Instagram à 10 % d'ici fin T3 2026
KR2 : Augmenter le nombre de visites du site venues d'Instagram de 2 000 à 3 000 d'ici fin T3 2026
Initiatives :
- Publier 3 reels par semaine"""
    verdict = score(FR_SOCIAL_CASE, text)
    check = criterion(verdict, "numbers_in_role")
    assert check.passed is False and "10: relative percent in the draft, target percent" in check.detail
    kept = text.replace("à 10 %", "de +10 %")
    assert criterion(score(FR_SOCIAL_CASE, kept), "numbers_in_role").passed is True


# ---------------------------------------------------------------------------------------------- no_foreign_initiative

FR_CART = """Objectif : Améliorer le paiement pour les acheteurs mobiles
KR1 : Refondre la page panier et ajouter Apple Pay
KR2 : Livrer le paiement en un clic"""
FR_CART_OBJ = ("Améliorer", "le paiement", "pour les acheteurs mobiles")
FR_CART_KRS = [
    kr("Réduire", "le taux d'abandons de panier sur mobile", unit="%"),
    kr("Augmenter", "le taux de conversion du paiement sur mobile", unit="%"),
]
FR_CART_CASE = make_case(
    FR_CART,
    "fr",
    [
        obj(
            *FR_CART_OBJ,
            FR_CART_KRS,
            ("Refondre la page panier et ajouter Apple Pay", "Livrer le paiement en un clic"),
        )
    ],
    accepted_metrics=[["abandon", "panier"], ["conversion"]],
)


def test_no_foreign_initiative_passes_the_reference_and_parts_of_draft_lines() -> None:
    assert_reference_passes(FR_CART_CASE, "no_foreign_initiative")
    split = answer(
        FR_CART_CASE,
        [
            obj(
                *FR_CART_OBJ,
                FR_CART_KRS,
                ("Refondre la page panier", "ajouter Apple Pay", "Livrer le paiement en un clic"),
            )
        ],
    )
    assert_passes(FR_CART_CASE, split, "no_foreign_initiative")


def test_an_initiative_taken_from_a_few_shot_example_fails_no_foreign_initiative() -> None:
    result = answer(
        FR_CART_CASE,
        [
            obj(
                *FR_CART_OBJ,
                FR_CART_KRS,
                (
                    "Refondre la page panier et ajouter Apple Pay",
                    "Livrer le paiement en un clic",
                    "Livrer le module de parrainage",
                ),
            )
        ],
    )
    assert_fails(FR_CART_CASE, result, "no_foreign_initiative", "Livrer le module de parrainage")


# ---------------------------------------------------------------------------------------------- all_objectives_handled

FR_FIVE_TASKS = """Objectif : Améliorer l'onboarding des nouveaux clients PME
- Refondre l'écran d'accueil
- Livrer le tutoriel interactif
- Lancer les e-mails de bienvenue
- Créer le centre d'aide
- Développer le chat in-app"""
FR_FIVE_TASKS_LIST = (
    "Refondre l'écran d'accueil",
    "Livrer le tutoriel interactif",
    "Lancer les e-mails de bienvenue",
    "Créer le centre d'aide",
    "Développer le chat in-app",
)
FR_FIVE_OBJ = ("Améliorer", "l'onboarding", "des nouveaux clients PME")
FR_FIVE_KRS = [
    kr("Augmenter", "la part des nouveaux clients PME qui terminent l'onboarding", unit="%"),
    kr("Réduire", "le délai de première facture des nouveaux clients PME", unit="jours"),
]
FR_FIVE_CASE = make_case(FR_FIVE_TASKS, "fr", [obj(*FR_FIVE_OBJ, FR_FIVE_KRS, FR_FIVE_TASKS_LIST)])

EN_TWO_OBJECTIVES = """Objective 1: Improve self-service for SMB customers
- Ship the help center search
Objective 2: Improve retention of enterprise accounts
- Launch quarterly business reviews"""
EN_SELF_SERVICE = obj(
    "Help",
    "SMB customers solve their issues",
    "on their own",
    [
        en_kr("Increase", "the share of SMB tickets solved without an agent", unit="%"),
        en_kr("Reduce", "the number of how-to tickets opened by SMB customers per month"),
    ],
    ("Ship the help center search",),
)
EN_RETENTION = obj(
    "Keep",
    "enterprise accounts",
    "renewing year after year",
    [
        en_kr("Increase", "the gross revenue retention of enterprise accounts", unit="%"),
        en_kr("Reduce", "the number of enterprise accounts that churn per quarter"),
    ],
    ("Launch quarterly business reviews",),
)
EN_TWO_CASE = make_case(EN_TWO_OBJECTIVES, "en", [EN_SELF_SERVICE, EN_RETENTION])


def test_all_objectives_handled_passes_the_references() -> None:
    assert_reference_passes(FR_FIVE_CASE, "all_objectives_handled")
    assert_reference_passes(EN_TWO_CASE, "all_objectives_handled")


def test_five_tasks_in_and_one_initiative_out_fails_all_objectives_handled() -> None:
    result = answer(FR_FIVE_CASE, [obj(*FR_FIVE_OBJ, FR_FIVE_KRS, FR_FIVE_TASKS_LIST[:1])])
    assert_fails(
        FR_FIVE_CASE, result, "all_objectives_handled", "deliverables dropped", "tutoriel interactif"
    )


def test_a_two_objective_draft_answered_with_one_objective_fails_all_objectives_handled() -> None:
    result = answer(EN_TWO_CASE, [EN_SELF_SERVICE])
    assert_fails(EN_TWO_CASE, result, "all_objectives_handled", "1 objective(s) for 2")


# ---------------------------------------------------------------------------------------------- no_error_result


def test_an_error_result_for_a_parseable_draft_fails_no_error_result_and_schema_valid() -> None:
    failed = RewriteResult(lang="fr", draft=FR_DELIVERY, error="the model timed out after 2 attempts")
    verdict = score(FR_DELIVERY_CASE, failed)
    error_gate, schema = criterion(verdict, "no_error_result"), criterion(verdict, "schema_valid")
    assert error_gate.passed is False and "timed out" in error_gate.detail
    assert schema.passed is False
    assert verdict.score == 0.0
    reference = score(FR_DELIVERY_CASE, reference_result(FR_DELIVERY_CASE))
    assert criterion(reference, "no_error_result").passed is True


def test_an_empty_answer_is_not_an_error_result() -> None:
    # No objective is a schema failure, not the library's error result: the two gates stay distinct.
    verdict = score(FR_DELIVERY_CASE, RewriteResult(lang="fr", draft=FR_DELIVERY))
    assert criterion(verdict, "schema_valid").passed is False
    assert criterion(verdict, "no_error_result").passed is True


# ---------------------------------------------------------------------------------------------- language


def test_language_passes_the_references() -> None:
    assert_reference_passes(FR_NEWSLETTER_CASE, "language")
    assert_reference_passes(EN_PAYMENTS_CASE, "language")


def test_chinese_letters_inside_a_french_kr_fail_language() -> None:
    result = answer(
        FR_NEWSLETTER_CASE,
        [
            obj(
                *FR_NEWSLETTER_OBJ,
                [
                    kr("Augmenter", "la part des clients qui订阅ent la newsletter", unit="%"),
                    kr("Augmenter", "le nombre de rendez-vous commerciaux pris depuis la newsletter"),
                ],
                FR_NEWSLETTER_TASKS,
            )
        ],
    )
    assert_fails(FR_NEWSLETTER_CASE, result, "language", "latin script", "订")


def test_an_english_verb_opening_a_french_kr_fails_language() -> None:
    result = raw_answer(
        FR_NEWSLETTER_CASE,
        [
            obj(
                *FR_NEWSLETTER_OBJ,
                [
                    kr("Grow", "le nombre de leads venus de la newsletter"),
                    kr(
                        "Augmenter",
                        "la part des clients PME qui consultent la newsletter chaque mois",
                        unit="%",
                    ),
                ],
                FR_NEWSLETTER_TASKS,
            )
        ],
    )
    assert_fails(FR_NEWSLETTER_CASE, result, "language", "Grow", "not a French infinitive")


# ---------------------------------------------------------------------------------------------- metric_relevant


def test_metric_relevant_passes_the_reference_with_prefixes_and_accents_folded() -> None:
    # "abandons de panier" holds "abandon" and "panier" as word prefixes.
    assert_reference_passes(FR_CART_CASE, "metric_relevant")
    only_cart = answer(
        FR_CART_CASE,
        [
            obj(
                *FR_CART_OBJ,
                [
                    kr("Réduire", "la part des abandons de panier sur mobile", unit="%"),
                    kr("Réduire", "le temps passé sur la page de paiement", unit="s"),
                ],
                ("Refondre la page panier et ajouter Apple Pay", "Livrer le paiement en un clic"),
            )
        ],
    )
    assert_passes(FR_CART_CASE, only_cart, "metric_relevant")


def test_krs_that_measure_nothing_the_case_accepts_fail_metric_relevant() -> None:
    result = answer(
        FR_CART_CASE,
        [
            obj(
                *FR_CART_OBJ,
                [
                    kr("Augmenter", "le nombre de visites de la page d'accueil"),
                    kr("Augmenter", "le nombre d'abonnés à la newsletter"),
                ],
                ("Refondre la page panier et ajouter Apple Pay", "Livrer le paiement en un clic"),
            )
        ],
    )
    check = assert_fails(
        FR_CART_CASE, result, "metric_relevant", "no accepted metric", "Améliorer le paiement"
    )
    assert check.value == 0.0


def test_metric_relevant_only_applies_to_cases_with_accepted_metrics() -> None:
    assert score(FR_DELIVERY_CASE, reference_result(FR_DELIVERY_CASE)).get("metric_relevant") is None


# ---------------------------------------------------------------------------------------------- kr_reading

# (sentence, verb, baseline, target, unit, deadline, relative, numbers as "value:role:kind"); values normalised
# ("8 000" → "8000", "4,2" → "4.2"), as the scorer compares them.
READINGS: list[tuple[str, str, str | None, str | None, str | None, str | None, bool, list[str]]] = [
    (
        "Réduire le délai de livraison de 5 à 3 jours",
        "Réduire", "5", "3", "jours", None, False, ["5:baseline:time", "3:target:time"],
    ),
    (
        "Reduce failed payments from 4.2% to 2.5% by end of Q3",
        "Reduce", "4.2", "2.5", "%", "end of Q3", False, ["4.2:baseline:percent", "2.5:target:percent"],
    ),
    (
        "Augmenter les followers Instagram de +10 %",
        "Augmenter", None, "+10", "%", None, True, ["10:relative:percent"],
    ),
    (
        "Faire passer le NPS de 32 à 45 d'ici fin T4 2026",
        "Faire passer", "32", "45", None, "fin T4 2026", False, ["32:baseline:count", "45:target:count"],
    ),
    (
        "Atteindre 8 000 utilisateurs actifs mensuels",
        "Atteindre", None, "8000", None, None, False, ["8000:target:count"],
    ),
    (
        "Ramener le taux d'erreur de 4,2 % à 2 %",
        "Ramener", "4.2", "2", "%", None, False, ["4.2:baseline:percent", "2:target:percent"],
    ),
    (
        "Réduire le délai de réponse au support sous 24 h",
        "Réduire", None, "24", "h", None, False, ["24:target:time"],
    ),
    (
        "Atteindre une disponibilité de 99,9 % d'ici fin 2026",
        "Atteindre", None, "99.9", "%", "fin 2026", False, ["99.9:target:percent"],
    ),
    (
        "Obtenir une note de satisfaction ≥ 8/10",
        "Obtenir", None, "≥8", "/10", None, False, ["8:target:score"],
    ),
    (
        "Increase weekly active teams from 1,200 to 2,000 by end of Q2 2026",
        "Increase", "1200", "2000", None, "end of Q2 2026", False, ["1200:baseline:count", "2000:target:count"],
    ),
    (
        "Reduce churn of SMB accounts by 20%",
        "Reduce", None, "20", "%", None, True, ["20:relative:percent"],
    ),
    (
        "Cut the p95 latency of the search API from 900 ms to 250 ms",
        "Cut", "900", "250", "ms", None, False, ["900:baseline:time", "250:target:time"],
    ),
    (
        "Augmenter le panier moyen de 54 € à 60 € d'ici fin T2",
        "Augmenter", "54", "60", "€", "fin T2", False, ["54:baseline:currency", "60:target:currency"],
    ),
    (
        "Diviser par deux le nombre de tickets de niveau 2",
        "Diviser par deux", None, None, None, None, True, [],
    ),
    (
        "Réduire le taux de churn mensuel de 3 % aujourd'hui à 2 % avant le 30 juin 2026",
        "Réduire", "3", "2", "%", "le 30 juin 2026", False, ["3:baseline:percent", "2:target:percent"],
    ),
    (
        "Raise the share of tickets solved at first contact to 70% by end of H1",
        "Raise", None, "70", "%", "end of H1", False, ["70:target:percent"],
    ),
    (
        "Increase the activation rate on day 7 from 35% to 50%",
        "Increase", "35", "50", "%", None, False, ["7:other:count", "35:baseline:percent", "50:target:percent"],
    ),
    (
        "Augmenter le NPS des nouveaux clients de +8 points d'ici fin T3 2026",
        "Augmenter", None, "+8", "points", "fin T3 2026", True, ["8:relative:points"],
    ),
    (
        "Réduire le temps de clôture mensuelle de 8 jours ouvrés à 4 jours ouvrés",
        "Réduire", "8", "4", "jours ouvrés", None, False, ["8:baseline:time", "4:target:time"],
    ),
    (
        "Reduce p95 latency of the orders endpoint from 900 ms to 250 ms by end of H1 2027",
        "Reduce", "900", "250", "ms", "end of H1 2027", False, ["900:baseline:time", "250:target:time"],
    ),
    (
        "Panier moyen 54 €",
        "Panier", None, "54", "€", None, False, ["54:stated:currency"],
    ),
    (
        "Raise the CSAT of premium users from 4.1/5 to 4.5/5 by end of Q4",
        "Raise", "4.1", "4.5", "/5", "end of Q4", False, ["4.1:baseline:score", "4.5:target:score"],
    ),
]  # fmt: skip


def _normalised(value: str | None) -> str | None:
    return None if value is None else rules.normalize_number(value)


@pytest.mark.parametrize(
    ("sentence", "verb", "baseline", "target", "unit", "deadline", "relative", "roles"),
    READINGS,
    ids=[r[0][:40] for r in READINGS],
)
def test_read_key_result(
    sentence: str,
    verb: str,
    baseline: str | None,
    target: str | None,
    unit: str | None,
    deadline: str | None,
    relative: bool,
    roles: list[str],
) -> None:
    read = read_key_result(sentence)
    assert read.verb == verb
    assert (_normalised(read.baseline), _normalised(read.target), read.unit) == (baseline, target, unit)
    assert read.deadline == deadline
    assert read.relative is relative
    assert [f"{n.value}:{n.role}:{n.kind}" for n in read.numbers] == roles


def test_read_key_result_keeps_the_metric_words_only() -> None:
    assert read_key_result("Réduire le délai de livraison de 5 à 3 jours").metric == "le délai de livraison"
    assert (
        read_key_result("Reduce failed payments from 4.2% to 2.5% by end of Q3").metric == "failed payments"
    )
    assert read_key_result("Ramener le taux d'erreur de 4,2 % à 2 %").metric == "le taux d'erreur"


def test_read_key_result_leaves_identifiers_in_the_metric() -> None:
    # "p95" and "niveau 2" name the metric: they are no baseline or target.
    assert read_key_result("Cut the p95 latency of the search API from 900 ms to 250 ms").metric == (
        "the p95 latency of the search API"
    )
    assert read_key_result("Diviser par deux le nombre de tickets de niveau 2").numbers == []


def test_read_key_result_reads_a_thousands_suffix() -> None:
    read = read_key_result("Grow monthly recurring revenue from $40k to $60k by end of 2026")
    assert read.metric == "monthly recurring revenue"
    assert [f"{n.value}:{n.role}:{n.kind}" for n in read.numbers] == [
        "40:baseline:currency",
        "60:target:currency",
    ]


def test_read_key_result_never_raises_on_odd_input() -> None:
    for text in ("", "   ", "42", "KR", "→ 10 %", "Réduire", "de 5 à"):
        read_key_result(text)


# ---------------------------------------------------------------------------------------------- wording rules


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Devenir la référence du paiement mobile pour les commerçants", "fr"),
        ("Rendre l'onboarding des nouveaux salariés autonome", "fr"),
        ("Fidéliser les salariés de l'entrepôt", "fr"),
        ("Make checkout reliable for mobile shoppers", "en"),
        ("Help SMB customers solve their issues on their own", "en"),
    ],
)
def test_well_formed_objectives_have_no_form_problem(sentence: str, lang: Lang) -> None:
    assert objective_form_problem(sentence, lang) is None


@pytest.mark.parametrize(
    ("sentence", "lang", "problem"),
    [
        ("Rendre la référence du paiement mobile pour les commerçants", "fr", "attribute"),
        ("Rendre le processus d'onboarding des nouveaux salariés", "fr", "attribute"),
        ("Conquérir une mise à jour", "fr", "deliverable"),
        ("Make the app available to users for all users", "en", "names nobody"),
        ("Grow le nombre de leads", "fr", "not a French infinitive"),
        ("Augmenter le NPS à 45", "fr", "number"),
        ("Améliorer", "fr", "nothing follows"),
        ("", "fr", "empty"),
        ("Améliorer la rétention des clients PME", "en", "not an English verb"),
    ],
)
def test_malformed_objectives_are_named(sentence: str, lang: Lang, problem: str) -> None:
    found = objective_form_problem(sentence, lang)
    assert found is not None and problem.lower() in found.lower(), found


@pytest.mark.parametrize(
    ("verb", "lang", "ok"),
    [
        ("Augmenter", "fr", True),
        ("Réduire", "fr", True),
        ("Faire passer", "fr", True),
        ("Grow", "fr", False),
        ("Increase", "fr", False),
        ("Increase", "en", True),
        ("Reduce", "en", True),
        ("Réduire", "en", False),
        ("Augmenter", "en", False),
        ("", "fr", False),
    ],
)
def test_verb_language_problem(verb: str, lang: Lang, ok: bool) -> None:
    assert (verb_language_problem(verb, lang) is None) is ok


def test_foreign_script_lists_non_latin_letters_only() -> None:
    assert foreign_script("les clients qui订阅ent la newsletter") == ["订", "阅"]
    assert foreign_script("Увеличить retention") == sorted(set("Увеличить"))
    assert foreign_script("Réduire le délai à 3 jours — 99,9 % ≥ 8/10 · çà œ") == []
    assert foreign_script("Reduce p95 latency → 250 ms") == []


def test_every_kr_relevant_counts_each_kr_and_an_objective_without_krs_shows_no_wrong_metric() -> None:
    from rewriter.evaluation.sense import ShapeKR, ShapeObjective, every_kr_relevant, metric_relevant

    accepted = [["abandon", "panier"]]
    right = ShapeKR(
        "Réduire le taux d'abandon de panier de 70 % à 50 %", "Réduire", "le taux d'abandon de panier"
    )
    wrong = ShapeKR("Augmenter le NPS de 20 à 30", "Augmenter", "le NPS")
    mixed = every_kr_relevant([ShapeObjective("Simplifier l'achat", [right, wrong])], accepted)
    assert not mixed.ok and mixed.value == 0.5
    # metric_relevant passes the same objective (one accepted KR), and an objective that only asks for its measure.
    assert metric_relevant([ShapeObjective("Simplifier l'achat", [right, wrong])], accepted).ok
    assert metric_relevant([ShapeObjective("[objectif à formuler]", [])], accepted).ok
    assert every_kr_relevant([ShapeObjective("Simplifier l'achat", [right])], accepted).value == 1.0
