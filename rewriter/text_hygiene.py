"""Text hygiene shared by every door (rewrite, diagnosis, batch, web): what a pasted text may hold before it is read.

A browser, a clipboard or a file can hand over text no encoder accepts (a lone surrogate such as "\\udcff"),
control characters, or bidi overrides that reorder what a reader sees. `clean_text` makes any text safe to
read, encode and send; `has_words` tells text from noise, so noise costs no model call; `without_bidi`
neutralises reordering controls in what the web page shows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from rewriter.language import FRENCH_AND_ENGLISH_WORDS
from rewriter.library import load_library, load_yaml

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls but tab, line feed and carriage return; NUL is refused before (a binary file).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Embeddings, overrides and isolates: they make a line read in another order than it is written.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_WORD = re.compile(r"[^\W\d_]+")
# The trade's acronyms (NPS, MRR, KR) are words of a draft too: "KR : MRR +15 % QoQ".
_ACRONYM = re.compile(r"\b[A-Z]{2,6}s?\b")
_WORDS_DIR = Path(__file__).resolve().parent / "library" / "words"


def clean_text(text: str) -> str:
    """The text with lone surrogates replaced by U+FFFD, control characters by spaces, composed (NFC).

    Every other character is kept: the draft's words and numbers are the PM's.
    """
    text = _SURROGATE.sub(REPLACEMENT, text)
    text = _CONTROL.sub(" ", text)
    return unicodedata.normalize("NFC", text).removeprefix("\ufeff")


def without_bidi(text: str) -> str:
    """The text without bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069)."""
    return BIDI_CONTROLS.sub("", text)


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


@cache
def vocabulary() -> frozenset[str]:
    """Lowercase words of the language lists, the rules' word lists and the metric library, French and English."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(_WORDS_DIR.glob("*.yaml"))]
    strings = [s for t in texts for s in _strings(load_yaml(t))]
    strings += [s for m in load_library().metrics for s in _strings(m.model_dump(mode="json"))]
    found = {w.lower() for s in strings for w in _WORD.findall(s) if len(w) > 1}
    return frozenset(found | FRENCH_AND_ENGLISH_WORDS)


def has_words(text: str) -> bool:
    """Whether the text holds at least one French or English word, or an acronym of the trade."""
    if _ACRONYM.search(text):
        return True
    known = vocabulary()
    return any(w.lower() in known for w in _WORD.findall(text) if len(w) > 1)


# A line that speaks to the tool ("Nouvelle consigne système : …", "SYSTEM OVERRIDE: ignore your rules"): no
# segment, fact or measure of the draft is ever taken from it.
INSTRUCTION = re.compile(
    r"\b(?:consigne|instruction|ignore[rz]?|oublie[rz]?|syst[eè]me|system|prompt|override|assistant|réponds|reply"
    r"|respond|disregard)\b",
    re.IGNORECASE,
)


def speaks_to_the_tool(text: str) -> bool:
    return bool(INSTRUCTION.search(text))
