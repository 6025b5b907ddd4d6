"""Why a text cannot be rewritten: typed errors with a stable code, their parameters, and their message in
French and English.

The library raises them; each door says them in its own language: `str(error)` is the English message (the
CLI, logs, batch error rows), `error.message("fr")` what the French web page shows. Codes are an API, like
the findings' codes: `BatchRecord.error_code` carries them, so a page can say a batch row's problem in its
own language.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

from rewriter.draft import Lang


class Message(NamedTuple):
    fr: str
    en: str


MESSAGES: dict[str, Message] = {
    "draft.not_text": Message(
        "Le brouillon doit être du texte, pas {kind}.",
        "The draft must be text, not {kind}.",
    ),
    "draft.empty": Message(
        "Le brouillon est vide : collez au moins un objectif ou un résultat clé.",
        "The draft is empty: paste at least one objective or key result.",
    ),
    "draft.too_long": Message(
        "Le brouillon fait {length} caractères ; la limite est de {limit}. "
        "Découpez-le en un brouillon par équipe ou par objectif.",
        "The draft is {length} characters long; the limit is {limit}. "
        "Split it into one draft per team or objective.",
    ),
    "draft.binary": Message(
        "Le brouillon contient des octets NUL : on dirait un fichier binaire, pas du texte.",
        "The draft contains NUL bytes: it looks like a binary file, not text.",
    ),
    "draft.no_words": Message(
        "Aucun mot français ou anglais dans ce texte : okr-rewriter lit les brouillons d'OKR écrits en "
        "français ou en anglais. Rien n'a été envoyé au modèle.",
        "No French or English words in this text: okr-rewriter reads OKR drafts written in French or "
        "English. Nothing was sent to the model.",
    ),
    "draft.language": Message(
        "Ce brouillon semble écrit en {language_fr} : okr-rewriter ne lit que le français et l'anglais, "
        "il ne le réécrit donc pas (ses chiffres seraient mal lus). Traduisez-le en français ou en anglais.",
        "This draft looks written in {language_en}: okr-rewriter reads French and English only, so it "
        "does not rewrite it (its numbers would be misread). Translate it into French or English.",
    ),
}

# Names of the languages that are recognised only to be refused.
LANGUAGE_NAMES: dict[str, Message] = {
    "de": Message("allemand", "German"),
    "es": Message("espagnol", "Spanish"),
    "it": Message("italien", "Italian"),
    "pt": Message("portugais", "Portuguese"),
    "nl": Message("néerlandais", "Dutch"),
}


def _shown(value: Any, lang: Lang) -> Any:
    # Thousands apart as each language writes them: "20,000" in English, "20 000" in French.
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", "\u202f") if lang == "fr" else f"{value:,}"
    return value


def render(code: str, lang: Lang, params: dict[str, Any]) -> str:
    """The message of `code` in `lang`, filled with `params`."""
    text = MESSAGES[code]
    shown = {name: _shown(value, lang) for name, value in params.items()}
    return (text.fr if lang == "fr" else text.en).format(**shown)


class DraftError(ValueError):
    """A text that is not a draft okr-rewriter can rewrite; `code` and `params` say why, in any language."""

    code: ClassVar[str]

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: Lang) -> str:
        return render(self.code, lang, self.params)


class NotTextError(DraftError, TypeError):
    """The draft is not a string (a number or a list sent to the API)."""

    code = "draft.not_text"


class EmptyDraftError(DraftError):
    code = "draft.empty"


class DraftTooLongError(DraftError):
    code = "draft.too_long"


class BinaryDraftError(DraftError):
    code = "draft.binary"


class NoWordsError(DraftError):
    """Control characters, symbols or another script: nothing a French or English reader would call words."""

    code = "draft.no_words"


class UnsupportedLanguageError(DraftError):
    """German, Spanish, Italian, Portuguese or Dutch: read as French or English, its numbers would move."""

    code = "draft.language"

    def __init__(self, language: str) -> None:
        names = LANGUAGE_NAMES[language]
        super().__init__(language=language, language_fr=names.fr, language_en=names.en)
