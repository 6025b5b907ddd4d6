"""Fixtures for the web app tests: the real app, served in-process on a free loopback port, on a FakeModel.

The fake is injected through `build_demo(model_factory=...)`, the same seam the model setting uses, so
the app code under test is the production code. Import the fixtures into a test module with
`from app_fixtures import served_app, fake` (pytest puts tests/ on sys.path).
"""

from __future__ import annotations

import copy
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

# A schema-valid answer to V2_DRAFT with no number, so every baseline, target and deadline is a question.
_V2_ANSWER: dict[str, Any] = {
    "objectives": [
        {
            "verb": "Rendre",
            "qualifier": "la v2 indispensable",
            "target": "aux utilisateurs actifs",
            "krs": [
                {
                    "verb": "Augmenter",
                    "metric": "la part des utilisateurs actifs qui utilisent la feature A chaque semaine",
                    "baseline": None,
                    "target": None,
                    "unit": "%",
                    "deadline": None,
                },
                {
                    "verb": "Réduire",
                    "metric": "le taux de désabonnement mensuel des utilisateurs de la v2",
                    "baseline": None,
                    "target": None,
                    "unit": "%",
                    "deadline": None,
                },
            ],
            "initiatives": [{"text": "Livrer la feature A", "kr": 0}],
        }
    ],
    "rationale": ["La livraison de la feature A devient une initiative : un pari pour faire bouger l'usage."],
}


def v2_answer() -> dict[str, Any]:
    return copy.deepcopy(_V2_ANSWER)


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
