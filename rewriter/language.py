"""French or English, from function words: drafts are short and full of anglicisms, so content words lie."""

from __future__ import annotations

import re

from rewriter.draft import Lang

# Function words only: product jargon ("feature", "churn", "onboarding") appears in both languages.
_FR = set(
    [
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "du",
        "de",
        "d",
        "l",
        "au",
        "aux",
        "et",
        "ou",
        "en",
        "dans",
        "sur",
        "pour",
        "par",
        "avec",
        "sans",
        "sous",
        "vers",
        "chez",
        "entre",
        "est",
        "sont",
        "nos",
        "notre",
        "nous",
        "vos",
        "votre",
        "leur",
        "leurs",
        "ce",
        "cette",
        "ces",
        "qui",
        "que",
        "dont",
        "plus",
        "moins",
        "ici",
        "aujourd",
        "hui",
        "fin",
        "d'ici",
        "à",
        "où",
        "très",
        "tous",
        "toutes",
        "tout",
        "pas",
        "ne",
        "se",
        "sa",
        "son",
        "ses",
        "mes",
        "mon",
    ]
)
_EN = set(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "in",
        "on",
        "for",
        "by",
        "with",
        "without",
        "to",
        "into",
        "from",
        "at",
        "our",
        "we",
        "us",
        "your",
        "their",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "be",
        "have",
        "has",
        "more",
        "less",
        "than",
        "which",
        "who",
        "all",
        "every",
        "per",
        "by",
        "until",
        "within",
        "each",
        "its",
        "it",
    ]
)
# Words PMs write in one language only, for lines too short to hold function words ("Grow revenue").
_FR_CONTENT = set(
    [
        "objectif",
        "objectifs",
        "résultat",
        "résultats",
        "clé",
        "clés",
        "augmenter",
        "réduire",
        "améliorer",
        "atteindre",
        "passer",
        "lancer",
        "livrer",
        "taux",
        "nombre",
        "chiffre",
        "affaires",
        "utilisateurs",
        "clients",
        "ventes",
        "délai",
        "fidéliser",
        "acquérir",
    ]
)
_EN_CONTENT = set(
    [
        "objective",
        "objectives",
        "key",
        "result",
        "results",
        "increase",
        "reduce",
        "improve",
        "grow",
        "raise",
        "cut",
        "reach",
        "launch",
        "ship",
        "build",
        "get",
        "make",
        "rate",
        "number",
        "revenue",
        "users",
        "customers",
        "sales",
        "time",
        "churn",
        "growth",
        "share",
    ]
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_FR_ONLY_LETTERS = re.compile(r"[àâçéèêëîïôûùœ]", re.IGNORECASE)


def language_scores(text: str) -> tuple[int, int]:
    """(French evidence, English evidence): function words, plus accented letters for French."""
    tokens = [t.lower() for t in _WORD.findall(text)]
    fr = sum(t in _FR or t in _FR_CONTENT for t in tokens) + min(2, len(_FR_ONLY_LETTERS.findall(text)))
    en = sum(t in _EN or t in _EN_CONTENT for t in tokens)
    return fr, en


def detect_language(text: str) -> Lang:
    """'fr' or 'en'; French wins ties, since the method and most drafts are French."""
    fr, en = language_scores(text)
    return "en" if en > fr else "fr"


def confident_language(text: str, margin: int = 2) -> Lang | None:
    """The line's language when the evidence is clear, None for short or ambiguous lines."""
    fr, en = language_scores(text)
    if fr >= en + margin and en == 0:
        return "fr"
    if en >= fr + margin and fr == 0:
        return "en"
    return None
