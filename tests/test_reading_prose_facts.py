"""Figures told in sentences, rates and wishes said in prose: read by the reader's rows, checked without a model."""

from __future__ import annotations

import pytest

from rewriter.kr_reading import split_deadline
from rewriter.reading.facts import read_fact, read_facts
from rewriter.reading.reader import read
from tests.rules_engine import rules_only


@pytest.mark.parametrize(
    ("line", "metric", "baseline"),
    [
        # A rate is part of today's value, never of the metric's name.
        ("hébergés la nuit : 14 / nuit en moyenne", "hébergés la nuit", "14 / nuit"),
        ("ticket spend: £3.40 per head", "ticket spend", "£3.40 per head"),
        ("prix moyen 3,10 €/kg au T2 2026", "prix moyen", "3,10 €/kg"),
        # Who told it and when are cut, whatever their order.
        ("on a eu 52 incendies de forêt en 2026", "incendies de forêt", "52"),
        ("L'an passé on a fait 41 concerts", "concerts", "41"),
        # A sentence whose verb no row lists: the first value and what it counts.
        ("We still process around 3.2 million parcels a year", "parcels", "3.2 million"),
        ("La fourrière garde en ce moment 130 véhicules pour 90 places", "véhicules", "130"),
    ],
)
def test_a_fact_said_in_a_sentence_gives_its_metric_and_value(line: str, metric: str, baseline: str) -> None:
    slots = read_fact(line)
    assert slots is not None
    assert (slots.metric, slots.baseline) == (metric, baseline)


@pytest.mark.parametrize(
    "line",
    [
        "Léa : écrire 3 articles par mois",  # someone's task
        "On voudrait passer à 900 adhérents",  # an aim, not today's figure
    ],
)
def test_a_task_or_an_aim_is_no_fact(line: str) -> None:
    assert read_facts(line) == []


def test_two_short_sentences_on_one_line_are_read_one_by_one() -> None:
    reading = read(
        "Objectif : Faire venir les familles au jardin partagé\n"
        "On voudrait passer à 120 familles inscrites d'ici la fin de la saison. "
        "Et que 60 % d'entre elles viennent au moins une fois par mois."
    )
    kinds = [(line.role, line.rule) for line in reading.lines[1:]]
    assert kinds == [("key_result", "wish_sentence"), ("key_result", "continued_wish")]
    # "d'entre elles" names who: the families of the sentence before.
    assert reading.lines[2].clean.startswith("60 % des familles inscrites")


def test_a_labelled_line_with_a_question_mark_stays_one_line() -> None:
    reading = read("Objectif : Stabiliser la prod\nKR2 - MTTR < 1h ? (actuellement ~3h20 mais à confirmer)")
    assert len(reading.lines) == 2


def test_a_later_wish_that_moves_a_measure_is_its_key_result() -> None:
    reading = read(
        "Pour 2027, on voudrait surtout vendre davantage de fromages en direct et moins aux grossistes. "
        "Aujourd'hui la vente directe fait à peu près 30 % de notre chiffre d'affaires. "
        "L'idée serait de faire monter la vente directe d'ici la fin de la saison."
    )
    assert [line.role for line in reading.lines] == ["objective", "fact", "key_result"]


def test_the_end_of_a_named_span_is_a_deadline() -> None:
    assert split_deadline("Passer à 800 adhérents d'ici la fin du semestre") == (
        "Passer à 800 adhérents",
        "la fin du semestre",
    )
    assert split_deadline("Reach 40 members by the end of the season") == (
        "Reach 40 members",
        "the end of the season",
    )
    assert split_deadline("Réduire le délai de fin de mois de 5 à 3 jours")[1] is None


def test_a_share_of_the_ones_counted_before_is_no_metric_of_another_trade() -> None:
    result = rules_only(
        "Objectifs de l'épicerie solidaire\n\n"
        "On a 300 inscrits, et les paniers sont à retirer en casier sans passer en caisse.\n\n"
        "On voudrait passer à 500 inscrits d'ici la fin du semestre. "
        "Et que 60 % d'entre eux viennent au moins deux fois par mois."
    )
    sentences = [kr.sentence for o in result.objectives for kr in o.key_results]
    assert not any("click" in s for s in sentences), sentences
    assert any("inscrits qui viennent au moins deux fois par mois" in s and "60" in s for s in sentences), (
        sentences
    )


def test_a_state_said_as_the_objective_keeps_the_authors_words() -> None:
    cases = {
        "Objectif : Être plus présents dans les marchés du centre-ville\n- Recruter 2 agents": "être plus présents",
        "Objectif : Aucun enfant sans place à la cantine\n- Ouvrir un second service": "aucun enfant ne reste sans",
        "Objectif : Avoir des plannings à jour sans rappeler les soignants\n- Outil de planning": "garantir des plannings",
        "Objective: Make the library the first place parents go for homework help\n- Homework club": "first place parents",
    }
    for draft, kept in cases.items():
        sentence = rules_only(draft).objectives[0].sentence
        assert kept in sentence.lower(), sentence


def test_an_objective_in_a_table_cell_loses_its_label() -> None:
    result = rules_only(
        "| Objectif | KR | Réf. | Cible |\n|---|---|---|---|\n"
        "| O1 Des trains qui partent à l'heure le matin | | | |\n"
        "| | Ponctualité des trains de 7 h à 9 h | 81 % | 90 % |"
    )
    assert result.objectives[0].sentence.startswith("Garantir des trains qui partent à l'heure")


def test_a_wish_read_in_prose_finds_its_role() -> None:
    reading = read(
        "Q3 2027 for the booking team. Right now only 30% of bookings are made online. "
        "We want to make the website the first place visitors go to book a tour.\n\n"
        "The main measure is to raise the online booking share to 60%. "
        "We'd also like phone bookings to drop noticeably. "
        "The new booking page is designed; we need to ship it by end of June."
    )
    rules_of = {line.text.split()[1]: (line.role, line.clean) for line in reading.lines}
    assert rules_of["main"] == ("key_result", "Raise the online booking share to 60%")
    assert rules_of["also"] == ("key_result", "Reduce phone bookings")
    assert rules_of["new"][0] == "task"


def test_an_emoji_objective_mark_opens_the_draft_under_its_header() -> None:
    reading = read(
        "💪 Club ops – H2 2026\n🎯 Members who join in spring are still training in autumn\n"
        "📈 Increase avg visits per member per month from 4.2 to 6\n📲 SMS after 10 days without a visit"
    )
    assert [line.role for line in reading.lines] == ["header", "objective", "key_result", "task"]


def test_a_guest_star_is_no_hotel_guest() -> None:
    from rewriter.library.trades import trades_of

    assert "hospitality" not in trades_of("Guest stars : 3 épisodes avec des invités connus")


@pytest.mark.parametrize(
    ("line", "baseline", "target"),
    [
        # A level told in a relative clause is today's, with or without an aim after it.
        ("We also want to cut changeover time, which is 55 minutes on average.", "55 minutes", None),
        ("Cut changeover time, which is 55 minutes, to 30 minutes", "55 minutes", "30 minutes"),
        # Which waits are counted is a scope: the count is what moves.
        ("Patients waiting over 3 weeks for a first appointment under 200 by June", None, "200"),
        ("Callers waiting over 10 minutes in March: under 4%", None, "4%"),
    ],
)
def test_each_number_keeps_its_role(line: str, baseline: str | None, target: str | None) -> None:
    from rewriter.reading.measures import read_measure

    slots = read_measure(line)
    assert (slots.baseline, slots.target) == (baseline, target)


def test_words_of_place_prove_no_metric_of_another_aim() -> None:
    result = rules_only(
        "Objective: Pupils from every part of the town\n"
        "- KR1: Increase class visits from priority schools from 90 to 150 a year\n"
        "- KR2: coach subsidy for schools over 15 km away"
    )
    objective = result.objectives[0]
    assert objective.sentence == "Reach pupils from every part of the town"
    assert not any("canteen" in kr.sentence or "meals" in kr.sentence for kr in objective.key_results)
    # "over 15 km away" says which schools; it is no value to reach.
    assert any("15 km" in i.text for i in objective.initiatives)


def test_a_share_within_a_delay_aims_at_the_share() -> None:
    from rewriter.reading.measures import read_measure

    for line in (
        "Répondre sous 4 h pour 95 % des tickets",
        "délai d'intervention < 30 min dans 90 % des cas",
    ):
        slots = read_measure(line)
        assert slots.target is not None and slots.target.startswith(("95", "90")), (line, slots)


def test_a_measure_alone_at_an_objective_s_level_is_its_kr() -> None:
    result = rules_only(
        "• Fiabiliser le parc de 400 chaudières\n   ◦ pannes / chaudière / an : 2,4 → 1,5\n"
        "• Usagers sans chauffage : délai de remise en service < 24 h dans 90 % des cas"
    )
    assert len(result.objectives) == 1
    assert any("90" in kr.sentence for kr in result.objectives[0].key_results)


def test_a_change_said_of_a_pronoun_moves_the_measure_above() -> None:
    result = rules_only(
        "O1 Des délais tenus\n- délai moyen de paiement des fournisseurs : 52 jours en 2026\n- le ramener à 30 jours"
    )
    sentences = [kr.sentence for kr in result.objectives[0].key_results]
    assert any(
        s.startswith("Réduire le délai moyen de paiement des fournisseurs de 52 jours à 30 jours")
        for s in sentences
    )
    assert any("52 jours" in s for s in sentences), sentences
    prose = rules_only(
        "Our aim is to speed up repairs for tenants. Today the average repair takes 19 days. "
        "We want to bring it down to 10 days by December."
    )
    assert any(
        "average repair" in kr.sentence and "10 days" in kr.sentence for kr in prose.objectives[0].key_results
    ), [kr.sentence for kr in prose.objectives[0].key_results]


def test_figures_said_in_words_are_read() -> None:
    from rewriter.reading.measures import read_measure

    slots = read_fact("A third of new members stop coming within 6 weeks")
    assert slots is not None and slots.baseline == "A third"
    said = read_measure("Faire passer de la moitié à 75 % la part des élèves ayant un tuteur")
    assert (said.baseline, said.target, said.metric) == (
        "la moitié",
        "75 %",
        "la part des élèves ayant un tuteur",
    )
    reading = read(
        "Objectif : Suivre les jeunes parents\nLes visites à domicile sont faites dans un cas sur trois."
    )
    assert reading.lines[1].role == "fact"


def test_owners_questions_and_labelled_periods_are_read_as_such() -> None:
    reading = read(
        "Objective (FY2028): Lose less water before it reaches customers\n- Cut leakage from 120 to 95 Ml/d\n"
        "Owner: Head of Networks (J. Doe)\nOpen question: do we count private supply pipes?\n"
        "Deuxième objectif : réduire les coupures d'eau"
    )
    assert [line.role for line in reading.lines] == ["objective", "key_result", "aside", "aside", "objective"]


def test_a_level_said_to_be_today_s_is_a_fact() -> None:
    reading = read(
        "Objectif : Accueillir plus vite\n- Temps d'attente au guichet : aujourd'hui 40 min en moyenne"
    )
    assert reading.lines[1].role == "fact"
    assert reading.lines[1].slots is not None and reading.lines[1].slots.baseline == "40 min"


def test_each_one_served_is_worded_as_a_state() -> None:
    result = rules_only(
        "Objectif 2028 : Chaque patient de plus de 75 ans vu par un gériatre\n- Recruter un gériatre"
    )
    assert (
        result.objectives[0].sentence
        == "Faire en sorte que chaque patient de plus de 75 ans soit vu par un gériatre"
    )


@pytest.mark.parametrize(
    ("line", "metric", "baseline", "target"),
    [
        # The only value, in parentheses at the end, is where the measure stands.
        (
            "Réduire le nombre de trains supprimés (96 en novembre)",
            "le nombre de trains supprimés",
            "96",
            None,
        ),
        # Numbers before the metric's colon name what is measured; the values follow the colon.
        (
            "Délai de raccordement des sites de 36 à 250 kVA : 8 mois aujourd'hui → 4 mois",
            None,
            "8 mois",
            "4 mois",
        ),
        # A clock's colon is no metric's colon.
        ("Order-to-cup time at peak (7:30–9:00) from 7 min to 4 min", None, "7 min", "4 min"),
    ],
)
def test_values_after_a_metric_keep_their_role(
    line: str, metric: str | None, baseline: str, target: str | None
) -> None:
    from rewriter.reading.measures import read_measure

    slots = read_measure(line)
    assert (slots.baseline, slots.target) == (baseline, target)
    if metric:
        assert slots.metric == metric


def test_measured_aims_under_a_labelled_objective_are_its_key_results() -> None:
    result = rules_only(
        "🌱 Objectif : Des familles accueillies sans attendre\n"
        "📊 Délai d'attente moyen pour une place : 9 mois (liste de 120 familles)\n"
        "🎯 Réduire le délai d'attente moyen de 9 à 5 mois\n🛠️ Ouvrir 6 berceaux\n"
        "🌱 Objectif : Une équipe stable\n🎯 Réduire les départs d'auxiliaires de 6 à 3 par an"
    )
    assert len(result.objectives) == 2
    assert any("de 9 à 5 mois" in kr.sentence for kr in result.objectives[0].key_results)


def test_objectives_said_as_a_state_in_english_keep_their_words() -> None:
    for draft, kept in {
        "Objective: Pets vaccinated on time\n- Reminder texts": "Ensure pets are vaccinated on time",
        "O1: Customers solve simple issues without waiting for us\n- Help centre": "Ensure customers solve simple",
    }.items():
        assert rules_only(draft).objectives[0].sentence.startswith(kept)


def test_more_objectives_said_as_a_wish_keep_their_words() -> None:
    cases = {
        "Objectif 2026-2027 : Que nos apprentis trouvent un employeur\n- Job dating": "Faire en sorte que nos apprentis",
        "Pour 2028, notre priorité est que les familles aient une place en crèche.": "Faire en sorte que les familles",
        "Objective 1 (2027): More residents swimming again\n- Open on Sundays": "Get more residents swimming again",
        "Objective: Patients over 75 go home with a care plan\n- Discharge nurse": "Ensure patients over 75 go home",
    }
    for draft, kept in cases.items():
        assert rules_only(draft).objectives[0].sentence.startswith(kept), draft


def test_a_table_of_key_results_headed_by_labelled_objectives() -> None:
    result = rules_only(
        "| Résultat clé | Aujourd'hui | Cible |\n|---|---|---|\n"
        "| **O1 – Fiabiliser le réseau de chaleur** | | |\n"
        "| Réduire les coupures de plus de 4 h | 14 / an | 5 / an |\n"
        "| **O2 – Raccorder plus de logements** | | |\n"
        "| Augmenter les logements raccordés | 2 100 | 2 600 |"
    )
    assert [o.sentence.split(" pour ")[0] for o in result.objectives] == [
        "Fiabiliser le réseau de chaleur",
        "Raccorder plus de logements",
    ]
    first = result.objectives[0].key_results[0].sentence
    assert first.startswith("Réduire les coupures de plus de 4 h de 14 / an à 5 / an"), first


def test_a_wish_in_english_prose_names_its_measure_and_way() -> None:
    reading = read(
        "For the 2027-28 season, our aim is simple: fuller stands and a younger crowd. "
        "We also want the share of season-ticket holders under 25 to grow from about 6% to 12%."
    )
    assert reading.lines[0].role == "objective"  # "2027-28" is a season, no value
    assert (
        reading.lines[1].clean == "Increase the share of season-ticket holders under 25 from about 6% to 12%"
    )
    assert (
        rules_only(
            "For the 2027-28 season, our aim is simple: fuller stands and a younger crowd. "
            "We also want the share of season-ticket holders under 25 to grow from about 6% to 12%."
        )
        .objectives[0]
        .sentence.startswith("Ensure fuller stands and a younger crowd")
    )


def test_an_aim_said_twice_on_one_line_is_one_objective() -> None:
    result = rules_only(
        "Réduire les délais de paiement. Nous voulons être plus rapides que nos concurrents.\n"
        "- Passer de 60 à 45 jours"
    )
    assert [o.sentence for o in result.objectives] == ["Réduire les délais de paiement"]


def test_tables_and_headers_pasted_from_real_plans() -> None:
    # A head with no name over the first column, and columns named as people say them.
    unnamed = rules_only(
        "Objectif 1 : Réemployer plus\n| | 2026 | Cible 2027 |\n|---|---|---|\n| Tonnes collectées | 300 t | 380 t |"
    )
    assert (
        unnamed.objectives[0]
        .key_results[0]
        .sentence.startswith("Augmenter le nombre de tonnes collectées de 300 t à 380 t")
    )
    spoken = rules_only(
        "Objectif : Moins d'intrants\n| Résultat clé | Où on en est | Où on veut aller |\n|---|---|---|\n"
        "| IFT moyen des exploitations suivies | 4,3 | 3,5 |"
    )
    assert "de 4,3 à 3,5" in spoken.objectives[0].key_results[0].sentence
    # A title with its size in brackets is no measure; "OBJ 1" is a label; "de 3 nuits ou plus" says which stays.
    titled = rules_only(
        "Résidence Les Lilas (62 résidents)\nOBJ 1 Réduire les chutes\n- Passer de 10 à 6 chutes par mois"
    )
    assert [o.sentence for o in titled.objectives] == ["Réduire les chutes"]
    assert not any("62" in kr.sentence for kr in titled.objectives[0].key_results)
    from rewriter.reading.measures import read_measure

    assert read_measure("séjours de 3 nuits ou plus : +20 % vs 2025").target == "+20 %"


def test_a_level_then_a_wish_and_what_must_happen_are_key_results_of_the_prose() -> None:
    from tests.rules_engine import rules_only

    draft = (
        "Notre priorité pour 2027, c'est de faire adopter plus et plus vite. Le délai moyen avant adoption est de "
        "74 jours pour un chien ; on aimerait descendre à 45 jours. Il faudrait aussi passer de 410 adoptions par "
        "an à 550."
    )
    sentences = [k.sentence for k in rules_only(draft).objectives[0].key_results]
    # The year the wish's lead names dates the key results.
    assert (
        "Réduire le délai moyen avant adoption pour un chien de 74 jours à 45 jours d'ici fin 2027"
        in sentences
    )
    assert any("410" in s and "550" in s for s in sentences)
