"""French or English, from function words: drafts are short and full of anglicisms, so content words lie.

The same evidence tells a draft in another language (German, Spanish, Italian, Portuguese, Dutch), which
okr-rewriter refuses rather than misreads. `benchmarks/language.py` measures it on
`tests/data/language_samples.jsonl` (54 short lines and drafts in those languages, 28 tricky French and
English ones) and on the repository's 613 French and English drafts (eval cases, reading sets, the blind
corpus), whole and line by line (3,613 lines of two words or more): every other-language sample is found,
no French or English sample, draft or line is refused, at about 0.1 ms a draft. lingua-language-detector
(high accuracy, the same seven languages) also found every other-language sample, but refused 58 of the
lines ("- Integrate carrier APIs", "KR6 : Recruter 2 ML engineers") and two samples naming a place ("Open
the São Paulo office"), at 0.35 ms a draft after 1.6 s of loading 96 MB of models; a one-line draft is a
line, so it is not used.
"""

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
        # "com com" (communauté de communes) and "com'" (communication) in French drafts; "contrat" is French only.
        "com",
        "contrat",
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
FRENCH_AND_ENGLISH_WORDS = frozenset(_FR | _FR_CONTENT | _EN | _EN_CONTENT)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_FR_ONLY_LETTERS = re.compile(r"[àâçéèêëîïôûùœ]", re.IGNORECASE)


# Function words (and a few words of the OKR trade) of the languages okr-rewriter recognises only to refuse.
# Words these languages share with French or English ("de", "la", "in") are listed too: they count for both
# sides and cancel out, so only what is proper to a language tips the balance.
_OTHER: dict[str, frozenset[str]] = {
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "den",
            "dem",
            "des",
            "ein",
            "eine",
            "einen",
            "einem",
            "einer",
            "eines",
            "und",
            "oder",
            "von",
            "vom",
            "zu",
            "zum",
            "zur",
            "mit",
            "für",
            "auf",
            "aus",
            "bei",
            "bis",
            "im",
            "ist",
            "sind",
            "wird",
            "werden",
            "wir",
            "unser",
            "unsere",
            "unseren",
            "unserer",
            "nicht",
            "um",
            "über",
            "unter",
            "durch",
            "als",
            "auch",
            "noch",
            "neue",
            "neuen",
            "neuer",
            "neues",
            "alle",
            "ziel",
            "ziele",
            "ergebnis",
            "ergebnisse",
            "steigern",
            "erhöhen",
            "senken",
            "reduzieren",
            "verbessern",
            "erreichen",
            "einführen",
            "verdoppeln",
            "halbieren",
            "stärken",
            "ausrollen",
            "ausliefern",
            "liefern",
            "umsetzen",
            "aufbauen",
            "gewinnen",
            "verringern",
            "ausbauen",
            "bringen",
            "kunden",
            "umsatz",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "lo",
            "un",
            "una",
            "unos",
            "unas",
            "de",
            "del",
            "al",
            "en",
            "con",
            "por",
            "para",
            "que",
            "es",
            "son",
            "su",
            "sus",
            "nuestro",
            "nuestra",
            "nuestros",
            "nuestras",
            "más",
            "menos",
            "desde",
            "hasta",
            "sobre",
            "entre",
            "cada",
            "este",
            "esta",
            "sin",
            "muy",
            "objetivo",
            "objetivos",
            "aumentar",
            "reducir",
            "mejorar",
            "lograr",
            "alcanzar",
            "lanzar",
            "disminuir",
            "incrementar",
            "duplicar",
            "conseguir",
            "bajar",
            "subir",
            "clientes",
            "cliente",
            "ventas",
            "tasa",
            "usuarios",
            "tiempo",
            "nuevo",
            "nueva",
            "nuevos",
            "nuevas",
            "trimestre",
            "año",
            "mes",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "lo",
            "la",
            "gli",
            "le",
            "un",
            "una",
            "uno",
            "di",
            "del",
            "della",
            "dei",
            "degli",
            "delle",
            "dello",
            "da",
            "dal",
            "dalla",
            "dai",
            "in",
            "nel",
            "nella",
            "nei",
            "nelle",
            "con",
            "su",
            "sul",
            "sulla",
            "per",
            "tra",
            "fra",
            "che",
            "è",
            "sono",
            "non",
            "nostro",
            "nostra",
            "nostri",
            "nostre",
            "entro",
            "ogni",
            "al",
            "all",
            "alla",
            "ai",
            "obiettivo",
            "obiettivi",
            "aumentare",
            "ridurre",
            "migliorare",
            "raggiungere",
            "lanciare",
            "diventare",
            "raddoppiare",
            "acquisire",
            "rilasciare",
            "portare",
            "clienti",
            "vendite",
            "tasso",
            "utenti",
            "tempi",
            "nuovo",
            "nuova",
            "nuovi",
            "nuove",
            "anno",
            "mese",
            "fine",
        ]
    ),
    "pt": frozenset(
        [
            "os",
            "as",
            "um",
            "uma",
            "uns",
            "umas",
            "de",
            "do",
            "da",
            "dos",
            "das",
            "em",
            "no",
            "na",
            "nos",
            "nas",
            "com",
            "por",
            "para",
            "pelo",
            "pela",
            "que",
            "é",
            "são",
            "não",
            "ao",
            "aos",
            "à",
            "nosso",
            "nossa",
            "nossos",
            "nossas",
            "até",
            "mais",
            "entre",
            "cada",
            "objetivo",
            "objetivos",
            "aumentar",
            "reduzir",
            "melhorar",
            "alcançar",
            "atingir",
            "lançar",
            "diminuir",
            "dobrar",
            "conquistar",
            "clientes",
            "vendas",
            "taxa",
            "usuários",
            "tempo",
            "novo",
            "nova",
            "novos",
            "novas",
            "trimestre",
            "ano",
            "mês",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "van",
            "voor",
            "naar",
            "met",
            "op",
            "in",
            "aan",
            "bij",
            "door",
            "tot",
            "uit",
            "om",
            "te",
            "is",
            "zijn",
            "wordt",
            "worden",
            "niet",
            "onze",
            "ons",
            "ook",
            "per",
            "doel",
            "doelen",
            "verhogen",
            "verlagen",
            "verbeteren",
            "verminderen",
            "bereiken",
            "lanceren",
            "verdubbelen",
            "halen",
            "opleveren",
            "terugbrengen",
            "klanten",
            "klant",
            "omzet",
            "aantal",
            "gebruikers",
            "nieuwe",
            "jaar",
            "maand",
            "einde",
        ]
    ),
}
_OTHER_LETTERS = {"de": "äöüß", "es": "ñáíóú", "it": "òì", "pt": "ãõáíóú", "nl": ""}
# English content words that are the trade's jargon in every language ("Churn-Rate um 20 % senken"):
# only English verbs count as English when another language is in the balance.
_EN_VERBS = frozenset(
    ["increase", "reduce", "improve", "grow", "raise", "cut", "reach", "launch", "ship", "build"]
)
# English words spelled like a function word of those languages ("as soon as", "no PO, no pay", "door"):
# English evidence, never another language's own.
_EN_CLASHES = frozenset(
    [
        "as",
        "no",
        "do",
        "die",
        "son",
        "sin",
        "lo",
        "con",
        "fine",
        "non",
        "door",
        "tot",
        "um",
        "am",
        "per",
        "over",
        "also",
        "was",
        "will",
        "man",
        "hat",
        "bis",
    ]
)
# A capitalised word after the start of a sentence is a name ("São Paulo", "Málaga") or a German noun:
# either way no function word.
_SENTENCE_START = re.compile(r"(?:^|[:.!?\n])[\W\d_]*$")


def _plain_words(text: str) -> list[str]:
    """Lowercased words, without acronyms (NPS, DE), single letters (the e of e-commerce) or names."""
    words = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        if len(word) < 2 or word.isupper():
            continue
        if word[0].isupper() and not _SENTENCE_START.search(text[max(0, match.start() - 12) : match.start()]):
            continue
        words.append(word.lower())
    return words


def other_language(text: str) -> str | None:
    """ "de", "es", "it", "pt" or "nl" when the text is clearly in one of them rather than French or English.

    A language needs at least two pieces of evidence, one of them its own (a word French and English do not
    have, or one of its letters), and more evidence than French and than English.
    """
    words = _plain_words(text)
    french = sum(w in _FR or w in _FR_CONTENT for w in words)
    french += min(2, sum(bool(_FR_ONLY_LETTERS.search(w)) for w in words))
    english = sum(w in _EN or w in _EN_VERBS or w in _EN_CLASHES for w in words)
    scores: dict[str, int] = {}
    for language, vocabulary in _OTHER.items():
        own = [w for w in words if w in vocabulary]
        lettered = any(c in _OTHER_LETTERS[language] for w in words for c in w)
        if lettered or any(w not in FRENCH_AND_ENGLISH_WORDS and w not in _EN_CLASHES for w in own):
            scores[language] = len(own) + lettered
    if not scores:
        return None
    best = max(scores, key=lambda language: scores[language])
    return best if scores[best] >= 2 and scores[best] > max(french, english) else None


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
