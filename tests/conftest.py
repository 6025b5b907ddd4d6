"""Test-wide guards: no test may reach a network model or any non-loopback host."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


class NetworkBlocked(RuntimeError):
    """Raised when a test tries to open a connection beyond the loopback interface."""


def _is_local(address: Any) -> bool:
    if not isinstance(address, tuple) or not address:
        return True  # AF_UNIX paths and the like
    host = str(address[0])
    if host in {"localhost", ""}:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> Iterator[None]:
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def connect(self: socket.socket, address: Any) -> Any:
        if not _is_local(address):
            raise NetworkBlocked(f"tests must not reach the network (tried {address!r})")
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> Any:
        if not _is_local(address):
            raise NetworkBlocked(f"tests must not reach the network (tried {address!r})")
        return real_connect_ex(self, address)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", connect)
        patch.setattr(socket.socket, "connect_ex", connect_ex)
        yield


@pytest.fixture
def valid_fr_answer() -> dict[str, Any]:
    """A valid `RewriteSlots` for `fr_draft`: the whole-rewrite format of the eval references and `to_result`.

    Engine v2 never asks a model for it (the model answers `SegmentSlots`): use it for slot validation and
    reference rendering, not as a FakeModel answer.
    """
    return {
        "objectives": [
            {
                "verb": "Améliorer",
                "qualifier": "l'activation",
                "target": "des nouveaux comptes PME",
                "krs": [
                    {
                        "verb": "Faire passer",
                        "metric": "le taux d'onboarding complété",
                        "baseline": "40",
                        "target": "60",
                        "unit": "%",
                        "deadline": "fin T2 2027",
                    },
                    {
                        "verb": "Réduire",
                        "metric": "le délai avant la première facture émise",
                        "baseline": None,
                        "target": None,
                        "unit": "jours",
                        "deadline": None,
                    },
                ],
                "initiatives": [
                    {"text": "Livrer le nouvel assistant de configuration", "kr": 0},
                    {"text": "Mettre en production l'import des contacts", "kr": 1},
                ],
            }
        ],
        "rationale": ["L'objectif décrit le résultat pour les clients, pas le projet."],
    }


@pytest.fixture
def fr_draft() -> str:
    """A level-1 French draft whose numbers are 40, 60, 2 and 2027."""
    return (
        "Objectif : Lancer le nouvel onboarding\n"
        "- Livrer le nouvel assistant de configuration\n"
        "- Mettre en production l'import des contacts\n"
        "Aujourd'hui 40% des comptes finissent l'onboarding, on vise 60% fin T2 2027."
    )


@pytest.fixture
def fr_roadmap_draft() -> str:
    """A level-2 French roadmap: three deliverables, one fact (72 %, the cart abandonment today), no cycle.

    Its only segment ("les acheteurs mobiles") sits in a deliverable, where code does not look for one: the
    rewritten objective lacks a segment and the model is asked for it.
    """
    return (
        "Équipe Checkout\n"
        "Objectif : Refaire le tunnel de commande\n"
        "- Développer le paiement en un clic\n"
        "- Intégrer Apple Pay pour les acheteurs mobiles\n"
        "- Refondre la page panier\n"
        "Taux d'abandon de panier : 72% (mesuré en janvier)"
    )


@pytest.fixture
def en_roadmap_draft() -> str:
    """The English twin of `fr_roadmap_draft` (segment "mobile shoppers" only in a deliverable)."""
    return (
        "Objective: Ship the new checkout\n"
        "- Build one-click payment\n"
        "- Integrate Apple Pay for mobile shoppers\n"
        "- Redesign the cart page\n"
        "Cart abandonment rate: 72% (measured in January)"
    )


@pytest.fixture
def fr_sound_draft() -> str:
    """A sound French draft (level 3) whose first KR has no deadline and no cycle fills it."""
    return (
        "Objectif : Rendre le support premium irréprochable pour les clients Entreprise\n"
        "KR1 : Réduire le délai de première réponse de 6 h à 1 h\n"
        "KR2 : Faire passer le CSAT des tickets Entreprise de 82% à 92% d'ici fin T2 2027"
    )


@pytest.fixture
def fr_segment_answer() -> dict[str, Any]:
    """A `SegmentSlots` answer to `fr_roadmap_draft`: its segment, word for word."""
    return {"objectives": [{"segment": "les acheteurs mobiles"}]}
