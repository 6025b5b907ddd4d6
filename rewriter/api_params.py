"""Checks of the web API's parameters (types, choices, ranges, lengths, answers against the result's questions).

A client may send anything as JSON: a number for a draft, an index of -1, a 100,000-character answer. Each
check returns the value the endpoint can use, or raises a `ParameterError` whose message names the parameter
and what it must be, in French or English, never a Python or pydantic traceback text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from pydantic import ValidationError

from rewriter.draft import Lang
from rewriter.result import Question, RewriteResult
from rewriter.text_hygiene import clean_text

MAX_MODEL_CHARS = 200
MAX_COLUMN_CHARS = 200
MAX_ANSWER_CHARS = 200
MAX_ANSWERS = 200
FIELDS = ("baseline", "target", "deadline", "segment", "value", "metric", "parent")


class Message(NamedTuple):
    fr: str
    en: str


MESSAGES: dict[str, Message] = {
    "type": Message("{name} doit être {expected}, pas {kind}.", "{name} must be {expected}, not {kind}."),
    "choice": Message("{name} doit valoir {choices}, pas {value}.", "{name} must be {choices}, not {value}."),
    "range": Message(
        "{name} doit être compris entre {low} et {high}, pas {value}.",
        "{name} must be between {low} and {high}, not {value}.",
    ),
    "too_long": Message(
        "{name} fait {length} caractères ; la limite est de {limit}.",
        "{name} is {length} characters long; the limit is {limit}.",
    ),
    "too_many": Message(
        "{name} contient {count} éléments ; la limite est de {limit}.",
        "{name} holds {count} items; the limit is {limit}.",
    ),
    "result": Message(
        "result n'est pas un résultat renvoyé par /rewrite : le champ {where} manque ou n'a pas le bon type.",
        "result is not a result returned by /rewrite: its field {where} is missing or of the wrong type.",
    ),
    "answer_shape": Message(
        "La réponse n° {n} doit être un objet avec objective (entier), kr (entier ou null), field et value.",
        "answer #{n} must be an object with objective (int), kr (int or null), field and value.",
    ),
    "answer_field": Message(
        "Réponse n° {n} : field doit valoir baseline, target, deadline, segment, value, metric ou parent, pas "
        "{value}.",
        "answer #{n}: field must be baseline, target, deadline, segment, value, metric or parent, not {value}.",
    ),
    "answer_objective": Message(
        "Réponse n° {n} : objective vaut {value}, mais le résultat a {count} objectif(s) : de 0 à {last}.",
        "answer #{n}: objective is {value}, but the result has {count} objective(s): 0 to {last}.",
    ),
    "answer_kr": Message(
        "Réponse n° {n} : kr vaut {value}, mais l'objectif {objective} a {count} résultat(s) clé(s) : de 0 à "
        "{last}, ou null pour l'objectif lui-même.",
        "answer #{n}: kr is {value}, but objective {objective} has {count} key result(s): 0 to {last}, or "
        "null for the objective itself.",
    ),
    "answer_question": Message(
        "Réponse n° {n} : le résultat n'a pas de question ouverte ({objective}, {kr}, {field}) ; ses questions "
        "ouvertes sont : {open}.",
        "answer #{n}: the result has no open question ({objective}, {kr}, {field}); its open questions "
        "are: {open}.",
    ),
    "answer_empty": Message("Réponse n° {n} : la valeur est vide.", "answer #{n}: the value is empty."),
    "answer_too_long": Message(
        "Réponse n° {n} : la valeur fait {length} caractères ; la limite est de {limit}.",
        "answer #{n}: the value is {length} characters long; the limit is {limit}.",
    ),
}

EXPECTED: dict[str, Message] = {
    "text": Message("du texte", "text"),
    "integer": Message("un nombre entier", "an integer"),
    "list": Message("une liste", "a list"),
    "object": Message("un objet JSON", "a JSON object"),
    "file": Message("un fichier envoyé", "an uploaded file"),
}
_JSON_KINDS: dict[type, Message] = {
    bool: Message("un booléen", "a boolean"),
    int: Message("un nombre", "a number"),
    float: Message("un nombre", "a number"),
    str: Message("du texte", "text"),
    list: Message("une liste", "a list"),
    dict: Message("un objet JSON", "a JSON object"),
    type(None): Message("null", "null"),
}


class ParameterError(ValueError):
    """A parameter the endpoint cannot use; `message(lang)` says which and what it must be."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: Lang) -> str:
        def shown(value: Any) -> Any:
            return value.fr if lang == "fr" and isinstance(value, Message) else getattr(value, "en", value)

        template = MESSAGES[self.code]
        return (template.fr if lang == "fr" else template.en).format(
            **{k: shown(v) for k, v in self.params.items()}
        )


def _kind(value: Any) -> Message:
    return _JSON_KINDS.get(type(value), Message(type(value).__name__, type(value).__name__))


def _quoted(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text(name: str, value: Any, *, limit: int | None = None, blank: str | None = None) -> str:
    """A text parameter; None gives `blank` when the parameter may be left out."""
    if value is None and blank is not None:
        return blank
    if not isinstance(value, str):
        raise ParameterError("type", name=name, expected=EXPECTED["text"], kind=_kind(value))
    if limit is not None and len(value) > limit:
        raise ParameterError("too_long", name=name, length=len(value), limit=limit)
    return value


def uploaded(name: str, value: Any) -> str:
    """The server's path of a file the client uploaded (gradio_client's `handle_file`).

    Gradio itself refuses a path the client did not upload, before the endpoint runs.
    """
    path = value.get("path") if isinstance(value, dict) else getattr(value, "path", None)
    if not isinstance(path, str) or not path:
        raise ParameterError("type", name=name, expected=EXPECTED["file"], kind=_kind(value))
    return path


def choice(name: str, value: Any, choices: Sequence[str]) -> str:
    """One of `choices`; None or "" gives the first."""
    if value is None or value == "":
        return choices[0]
    if not isinstance(value, str) or value not in choices:
        listed = ", ".join(f'"{c}"' for c in choices)
        raise ParameterError("choice", name=name, choices=listed, value=_quoted(value))
    return value


def integer(name: str, value: Any, low: int, high: int) -> int:
    """An integer between `low` and `high` (a float with no fraction is accepted: JSON has one number type)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParameterError("type", name=name, expected=EXPECTED["integer"], kind=_kind(value))
    if not low <= value <= high:
        raise ParameterError("range", name=name, low=low, high=high, value=value)
    return value


def result(value: Any) -> RewriteResult:
    """A result returned by /rewrite or /answer."""
    if not isinstance(value, dict):
        raise ParameterError("type", name="result", expected=EXPECTED["object"], kind=_kind(value))
    try:
        return RewriteResult.model_validate(value)
    except ValidationError as exc:
        where = ".".join(str(part) for part in exc.errors()[0]["loc"]) or "result"
        raise ParameterError("result", where=where) from None


def _index(value: Any) -> int | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _question_key(q: Question) -> str:
    return f"({q.objective}, {'null' if q.kr is None else q.kr}, {q.field})"


def answers(base: RewriteResult, items: Any) -> dict[tuple[int, int | None, str], str]:
    """API answers [{objective, kr, field, value}] keyed for `RewriteResult.answer`, each naming an open question.

    Indexes are checked against the result (no -1, no 99), values are cleaned text of at most
    MAX_ANSWER_CHARS characters on one line.
    """
    if not isinstance(items, list):
        raise ParameterError("type", name="answers", expected=EXPECTED["list"], kind=_kind(items))
    if len(items) > MAX_ANSWERS:
        raise ParameterError("too_many", name="answers", count=len(items), limit=MAX_ANSWERS)
    open_questions = {(q.objective, q.kr, q.field) for q in base.questions}
    found: dict[tuple[int, int | None, str], str] = {}
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or not {"objective", "field", "value"} <= set(item):
            raise ParameterError("answer_shape", n=n)
        objective, raw_kr, field, value = item["objective"], item.get("kr"), item["field"], item["value"]
        oi, ki = _index(objective), _index(raw_kr)
        if oi is None or (raw_kr is not None and ki is None) or not isinstance(value, str):
            raise ParameterError("answer_shape", n=n)
        if field not in FIELDS:
            raise ParameterError("answer_field", n=n, value=_quoted(field))
        if not 0 <= oi < len(base.objectives):
            count = len(base.objectives)
            raise ParameterError("answer_objective", n=n, value=oi, count=count, last=count - 1)
        krs = base.objectives[oi].key_results
        if ki is not None and not 0 <= ki < len(krs):
            raise ParameterError("answer_kr", n=n, value=ki, objective=oi, count=len(krs), last=len(krs) - 1)
        if (oi, ki, field) not in open_questions:
            listed = ", ".join(_question_key(q) for q in base.questions) or "—"
            kr = "null" if ki is None else ki
            raise ParameterError("answer_question", n=n, objective=oi, kr=kr, field=field, open=listed)
        if len(value) > MAX_ANSWER_CHARS:
            raise ParameterError("answer_too_long", n=n, length=len(value), limit=MAX_ANSWER_CHARS)
        cleaned = " ".join(clean_text(value).split())
        if not cleaned:
            raise ParameterError("answer_empty", n=n)
        found[(oi, ki, field)] = cleaned
    return found
