"""Wording rules a rewrite must meet: the objective's form, the language of every verb, the script.

The engine's guards and the eval scorer both call these, so a phrasing the scorer rejects is one the engine
repairs or refuses, never one it ships.
"""

from __future__ import annotations

import re
import unicodedata

from rewriter import rules
from rewriter.draft import Lang

# Verbs that need an attribute after their object ("Rendre l'onboarding autonome", "Make checkout effortless").
_ATTRIBUTE_VERBS = {"rendre", "make"}
_ATTRIBUTES = rules.fold(
    """
    accessible accessibles autonome autonomes simple simples rapide rapides fiable fiables disponible disponibles
    visible visibles rentable rentables fluide fluides sur sure surs sures securise securisee securises lisible
    lisibles comprehensible comprehensibles efficace efficaces agreable agreables utile utiles intuitif intuitive
    intuitifs incontournable incontournables indispensable indispensables previsible previsibles transparent
    transparente transparents transparentes facile faciles evident evidente plus moins
    difficile difficiles capable capables pret prets prete pretes fier fiers confiant confiants serein sereins
    conforme conformes robuste robustes performant performante performants performantes perenne meilleur
    meilleure meilleurs
    available easy easier simple simpler fast faster quick quicker reliable secure visible effortless profitable
    accessible intuitive predictable transparent indispensable essential obvious seamless self-serve usable
    worth ready able confident proud compliant robust resilient better hard harder boring safe safer calm
    great good best happy happier healthy healthier fun welcoming attractive trusted stable faster
    """
).split()
# Segments that name nobody: an objective "for all users" has not chosen whom it serves.
_GENERIC_SEGMENT = re.compile(
    r"\b(?:pour|à|a|aupr[eè]s de|chez)\s+(?:tous|toutes)\s+(?:les\s+)?(?:utilisateurs|clients|usagers|gens)\b"
    r"|\bpour tous\s*$|\bfor (?:all (?:users|customers|people)|every (?:user|customer)|everyone|everybody)\b",
    re.IGNORECASE,
)
# Objects that are deliverables: "Conquérir une mise à jour" aims at an output, not a change.
_DELIVERABLE_OBJECT = re.compile(
    r"^(?:(?:le|la|les|l['’]|un|une|des|du|notre|nos|the|a|an|our)\s*)?(?:nouvelles?\s+|new\s+)?"
    r"(?:mise à jour|mise a jour|update|version|v\d+|feature|fonctionnalit[ée]s?|module|release|maquettes?"
    r"|mockups?|sprint|backlog|roadmap|refonte|migration)\b",
    re.IGNORECASE,
)
_LETTER = re.compile(r"[^\W\d_]")


# Adjective endings that make an attribute ("irréprochable", "intuitive", "effortless"), past participles aside.
_ATTRIBUTE_ENDINGS = (
    "able",
    "ables",
    "ible",
    "ibles",
    "ique",
    "iques",
    "if",
    "ifs",
    "ive",
    "ives",
    "less",
    "ful",
)


# "Make our hotels the first choice of …": a noun attribute, after the object, never the object itself
# ("Rendre la référence …" has none).
_NOUN_ATTRIBUTES = set(
    rules.fold(
        "choice choix reference leader standard favorite favori habit habitude go-to non-event non-issue "
        "non-evenement non-sujet reflex reflexe default defaut norme norm rule regle place lieu endroit destination"
    ).split()
)
# "Make new customers actually use their account": "make" followed by what people do, no attribute needed.
_CAUSED = set(
    [
        "use",
        "come",
        "buy",
        "stay",
        "pay",
        "choose",
        "return",
        "recommend",
        "trust",
        "adopt",
        "renew",
        "switch",
        "book",
        "read",
        "open",
    ]
)


# "Rendre les rapports à temps": "rendre" is handing in, and being on time is the quality aimed at.
_IN_TIME = re.compile(r"\b(?:a temps|a l'heure|dans les delais|dans les temps|on time|in time)\b")


def _has_attribute(after: str) -> bool:
    if _IN_TIME.search(rules.fold(after).replace("’", "'")):
        return True
    folded = rules.fold(after).split()
    if any(w in _NOUN_ATTRIBUTES for w in folded[3:]):
        return True
    if any(w in _CAUSED for w in folded[2:6]):
        return True
    return any(w in _ATTRIBUTES or (len(w) > 4 and w.endswith(_ATTRIBUTE_ENDINGS)) for w in folded[1:])


def foreign_script(text: str) -> list[str]:
    """Letters outside the Latin script ('订', 'я'): a rewrite for a French or English reader has none."""
    return sorted({ch for ch in _LETTER.findall(text) if not unicodedata.name(ch, "").startswith("LATIN")})


def verb_language_problem(verb: str, lang: Lang) -> str | None:
    """Why an opening verb is not a verb of `lang` ("Grow" in a French KR), or None."""
    words = rules.words(verb)
    if not words:
        return "no verb"
    word = rules.leading_verb(verb) if len(words) > 1 else words[0]
    folded = rules.fold(word)
    if lang == "fr":
        english = folded in rules.EN_VERBS and not _known_french(folded)
        if english or not rules.is_infinitive(word, "fr"):
            return f"“{word}” is not a French infinitive"
        return None
    if not rules.is_infinitive(word, "en") or (_known_french(folded) and folded not in rules.EN_VERBS):
        return f"“{word}” is not an English verb"
    return None


def _known_french(folded: str) -> bool:
    return folded in rules.FR_VERBS_IR_RE or (
        folded.endswith(("er", "ir", "re", "oir"))
        and rules.is_infinitive(folded, "fr")
        and folded not in rules.EN_VERBS
    )


# "nos 42 magasins", "la ligne 2", "the 12 clinics": a number that counts or names the scope sets no target.
_SCOPE_NUMBER = re.compile(
    r"\b(?P<lead>nos|notre|les|ces|ses|leurs|our|the|its|their|all|ligne|line|usine|plant|site|zone)\s+\d+"
    r"(?![\d.,]|\s?(?:%|€|\$|£|k€|m€|k\b|pts?\b|points?\b))",
    re.IGNORECASE,
)


# "la ligne d'emboutissage 2 de Saint-Nazaire": a small number naming a thing, a place follows.
# "le four 2", "after day 1": a small number naming a thing ends the sentence or a clause the same way.
_NAME_NUMBER = re.compile(
    r"(?P<lead>\b(?!(?:par|per|sur|sous|under|over|below|above|than|from|with|avec|pour|for|moins|plus|least|most"
    r"|about|around|environ|jusqu|until|les|des|aux|the|and|nos|our|top|fois|times|x)\b)[^\W\d_]{3,})\s+\d{1,2}"
    r"(?=\s+(?:de|du|d['’]|des|of|in|at)\s|\s*$|\s*[,;)]|\s+(?:et|and|avant|before|après|after)\b)",
    re.I,
)


def target_numbers(sentence: str) -> list[str]:
    """The numbers of an objective that read as targets ("+20 %", "10 000 clients"), scope numbers aside."""
    from rewriter.reading import rows

    # "nos patients de 50 à 74 ans", "after their first 90 days": who or what is counted, per the reader's rows.
    scoped = _SCOPE_NUMBER.sub(lambda m: m.group("lead"), rows.without_scopes(sentence))
    # "terminal Fos 2XL", "scan 3D", "réseau 5G": digits glued to capitals name a thing.
    scoped = re.sub(r"\b\d+(?=[A-Z][A-Z0-9]*\b)", "", scoped)
    scoped = rules.ORDINAL_NUMBER.sub(" ", rules.GLUED_NAME_NUMBER.sub("", scoped))
    return rules.measure_numbers(_NAME_NUMBER.sub(lambda m: m.group("lead"), scoped))


def objective_form_problem(text: str, lang: Lang) -> str | None:
    """Why an objective sentence breaks *verbe à l'infinitif + qualificatif + cible*, or None.

    Checked: an infinitive of the right language opens it, it names no number and is no metric nor
    delivery, "Rendre/Make X" has its attribute, something follows the verb, the segment is not "everyone".
    """
    sentence = text.strip()
    if not sentence:
        return "the objective is empty"
    verb = rules.leading_verb(sentence)
    problem = verb_language_problem(verb, lang)
    if problem:
        return problem
    if target_numbers(sentence):
        return "the objective carries a number: numbers belong to key results"
    if rules.is_metric_objective(sentence, lang):
        return "the objective is a metric"
    if rules.objective_task_kind(sentence):
        return f"“{verb}” makes the objective a delivery"
    after = sentence.split(None, 1)[1] if len(sentence.split(None, 1)) > 1 else ""
    rest = [w for w in rules.content_words(sentence) if not rules.is_placeholder(w)]
    if len(rest) < 1 or not after.strip():
        return "nothing follows the verb"
    # "Make sure every pet gets its follow-up" is "ensure": the idiom needs no attribute.
    make_sure = rules.fold(sentence).startswith(("make sure", "make certain"))
    if rules.fold(verb) in _ATTRIBUTE_VERBS and not make_sure and not _has_attribute(after):
        return f"“{verb} …” needs an attribute (accessible, autonome, simple…)"
    # "Faire du module Planning un réflexe": the deliverable is the subject of the change, not its aim.
    # "Get the backlog under control": the backlog is what must shrink, not a deliverable to ship.
    controlled = re.search(
        r"\b(?:under control|sous contr[ôo]le|down to|back to|à zéro|to zero)\b", sentence, re.I
    )
    if rules.fold(verb) != "faire" and not controlled and _DELIVERABLE_OBJECT.match(after.strip()):
        return "the objective aims at a deliverable, not a change"
    if _GENERIC_SEGMENT.search(sentence):
        return "the segment names nobody in particular (“for all users”)"
    return None
