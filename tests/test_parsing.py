"""Parser: the shapes PMs paste, cycles, context facts, and no exception on odd text."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from rewriter.analyzer import analyze
from rewriter.parsing import detect_language, parse

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def shape(text: str) -> list[tuple[str, list[str]]]:
    draft = parse(text)
    return [(o.text, [k.text for k in o.key_results]) for o in draft.objectives]


@pytest.mark.parametrize("bullet", ["-", "•", "*", "–", "1.", "1)", "a)"])
def test_bullets_under_an_objective_are_key_results(bullet: str) -> None:
    text = f"Objectif : Améliorer l'activation des comptes PME\n{bullet} Réduire le churn de 5% à 3%\n{bullet} Augmenter le NPS de 20 à 35"
    assert shape(text) == [
        (
            "Améliorer l'activation des comptes PME",
            ["Réduire le churn de 5% à 3%", "Augmenter le NPS de 20 à 35"],
        )
    ]


@pytest.mark.parametrize(
    ("obj_label", "kr_label"),
    [
        ("Objectif :", "KR1 :"),
        ("Objective:", "KR 1.2:"),
        ("O1 -", "KR1:"),
        ("O2 :", "Résultat clé 1 :"),
        ("Obj 1:", "Key result:"),
    ],
)
def test_labels_in_french_and_english(obj_label: str, kr_label: str) -> None:
    text = f"{obj_label} Grow weekly usage among field technicians\n{kr_label} Increase weekly active technicians from 800 to 1,500"
    assert shape(text) == [
        (
            "Grow weekly usage among field technicians",
            ["Increase weekly active technicians from 800 to 1,500"],
        )
    ]


def test_kr_label_without_separator_as_in_the_seed() -> None:
    text = "Objective: Win competitive deals\nKR3 Obtenir un score de clarté ≥ 8/10"
    assert shape(text)[0][1] == ["Obtenir un score de clarté ≥ 8/10"]


def test_markdown_headings_and_several_objectives() -> None:
    text = (
        "# OKR Payments – H1 2027\n## Objective 1: Make paying an invoice effortless for freelancers\n"
        "- Raise invoices paid within 7 days from 45% to 65%\n- Reduce failed card payments from 6% to 3%\n"
        "## Objective 2: Launch the payments API\n- Ship the public API docs\n- Sign 10 partners on the API\n"
    )
    draft = parse(text)
    assert [o.text for o in draft.objectives] == [
        "Make paying an invoice effortless for freelancers",
        "Launch the payments API",
    ]
    assert [len(o.key_results) for o in draft.objectives] == [2, 2]
    assert draft.cycle == "H1 2027"
    assert draft.context[0].text.startswith("OKR Payments")


def test_nested_numbered_lists() -> None:
    text = "1. Augmenter les ventes\n   - Lancer une campagne\n   - Recruter 2 commerciaux\n2. Améliorer la qualité\n   1.1 Corriger 50 bugs\n   1.2 Ajouter des tests"
    assert shape(text) == [
        ("Augmenter les ventes", ["Lancer une campagne", "Recruter 2 commerciaux"]),
        ("Améliorer la qualité", ["Corriger 50 bugs", "Ajouter des tests"]),
    ]


def test_spreadsheet_rows_with_header_fold_values_into_the_kr() -> None:
    text = (
        "Objectif\tKR\tBaseline\tCible\n"
        "Améliorer la rétention des PME\tRéduire le churn mensuel\t5%\t3%\n"
        "\tAugmenter la rétention à 90 jours\t60%\t70%"
    )
    draft = parse(text)
    assert [o.text for o in draft.objectives] == ["Améliorer la rétention des PME"]
    first = draft.objectives[0].key_results[0]
    assert first.text.startswith("Réduire le churn mensuel") and "5%" in first.text and "3%" in first.text
    assert first.line == 2


def test_spreadsheet_rows_without_header_and_merged_objective_cell() -> None:
    text = "Améliorer la conversion mobile\tFaire passer la conversion de 1% à 2%\n\tRéduire l'abandon de panier de 72% à 60%"
    assert shape(text) == [
        (
            "Améliorer la conversion mobile",
            ["Faire passer la conversion de 1% à 2%", "Réduire l'abandon de panier de 72% à 60%"],
        )
    ]


def test_spreadsheet_rows_with_labels_in_their_own_cell() -> None:
    text = (
        "O1\tAméliorer la satisfaction des locataires\nKR1\tRéduire le délai d'intervention de 12 à 5 jours"
    )
    assert shape(text) == [
        ("Améliorer la satisfaction des locataires", ["Réduire le délai d'intervention de 12 à 5 jours"])
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Objectif : Lancer la v2 — KR : Livrer la feature A",
        "Objectif : Lancer la v2 - KR : Livrer la feature A",
        "Objectif : Lancer la v2 – KR1 : Livrer la feature A",
    ],
)
def test_one_line_form(text: str) -> None:
    assert shape(text) == [("Lancer la v2", ["Livrer la feature A"])]


def test_one_line_form_with_several_krs() -> None:
    text = "Objective: Launch v3 — KR: Ship the new editor; KR: Release dark mode"
    assert shape(text) == [("Launch v3", ["Ship the new editor", "Release dark mode"])]


def test_single_bare_line_is_an_objective_without_krs() -> None:
    assert shape("Acquérir de nouveaux utilisateurs") == [("Acquérir de nouveaux utilisateurs", [])]


def test_context_lines_are_kept_with_their_numbers() -> None:
    text = (
        "OKR équipe Support – T1 2027\n"
        "Aujourd'hui 8% des demandes sont résolues sans agent.\n"
        "Objectif : Permettre à nos clients de résoudre seuls leurs problèmes courants\n"
        "- Faire passer la part des demandes résolues en self-service de 8% à 25%\n"
    )
    draft = parse(text)
    assert [c.text for c in draft.context] == [
        "OKR équipe Support – T1 2027",
        "Aujourd'hui 8% des demandes sont résolues sans agent",
    ]
    assert draft.context[1].line == 2
    assert draft.cycle == "T1 2027"
    assert len(draft.objectives) == 1


def test_non_verb_line_followed_by_a_list_is_its_objective() -> None:
    text = "Amélioration de l'expérience de recherche\n- Augmenter le taux de clic de 38% à 50%\n- Réduire les recherches sans résultat de 12% à 5%"
    assert shape(text)[0][0] == "Amélioration de l'expérience de recherche"


def test_blank_line_separates_objectives_in_plain_text() -> None:
    text = (
        "Améliorer l'autonomie des clients PME\nRéduire les appels de 4 à 1\nFaire passer la part de paies sans erreur de 70% à 90%\n\n"
        "Fidéliser les experts-comptables partenaires\nAugmenter les dossiers par cabinet de 14 à 20\nFaire passer le NPS de 25 à 40"
    )
    assert [len(krs) for _, krs in shape(text)] == [2, 2]


def test_krs_without_an_objective_are_kept() -> None:
    draft = parse(
        "KR1: Increase weekly active teams from 1,200 to 1,800\nKR2: Reduce drop-off from 40% to 25%"
    )
    assert draft.objectives[0].text == "" and draft.objectives[0].line is None
    assert len(draft.objectives[0].key_results) == 2


def test_plural_title_opens_a_list_of_objectives() -> None:
    text = "Objectifs T1 2027\n- Réduire le délai de livraison en Île-de-France\n- Fidéliser les clients professionnels"
    assert [o.text for o in parse(text).objectives] == [
        "Réduire le délai de livraison en Île-de-France",
        "Fidéliser les clients professionnels",
    ]


@pytest.mark.parametrize(
    ("header", "cycle"),
    [
        ("OKR équipe X T1 2027", "T1 2027"),
        ("Q3 2026 – Growth team", "Q3 2026"),
        ("OKR S2 2026", "S2 2026"),
        ("# Team Payments – H1 2027", "H1 2027"),
        ("Company OKRs — FY2027", "FY2027"),
        ("OKR 2026-Q4", "Q4 2026"),
    ],
)
def test_cycle_detected_in_headers(header: str, cycle: str) -> None:
    assert parse(f"{header}\nObjectif : Améliorer la rétention des PME").cycle == cycle


def test_a_kr_deadline_is_not_the_draft_cycle() -> None:
    assert (
        parse("Objectif : Améliorer la rétention\n- Réduire le churn de 5% à 3% d'ici fin T2 2027").cycle
        is None
    )


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_is_refused_with_a_plain_message(text: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "def main():\n    return 42",
        "§§§ ¤¤ ///",
        "\t.\t\n\t",
        "1.\n2.\n3.",
        "Objectif :",
        "KR1:",
        "- \n- \n-",
        "\x00\x01",
        "O1 -\tKR1:\t",
    ],
)
def test_odd_text_never_raises_and_unparseable_is_diagnosed(text: str) -> None:
    diagnosis = analyze(parse(text))
    if not parse(text).objectives:
        assert [f.code for f in diagnosis.findings] == ["draft.unparseable"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Améliorer l'activation des nouveaux utilisateurs", "fr"),
        ("Improve activation of new users", "en"),
        ("Grow revenue", "en"),
        ("Augmenter le win rate sur les deals", "fr"),
        ("Reduce churn", "en"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def _method_examples() -> list[str]:
    """Quoted examples and lines of the method file and the seeds, when shared/ sits beside the repo."""
    if not SHARED.is_dir():
        return []
    texts = []
    method = SHARED / "okr-method.md"
    if method.exists():
        content = method.read_text(encoding="utf-8")
        texts += re.findall(r'"([^"\n]{8,200})"', content)
        texts += [line for line in content.splitlines() if line.strip()]
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        lines = [line for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
        texts += lines[:400]
        texts.append("\n".join(lines))
    return texts


def _corpus_drafts() -> list[str]:
    """Copies of the method's examples live in the corpus, so this runs even without shared/."""
    drafts = []
    for name in ("analyzer_corpus.jsonl", "analyzer_corpus_heldout.jsonl"):
        drafts += [
            json.loads(line)["draft"]
            for line in (DATA / name).read_text(encoding="utf-8").splitlines()
            if line
        ]
    return drafts


def test_every_method_example_seed_and_corpus_draft_is_analysed_without_exception() -> None:
    texts = _corpus_drafts() + _method_examples()
    assert len(texts) >= 130
    for text in texts:
        if text.strip():
            diagnosis = analyze(parse(text))
            assert 1 <= diagnosis.level <= 4


def test_random_text_never_raises() -> None:
    rng = random.Random(4)
    alphabet = "aeiouéèàKRO1234567890 -–—•*:\t\n#[]()%€$.,;|«»'\"→"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 120)))
        if text.strip():
            assert 1 <= analyze(parse(text)).level <= 4


def test_a_title_ending_on_the_cycle_is_context_not_an_objective() -> None:
    draft = parse(
        "Support & Qualité S1 2027\n"
        "Objectif 1 : Réduire l'attente au téléphone\n"
        "   a. Réduire le temps d'attente moyen de 5 min à 2 min\n"
        "Objectif 2 : Mettre en place le rappel automatique\n"
        "Objectif 3 : Être meilleurs sur les avis en ligne"
    )
    assert draft.objectives[0].text == "Réduire l'attente au téléphone"
    assert len(draft.objectives) == 3
    assert draft.context[0].text == "Support & Qualité S1 2027"
