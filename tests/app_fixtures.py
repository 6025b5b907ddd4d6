"""Fixtures for the web app tests: the real app, served in-process on a free loopback port, on a FakeModel.

The fake is injected through `build_demo(model_factory=...)`, the same seam the model setting uses, so
the app code under test is the production code. Import the fixtures into a test module with
`from app_fixtures import served_app, fake` (pytest puts tests/ on sys.path).
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr
import pytest

from rewriter import FakeModel

ROOT = Path(__file__).resolve().parents[1]
# app.py sits at the repository's top level, outside the installed package.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

V2_DRAFT = "Objectif : Lancer la v2 — KR : Livrer la feature A"
# A roadmap whose deliverable names whom it is for: code rewrites the objective from a metric theme, and
# the one slot it leaves to the model is that segment, which the answer copies from the draft.
SEGMENT = "les comptes Mid-Market"
SEGMENT_DRAFT = f"Objectif : Lancer la v2\nKR : Livrer la feature A pour {SEGMENT}"
# Sound as written (outcome objective with its segment, KRs with a change verb, metric and numbers):
# kept by code, no model call.
SOUND_DRAFT = (
    "Objectif : Rendre l'onboarding autonome pour les nouveaux clients PME\n"
    "KR1 : Augmenter le taux d'activation à 7 jours de 20 % à 35 % d'ici fin T2 2027\n"
    "KR2 : Réduire le nombre de tickets d'onboarding de 120 à 60 par mois d'ici fin T2 2027"
)

# Sound as written but with no deadline: kept by code, no model call, one question per KR (its deadline).
SOUND_OPEN_DRAFT = (
    "Objectif : Rendre l'onboarding autonome pour les nouveaux clients PME\n"
    "KR1 : Augmenter le taux d'activation à 7 jours de 20 % à 35 %\n"
    "KR2 : Réduire le nombre de tickets d'onboarding de 120 à 60 par mois"
)
# A roadmap in disguise that names nobody: the objective is rewritten from the library's top metric with a
# segment placeholder (the one thing the model is asked), the one KR its words prove comes from the metric
# library (the second is offered to choose), and the replaced objective and the two deliverables become the
# initiatives.
ROADMAP_DELIVERABLES = (
    "Refondre le tunnel de commande du site e-commerce",
    "Livrer le paiement en un clic",
    "Mettre en production la relance des paniers abandonnés par e-mail",
)
ROADMAP_DRAFT = (
    f"Objectif : {ROADMAP_DELIVERABLES[0]}\nKR : {ROADMAP_DELIVERABLES[1]}\nKR : {ROADMAP_DELIVERABLES[2]}"
)
# A public-service roadmap the library grounds only once: one KR, and a measure of the same trade offered to
# choose (a chip in the form, `candidates` in the API) with a question for the missing measure.
CHOICE_DRAFT = (
    "Mairie — Pôle Population\n"
    "Objectif : Dématérialiser les demandes d'actes de naissance\n"
    "- Publier le formulaire en ligne sur le portail citoyen\n"
    "- Brancher le portail sur COMEDEC"
)
CHOICE_METRIC = "pub_form_abandonment_rate"
# Sound as written (kept, no model call) under a parent line it shares no meaningful word with: the rewrite
# asks how the objective moves that parent, and the answer shows under the objective.
ALIGN_PARENT = "Objectif de la ville : zéro enfant qui ne sait pas nager à l'entrée en 6e"
ALIGN_OBJECTIVE = "Réduire la consommation d'énergie de la piscine municipale"
ALIGN_DRAFT = (
    f"{ALIGN_PARENT}\n"
    "Équipe Piscine municipale — T2 2027\n"
    f"Objectif : {ALIGN_OBJECTIVE}\n"
    "- Réduire la consommation de gaz de 410 à 330 MWh par trimestre d'ici fin T2 2027\n"
    "- Réduire la consommation d'eau de 2 100 à 1 700 m³ par trimestre d'ici fin T2 2027"
)
ALIGN_ANSWER = "l'énergie économisée finance deux créneaux d'apprentissage pour les écoles"
# What a broken model sends back: the first ask and both re-asks fail, so code's rewrite is kept.
GARBAGE_ANSWERS = ("not json", "still not json", "never json")


def segment_answer(segment: str | None) -> dict[str, Any]:
    """A `SegmentSlots` answer for a draft with one objective asked."""
    return {"objectives": [{"segment": segment}]}


def v2_answer() -> dict[str, Any]:
    """The right answer to V2_DRAFT, which names nobody: no segment, so code's placeholder and question stay."""
    return segment_answer(None)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServedApp:
    demo: gr.Blocks
    url: str
    fake: FakeModel
    models_asked: list[str]


def serve(fake: FakeModel, **launch: Any) -> ServedApp:
    """Build the app on `fake`, launch it on a free port, and record which model names the UI asked for."""
    import app

    asked: list[str] = []

    def factory(name: str) -> FakeModel:
        asked.append(name)
        return fake

    demo = app.build_demo(model_factory=factory)
    options = app.launch_options()
    options.update(launch)
    demo.launch(
        server_name="127.0.0.1",
        server_port=free_port(),
        prevent_thread_lock=True,
        quiet=True,
        show_error=True,
        **options,
    )
    assert demo.local_url is not None
    return ServedApp(demo, demo.local_url, fake, asked)


@pytest.fixture(scope="module")
def served_app() -> Iterator[ServedApp]:
    """One server per test module; tests enqueue the answers they need on `served_app.fake`."""
    served = serve(FakeModel(name="fake/app"))
    try:
        yield served
    finally:
        served.demo.close()


@pytest.fixture
def fake(served_app: ServedApp) -> Iterator[FakeModel]:
    """The served app's FakeModel, checked empty after each test so no answer leaks into the next one."""
    served_app.fake.history.clear()
    yield served_app.fake
    left = served_app.fake.pending
    while served_app.fake.pending:
        served_app.fake.completion()  # drain, so a failing test does not poison the next
    assert left == 0, f"{left} queued answer(s) were never asked for"
