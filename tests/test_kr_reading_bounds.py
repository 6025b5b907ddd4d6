"""A line aims at one value: its other bounds stay in the metric's name, and a listed "metric : value" is an aim."""

from __future__ import annotations

import pytest
from rules_engine import rules_only

from rewriter.compose.plan import measure_kr
from rewriter.draft import DraftLine
from rewriter.kr_reading import read_key_result
from rewriter.reading.measures import read_values
from rewriter.result import KeyResult


def first_kr(line: str, lang: str) -> KeyResult:
    """The first KR of a draft made of an objective, the line under test and a task."""
    head, task = (
        ("Objectif : Améliorer le service", "Former l'équipe")
        if lang == "fr"
        else ("Objective: Improve the service", "Train the team")
    )
    return rules_only(f"{head}\n- {line}\n- {task}").objectives[0].key_results[0]


@pytest.mark.parametrize(
    ("text", "target", "in_metric"),
    [
        ("Rappeler 95 % des familles sous 24 h", "95", "sous 24 h"),
        ("Vaccinate 80% of staff over 65 by March", "80", "over 65"),
        ("Contrôler 100 % des lots > 500 kg", "100", "500 kg"),
        ("Relancer 70 % des abonnés absents à plus de 3 séances", "70", "plus de 3 séances"),
    ],
)
def test_a_bound_after_the_aim_stays_in_the_metric(text: str, target: str, in_metric: str) -> None:
    read = read_key_result(text)
    assert read.target == target
    assert in_metric in read.metric


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("Appels rappelés dans 90 % des cas sous 2 h", "dans les cas sous 2 h"),
        ("Hearing tests done for 85% of babies under 6 weeks", "for babies under 6 weeks"),
    ],
)
def test_a_share_inside_a_line_leaves_no_dangling_article(text: str, metric: str) -> None:
    assert read_key_result(text).metric.endswith(metric)


def test_the_aim_reached_from_a_start_wins_over_a_delay_bound() -> None:
    read = read_values("Faire passer la part des courriers traités en moins de 5 jours de 40 % à 75 %")
    assert (read.baseline, read.target) == ("40", "75")
    assert "5 jours" in read.metric


def test_a_scale_after_the_aim_is_kept() -> None:
    read = read_key_result("Augmenter la note des usagers de 6 à 7,5 sur 10")
    assert (read.baseline, read.target) == ("6", "7,5")
    assert [n.role for n in read.numbers] == ["baseline", "target"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Dossiers instruits sous 30 jours : 90 %", "fr"), ("Invoices paid on time: 95%", "en")],
)
def test_a_listed_metric_colon_value_is_an_aim_not_a_start(text: str, lang: str) -> None:
    kr = measure_kr(DraftLine(text=text, line=1, role="key_result"), read_values(text), lang)  # type: ignore[arg-type]
    assert kr.baseline is None
    assert kr.target is not None and kr.target.rstrip(" %") in text


@pytest.mark.parametrize(
    ("text", "metric", "baseline", "target"),
    [
        ("Plaintes au guichet : de 40/mois à moins de 10/mois", "Plaintes au guichet", "40", "10"),
        ("Retards de paiement : 12 % aujourd'hui, 5 % fin 2027", "Retards de paiement", "12", "5"),
        ("Visiteurs des nocturnes : 900 entrées (600 en 2025)", "Visiteurs des nocturnes", "600", "900"),
        (
            "Incidents relevés en tournée : moins de 4 par site et par mois",
            "Incidents relevés en tournée par site et par mois",
            None,
            "4",
        ),
        ("Dossiers de plus de 90 jours : 300", "Dossiers de plus de 90 jours", None, "300"),
    ],
)
def test_a_metric_named_before_a_colon_takes_its_values_from_after_it(
    text: str, metric: str, baseline: str | None, target: str
) -> None:
    read = read_values(text)
    assert read.metric == metric
    assert read.baseline == baseline and read.target == target
    assert read.deadline is None or "20" not in read.deadline or "fin" in read.deadline


def test_a_label_before_the_colon_is_no_metric() -> None:
    read = read_values("KR2 : délai d'instruction : 45 jours → 30 jours")
    assert read.metric == "délai d'instruction" and (read.baseline, read.target) == ("45", "30")


def test_a_measure_named_before_a_colon_is_no_person_s_task() -> None:
    result = rules_only(
        "Objective: Keep the yard safe\n- Forklift near-misses: 14 → 4\n- Maria: repaint the lanes"
    )
    objective = result.objectives[0]
    assert [kr.sentence.split(" by ")[0] for kr in objective.key_results] == [
        "Reduce forklift near-misses from 14 to 4"
    ]
    assert [i.text for i in objective.initiatives] == ["Maria: repaint the lanes"]


def test_a_window_glued_by_a_hyphen_is_no_aim_and_the_way_is_no_word_of_the_metric() -> None:
    read = read_values("Week-12 retention up (today 31%)")
    assert (read.baseline, read.target) == ("31", None)
    read = read_key_result("Late trains down from 9% to 4%")
    assert "down" not in f"{read.verb} {read.metric}" and read.metric.endswith("trains")


def test_a_zero_said_in_a_word_is_the_aim_and_no_invented_number() -> None:
    result = rules_only(
        "Objectif : Sécuriser les chantiers\n- Accidents avec arrêt : zéro\n- Former les chefs d'équipe"
    )
    kr = result.objectives[0].key_results[0]
    assert kr.target == "0" and kr.sentence.startswith("Réduire le nombre d'accidents avec arrêt")


def test_a_figures_label_is_no_metric_and_the_fact_starts_the_kr_that_measures_it() -> None:
    result = rules_only(
        "Police municipale — OKR 2027\n"
        "Données 2026 : 212 vols à la roulotte dans le centre\n"
        "Taux de verbalisation du stationnement gênant 2026 : 14 %\n"
        "Objectif : Rendre le centre-ville plus sûr\n"
        "- Augmenter le taux de verbalisation du stationnement gênant\n"
        "- Patrouilles à vélo le samedi\n"
    )
    sentences = [kr.sentence for o in result.objectives for kr in o.key_results]
    assert any(
        s.startswith("Augmenter le taux de verbalisation du stationnement gênant de 14") for s in sentences
    )
    assert not any("Données" in s for s in sentences)
    assert any("vols à la roulotte" in s and "212" in s for s in sentences)


@pytest.mark.parametrize(
    ("text", "metric", "baseline"),
    [
        ("Visites à domicile ≥ 2 : 44 % aujourd'hui", "Visites à domicile ≥ 2", "44"),
        ("Taux d'absentéisme 2026 : 7,2", "Taux d'absentéisme", "7,2"),
        (
            "Taux d'occupation des gîtes en février : 27 % (2026)",
            "Taux d'occupation des gîtes en février",
            "27",
        ),
    ],
)
def test_a_level_measured_today_or_in_a_year_is_a_start_not_an_aim(
    text: str, metric: str, baseline: str
) -> None:
    read = read_values(text)
    assert (read.metric, read.baseline, read.target) == (metric, baseline, None)


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        ("Fewer missed school bus pick-ups", "Reduce missed school bus pick-ups from"),
        ("Moins de réclamations sur les factures", "Réduire les réclamations sur les factures de"),
    ],
)
def test_a_way_said_without_a_verb_is_a_kr_with_the_method_s_verb(line: str, sentence: str) -> None:
    head = (
        "Objective: Keep routes reliable"
        if line.startswith("Fewer")
        else "Objectif : Fiabiliser la facturation"
    )
    result = rules_only(f"{head}\n- {line}\n- Train the drivers")
    assert result.objectives[0].key_results[0].sentence.startswith(sentence)


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        (
            "Claims reopened after closure down from 1 in 5 to 1 in 12",
            "Reduce claims reopened after closure from 1 in 5 to 1 in 12",
        ),
        ("Alert-to-fraud ratio from 15:1 to 5:1", "Reduce alert-to-fraud ratio from 15:1 to 5:1"),
    ],
)
def test_a_ratio_is_one_value_and_its_way_is_read(line: str, sentence: str) -> None:
    result = rules_only(f"Objective: Close claims right first time\n- {line}\n- Train the handlers")
    assert result.objectives[0].key_results[0].sentence.startswith(sentence)


def test_a_participle_gives_the_way_a_season_the_deadline_and_the_fact_the_start() -> None:
    result = rules_only(
        "Entrepôt de Cholet — OKR T2 2027\n"
        "On a mesuré en mars : taux de casse des colis = 7 %\n"
        "Objectif : Livrer intact\n"
        "- Taux de casse des colis ramené à 3 % avant l'été\n"
        "- Nouveaux cartons renforcés"
    )
    sentences = [kr.sentence for o in result.objectives for kr in o.key_results]
    assert sentences[0] == "Réduire le taux de casse des colis de 7% à 3% d'ici l'été"
    assert len(sentences) == 1


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        ("Overdue CAPAs: 9 → 0 by Nov 30", "Reduce overdue CAPAs from 9 to 0 by Nov 30"),
        ("Sev1 incidents: 5 in Q2 → max 1", "Reduce sev1 incidents from 5 to 1"),
        (
            "No more missed insulin dose on the ward",
            "Reduce the number of missed insulin doses on the ward from",
        ),
    ],
)
def test_short_months_arrows_to_a_maximum_and_no_more_read_as_the_author_meant(
    line: str, sentence: str
) -> None:
    kr = first_kr(line, "en")
    assert kr.sentence.startswith(sentence)


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        (
            "KR1 : Délai moyen d'arrivée : passer de 17 min 30 à 14 min",
            "Réduire le délai moyen d'arrivée de 17 min 30 à 14 min",
        ),
        (
            "Zéro course supprimée faute de conducteur sur les lignes 1 à 4",
            "Réduire le nombre de courses supprimées faute de conducteur sur les lignes 1 à 4 de [base à mesurer] à 0",
        ),
        ("(KR4) : Satisfaction abonnés ≥ 7/10 au baromètre d'automne", "Augmenter la satisfaction abonnés"),
    ],
)
def test_durations_in_two_units_numbered_ranges_and_zero_counts_keep_their_values(
    line: str, sentence: str
) -> None:
    kr = (
        rules_only(f"Objectif : Améliorer le service\n- {line}\n- Former l'équipe")
        .objectives[0]
        .key_results[0]
    )
    assert kr.sentence.startswith(sentence)
    if "7/10" in line:
        assert "7/10 au moins" in kr.sentence  # a floor said in words, never "à ≥"


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        (
            "Zero avoidable grade 3/4 pressure ulcers (we had 5 last year)",
            "Reduce the number of avoidable grade 3/4 pressure ulcers from 5 to 0",
        ),
        (
            "Reduce late starts (> 15 min after 08:30) from 46 % of lists to 20 % of lists",
            "Reduce late starts (> 15 min after 08:30) from 46 % of lists to 20 % of lists",
        ),
        ("Avg speed of answer from 9:40 to 3:00", "Reduce avg speed of answer from 9:40 to 3:00"),
    ],
)
def test_clock_times_that_bound_a_count_are_no_values_and_a_bracketed_level_is_the_start(
    line: str, sentence: str
) -> None:
    kr = first_kr(line, "en")
    assert kr.sentence.startswith(sentence)


def test_a_time_range_is_never_a_start_or_an_aim() -> None:
    result = rules_only(
        "Objective: Help students\n- Drop-in sessions every weekday 12:00-14:00\n- Train the team"
    )
    assert not any(
        "14" in (k.target or "") or "12" in (k.target or "") for k in result.objectives[0].key_results
    )


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        ("Offer acceptance rate from 64% to 80%", "Increase offer acceptance rate from 64% to 80%"),
        ("Lead time from 10 to 5 days", "Reduce lead time from 10 days to 5 days"),
        ("Return rate down to 5%", "Reduce return rate from [baseline to measure] to 5%"),
        ("NPS up from 30 to 45", "Increase NPS from 30 to 45"),
        (
            "30% of hires from referrals (vs 18% today)",
            "Increase the share of hires from referrals from 18% to 30%",
        ),
    ],
)
def test_a_noun_that_is_also_a_verb_an_adverb_of_way_and_a_verbless_share_read_as_measures(
    line: str, sentence: str
) -> None:
    kr = first_kr(line, "en")
    assert kr.sentence.startswith(sentence)


def test_each_fact_of_a_line_of_several_starts_the_kr_that_measures_it() -> None:
    result = rules_only(
        "today: 46 open engineering reqs, avg time-to-fill 71 days, offer acceptance 64%\n"
        "Objective: Hire the engineers we need\n"
        "• Time-to-fill for engineering roles down to 45 days\n"
        "• Offer acceptance rate from 64% to 80%\n"
        "• 30% of hires from referrals (vs 18% today)\n"
    )
    kr = next(k for k in result.objectives[0].key_results if "time-to-fill" in k.metric)
    assert (kr.baseline, kr.target) == ("71", "45")
    assert kr.sentence.startswith("Reduce time-to-fill")


@pytest.mark.parametrize(
    ("line", "baseline", "target"),
    [
        ("Diviser par deux le nombre d'accidents avec arrêt (12 en 2026)", "12", None),
        ("Augmenter les nuitées hors saison de 15 % par rapport à 2026", None, "15"),
        ("Atteindre 500 clients (320 en 2026)", "320", "500"),
        ("Faire descendre le stock sous 400 dossiers d'ici le 30 juin", None, "400"),
    ],
)
def test_a_dated_level_in_brackets_is_the_start_and_a_compared_year_is_no_value(
    line: str, baseline: str | None, target: str | None
) -> None:
    kr = (
        rules_only(f"Objectif : Améliorer le service\n- {line}\n- Former l'équipe")
        .objectives[0]
        .key_results[0]
    )
    assert kr.sentence == line
    assert (kr.baseline, kr.target) == (baseline, target)


@pytest.mark.parametrize(
    ("line", "lang", "sentence"),
    [
        (
            "More payment plans set up online (no adviser) – 40% today",
            "en",
            "Increase the share of payment plans set up online from 40% to",
        ),
        (
            "Backlog of undocketed filings below 150 by June 30",
            "en",
            "Reduce backlog of undocketed filings from [baseline to measure] to 150 by June 30",
        ),
        (
            "Moins de 1 bulletin rectificatif pour 100 bulletins émis",
            "fr",
            "Réduire le nombre de bulletins rectificatifs pour 100 bulletins émis de [base à mesurer] à moins de 1",
        ),
        (
            "Liste d'attente en 1er cycle divisée par deux",
            "fr",
            "Diviser par deux la liste d'attente en 1er cycle",
        ),
        (
            "6 000 enfants de 6 à 12 ans formés en 2027",
            "fr",
            "Porter le nombre d'enfants de 6 à 12 ans formés de [base à mesurer] à 6 000 d'ici 2027",
        ),
    ],
)
def test_today_s_level_a_bound_a_halving_and_an_age_band_read_as_the_author_meant(
    line: str, lang: str, sentence: str
) -> None:
    head = "Objectif : Améliorer le service" if lang == "fr" else "Objective: Improve the service"
    task = "Former l'équipe" if lang == "fr" else "Train the team"
    kr = rules_only(f"{head}\n- {line}\n- {task}").objectives[0].key_results[0]
    assert kr.sentence.startswith(sentence)


def test_a_fact_in_working_days_is_no_start_for_a_count_of_filings() -> None:
    result = rules_only(
        "Where we are: 1,140 filings waiting to be docketed (about 11 working days of backlog).\n"
        "Objective: Get filings docketed the day they arrive\n"
        "KR1: Backlog of undocketed filings below 150 by June 30\n"
        "KR2: Cross-train the 3 probate clerks on civil docketing\n"
    )
    backlog = next(k for k in result.objectives[0].key_results if "backlog" in k.metric.lower())
    assert backlog.target == "150" and backlog.baseline != "11"
