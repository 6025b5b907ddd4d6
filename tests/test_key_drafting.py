"""The JSON-key drafter: its guesses from the schema, without a model, and once with the tiny model."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from rewriter.local.key_drafting import MAX_DRAFT_TOKENS, KeyDrafter, next_key_text
from rewriter.slots import RewriteSlots

SCHEMA = RewriteSlots.model_json_schema()
OBJ = '{"objectives":[{"verb":"Rendre","qualifier":"le suivi","target":"des clients",'


@pytest.mark.parametrize(
    ("answer", "guess"),
    [
        ('{"', 'objectives":[{"verb":"'),
        ('{"objectives":[{"verb":"Rendre","', 'qualifier":"'),
        (OBJ + '"', 'krs":[{"verb":"'),
        (OBJ + '"krs":[{"verb":"Augmenter","', 'metric":"'),
        (OBJ + '"krs":[{"verb":"Réduire","metric":"le taux","baseline":null', ',"target":'),
        (OBJ + '"krs":[{"verb":"A","metric":"m","baseline":"68","', 'target":'),
        (OBJ + '"krs":[{"verb":"A","deadline":null},{"', 'verb":"'),
        (OBJ + '"krs":[{"verb":"A","deadline":null}],"', 'initiatives":[{"text":"'),
        (OBJ + '"krs":[],"initiatives":[{"text":"Livrer, \\"vite\\"","kr":0},{"', 'text":"'),
        (OBJ + '"krs":[],"initiatives":[]},{"', 'verb":"'),
    ],
)
def test_guesses_the_next_key_in_schema_order_with_its_fixed_opening(answer: str, guess: str) -> None:
    assert next_key_text(answer, SCHEMA) == guess


@pytest.mark.parametrize(
    "answer",
    [
        '{"objectives":[{"verb":"Ren',  # inside a value: the model's own words
        '{"objectives":[{"verb":"Rendre","qualifier":"null',  # 'null' inside a string is text
        OBJ + '"krs":[{"verb":"A","deadline":null',  # the last key: '}' or more items, not fixed
        OBJ + '"krs":[{"verb":"A","metric":"m","baseline":',  # a value of the model's choice
        OBJ + '"krs":[{"verb":"A","nonsense":"',  # an unknown key: no guess rather than a wrong one
        "",
    ],
)
def test_no_guess_where_the_model_decides(answer: str) -> None:
    assert next_key_text(answer, SCHEMA) == ""


class FakeTokenizer:
    """One token per character: enough to check what the drafter hands back to llama.cpp."""

    def tokenize(self, text: bytes, add_bos: bool = True, special: bool = False) -> list[int]:
        return list(text)

    def detokenize(self, tokens: list[int], prev_tokens: Any = None, special: bool = False) -> bytes:
        return bytes(tokens)


def test_drafter_reads_only_the_answer_and_returns_token_ids() -> None:
    drafter = KeyDrafter()
    prompt = list(b'system: answer like {"objectives":[{"verb":"x","')
    drafter.begin(FakeTokenizer(), SCHEMA, len(prompt))
    context = np.array(prompt + list(b'{"objectives":[{"verb":"Rendre","'), dtype=np.intc)
    # One token per character here: a draft stops at MAX_DRAFT_TOKENS (the rest comes at the next step).
    assert bytes(drafter(context).tolist()) == b'qualifier":"'[:MAX_DRAFT_TOKENS]
    # Nothing is drafted from the prompt alone, mid-value, or without a schema.
    assert drafter(np.array(prompt, dtype=np.intc)).size == 0
    assert drafter(np.array(prompt + list(b'{"objectives":[{"verb":"Ren'), dtype=np.intc)).size == 0
    drafter.begin(FakeTokenizer(), None, len(prompt))
    assert drafter(context).size == 0


def test_tiny_model_answers_the_same_schema_with_keys_drafted() -> None:
    import json

    import jsonschema

    from rewriter.local import catalog, register
    from rewriter.local.engine import Engine, Settings

    register()
    spec = catalog.get("local/smollm2-135m")
    engine = Engine(spec, Settings.from_env(spec).model_copy(update={"draft_keys": True}))
    drafted: list[int] = []
    try:
        llama = engine._load()
        drafter: Any = llama.draft_model
        original = type(drafter).__call__

        def counting(self: Any, ids: Any, **kwargs: Any) -> Any:
            out = original(self, ids, **kwargs)
            drafted.append(len(out))
            return out

        type(drafter).__call__ = counting  # type: ignore[method-assign]
        generation = engine.chat(
            [{"role": "user", "content": "Objective: Launch the app v2\nKR1: Ship dark mode"}],
            schema=SCHEMA,
            max_tokens=400,
        )
    finally:
        engine.close()
    jsonschema.validate(json.loads(generation.text), SCHEMA)
    assert sum(1 for n in drafted if n) >= 3, "keys were drafted at several points of the answer"


def test_cursor_fed_in_any_chunks_reads_the_answer_like_a_whole() -> None:
    from rewriter.local.key_drafting import JsonCursor

    answer = (OBJ + '"krs":[{"verb":"Réduire","metric":"l\'écart \\"réel\\" — 68 %","baseline":null').encode()
    for size in (1, 2, 3, 7):
        cursor = JsonCursor(SCHEMA)
        for i in range(0, len(answer), size):  # chunks cut UTF-8 characters in the middle
            cursor.feed(answer[i : i + size])
        assert cursor.next_key_text() == ',"target":'


SOURCE = 'Défauts :\n- O1 KR1 : livrable\n\n<brouillon>\nObjectif : Lancer la v2\n- Livrer le "mode hors ligne"\nKR2 : Livrer le tableau de bord\n</brouillon>'


def _drafter_after(answer: str) -> bytes:
    drafter = KeyDrafter()
    drafter.begin(FakeTokenizer(), SCHEMA, 0, SOURCE)
    return bytes(drafter(np.array(list(answer.encode()), dtype=np.intc)).tolist())


def test_copy_lines_drop_bullets_and_labels() -> None:
    from rewriter.local.key_drafting import copy_lines

    assert copy_lines("- Livrer A\n  KR1 : Réduire B\n2. Objective: Grow C\n\nplain line\n") == [
        "Livrer A",
        "Réduire B",
        "Grow C",
        "plain line",
    ]


def test_a_value_that_starts_like_a_source_line_gets_the_rest_of_it_then_the_next_key() -> None:
    ini = OBJ + '"krs":[],"initiatives":[{"text":"'

    assert _drafter_after(ini + "Livrer le t") == b'ableau de bord","kr":'[:MAX_DRAFT_TOKENS]
    # The quote inside the line comes back escaped.
    drafter = KeyDrafter()
    drafter.begin(FakeTokenizer(), SCHEMA, 0, SOURCE)
    cursor_answer = ini + 'Livrer le \\"mode'
    drafter(np.array(list(cursor_answer.encode()), dtype=np.intc))
    assert drafter._cursor is not None
    assert drafter.value_text(drafter._cursor) == ' hors ligne\\"","kr":'


def test_a_line_already_copied_whole_is_not_offered_again() -> None:
    done = (
        OBJ + '"krs":[],"initiatives":[{"text":"Livrer le \\"mode hors ligne\\"","kr":0},{"text":"Livrer le '
    )
    drafter = KeyDrafter()
    drafter.begin(FakeTokenizer(), SCHEMA, 0, SOURCE)
    drafter(np.array(list(done.encode()), dtype=np.intc))
    assert drafter._cursor is not None
    assert drafter.value_text(drafter._cursor) == 'tableau de bord","kr":'


def test_an_enum_value_is_finished_once_one_choice_alone_fits() -> None:
    drafter = KeyDrafter()
    drafter.begin(FakeTokenizer(), SCHEMA, 0, None)  # no source: enums are still finished
    drafter(np.array(list('{"objectives":[{"verb":"Amélio'.encode()), dtype=np.intc))
    assert drafter._cursor is not None
    assert drafter.value_text(drafter._cursor) == 'rer","qualifier":"'


@pytest.mark.parametrize(
    "answer",
    [
        '{"objectives":[{"verb":"R',  # several choices start with R: the model decides
        OBJ + '"krs":[{"verb":"A","metric":"le taux',  # free text unlike any line
        OBJ + '"krs":[],"initiatives":[{"text":"',  # nothing written yet: which line is the model's call
    ],
)
def test_no_value_guess_where_the_model_decides(answer: str) -> None:
    drafter = KeyDrafter()
    drafter.begin(FakeTokenizer(), SCHEMA, 0, SOURCE)
    drafter(np.array(list(answer.encode()), dtype=np.intc))
    assert drafter._cursor is not None
    assert drafter.value_text(drafter._cursor) == ""
