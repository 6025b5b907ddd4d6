"""Second step of reading: the role of each unit.

Rows decide first, on a unit alone (`preset`): decoration, headers, parents, facts and asides announced by a
cue. The structure step then places the other units; `item_role` names what it placed: an objective, a key
result (a measure) or a task (a deliverable), context that is a fact or an aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rewriter import rules
from rewriter.analysis.soundness import is_sound_kr, is_task_despite_verb
from rewriter.kr_reading import is_change_opening, read_key_result, words_to_digits
from rewriter.language import detect_language
from rewriter.reading import rows
from rewriter.reading.contract import Role
from rewriter.reading.units import Unit

# Markdown emphasis and a bullet, which say nothing of the role.
_BULLET = re.compile(
    r"^\s*(?:=>|->|[-•*–—·▪◦●○►▸→+]|\d{1,2}[.)]|[a-z][.)]|#{1,6})\s+|^\s*\*\*|\*\*\s*$", re.IGNORECASE
)
# A person owning a line: "Julie : publier 2 posts", a task whatever number it holds.
PERSON_LABEL = re.compile(r"^[A-ZÉÈ][\w'’-]+(?:\s[A-ZÉÈ][\w'’-]+)?(?:\s?:|\s[-–])\s+\S", re.UNICODE)


@dataclass(frozen=True)
class Decision:
    """A role a row gave a unit on its own, with the row and the unit's text without the cue."""

    role: Role
    rule: str
    clean: str
    label: str | None = None


def _bare(text: str) -> str:
    """The text without emphasis, bullet and final full stop, as the rest of the engine quotes it."""
    text = text.replace("**", "").strip()
    return _BULLET.sub("", text, count=1).strip().rstrip(".;").strip()


# A page number or "OKR" in a line without a colon: a slide's or a document's title, not a statement of a parent.
_TITLE_MARKS = re.compile(r"\bp\.\s*\d|\b(?:slide|page|diapo)\s*\d|\bokrs?\b", re.IGNORECASE)


def preset(unit: Unit) -> Decision | None:
    """The role rows give the unit on its own, or None when its place in the draft decides."""
    if unit.kind == "table_rule":
        return Decision("other", "table_separator", "")
    if unit.kind == "table_head":
        return Decision("other", "table_head", "")
    page = rows.row("page_number").search(unit.text.strip())
    if page:  # "p. 6" before its "p." is taken for a list marker
        return Decision("header", "page_number", unit.text.strip())
    text = _bare(unit.body)
    if not text:
        return Decision("other", "empty", "")
    marked = rows.first_match("aside", unit.text)
    if marked and marked[0].id == "remark_mark":
        # "💬 info : un tiers des mères sortent avant 72 h": a fact's cue after the mark makes the line a fact.
        inner = rows.first_match("cue", text)
        if inner and inner[0].role != "task" and states_a_figure(text[inner[1].end() :]):
            return Decision(
                "fact", inner[0].id, text[inner[1].end() :].strip(), label=inner[1].group(0).strip(" :")
            )
        return Decision("aside", "remark_mark", text)
    for row in rows.section("decoration"):
        if row.id != "lone_section_label" and row.search(text):
            return Decision("other", row.id, "")
    found = rows.first_match("parent", text)
    if found and not (":" not in text and _TITLE_MARKS.search(text)):
        # "Projet d'établissement – OKR année 2026-27   p. 3": a title with its period and page, no statement.
        return Decision("parent", found[0].id, text)
    if rows.first_match("label", text):
        return None  # "Objectif T3 - …", "KR2 : …": the structure reads labelled lines
    if rows.row("owner_line").search(text):
        # "Owner: Head of Libraries": who carries the work, said on a line of its own, is a remark.
        return Decision("aside", "owner_line", text)
    found = rows.first_match("header", text)
    if found:
        return Decision("header", found[0].id, text)
    part = header_part(text)
    if part:
        return Decision("header", part, text)
    found = rows.first_match("cue", text)
    if found:
        row, match = found
        rest = text[match.end() :].strip()
        # "(today: 310 files waiting)": the cue took the opening bracket; "… (enquête 2026)" keeps its own.
        while (
            rest and rest[-1] in ")]" and rest.count(rest[-1]) > rest.count("(" if rest[-1] == ")" else "[")
        ):
            rest = rest[:-1].rstrip()
        role: Role = "fact" if states_a_figure(rest) else "aside"
        if row.role == "task":
            # "Concrètement : un tarif à 8 €…": the means the team will use, whatever their numbers — save a count
            # of what is added to today's stock ("recruter 20 bénévoles de plus (on est 45 aujourd'hui)").
            role = "key_result" if listed_role(rest) == "key_result" and re.search(r"\(", rest) else "task"
        return Decision(role, row.id, rest, label=match.group(0).strip(" :：-–—([])").strip() or None)
    found = rows.first_match("aside", text)
    if found and found[0].id == "size_of_the_patch":
        return Decision("fact", found[0].id, text)  # shown as the team's context, never a key result's start
    if found:
        row, match = found
        return Decision("aside", row.id, text[match.end() :].strip(), label=match.group(0).strip(" :：-–—(["))
    past = rows.row("past_value").search(text) or rows.row("past_value_after_colon").search(text)
    if past and not rules.is_known_verb(rules.leading_verb(text)):
        # "spoiled stock written off was 1.4 tonnes last quarter": where the measure stood, even in a list of KRs.
        return Decision("fact", "past_value", text)
    told = rows.first_match("told_fact", text)
    if told and told[0].id == "told_then_aimed":
        aimed = told_then_aimed(told[1])
        if aimed:
            return Decision("key_result", told[0].id, aimed)
        told = (
            None
            if rows.row("we_told_in_the_past").search(text) is None
            else (rows.row("we_told_in_the_past"), told[1])
        )
    if told:
        # "we logged 3 groundings at berth 7 last winter" in a list of work: where things stand, a fact.
        return Decision("fact", told[0].id, text)
    if unit.kind == "sentence" or _talk_line(unit, text):
        return _sentence_role(text)
    if text.startswith("(") and text.endswith(")") and rules.measure_numbers(text):
        return Decision("fact", "parenthesised_figure", text.strip("() "))
    return None


# Separators between the pieces of a header line.
_HEADER_SEPARATOR = re.compile(r"\s+[|–—·•]\s+|\s+-\s+|\s*\|\s*|,\s+(?=[a-zA-Z]+\s*[:：])")


# A name written in title case, every word capitalised or a joiner: "Waste & Street Scene", "Fleet and Depots".
_TITLE = re.compile(r"^(?-i:[A-ZÉ][\w'’.-]*(?:\s+(?:&|and|et|de|des|du|of|the|[A-ZÉ][\w'’.-]*))+)$")


def header_part(text: str) -> str | None:
    """Id of the header piece that makes the line a header, or None.

    "Waste & Street Scene | Q2 2026/27 OKRs | v0.3 DRAFT | owner: …": a piece says when, which version or who,
    and no piece opens with a verb or states a measure.
    """
    if rows.first_match("label", text) or rows.first_match("section", text):
        return None
    pieces = [p.strip(" ()[]:") for p in _HEADER_SEPARATOR.split(text) if p.strip(" ()[]:")]
    # "Waste & Street Scene | Q2 … | v0.3 | owner: …": three pieces or more, the first a name in title case.
    named = len(pieces) > 2 and bool(_TITLE.match(pieces[0]))
    if rows.opens_with_verb(text) and not named:
        return None
    found = None
    for index, piece in enumerate(pieces):
        match = rows.first_match("header_part", piece)
        if match:
            found = found or match[0].id
            continue
        if index == 0 and named:
            continue
        if rows.opens_with_verb(piece) or rows.first_match("comparative", piece):
            return None
        if re.search(r"\d\s?%", piece):
            return None
    return found


def _talk_line(unit: Unit, text: str) -> bool:
    """A line of prose that says what the team will do: unbulleted, unlabelled, long, not opening with a verb.

    A wish on its own line is left to the structure: a one-line draft is read whole by the composer.
    """
    return (
        unit.kind == "line"
        and not _BULLET.match(unit.text)
        and len(text.split()) >= 8
        and not rows.first_match("label", text)
        and not rows.opens_with_verb(text)
        and bool(rows.first_match("plan", text))
    )


WISH_LEAD = re.compile(
    r"^(?:[^,.;]{0,80}?(?:,\s*|\s+))??(?:(?:and\s+(?:this year|next year|in 20\d\d|for 20\d\d)?\s*(?:\(\d{4}\)\s*)?)?we(?:['’]d\s+(?:also\s+)?like|\s+(?:also\s+)?(?:want|would like|aim|need|hope))\s+to|the aim is to"
    # "This year we want fewer emergencies and faster response": a state wished, said without a verb.
    r"|(?:and\s+)?we\s+(?:also\s+)?(?:want|need)(?=\s+(?:fewer|less|more|better|faster|safer|no|[a-z]+ier)\b)"
    r"|(?:our|notre) (?:main |top |first )?(?:goal|aim|objective|objectif|but|priority|priorité)[^:;.]{0,40}?\s(?:is|est)"
    r"\s+(?:simple|clear|clair|simple et clair)\s*:"
    # "What we want is no missed visits at all": the state wished follows.
    r"|what we (?:really |most )?(?:want|need|would like|['’]d like) (?:is|are)"
    r"|(?:our|the) (?:main |top |first )?(?:goal|aim|objective)(?: for (?:20\d\d|this year))? is to|we commit to|on s['’]engage à|nous nous engageons à|(?:et\s+)?on\s+(?:veut|voudrait|vise|aimerait|souhaite|doit)(?:\s+(?:aussi|surtout|d['’]abord|avant tout))?|nous\s+(?:voulons|visons"
    r"|souhaitons|devons)|l['’](?:idée|objectif) (?:est|serait) (?:de|d['’])|le but (?:est|serait) (?:de|d['’])"
    r"|notre (?:objectif|but) est (?:de|d['’])"
    # "Il faudrait aussi passer de 410 adoptions par an à 550": what must happen, a wish too.
    r"|il\s+(?:faudrait|faut|faudra)(?:\s+(?:aussi|surtout|d['’]abord|absolument))?"
    # "The other thing is food waste", "L'autre chantier, c'est la sécurité": the next aim, named.
    r"|(?:the|our|an)\s*(?:other|second|next|third)\s+(?:thing|priority|objective|goal|focus|topic|issue|big thing)"
    r"\s+(?:is|will be)|another\s+(?:priority|objective|goal|focus|topic|big thing)\s+(?:is|will be)"
    r"|(?:l['’]autre|notre autre|le deuxième|le second|la deuxième|la seconde|le troisième|la troisième)\s+(?:sujet"
    r"|chantier|priorité|objectif|enjeu|thème|axe)\s*,?\s*(?:c['’]est|est|sera)(?:\s+(?:de|d['’]))?"
    r"|(?:second|secondly|then|next|finally|third|thirdly)\s*,?\s*we\s+(?:need|must|have)\s+to"
    # "The main measure is to raise the in-app share to 75%", "L'indicateur principal sera de …".
    r"|(?:the|our) (?:main |key |headline )?(?:measure|metric|kpi|indicator|key result) (?:is|will be) to"
    r"|(?:la|notre) (?:mesure|métrique) (?:principale |clé )?(?:est|sera) de"
    # "Notre objectif pour 2027 à l'ASE est de …", "The lab's objective for 2027 is to …".
    r"|(?:notre|our|the [\w'’ -]{1,30}?['’]s?)\s+(?:objectif|objective|goal|aim|priorité|priority)\b[^:;.]{0,40}?\s(?:est|is)\s+(?:de|d['’]|to)"
    # "Pour 2027, notre priorité est que les enfants confiés aient un projet à jour": the wish stays a "que".
    r"|(?:notre|our)\s+(?:objectif|objective|goal|aim|priorité|priority)\b[^:;.]{0,40}?\s(?:est|is)(?=\s+(?:que|qu['’]|that)\b)"
    # "Pour 2027, la médiathèque voudrait surtout faire revenir les ados", "le bureau veut d'abord retrouver …".
    r"|[^,.;]{0,60}?\s(?:veut|veulent|voudrait|voudraient|souhaite|aimerait|wants to|would like to|aims to)"
    r"(?:\s+(?:surtout|d['’]abord|avant tout|aussi|really|mainly|first))?"
    r"|on se donne (?:comme|pour) objectif (?:de|d['’])"
    # "The charity wants 2027 to be the year we stop relying on one big gala".
    r"|[^,.;]{0,60}?\swants?\s+(?:20\d\d|this year|next year)\s+to be the year\s+(?:that\s+|when\s+)?we"
    # "Notre priorité pour 2027, c'est de faire adopter plus", "Le premier, c'est de vivre de la ferme".
    r"|[^,.;]{0,60}?,?\s*c['’]est\s+(?:de|d['’]))(?:\s+|(?<=['’]))(?P<rest>\w.*)$",
    re.IGNORECASE,
)


_FURTHER_WISH = re.compile(r"\b(?:aussi|également|also|as well|too)\b", re.IGNORECASE)
_COUNTED = re.compile(
    r"\b(?:la part|le taux|le nombre|la proportion|the share|the rate|the number|the proportion|chaque|every|each"
    r"|tous les|toutes les|all (?:our|the))\b",
    re.IGNORECASE,
)


# "au moins la moitié d'entre eux", "a third of them": a share said in words is a figure too.
_SAID_SHARE = re.compile(
    r"\b(?:la moitié|un tiers|deux tiers|un quart|trois quarts|half|a third|two thirds|a quarter|three quarters)\b",
    re.IGNORECASE,
)


_WANT_THEM_TO = re.compile(
    r"^(?:.*?\b)?we\s+(?:also\s+)?(?:want|would like|['’]d like|need)\s+(?P<x>(?!to\b)[^,.;]{3,80}?)\s+to\s+"
    r"(?P<v>grow|rise|increase|go up|climb|fall|drop|decrease|go down|come down|shrink|reach|get to|hit)\b\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_DOWN_WAYS = {"fall", "drop", "decrease", "go down", "come down", "shrink"}


_WAY_TO_VALUE = re.compile(
    r"^(?P<what>[^\W\d_][^,;:]{1,60}?)\s+(?P<way>down|up)\s+to\s+(?P<value>(?:(?:under|below|less than|fewer than|more than|over|at least)\s+)?[$€£]?\d[^,;]{0,60}?)\s*(?:[.!,;]|$)",
    re.IGNORECASE,
)
_LEAD_DEADLINE = re.compile(
    r"^((?:by|before) (?:the end of (?:the )?(?:year|season|quarter|summer|winter|20\d\d)|(?:january|february|march|april|may"
    r"|june|july|august|september|october|november|december)(?: 20\d\d)?|20\d\d|q[1-4](?: 20\d\d)?))\s*,?\s",
    re.IGNORECASE,
)
_WHO_WE_ARE = re.compile(r"^(?:we['’]re|we are|nous sommes|on est)\s+(?:a|an|un|une)\b", re.IGNORECASE)
_CLAUSE_MOVE = re.compile(
    r"\s+(?:passent|passe|descendent|descend|baissent|baisse|montent|monte|tombent|tombe|drop|drops|fall|falls|go|goes"
    r"|rise|rises|move|moves|come down|comes down|go up|goes up)\s+(?=(?:de|from|à|to)\s+\d)",
    re.IGNORECASE,
)
_NAMED_AIM_WORD = re.compile(r"\b(?:objectif|objective|goal|aim|but|priorité|priority)\b", re.IGNORECASE)
_SUCCESS_MEANS = re.compile(
    r"^(?:success|succeeding|winning)\s+(?:also\s+)?(?:means|would mean|will mean)\s+(?P<rest>[a-z]+ing\b.*)$",
    re.IGNORECASE,
)
_BOUND_SAID = re.compile(
    r"\b(?:below|under|above|over|at least|at most|fewer than|less than|more than)\s+(?:\d|one|two|three|four"
    r"|five|six|seven|eight|nine|ten|twelve|twenty|fifty|a hundred)\b",
    re.IGNORECASE,
)


def _imperative(gerund: str) -> str:
    """ "keeping" → "keep", "getting" → "get", "reducing" → "reduce": the verb a gerund names, when known."""
    stem = gerund.lower()[:-3]
    for verb in (stem, f"{stem}e", stem[:-1]):
        if rules.is_known_verb(verb):
            return verb
    return gerund


def _infinitive(participle: str) -> str:
    """ "planifiant" → "planifier", "déplaçant" → "déplacer": the verb a present participle names, when known."""
    stem = participle.lower()[:-3].replace("ç", "c")
    if stem.endswith("iss"):
        verb = f"{stem[:-3]}ir"  # "finissant" → "finir"
    elif stem.endswith("ge"):
        verb = f"{stem[:-1]}er"  # "mangeant" → "manger"
    else:
        verb = f"{stem}er"
    return verb if rules.is_infinitive(verb, "fr") else participle


def _sentence_role(text: str) -> Decision | None:
    """A sentence of prose: a wish is the objective (a key result with a figure), a plan a task, a figure a fact.

    Other sentences are left to the structure only when they open like an item; the rest is talk, an aside.
    """
    plan = rows.first_match("plan", text)
    aimed = re.match(
        r"(?:we['’]ll|we will|nous allons|on va)\s+(?:aim|try|work|chercher|essayer|viser)\s+(?:to|à|de)\s+",
        text,
        re.I,
    )
    if aimed and {"baseline", "target"} <= {n.role for n in read_key_result(text[aimed.end() :]).numbers}:
        # "We'll aim to reduce the share … from 26% to 18% by December": a measure with its start and aim.
        rest = text[aimed.end() :].rstrip(" .")
        return Decision("key_result", "aimed_sentence", rest[:1].upper() + rest[1:])
    if plan and plan[1].start() == 0:
        # "Pour ça, on veut refaire les fiches …": what opens on "to do so" is the plan, whatever it wants.
        return Decision("task", plan[0].id, text)
    them = _WANT_THEM_TO.match(text)
    if them and rules.measure_numbers(text):
        # "We also want the share of ticket buyers under 30 to grow from about 8% to 15%": the measure and its way.
        way = rules.fold(them.group("v"))
        verb = "Bring" if way in ("reach", "get to", "hit") else "Reduce" if way in _DOWN_WAYS else "Increase"
        link = " to" if verb == "Bring" else ""
        moved = f"{verb} {them.group('x')}{link} {them.group('rest')}".strip().rstrip(".")
        return Decision("key_result", "wanted_to_move", moved)
    if re.match(r"(?:by [a-z]+ing|en [a-zéèêàç]+ant)\b", text, re.IGNORECASE):
        # "… by moving two vans to the eastern depot": the means the sentence before gave, a task.
        lead, _, rest = re.sub(r"^(?:by|en)\s+", "", text).rstrip(" .").partition(" ")
        verb = _imperative(lead) if lead.lower().endswith("ing") else _infinitive(lead)
        # "… and changing the on-call rota": every means of the list said the same way.
        rest = re.sub(
            r"\b(and|or)\s+([a-z]+ing)\b", lambda m: f"{m.group(1)} {_imperative(m.group(2))}", rest
        )
        return Decision("task", "means_of_the_aim", f"{verb[:1].upper()}{verb[1:]} {rest}".strip())
    level = rows.row("success_level").search(text) or rows.row("satisfied_if").search(text)
    if level:
        # "Success would be 90% of landed weight graded before sale": the level that meets the aim is its KR.
        rest = level.group("rest").strip().rstrip(" .")
        # "les semaines d'hiver sans aucun hôte passent de 8 à 2": the verb of the clause is no word of the metric.
        rest = _CLAUSE_MOVE.sub(" ", rest)
        return Decision("key_result", "success_level", rest[:1].upper() + rest[1:])
    success = _SUCCESS_MEANS.match(text)
    if success and _BOUND_SAID.search(success.group("rest")):
        # "Success also means keeping complaints about noise below five a month": a level to hold, a key result.
        verb, _, rest = success.group("rest").partition(" ")
        return Decision(
            "key_result", "success_means", f"{_imperative(verb).capitalize()} {rest}".rstrip(" .")
        )
    wish = rows.first_match("wish", text)
    if wish:
        # "We want to bring waste under 1.5% by the end of March.", "Our objective is to stop losing product":
        # what follows the wish is the measure or the aim, when it opens with a verb.
        said = WISH_LEAD.match(text)
        rest = said.group("rest").rstrip(" .") if said else ""
        opens_on_que = bool(re.match(r"qu(?:e\s|['’])", rest, re.IGNORECASE))
        # "our aim is simple: fuller halls and a younger audience": a state said after the wish is the aim too.
        stated = bool(rest) and any(r.search(rest) for r in rows.section("outcome"))
        # "The other thing is food waste": the next aim named by its topic is said in its words.
        named = wish[0].id == "next_aim" and bool(rest) and not rules.measure_numbers(rest)
        clean = (
            rest[:1].upper() + rest[1:]
            # "On vise 8 000 entrées payantes": a figure and what it counts is the measure, the wish no word of it.
            if rest
            and (
                rules.is_known_verb(rules.leading_verb(rest))
                or opens_on_que
                or stated
                or named
                or re.match(r"[~≈]?\s*\d", rest)
            )
            else text
        )
        toward = _WAY_TO_VALUE.match(rest or text[wish[1].end() :].strip().rstrip(" ."))
        if toward and not rules.is_known_verb(rules.leading_verb(toward.group("what"))):
            # "By the end of the year we'd like lameness down to 10%": the measure, its way and its aim.
            way = "Reduce" if toward.group("way").lower() == "down" else "Increase"
            when = _LEAD_DEADLINE.match(text)
            clean = f"{way} {toward.group('what')} to {toward.group('value')}" + (
                f" {when.group(1)[:1].lower()}{when.group(1)[1:]}" if when else ""
            )
        # "We're a family dairy farm with 140 milking cows, and we want to get serious about herd health": who the
        # team is, with its size, says no figure of what is wished.
        said_of = rest if said and _WHO_WE_ARE.match(text) else text
        measured = (
            rules.measure_numbers(_NAMING_NUMBER.sub(" ", said_of))
            or _SAID_SHARE.search(said_of)
            or rows.row("share_in_words").search(said_of)
        )
        wanted = text[wish[1].end() :].strip()
        wanted = re.sub(r"^(?:to|de|d['’])\s+", "", wanted, flags=re.IGNORECASE)
        # "We also want to replace 35 km of old iron mains": a count of work to deliver, wished.
        output = bool(measured) and rules.kr_verb_kind(wanted) == "output" and "%" not in wanted
        # "l'objectif pour le millésime 2027 c'est de réussir la conversion en bio": a sentence that names the
        # objective as such is the objective, however task-like its words.
        named_aim = bool(_NAMED_AIM_WORD.search(text[: wish[1].end()]))
        if (
            rules.is_known_verb(rules.leading_verb(wanted))
            and ((not measured and rules.objective_task_kind(wanted)) or output)
            and not (named_aim and not measured)
        ):
            # "Design has a prototype ready; we need to ship it by May": what is wanted is a delivery.
            return Decision("task", "wished_delivery", text)
        # "On voudrait aussi augmenter la part de fruits payés en catégorie 1", "We also want every family to get a
        # call within two weeks": a further wish that names what is counted measures the aim said before it.
        further = bool(_FURTHER_WISH.search(text[: wish[1].end() + 12]) and _COUNTED.search(text))
        return Decision("key_result" if measured or further else "objective", wish[0].id, clean)
    plan = rows.first_match("plan", text)
    if plan:
        return Decision("task", plan[0].id, text)
    told = re.match(r"(?:we|on|nous|they|ils|elles)\s", text, re.IGNORECASE)
    if rows.first_match("label", text) or (rules.is_known_verb(rules.leading_verb(text)) and not told):
        return None
    if rules.measure_numbers(text):
        # "We get about 9,000 billing complaints a year": a sentence that tells a figure, whatever its verb.
        return Decision("fact", "told_figure", text)
    return Decision("aside", "talk", text)


def is_measure(text: str) -> bool:
    """A line that states values of a metric without a verb of change ("Taux de transformation : 11 %")."""
    if rules.is_known_verb(rules.leading_verb(text)) and not rules.fold(text).startswith(("taux", "part")):
        return False
    read = read_key_result(text)
    # "MTTR < 1h ?": with no verb, the first word is the metric's, not a verb's.
    metric = read.metric if rules.is_known_verb(read.verb) else f"{read.verb} {read.metric}"
    if not any(n.role != "other" for n in read.numbers) or not rules.content_words(f"x {metric}"):
        return False
    if _only_scope_numbers(text):
        return False
    # "Go live sur les 38 cinémas", "Partenariat avec 2 cabinets", "visite 360": a bare count of what is
    # delivered is no measure; a unit, a start and an aim, a "NPS : 32" or a measure's name makes one.
    head = rules.fold(metric.split()[0]) if metric.split() else ""
    if _ROLLOUT.match(rules.fold(metric)):
        return False  # "Go live to 5% of customers in March": a rollout plan, its shares are steps
    return bool(
        read.unit
        or (read.baseline and read.target)
        # "2,000 trial sign-ups in the launch month": a count that opens the line is the measure stated.
        or re.match(r"\s*[~≈<>≥≤]?\s*\d", text)
        or re.search(r"[:→<>≤≥=]|->", text)
        or head in MEASURE_HEADS
        or re.fullmatch(r"[A-Z]{2,6}s?", metric.split()[0])
        # "Backlog of filings below 150 by June 30", "Moins de 1 bulletin rectificatif pour 100": a bound aimed at.
        or bool(_BOUND_AIM.search(text))
    )


_BOUND_AIM = re.compile(
    r"\b(?:below|under|above|over|sous|moins de|plus de|au moins|at least|at most|au plus|fewer than|less than)"
    r"\s+(?:the\s+|les\s+)?[$€£]?\d",
    re.IGNORECASE,
)


_ROLLOUT = re.compile(r"(?:go[- ]live|mise en (?:prod|ligne|service)|soft launch|roll-?out|launch|release)\b")

# The first word of a measure named without a verb ("Nombre de clients actifs 1 200").
MEASURE_HEADS = {
    *["taux", "part", "nombre", "nb", "delai", "temps", "duree", "score", "note", "volume", "chiffre"],
    *["churn", "cout", "panier", "retention", "conversion", "satisfaction", "marge", "ratio", "moyenne"],
    *["rate", "share", "number", "count", "time", "revenue", "cost", "margin", "average", "median"],
    *["mediane", "pourcentage", "percentage", "uptime", "disponibilite", "frequence", "frequency"],
    *["backlog", "stock", "encours", "arriere", "arrieres", "waiting", "attente"],
}


def person_task(text: str) -> bool:
    """ "Julie : publier 2 posts par semaine": a person's task, whatever number it holds. "Adoptions: 420 last
    year → 550" names a measure, not a person: what follows the label opens on a value."""
    if not PERSON_LABEL.match(text) or owned_kr(text):
        return False
    label, rest = (part.strip() for part in re.split(r"\s?:|\s[-–]", text, maxsplit=1))
    if rows.row("told_baseline").search(rest):
        return False  # "Passenger Assist: every booked assistance met (today 86%)": a measure with its start
    # "Réinscriptions U13-U17 : passer de 62 % à 75 %", "Attente : de 90 min à 45 min": a start and an aim
    # after a measure's name; a person's name is followed by what the person does.
    if {"baseline", "target"} <= {n.role for n in read_key_result(rest).numbers}:
        return False
    # "Julie : 2 posts par semaine" is still Julie's: one title-case word that is no plural ("Adoptions") is a name.
    named = re.fullmatch(r"[A-ZÉÈ][a-zéèêëàâîïôûüç'’-]+", label) is not None and not label.endswith(
        ("s", "x")
    )
    if named:
        return True
    return not re.match(r"[<>≤≥~+\-−]?\s*[$€£]?\d|(?:zéro|zero|aucun|aucune|none)\b", rest, re.I)


def owned_kr(text: str) -> bool:
    """ "Léa : faire passer le NPS de 30 à 45": a KR with its owner, a start and an aim, not a task."""
    rest = re.split(r"\s?:|\s[-–]", text, maxsplit=1)[-1].strip()
    roles = {n.role for n in read_key_result(rest).numbers}
    return is_sound_kr(rest) and {"baseline", "target"} <= roles


# A table row folded by the structure step: "… — aujourd'hui 18 days — cible 10 days".
_ROW_START_AIM = re.compile(
    r"\s—\s(?:aujourd'hui|today)\s(?P<start>[^—]+?)\s—\s(?:cible|target)\s(?P<aim>[^—]+?)(?:\s—|$)"
)


# Outcome rows that say a way without a verb ("Fewer unplanned vessel trips", "Moins d'erreurs de livraison").
# "Courses supprimées : divisées par trois", "Stock : 2 fois moins qu'en janvier": the change is a factor.
_FACTOR_ROWS = ("divided_after_fr", "times_fewer_after_fr", "times_fewer_before_fr")
_WAY_ROWS = (
    "doubled_after_colon",
    "fewer_of",
    "fewer_of_en",
    "more_of",
    "way_down_after_colon",
    "way_up_after_colon",
    "halved_after_fr",
    "halved_after_en",
    "way_down_after_name_en",
    "way_up_after_name_en",
    "doubled_after_en",
)


_LABEL_ONLY = re.compile(
    r"^(?:objectifs?|objectives?|kr\s*\d*|o\s*\d*|okr|goal|key results?)$", re.IGNORECASE
)


def row_start_and_aim(text: str) -> bool:
    """ "Offer-to-enrolment conversion — today 31% — target 36%": a table row's cells say a start and an aim."""
    cells = _ROW_START_AIM.search(text)
    return bool(cells and rules.numbers_in(cells.group("start")) and rules.numbers_in(cells.group("aim")))


def said_change(text: str) -> str | None:
    """ "Fewer unplanned vessel trips per turbine" → "Reduce unplanned vessel trips per turbine": a listed line
    that says which way a count must go, without a verb or a number, worded as the KR it is (None otherwise)."""
    text = text.strip(" .")
    # "MTBF on the finishing stands doubled (x2 vs 2026)": the aside restates the change; it stays, said after.
    aside = re.search(r"\s*(\([^()]*\))\s*$", text)
    if aside:
        worded = said_change(text[: aside.start()])
        return f"{worded} {aside.group(1)}" if worded else None
    factor = next((r for r in _FACTOR_ROWS if rows.row(r).search(text)), None)
    # "Abonnés de moins de 30 ans : doubler": who is counted holds no value of the line.
    if (
        rules.numbers_in(rules.ORDINAL_NUMBER.sub("", words_to_digits(rows.without_scopes(text))))
        and not factor
    ):
        return None  # "Moins de trois exclusions par semaine": a count in words is a value, no way said alone
    for row_id in (factor, *_WAY_ROWS) if factor else _WAY_ROWS:
        row = rows.row(row_id)
        match = row.search(text)
        if match and not _LABEL_ONLY.match(match.group("rest")):
            lang = "fr" if "fr" in row.wording and detect_language(text) == "fr" else "en"
            lang = lang if lang in row.wording else next(iter(row.wording))
            rest = match.group("rest").strip()
            rest = (
                rest if rest[1:2].isupper() else rest[:1].lower() + rest[1:]
            )  # "MTBF", "CSAT" keep their case
            return row.wording[lang].format(
                rest=rest,
                the=rules.french_article(rest, plural=True),
                the_n=rules.french_article(rest, plural=True),
                of=rules.french_of(rest),
                a=(match.groupdict().get("a") or "").lower(),
            )
    return None


def listed_role(text: str) -> Role:
    """A line listed under an objective: a key result when it measures, else a task."""
    if not re.search(r"[^\W\d_]", text):
        return "other"
    counted = words_to_digits(text)
    if counted != text:
        # "Moins de deux interventions annulées par mois", "une par mois maxi": a count said in words is a count.
        return listed_role(counted)
    if person_task(text) or is_task_despite_verb(text):
        return "task"
    if rows.row("past_value_after_colon").search(text) and not rules.is_known_verb(rules.leading_verb(text)):
        return "fact"  # "KR2 Abandons en cours d'année : on en a eu 57 l'an dernier": where things stood
    if _ROLLOUT.match(rules.fold(text)) and " " not in rules.leading_verb(text):
        return "task"  # ("Launch time under 10 min" names a measure: its first word is no launch.)
    if any(
        rows.row(row_id).search(text)
        for row_id in (
            "output_with_its_past",
            "output_with_its_stock",
            "more_than_before",
            "hold_after_colon",
            "held_participle",
        )
    ):
        return "key_result"  # a count done measured against a past period, a measure held within a bound
    cells = _ROW_START_AIM.search(text)
    starts = rules.numbers_in(cells.group("start")) if cells else []
    if cells and starts and rules.numbers_in(cells.group("aim")) and float(starts[0].replace(",", ".")):
        # "Install lead time (order → live) | 18 days | 10 days": the table says where the measure stands and
        # where it must go; a deliverable counted from nothing ("| 0 | 6 postes équipés |") is no start.
        return "key_result"
    if said_change(text):
        return "key_result"
    # "tickets « erreur de calcul » : de 35/mois à moins de 5/mois": a start and an aim make no offer.
    offer = (
        rows.first_match("offer", text)
        and not {"baseline", "target"} <= {n.role for n in read_key_result(text).numbers}
        and not rows.row("from_to_fr").search(text)
        and not rows.row("from_to_en").search(text)
    )
    if rows.row("zero_lead").search(text.strip(" .")):
        return "key_result"  # "Zéro course supprimée faute de conducteur": a count whose aim is none
    if _theme_then_task(text) or (offer and not (cells and starts)):
        # "Collectes en entreprise : démarcher 20 entreprises", "Tarif unique à 2 €": a deliverable.
        return "task"
    kind = rules.kr_verb_kind(text)
    signed = rows.first_match("measure_sign", text) or rows.first_match("comparative", text)
    # "Installer les tables de tri — 0 → 11" counts deliverables; "Dématérialiser 90 % des factures (contre 55 %)"
    # measures a share: an output verb makes a key result only with a share.
    if signed and (kind != "output" or re.search(r"\d\s?%", text)):
        return "key_result"
    if is_sound_kr(text):
        return "key_result"
    if kind is None and is_change_opening(text):
        return "key_result"
    if kind != "output" and is_measure(text):
        return "key_result"
    return "task"


def _theme_then_task(text: str) -> bool:
    """ "Rabattement vers les gares TER : revoir les horaires de 12 lignes": a theme named before a colon, then
    the action it asks for, opening on a verb that changes no measure ("Délai : réduire de 40 à 20 j" does)."""
    head, sep, rest = text.partition(":")
    rest = rest.strip()
    if not sep or not rest or not re.search(r"[^\W\d_]", head) or rules.measure_numbers(head):
        return False
    verb = rules.leading_verb(rest)
    return (
        rest.lower().startswith(verb)
        and rules.is_infinitive(verb, "fr" if detect_language(text) == "fr" else "en")
        and rules.is_known_verb(verb)
        and not is_change_opening(rest)
        and not is_sound_kr(rest)
    )


def _only_scope_numbers(text: str) -> bool:
    """ "Navette pour les plus de 75 ans qui ne conduisent plus": every number bounds who is served."""
    return bool(rules.measure_numbers(text)) and not rules.measure_numbers(rows.without_scopes(text))


def states_a_figure(text: str) -> bool:
    """A number that measures, or a share said in words ("un cas sur quatre", "a third of new joiners")."""
    return bool(rules.measure_numbers(text) or rows.row("share_in_words").search(text))


# Before a line's first value: a bound that makes it an aim ("≤ 10 jours", "under 10%", "sous 48 h").
_AIM_BOUND_BEFORE = re.compile(
    r"(?:[≤<≥>]|\b(?:under|below|within|at most|no more than|down to|up to|at least|sous|moins de|au plus|au moins"
    r"|pas plus de|en moins de|jusqu['’]à))\s*$",
    re.IGNORECASE,
)
# After a line's first value: today's value said beside it ("85 %, on était à 62 %", "≤ 10 j (aujourd'hui 23 j)").
_TODAY_AFTER = re.compile(
    r"^\s*[^\d;]{0,12}?(?:[,;(]\s*|\s)(?:aujourd['’]hui|today|actuellement|currently|now|on était à|on est à|we were at"
    r"|we are at|vs\.?|contre|against)\s*(?:à|at|:)?\s*[~≈]?\d",
    re.IGNORECASE,
)
# Before a line's first value: it tells where things stand ("Aujourd'hui 62 %", "last quarter 38%").
_TOLD_BEFORE = re.compile(
    r"\b(?:aujourd['’]hui|today|actuellement|currently|last (?:year|quarter|month|season|week)|l['’]an dernier"
    r"|l['’]an passé|en 20\d\d|in 20\d\d|on a eu|on a|we had|we have|il y a|était|étaient|was|were)\b",
    re.IGNORECASE,
)


_SHARE_WITHIN = re.compile(
    r"^\s*\d+(?:[.,]\d+)?\s?%\s+(?:des|de|du|d['’]|of)\b[^\d]{3,80}?\b(?:sous|en moins de|within|in under|under|in less than)"
    r"\s+\d",
    re.IGNORECASE,
)


def aimed_measure(text: str) -> bool:
    """A measure stated with its aim, not today's level: "Délai de traitement : ≤ 10 jours (aujourd'hui 23 jours)",
    "Calls answered: 80% within 30 seconds", "Taux de décroché : 85 %, on était à 62 % en 2026"."""
    first = next(iter(rules.measure_numbers(text)), None)
    if first is None:
        return False
    at = text.find(first)
    before, after = text[:at], text[at + len(first) :]
    if _TOLD_BEFORE.search(before):
        return False
    return bool(
        _AIM_BOUND_BEFORE.search(before)
        or _TODAY_AFTER.match(after)
        # "100 % des courriels répondus sous 48 h ouvrées": a share of things done within a delay, a service level.
        or _SHARE_WITHIN.match(text)
        or rows.row("delay_after_share").search(text)
        or rows.row("within_delay_for_share").search(text)
    )


def context_role(text: str) -> Role:
    """A line the structure left as context and no row named: a fact when it states a figure."""
    moved = any(
        rows.row(row_id).search(text) for row_id in ("from_to_fr", "from_to_en", "arrow", "from_to_said")
    )
    if (moved and {"baseline", "target"} <= {n.role for n in read_key_result(text).numbers}) or aimed_measure(
        text
    ):
        return "key_result"  # "Délai moyen de vente : 96 j → 70 j": a start and an aim are no situation told
    if states_a_figure(text):
        return "fact"
    if rules.find_cycle(text) and len(text.split()) <= 8:
        return "header"
    return "aside"


def _opens_item(unit: Unit, lang: str) -> bool:
    """A unit that could be the draft's first objective: labelled, or an unbulleted line opening with a verb (of
    the draft's language: "Ranger team, Northern district" opens on no verb in English)."""
    text = _bare(unit.body)
    if rows.first_match("label", text) or rows.row("objective_mark").search(unit.text):
        return True
    return unit.body.lstrip() == text and _opens_on_verb(text, lang)


def _opens_on_verb(text: str, lang: str) -> bool:
    verb = rules.leading_verb(text)
    return rules.fold(verb) in rules.EN_VERBS if lang == "en" else rules.is_known_verb(verb)


# "(84 résidents)", "(4 200 repas/jour)", "(6 pers.)": how big the team or the place is, said in brackets.
_SIZE_ONLY = re.compile(r"\(\s*(?:~\s*|env\.?\s*|about\s*)?\d[\d\s  .,]*\s*[^\W\d_][^()\d]{0,30}\)")


# Numbers of a title that name, not measure: "SDIS 18", "Maternité niveau 2B", "Slide 7", "diapo 3".
_NAME_NUMBERS = re.compile(
    r"(?<![\w])(?!(?:NPS|CSAT|CES|TRS|OEE|SLA|MTTR|MTBF|OTD|OTIF|CA|KPI|TF\d?|IFT|DSO|DPO|ETP|FTE)\b)"
    r"(?-i:[A-Z]{2,6})\s\d{1,3}(?=\s*(?:[–—|-]\s|,|$))"
    r"|(?-i:\b\d{1,3}[A-Z]\b)|\b(?:slide|diapo|page|p\.)\s?\d{1,3}\b",
    re.IGNORECASE,
)


def lead_roles(units: list[Unit], decisions: dict[int, Decision | None], lang: str = "fr") -> None:
    """Roles of the lines above the draft's first objective, which say who, when and where things stand.

    "Paediatric Emergency Department" over "Reduce time to pain relief …", "also 38 % of visitors …" under a
    "today:" line and over "Objective: …": a verbless line up there is a title, a line with a figure a fact.
    Only when an objective follows; otherwise the structure decides (a noun objective over its bullets).
    """
    first = next((n for n, u in enumerate(units, 1) if decisions[n] is None and _opens_item(u, lang)), None)
    if first is None or first == 1:
        return
    for number, unit in enumerate(units[: first - 1], 1):
        text = _bare(unit.body)
        # Bullets are items of a list and tab or ';' rows a spreadsheet: the structure reads them.
        if decisions[number] is not None or unit.kind.startswith("table") or _BULLET.match(unit.text):
            continue
        if "\t" in text or text.count(";") >= 2:
            continue
        if rows.first_match("section", text) or is_change_opening(text):
            continue
        outside = re.sub(r"\([^()]*\)", " ", text)
        if (
            _SIZE_ONLY.search(text)
            and not rules.measure_numbers(outside)
            and not rules.is_known_verb(rules.leading_verb(outside))
        ):
            # "EHPAD Les Tilleuls (84 résidents)", "Cuisine centrale (4 200 repas/jour)": a title with its size.
            decisions[number] = Decision("header", "title_with_size", text)
        elif rules.measure_numbers(_NAME_NUMBERS.sub(" ", text)):
            decisions[number] = Decision("fact", "above_objective", text)
        elif not _opens_on_verb(text, lang) and len(text.split()) <= 10:
            decisions[number] = Decision("header", "title", text)


# A number that names a thing ("la ligne de moulage DISA 2", "line 3", "compresseur n°3", "Ward 7"): no figure.
_NAMING_NUMBER = re.compile(
    r"(?:\b(?-i:[A-Z]{2,})|\b(?:ligne|line|n°|no\.|numéro|number|bâtiment|building|salle|room|quai|zone|secteur"
    r"|lot|phase|version|étape|step|unité|unit|ward|pavillon|poste|four|kiln|presse|press|site|dépôt|depot|atelier"
    r"|hall|terminal|gate|porte|tranche|réacteur|reactor))\s?\d{1,3}\b(?!\s?%)",
    re.IGNORECASE,
)


# Past participles of the verbs a team tells its figures with, where the English form differs.
_PARTICIPLE_EN = {"threw away": "thrown away", "thrown away": "thrown away"}
_WEIGHED = re.compile(r"(?:t|tonnes?|kg|kilos|litres|l|m3|m³)$", re.IGNORECASE)
_PAID = re.compile(r"(?:€|k€|M€|£|\$|euros)$", re.IGNORECASE)


def told_then_aimed(match: re.Match[str]) -> str | None:
    """The key result a sentence that tells a past level and the aim says ("On a collecté 412 t en 2026 et on vise
    500 t" → "Augmenter le tonnage collecté de 412 t à 500 t"), in words the KR reader reads; None when the
    sentence names nothing to measure."""
    verb, value, aim = match.group("verb"), match.group("value").strip(), match.group("aim").strip()
    what = (match.group("what") or "").strip()
    french = bool(re.match(r"(?:.*\s)?(?:on|nous)\s", match.group(0)[: match.start("verb")], re.IGNORECASE))
    unit = re.sub(r"^[\d\s.,]+", "", value).strip()
    if french:
        if "%" in value and what:
            metric = (
                f"la part {what} {verb}s" if re.match(r"de[s]?\s", what) else f"la part de {what} {verb}s"
            )
        elif _WEIGHED.search(unit):
            noun = (
                "le poids"
                if re.match(r"k", unit, re.IGNORECASE)
                else "le volume"
                if re.match(r"[lm]", unit)
                else "le tonnage"
            )
            metric = f"{noun} de {what} {verb}" if what else f"{noun} {verb}"
        elif _PAID.search(unit):
            metric = f"le montant de {what} {verb}" if what else f"le montant {verb}"
        elif what:
            metric = f"le nombre {what}" if re.match(r"d(?:e|es|u)\s|d['’]", what) else f"le nombre de {what}"
        else:
            return None
    else:
        participle = _PARTICIPLE_EN.get(verb.lower(), verb)
        if "%" in value and what:
            metric = f"the share of {what} {participle}"
        elif what:
            metric = f"{what} {participle}"
        elif _WEIGHED.search(unit):
            metric = f"tonnage {participle}"
        else:
            return None
    folded = rules.fold(aim)
    # When the level was taken ("in 2026", "l'an dernier"), said beside it; else it is today's.
    when = re.search(
        r"\b(?:in|en)\s+20\d\d\b|\blast year\b|\bl['’]an (?:dernier|passé)", match.group(0), re.IGNORECASE
    )
    level = f"{value} {when.group(0)}" if when else f"aujourd'hui {value}" if french else f"{value} today"
    if folded.startswith(("halve", "le diviser", "la diviser", "les diviser", "diviser")):
        return f"Diviser par deux {metric} ({level})" if french else f"Halve {metric} ({level})"
    if "doubl" in folded:
        return f"Doubler {metric} ({level})" if french else f"Double {metric} ({level})"
    way = rules.value_way(value, aim)
    if french:
        lead = {"up": "Augmenter", "down": "Réduire"}.get(way or "", "Faire passer")
        return f"{lead} {metric} de {value} à {aim}"
    lead = {"up": "Increase", "down": "Reduce"}.get(way or "", "Move")
    return f"{lead} {metric} from {value} to {aim}"
