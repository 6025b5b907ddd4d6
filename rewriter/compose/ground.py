"""The ground step: new KRs from the metric library's ranking, taken only when the draft's words prove them.

`candidates_for` ranks the library's metrics on an objective's lines and the draft's context;
`is_strong` and `is_confident` tell a metric the draft is about from one found through a shared word;
`baseline_for` finds a metric's starting value among the stated facts; `library_kr` writes the KR with the
verb of the metric's direction; `is_about` says whether a line points to a metric.
"""

from __future__ import annotations

import re

from rewriter import rules
from rewriter.compose.align import parent_statement
from rewriter.compose.facts import AIM, FACT_LABEL, TODAY
from rewriter.compose.names import SHARE_FACT, share_metric
from rewriter.compose.plan import Plan
from rewriter.compose.words import VERBS, language_of
from rewriter.draft import Draft, Lang
from rewriter.kr_reading import read_key_result
from rewriter.library import Metric, get_metric
from rewriter.library.suggest import Suggestion, rank_metrics
from rewriter.library.trades import fold as trade_fold
from rewriter.library.trades import team_trades, trades_of
from rewriter.result import Candidate, KeyResult

# How many ranked candidates are looked at to find metrics of new families.
CANDIDATES = 8
CONTEXT_WEIGHT = 0.5
# A parent line (mission, company objective) leans the ranking towards the metrics it names, as much as the
# draft's context counts; `rank_metrics` keeps it from reaching a metric alone or being evidence for one.
PARENT_WEIGHT = CONTEXT_WEIGHT
# Only the top of the ranking is trusted: past it, a "metric to choose" is asked rather than guessed.
CANDIDATES_LOOKED_AT = 3


def _identity(draft: Draft) -> str:
    """The lines that say who the team is and what it aims at: header, parent, objectives."""
    lines = (
        [line.text for line in draft.reading.lines if line.role in ("header", "parent", "objective")]
        if (draft.reading)
        else [o.text for o in draft.objectives]
    )
    return "\n".join(lines)


def draft_domains(draft: Draft) -> set[str] | None:
    """The library domains the draft's trade words name (`library/trades.py`), a function named only by the
    team's means left out; None when they name none."""
    found = team_trades(draft.raw, _identity(draft))
    return set(found) if found else None


def firm_domains(draft: Draft) -> set[str]:
    """The draft's domains named firmly enough to offer their metrics: by the team's identity lines, or by two
    different words. One word in a task ("Donate unsold stock to food banks", "Piscine chauffée dès avril")
    names a means or a place, not the team's trade: its metrics are no choice to offer."""
    identity = _identity(draft)
    found = team_trades(draft.raw, identity)
    tasks = {line.text for line in draft.reading.lines if line.role == "task"} if draft.reading else set()
    lines = [line for line in draft.raw.splitlines() if line.strip() and line.strip() not in tasks]
    stated = trades_of("\n".join(lines))
    return {domain for domain, words in found.items() if domain in stated or len(set(words)) >= 2}


def candidates_for(plan: Plan, draft: Draft, lang: Lang) -> list[Suggestion]:
    """The library's metrics of the draft's trades ranked on the objective's lines and deliverables, the
    draft's context weighing less, and leaning towards those its parent lines name. A metric of a domain the
    draft's words do not name is never ranked; a parent's words never reach a metric alone, nor prove one."""
    # A measured KR counts by its metric: its verb ("Get", "Réduire") says nothing about which metric it is.
    measured = [read.metric for _, read in (*plan.kept, *plan.ideas, *plan.measures)]
    texts = [plan.source.text, *measured, *plan.deliverables]
    texts = [t for t in texts if t.strip()]
    context = [c.text for c in draft.context]
    weights = [1.0] * len(texts) + [CONTEXT_WEIGHT] * len(context)
    if not texts and not context:
        return []
    return rank_metrics(
        tuple(texts + context),  # type: ignore[arg-type]
        lang,
        CANDIDATES,
        weights=tuple(weights),
        domains=draft_domains(draft),
        leaning=[(parent_statement(p.text), PARENT_WEIGHT) for p in draft.parents],
    )


def baseline_for(
    metric: Metric, facts: list[str], lang: Lang, either_way: bool = False
) -> tuple[str, str | None, str | None] | None:
    """Values the draft states for this metric ("Today, cart abandonment is 71%", "40 % …, on vise 60 %"):
    baseline, unit and, when the line also says what is aimed at, target."""
    for fact in facts:
        fact_lang = language_of(fact, lang)
        ranked = rank_metrics((fact,), fact_lang, 5, distinct_families=False)  # type: ignore[arg-type]
        if metric.id not in {s.metric_id for s in ranked} or not _names_it(metric, fact, fact_lang):
            continue
        # "30 % des actions échouent hors ligne" is no baseline for the share of actions that succeed.
        if _runs_opposite(metric, fact, lang) and not either_way:
            continue
        numbers = read_key_result(TODAY.sub("", fact)).numbers
        # "1 recrue sur 5" is not a percentage: a value is taken only in the metric's own unit.
        # A count is taken only from a line that names the metric itself: "4 200 appels par mois" is no rate.
        if not numbers or metric.unit == "count" or any(n.kind != _KINDS.get(metric.unit) for n in numbers):
            continue
        if len(numbers) == 1:
            return numbers[0].written, numbers[0].unit, None
        if len(numbers) == 2 and AIM.search(fact[fact.find(numbers[0].text) + len(numbers[0].text) :]):
            return numbers[0].written, numbers[0].unit or numbers[1].unit, numbers[1].written
    return None


_KINDS = {
    "%": "percent",
    "currency": "currency",
    "days": "time",
    "hours": "time",
    "minutes": "time",
    "seconds": "time",
    "score": "score",
    "points": "points",
    "count": "count",
}


_NAME_FILLER = {
    # "au moins deux fois par mois" shares "moins" and "deux" with "prêtes en moins de deux heures": bounds and
    # small numbers written in words name no metric.
    *["moins", "plus", "less", "more", "than", "fois", "times", "au", "at", "least", "most"],
    *["un", "une", "deux", "trois", "quatre", "cinq", "one", "two", "three", "four", "five"],
    "taux",
    "part",
    "nombre",
    "delai",
    "temps",
    "duree",
    "moyen",
    "moyenne",
    "median",
    "mediane",
    "rate",
    "share",
    "number",
    "time",
    "average",
    "mean",
}


def _top_for(fact: str, lang: Lang) -> str | None:
    ranked = rank_metrics((fact,), lang, 1, distinct_families=False)  # type: ignore[arg-type]
    return ranked[0].metric_id if ranked else None


def _names_it(metric: Metric, fact: str, lang: Lang) -> bool:
    """The fact names the metric itself, not only a neighbour ("factures en papier" is no billing error rate)."""
    name = metric.name_fr if lang == "fr" else metric.name_en
    words = {rules.stem(w) for w in rules.content_words(f"x {name}") if rules.fold(w) not in _NAME_FILLER}
    # "38 % des appels sont des rappels (facture, relevé compteur)": the aside says why, not what is counted.
    said = {rules.stem(w) for w in rules.content_words(f"x {re.sub(r'[(][^)]*(?:[)]|$)', ' ', fact)}")}
    shared = len(words & said)
    if shared >= 2 and SHARE_FACT.search(fact) and shared * 2 < len(words):
        # "22% of mobile users who search for a hotel end up booking" states its own share: two words of
        # "the share of hotel guests who book again within a year" do not make it that metric.
        return False
    opens_on_share = SHARE_FACT.match(TODAY.sub("", FACT_LABEL.sub("", fact)).strip())
    if opens_on_share and shared < min(2, len(words)):
        # "14 % des colis arrivent abîmés" names its own share: "colis" alone does not make it the share of
        # parcels delivered at the first attempt.
        return False
    return shared >= min(2, len(words)) or (shared >= 1 and _top_for(fact, lang) == metric.id)


_LEAVING = re.compile(
    r"\b(?:arret\w*|quitt\w*|abandonn\w*|resili\w*|desabonn\w*|partent|perd\w*|stop\w*|quit\w*|leav\w*"
    r"|left|cancel\w*|churn\w*|drop\w*|lose|lost)\b"
)


def _runs_opposite(metric: Metric, fact: str, lang: Lang) -> bool:
    from rewriter.analysis.direction import metric_direction

    text = TODAY.sub("", FACT_LABEL.sub("", fact))
    share = SHARE_FACT.search(text)
    if share:
        text = share_metric(share.group("rest"), fr=bool(share.group("fr"))) or text
    way = metric_direction(text, lang)
    if way in ("up", "down") and metric.direction in ("up", "down") and way != metric.direction:
        return True
    # "38 % des donateurs arrêtent leur don" counts those who leave: no baseline for those who stay.
    leaving = _LEAVING.search(rules.fold(text))
    name = rules.fold(metric.name_fr if lang == "fr" else metric.name_en)
    return bool(leaving) and not _LEAVING.search(name) and metric.direction == "up"


def _unit(metric: Metric, lang: Lang) -> str | None:
    return {
        "%": "%",
        "days": "jours" if lang == "fr" else "days",
        "hours": "h",
        "minutes": "min",
        "seconds": "s",
        "currency": "€",
        "points": "pts",
    }.get(metric.unit)


def library_kr(metric: Metric, facts: list[str], lang: Lang) -> KeyResult:
    """A KR on the library's metric: the verb of its direction, values only from a fact that names it."""
    found = baseline_for(metric, facts, lang)
    return KeyResult(
        verb=VERBS[lang][metric.direction],
        metric=metric.name_fr if lang == "fr" else metric.name_en,
        baseline=found[0] if found else None,
        target=found[2] if found else None,
        unit=(found[1] if found and found[1] else _unit(metric, lang)),
        source="library",
        metric_id=metric.id,
    )


# Words that match many metrics and prove none: a candidate found only through them is a guess.
_WEAK_WORDS = {
    "appli",
    "app",
    "application",
    "applications",
    "ecran",
    "ecrans",
    "screen",
    "screens",
    "data",
    "donnees",
    "marketing",
    "program",
    "programme",
    "campagne",
    "campaign",
    "projet",
    "project",
    "client",
    "clients",
    "utilisateur",
    "utilisateurs",
    "user",
    "users",
    "outil",
    "tool",
    "plateforme",
    "platform",
    "site",
    "page",
    # Generic business words and prepositions: any metric could be about them.
    *["avant", "apres", "before", "after", "pendant", "during", "sans", "without", "avec", "with"],
    *["employees", "employee", "salaries", "collaborateurs", "team", "teams", "equipe", "equipes"],
    *["process", "processus", "performance", "production", "technique", "technical", "nouveau", "nouvelle"],
    *["service", "services", "produit", "produits", "product", "products", "interactive", "interactives"],
    *["logements", "logement", "module", "systeme", "system", "solution", "offre", "offer", "reseau"],
    *["tech", "profils", "profiles", "digital", "numerique", "global", "interne", "internal"],
    *["mobile", "mobiles", "web", "ios", "android", "online", "ligne"],
    # "from every part of the city", "schools over 10 km away", "Science Centre": words of place and share that
    # any trade's sentence holds ("part des repas jetés", "thrown away", "centre d'appels").
    *["part", "parts", "away", "centre", "center", "centres", "centers", "city", "ville"],
    # Words of time, count and manner every trade writes ("par semaine", "lutte contre", "weekly sessions",
    # "national exams", "share of …", "live", "customer journey").
    *[
        "contre",
        "semaine",
        "semaines",
        "week",
        "weeks",
        "weekly",
        "hebdomadaire",
        "personnes",
        "people",
        "times",
    ],
    *["session", "sessions", "national", "nationale", "nationaux", "share", "live", "journey", "parcours"],
    # Words with several meanings across trades: a homonym alone must not pick the metric ("drivers" of
    # forklifts are not couriers, a WMS "entrepôt" is no data warehouse, "Be the best place to work" no
    # placement, a canteen "réservation" no library loan, "droit social" no welfare benefit, an accountant's
    # "collecte des pièces" no cash collection).
    *["time", "temps", "last", "first", "dernier", "premier", "cost", "costs", "cout", "couts", "work"],
    *["travail", "place", "places", "critical", "critique", "critiques", "zero", "region", "social"],
    *["sociale", "droit", "droits", "portail", "portal", "store", "stores", "drivers", "driver", "cabinet"],
    *["entrepot", "entrepots", "warehouse", "reservation", "reservations", "dossier", "dossiers", "click"],
    *[
        "collect",
        "collecte",
        "collectes",
        "agence",
        "agences",
        "agency",
        "agencies",
        "ops",
        "operations",
        "efficace",
        "efficaces",
    ],
    *["efficacite", "efficient", "efficiency", "performant", "performants", "performante", "nombre"],
    *["number", "taux", "rate", "additional", "public", "publics", "paiement", "paiements", "payment"],
    *["payments", "go live", "temps reel", "real time", "real-time", "network", "networks", "handling"],
    *[
        "qr code",
        "adherents",
        "adherentes",
        "members",
        "membres",
        "turnaround",
        "pickup",
        "locker",
        "lockers",
        # A crown order of a dental lab is no warehouse order, a pool's booked slot no hotel booking.
        *["reserve", "reserves", "reservee", "reservees", "reserver"],
        # Joint accounts are no joint selling; a lift technician's visit no fibre installation.
        *["joint", "technicien", "techniciens", "technician", "technicians", "visite", "visites"],
        "order",
        "orders",
        "commande",
        "commandes",
    ],
}


# A second metric is kept only when the ranking scores it at least this share of the first.
SECOND_METRIC_SHARE = 0.5


def _meaningful(matched: list[str]) -> list[str]:
    """Matched draft words that say what is measured: no delivery word, no generic noun, no verb.

    "Réserver", "Organiser", "Ship", "Train" matched a metric's signals but say nothing of the outcome;
    a phrase counts unless it opens on a delivery verb ("version tablette" does, "Go live" does not).
    """
    words = [
        rules.fold(w)
        for w in matched
        if not _delivery_word(w) or (" " in w and rules.fold(w.split()[0]) in _DELIVERY_WORDS)
    ]
    return [
        w for w in words if len(w) >= 3 and w not in _WEAK_WORDS and (" " in w or not rules.is_known_verb(w))
    ]


LAUNCH_METRIC = "product_feature_adoption_rate"


def said_of(plan: Plan, facts: list[str]) -> str:
    """What the objective line and its stated facts say, folded: where a metric's topic must show."""
    return rules.fold(" ".join([plan.source.text, *facts]))


def _telling(metric: Metric, words: list[str]) -> bool:
    """Evidence that names the metric: two words, a phrase, or one word its name or theme says.

    One shared word is often a homonym: "mandats" of an estate agent are not direct-debit mandates,
    "agences" of a carrier are not letting agencies, "alertes" of a farm app are not incident alerts.
    """
    # "data-driven" is a compound, as specific as a phrase.
    if any(" " in w or "-" in w for w in words) or len({rules.stem(w) for w in words}) >= 2:
        return True
    own = " ".join([metric.name_fr, metric.name_en, metric.theme_fr.text, metric.theme_en.text])
    named = {rules.stem(w) for w in rules.content_words(f"x {own}")}
    return any(rules.stem(w) in named for w in words)


def is_strong(candidate: Suggestion, top: Suggestion, said: str, first: bool, anchored: bool) -> bool:
    """The ranking found this metric from what the draft is about, not from a word it happens to share.

    Under an objective line (`anchored`), the first library KR needs a meaningful word that line or a fact
    says, or a whole phrase of a deliverable; without one, a word of the facts or two of the deliverables.
    Any later one needs two meaningful words or a whole phrase ("panier moyen"): a guess is worse than a
    "metric to choose".
    """
    if candidate.score < SECOND_METRIC_SHARE * top.score:
        return False
    if first and candidate.metric_id == LAUNCH_METRIC and any(_delivery_word(w) for w in candidate.matched):
        # "Lancer la v2 — Livrer la feature A": the method's measure of a launch is whether it is adopted.
        return True
    words = _meaningful(candidate.exact)
    if not _telling(get_metric(candidate.metric_id), words):
        return False
    if first and anchored:
        # Under an objective line, the first grounded KR must be about what that line or a fact names,
        # or be pointed to by a whole phrase of a deliverable ("notifications push"), not by loose words.
        return any(w in said or " " in w for w in words)
    distinct = {rules.stem(w) for w in words}
    if len(distinct) >= 2 or any(" " in w for w in words):
        return True
    return first and any(w in said for w in words)


# A library metric becomes a KR only when four distinct words of the draft that say what is measured point
# to it, in a draft whose trade is known: calibrated on the two calibration halves judged blind (evals/grounding/,
# docs/grounding.md: at three words 47 of 61 shown KRs fit, at four 32 of 35). Below it the metric is offered to
# choose, when two such words (or a phrase) point to it.
KR_MIN_WORDS = 4
OFFER_MIN_WORDS = 2
# A chip under an objective needs a phrase of the draft ("temps d'attente", "taux de remplissage") or four of its
# words: on the six calibration files, chips pointed to by single words only were another trade's 12 times in 159
# (34 fitted); by a phrase, 2 times in 103 (51 fitted). Four words add 5 fits and no other trade's.
CHIP_MIN_WORDS = 4


def _evidence(candidate: Suggestion) -> tuple[int, bool]:
    """How many distinct meaningful draft words point to the metric, and whether one is a whole phrase."""
    words = _meaningful(candidate.exact)
    return len({rules.stem(w) for w in words}), any(" " in w for w in words)


def is_launch(candidate: Suggestion, first: bool) -> bool:
    """ "Lancer la v2 — Livrer la feature A": the method measures a launch by its adoption, whatever the words."""
    return (
        first and candidate.metric_id == LAUNCH_METRIC and any(_delivery_word(w) for w in candidate.matched)
    )


def is_confident_kr(candidate: Suggestion, trade_known: bool) -> bool:
    """Confident enough to be shown as a KR: the draft's trade is known and three distinct words of the draft
    that say what is measured point to the metric (one shared word is often a homonym of another trade)."""
    return trade_known and _evidence(candidate)[0] >= KR_MIN_WORDS


def line_offers(metric_id: str, text: str, lang: Lang, trade_known: bool) -> bool:
    """The line alone points to the metric with two of its words or a phrase (`is_offerable` on that line)."""
    ranked = rank_metrics((text,), lang, CANDIDATES, distinct_families=False)  # type: ignore[arg-type]
    return any(s.metric_id == metric_id and is_offerable(s, trade_known) for s in ranked)


def is_offerable(candidate: Suggestion, trade_known: bool, min_words: int = OFFER_MIN_WORDS) -> bool:
    """Worth offering to choose: the draft's trade is known and two of its words (`min_words`), or one phrase,
    point to it."""
    count, phrase = _evidence(candidate)
    return trade_known and (count >= min_words or phrase)


def is_named_by(candidate: Suggestion, objective_text: str) -> bool:
    """One of the words that point to the metric is said by the objective line itself. On the four calibration
    files, chips none of whose words the objective said were another trade's 24 times in 106 (22 fitted); the
    others 9 times in 217 (73 fitted): "magasins" of an archive's stacks, "quai" of a wine cooperative's
    reception, "écoles primaires" of a rugby club's open days, are words of a line or of the context."""
    said = {rules.stem(w) for w in re.findall(r"[^\W\d_]{3,}", objective_text)}
    # "Réorganiser le support client": a generic noun the line says ("client", "support") names its object too.
    words = {
        rules.stem(w)
        for m in candidate.exact
        for w in re.findall(r"[^\W\d_]{3,}", m)
        if not _delivery_word(w) and not rules.is_known_verb(w)
    }
    return bool(words & said)


_METRIC_HEADS = {
    rules.stem(w)
    for w in [
        "churn",
        "attrition",
        "retention",
        "rétention",
        "abandon",
        "conversion",
        "nps",
        "csat",
        "renouvellement",
        "renewal",
        "désabonnement",
        "résiliation",
        "cancellation",
        # "le taux d'occupation des lignes d'eau" and "… des créneaux": one objective fills one thing once.
        "occupation",
        "occupancy",
        "remplissage",
        "fréquentation",
        "attendance",
        "ponctualité",
        "punctuality",
        "disponibilité",
        "availability",
    ]
}


def repeats(candidate: Suggestion, krs: list[KeyResult]) -> bool:
    """The candidate measures what a KR already measures ("le taux de renouvellement" twice)."""
    name = {
        rules.stem(w) for w in rules.content_words(f"x {candidate.name}") if rules.fold(w) not in _NAME_FILLER
    }
    for kr in krs:
        have = {
            rules.stem(w) for w in rules.content_words(f"x {kr.metric}") if rules.fold(w) not in _NAME_FILLER
        }
        if have and name and len(name & have) / min(len(have), len(name)) >= 0.5:
            return True
        if name & have & _METRIC_HEADS:
            return True  # "churn of SMB accounts" and "the monthly subscriber churn rate" measure one thing
    return False


def is_confident(best: Suggestion, plan: Plan, draft: Draft, krs: list[KeyResult]) -> bool:
    """The top metric was found from what the objective or a stated fact says, not from delivery words.

    When a KR was built from a stated fact, the metric must also share a word with that fact's metric.
    """
    # With no objective line, the draft's lines are all it says about its aim.
    lines = [plan.source.text] if plan.source.text.strip() else [k.text for k in plan.source.key_results]
    said = rules.fold(" ".join([*lines, *(c.text for c in draft.context)]))
    words = _meaningful(best.exact)
    if not any(w in said for w in words) or not _telling(get_metric(best.metric_id), words):
        return False
    facts = [
        rules.fold(k.metric) for k in krs if k.source == "draft" and not k.metric_id and not k.draft_text
    ]
    return not facts or any(w in f for w in words for f in facts)


_DELIVERY_WORDS = {
    "feature",
    "fonctionnalite",
    "nouvelle",
    "nouveau",
    "new",
    "version",
    "release",
    "lancement",
    "launch",
}


def _delivery_word(word: str) -> bool:
    folded = rules.fold(word.split()[0]) if word.split() else ""
    return (
        rules.kr_verb_kind(word) == "output"
        or folded in rules.FEATURE_VERBS | rules.PROJECT_VERBS
        or folded in _DELIVERY_WORDS
    )


def is_about(metric: Metric, text: str, lang: Lang, strict: bool = False) -> bool:
    """The line itself points to the metric through a word that is no generic noun ("Recruter plus vite"
    does point to time to hire when the KRs chose it; `strict`, for a metric no KR chose, wants no verb)."""
    ranked = rank_metrics((text,), lang, CANDIDATES, distinct_families=False)  # type: ignore[arg-type]
    for s in ranked:
        if s.metric_id != metric.id:
            continue
        if strict:
            return bool(_meaningful(s.exact)) and _telling(metric, _meaningful(s.exact))
        # A project verb ("Recruter") says what the KRs measure; only shipping verbs and named deliverables do not.
        return any(
            rules.fold(w) not in _WEAK_WORDS
            and rules.fold(w.split()[0]) not in _DELIVERY_WORDS
            and rules.fold(w) not in rules.FEATURE_VERBS
            and len(w) > 3
            for w in s.exact
        )
    return False


# At most this many metrics are offered to choose under an objective.
OFFERED = 5


def draft_names_its_object(metric: Metric, draft_text: str) -> bool:
    """The draft names what the metric measures, when the library says a word must name it (`Metric.needs`): a
    counter's waiting time is no measure of a pool's lane booking, a parcel's CO2 none of a nurse's round."""
    return metric.needs is None or bool(re.search(metric.needs, trade_fold(draft_text)))


def offer(
    candidates: list[Suggestion],
    families: set[str],
    krs: list[KeyResult],
    lang: Lang,
    firm: set[str],
    draft_text: str = "",
    objective_text: str = "",
) -> list[Candidate]:
    """The ranked metrics worth offering under an objective that has fewer KRs than the method asks:
    of the draft's trades (the caller offers only when the trade is known), a family no KR measures yet,
    pointed to by four of the draft's words or a phrase (`is_offerable`) one of which the objective line says
    (`is_named_by`), best first."""
    offered: list[Candidate] = []
    for c in candidates:
        if len(offered) >= OFFERED:
            break
        metric = get_metric(c.metric_id)
        if c.family in families or repeats(c, krs) or not is_offerable(c, True, CHIP_MIN_WORDS):
            continue
        if objective_text and not is_named_by(c, objective_text):
            continue
        if metric.domain not in firm:
            continue  # a domain one word of a task named: its metric would read as another trade's
        if draft_text and not draft_names_its_object(metric, draft_text):
            continue
        offered.append(
            Candidate(
                metric_id=c.metric_id,
                name=metric.name_fr if lang == "fr" else metric.name_en,
                verb=VERBS[lang][metric.direction],
                unit=_unit(metric, lang),
                matched=c.matched,
            )
        )
        families = families | {c.family}
    return offered
