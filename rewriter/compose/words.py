"""Words the compose steps share: the verbs of change, the nouns that name people, a person's label, and
the small rules of writing in the draft's language (French elision, a lowered first letter, a line's language).

The bottom of `rewriter.compose`: every step may use it, and it uses none of them.
"""

from __future__ import annotations

import re

from rewriter.draft import Lang

# A KR written by code takes the verb of its metric's direction ("Réduire le churn", "Increase NPS").
VERBS: dict[Lang, dict[str, str]] = {
    "fr": {"up": "Augmenter", "down": "Réduire", "keep": "Maintenir"},
    "en": {"up": "Increase", "down": "Reduce", "keep": "Maintain"},
}


# Nouns that name people or organisations: what a segment names, and who an English share counts ("who", not "that").
PEOPLE = re.compile(
    r"\b(?:salaries|recrues|clients|utilisateurs|usagers|patients|agents|commercants|developpeurs|partenaires"
    r"|vendeurs|acheteurs|abonnes|lecteurs|etudiants|employes|managers|equipes|employees|hires|customers|users"
    r"|patients|agents|merchants|developers|partners|sellers|buyers|subscribers|readers|students|teams"
    r"|techniciens|technicians|commerciaux|conseillers|enseignants|teachers|soignants|medecins|doctors|pme|smb"
    r"|entreprises|companies|cabinets|firms|accounts|comptes|familles|families|parents|citoyens|citizens"
    r"|collaborateurs|recruteurs|recruiters|candidats|candidates|locataires|tenants|assures|voyageurs|travellers"
    r"|team|equipe|staff|personnel|service|artisans|contractors|freelances|independants|retailers|commerces"
    r"|reps|representatives|vendeurs|sellers|drivers|chauffeurs|livreurs|couriers|agences|branches)\b"
)


# French words with a mute h take "l'"; English loanwords ("health score", "hotline") keep "le".
_MUTE_H = re.compile(
    r"^h(?:abit|[ôo]p|[ôo]tel|eure|oraire|ygi[èe]n|umain|umeur|istor|[ée]berg|[ée]rit|armon|onor|ospital|ospitalis"
    r"|uile|iver|abill|erbe|[ée]sit|[ée]t[ée]rog|omog|orizon)",
    re.IGNORECASE,
)


def elides(word: str) -> bool:
    first = word[:1].lower()
    return first in "aeiouyéèêàâîô" or (first == "h" and bool(_MUTE_H.match(word)))


def lower_first(text: str) -> str:
    """ "Month-end close" → "month-end close"; an acronym ("LTIs", "FPY", "NPS") keeps its capitals."""
    first = text.split(" ", 1)[0]
    # "O&M", "R&D", "eNPS": a word with two capitals is an acronym, whatever stands between them.
    if text[1:2].isupper() or sum(c.isupper() for c in first) >= 2:
        return text
    return text[:1].lower() + text[1:]


def language_of(text: str, default: Lang) -> Lang:
    from rewriter.language import confident_language

    return confident_language(text) or default
