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
    """A schema-valid French answer to `fr_draft`."""
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
