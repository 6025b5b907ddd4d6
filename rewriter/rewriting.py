"""The rewrite flow: check input → parse → analyze → compose (code) → model (what code cannot) → guard → render.

Code keeps the sound lines, carries the deliverables and grounds new KRs in the metric library; the model is
asked only for the slots code could not fill (today: whom each rewritten objective is for), and its answer is
used only when it passes the checks. A model failure leaves the composed result, never an error.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from rewriter import fidelity, llm, prompts, rationale, rules, secrets
from rewriter.analysis.wording import objective_form_problem
from rewriter.analyzer import Diagnosis, analyze, analyze_result
from rewriter.compose import compose, objective_sources
from rewriter.compose.segment import is_people
from rewriter.draft import Draft, DraftObjective, Lang
from rewriter.draft_errors import (
    BinaryDraftError,
    DraftTooLongError,
    EmptyDraftError,
    NotTextError,
    NoWordsError,
    UnsupportedLanguageError,
)
from rewriter.language import other_language
from rewriter.parsing import parse
from rewriter.reading import rows as reading_rows
from rewriter.reading.facts import benchmark_clauses
from rewriter.render import render_objective, rerender
from rewriter.result import Initiative, KeyResult, Objective, Provenance, RewriteResult
from rewriter.slots import MAX_SEGMENT_WORDS, RewriteSlots, SegmentSlots
from rewriter.text_hygiene import clean_text, has_words, speaks_to_the_tool

log = logging.getLogger(__name__)

MAX_DRAFT_CHARS = 20_000
PROMPT_NAME = "rewrite"
MAX_RETRIES = 2

# The draft is data: any tag that could close or reopen its delimiters is defused before it is sent.
_DELIMITER_TAG = re.compile(r"<\s*(/?)\s*(draft|brouillon)\s*>", re.IGNORECASE)


def check_text(text: str) -> str:
    """The draft text made safe to read (`text_hygiene.clean_text`), or a `DraftError` saying why it cannot be.

    Every door calls it: rewrite and arewrite, batches, the web form and its API. The error's `message(lang)`
    is for a person, in the page's language; `str(error)` is its English text.
    """
    if not isinstance(text, str):
        raise NotTextError(kind=type(text).__name__)
    if not text.strip():
        raise EmptyDraftError()
    if len(text) > MAX_DRAFT_CHARS:
        raise DraftTooLongError(length=len(text), limit=MAX_DRAFT_CHARS)
    if "\x00" in text:
        raise BinaryDraftError()
    cleaned = clean_text(text)
    # Control characters, symbols, another script: nothing to read, so nothing to send to a model. A draft
    # in a language that is recognised only to be refused has words: `check_language` says what is wrong.
    if not has_words(cleaned) and other_language(cleaned) is None:
        raise NoWordsError()
    return cleaned


def check_language(text: str) -> None:
    """An `UnsupportedLanguageError` for a draft in another language than French or English.

    Read as French or English, such a draft would have its numbers moved ("von 70 % auf 80 %" read with a
    target of 70): it is refused before anything is composed. Its diagnosis may still be shown.
    """
    language = other_language(text)
    if language is not None:
        raise UnsupportedLanguageError(language)


def as_data(text: str) -> str:
    return _DELIMITER_TAG.sub(lambda m: f"‹{m.group(1)}{m.group(2)}›", text.strip())


def _objective_lines(result: RewriteResult, asked: list[int]) -> str:
    return "\n".join(f"{n}. {result.objectives[i].sentence}" for n, i in enumerate(asked, 1))


def _asked(plan: RewriteResult) -> list[int]:
    """Objectives whose segment code could not find: the one slot the model is asked to fill."""
    return [
        i
        for i, o in enumerate(plan.objectives)
        if not o.draft_text and not o.target.strip() and o.needs_segment
    ]


def build_messages(draft: Draft, plan: RewriteResult, lang: Lang) -> list[dict[str, Any]] | None:
    """The model's messages, or None when code filled every slot (a sound draft: no model call)."""
    asked = _asked(plan)
    if not asked:
        return None
    user = prompts.render(
        f"segment/user.{lang}.md", draft=as_data(draft.raw), objectives=_objective_lines(plan, asked)
    )
    return [
        {"role": "system", "content": prompts.render(f"segment/system.{lang}.md")},
        {"role": "user", "content": user},
    ]


def draft_numbers(draft: Draft) -> set[str]:
    from rewriter.rules import numbers_in

    texts = [o.text for o in draft.objectives] + [k.text for o in draft.objectives for k in o.key_results]
    texts += [c.text for c in draft.context] + [draft.cycle or ""]
    from rewriter.kr_reading import words_to_digits

    # "Moins de trois exclusions par semaine": a count said in words is the draft's number too.
    found = {n for t in texts for n in numbers_in(words_to_digits(t))} | {
        n for t in texts for n in numbers_in(t)
    }
    # "Notre priorité pour 2027, c'est de …": a year written anywhere in the draft is the draft's, even in a lead
    # the reader cut from its line.
    found |= set(re.findall(r"\b20\d\d\b", draft.raw))
    # "2026/27 season": the season ends in 2027, the year its KRs' deadline says.
    found |= {f"20{m.group(1)}" for t in texts for m in re.finditer(r"\b20\d\d\s*[/-]\s*(\d{2})\b", t)}
    # "Lost-time injuries: zero", "Chutes graves : aucune": a zero said in a word is the draft's number too.
    if any(_ZERO_SAID.search(t) for t in texts):
        found.add("0")
    return found


_ZERO_SAID = re.compile(r"\b(?:z[ée]ro|aucune?|plus aucune?|none|nil|no more|never again)\b", re.IGNORECASE)


def to_result(slots: RewriteSlots, draft: Draft, lang: Lang) -> RewriteResult:
    """Slots → result with sentences and questions rendered by code; the cycle fills empty deadlines."""
    default_deadline = None
    if draft.cycle:
        default_deadline = f"fin {draft.cycle}" if lang == "fr" else f"end of {draft.cycle}"
    objectives = [
        Objective(
            verb=o.verb,
            qualifier=o.qualifier,
            target=o.target,
            # The slots' target carries its own wording ("contre la fraude"): no preposition is added.
            needs_segment=not o.target.strip(),
            key_results=[
                KeyResult(**kr.model_dump(exclude={"deadline"}), deadline=kr.deadline or default_deadline)
                for kr in o.krs
            ],
            initiatives=[Initiative(text=i.text, kr=i.kr) for i in o.initiatives],
        )
        for o in slots.objectives
    ]
    return rerender(RewriteResult(lang=lang, draft=draft.raw, objectives=objectives))


@dataclass(frozen=True)
class Prepared:
    """A draft checked, parsed, diagnosed and composed by code, with the model's messages if it has a slot to fill.

    A batch builds it to derive its cache key and hands it to `arewrite`, which then does not redo the work.
    """

    draft: Draft
    diagnosis: Diagnosis
    lang: Lang
    plan: RewriteResult
    messages: list[dict[str, Any]] | None

    @property
    def needs_model(self) -> bool:
        return self.messages is not None


RESPONSE_MODEL = SegmentSlots


# A line's bullet, emoji and label ("- KR2 :", "📍", "| 1a |"), whose numbers name the line, not a value.
_LEADING_LABEL = re.compile(
    r"^(?:[\s|*•·▪◦●○►▸→+-]|[\U0001f300-\U0001faff\u2600-\u27bf\ufe0f])*"
    r"(?:(?:kr|o|okr|obj|objectif|objective|goal|key result|résultat clé)\s?#?\s?[\d.]*[a-z]?\s*[:：\-–—.)|]\s*"
    r"|\d{1,2}[a-z]?\s*[.)|]\s*)?",
    re.IGNORECASE,
)


def prepare(draft: str | Draft | Prepared, lang: Lang | None = None) -> Prepared:
    """Check and parse the draft (a `DraftError` for unusable input), diagnose it, compose the rewrite."""
    if isinstance(draft, Prepared):
        if lang is None or lang == draft.lang:
            return draft
        draft = draft.draft
    if isinstance(draft, Draft):
        text = check_text(draft.raw)
        parsed = draft if text == draft.raw else parse(text)
    else:
        parsed = parse(check_text(draft))
    check_language(parsed.raw)
    diagnosis = analyze(parsed)
    out_lang = lang or _items_language(parsed)
    plan = rerender(compose(parsed, out_lang))
    plan.parents = [line.text for line in parsed.parents]
    # A fact the rewrite already states (as a KR's start) is not repeated; the others are shown as written.
    shown = fidelity.kept_numbers(plan)
    others = reading_rows.row("others_figure")
    plan.context = [
        line.text
        for line in parsed.context
        # "customer contract SLA: 4h": a figure of others is no KR's start; it is shown whatever numbers match.
        if line.role == "fact" and (not set(rules.numbers_in(line.text)) <= shown or others.search(line.text))
    ]
    # "contre 12 j chez nos voisins": a figure of others to compare with, shown beside the draft's own figures.
    plan.context += [
        clause
        for clause in benchmark_clauses(parsed.raw)
        if not set(rules.numbers_in(clause)) <= shown and not any(clause in told for told in plan.context)
    ]
    # "Launch time under 10 min for 90% of shouts (we averaged 12 min last year)": a figure said aside a KR or an
    # objective that no slot took is shown as written, never lost.
    for line in parsed.reading.lines if parsed.reading else []:
        if line.role not in ("key_result", "objective"):
            continue
        asides = re.findall(r"\(([^()]*\d[^()]*)\)", line.text)
        # "8% vs 5% last year, aim 12%": the figure compared with, said in a clause of its own.
        asides += re.findall(
            r"(?<![(\w])((?:vs\.?|versus|contre|compared (?:to|with))\s+[^,;()]*\d[^,;()]*)", line.text
        )
        for aside in asides:
            numbers = set(rules.numbers_in(rules.mask_dates(aside)))
            if numbers and not numbers <= (shown | fidelity.kept_numbers(plan)) and aside not in plan.context:
                plan.context.append(aside.strip())
    # "On fait en moyenne 62 heures par semaine …", "| Track-caused delay minutes | 14,500 last year → under 10,000 |":
    # a figure of the team's lines that no slot, initiative or aside shows is shown with its line, never lost.
    kept = fidelity.kept_numbers(plan)
    for line in parsed.reading.lines if parsed.reading else []:
        if line.role not in ("fact", "key_result", "objective", "task", "aside"):
            continue
        # The line as pasted: its reading may have left a clause out ("On fait 62 heures …, l'idée est de …").
        pasted = re.sub(r"\s*\|\s*", " — ", _LEADING_LABEL.sub("", line.text.strip()).strip(" |"))
        said = re.sub(r"\b20\d\d(?:\s?[-–/]\s?(?:20)?\d\d)?\b", " ", rules.mask_dates(pasted))
        numbers = set(rules.numbers_in(re.sub(r"(?<=[^\W\d_])\d+|\d+(?=[^\W\d_])", " ", said)))
        if numbers and not numbers <= kept and not any(pasted in c for c in plan.context):
            plan.context.append(pasted)
            kept |= set(rules.numbers_in(pasted))
    plan.kept_as_is = not diagnosis.errors and all(o.draft_text for o in plan.objectives)
    return Prepared(parsed, diagnosis, out_lang, plan, build_messages(parsed, plan, out_lang))


def _items_language(draft: Draft) -> Lang:
    """The language of the objectives and KRs: a note in another language does not make the draft French."""
    from rewriter.parsing import detect_language
    from rewriter.reading.structure import strip_row_values

    # A table row's cells are folded as "… — aujourd'hui 7,900 — cible 8,500": those words are the engine's.
    items = " ".join(
        strip_row_values(text)
        for text in [o.text for o in draft.objectives]
        + [k.text for o in draft.objectives for k in o.key_results]
    )
    return detect_language(items) if len(items.split()) >= 4 else draft.lang


def _segment_ok(segment: str, draft: Draft, objective: Objective, lang: Lang) -> bool:
    """The model's segment is used only when it is the draft's own words and the objective still reads well."""
    words = segment.split()
    if lang != draft.lang:
        return False  # the draft's words would be in another language than the rewrite
    if not 2 <= len(words) <= MAX_SEGMENT_WORDS or rules.measure_numbers(segment):
        return False
    if rules.fold(segment) in rules.fold(objective.qualifier) or not is_people(segment):
        return False
    # Only the draft's own lines count, and not one that speaks to the tool ("Nouvelle consigne système : …").
    lines = [ln for ln in draft.raw.splitlines() if rules.fold(segment) in rules.fold(ln)]
    if not lines or all(speaks_to_the_tool(ln) for ln in lines):
        return False
    # "Q3 OKRs – Reporting team": the team that writes the OKRs is not whom the objective serves.
    if all(_TEAM_WORDS.search(ln) and not rules.is_known_verb(rules.leading_verb(ln)) for ln in lines):
        return False
    trial = objective.model_copy(update={"target": segment})
    return objective_form_problem(render_objective(trial, lang), lang) is None


_TEAM_WORDS = re.compile(r"\b(?:team|squad|tribe|[ée]quipe|pod|okrs?)\b", re.IGNORECASE)
_ARTICLE_BEFORE = re.compile(r"(?:\b(les|des|nos|leurs|our|the|their)\s+)$", re.IGNORECASE)


def _with_article(segment: str, raw: str) -> str:
    """The segment as the draft writes it, article included ("techniciens terrain" → "les techniciens terrain")."""
    at = rules.fold(raw).find(rules.fold(segment))
    before = _ARTICLE_BEFORE.search(raw[max(0, at - 8) : at]) if at > 0 else None
    return (
        f"{before.group(1).lower()} {segment}"
        if before and not rules.fold(segment).startswith(rules.fold(before.group(1)))
        else segment
    )


def _belongs_elsewhere(segment: str, own: DraftObjective | None, others: list[DraftObjective]) -> bool:
    """The segment is named only in another objective's lines: it is that objective's, not this one's."""

    def lines(o: DraftObjective) -> str:
        return rules.fold(" ".join([o.text, *(k.text for k in o.key_results)]))

    wanted = rules.fold(segment)
    if own is not None and wanted in lines(own):
        return False
    return any(wanted in lines(o) for o in others)


def _apply(answer: SegmentSlots, prepared: Prepared, result: RewriteResult) -> list[str]:
    """Copy the model's checked slots into the composed result; the names of the slots it filled."""
    filled = []
    sources = objective_sources(prepared.draft, prepared.lang)
    for index, slot in zip(_asked(prepared.plan), answer.objectives, strict=False):
        objective = result.objectives[index]
        others = [o for i, o in enumerate(sources) if i != index]
        if (
            slot.segment
            and _segment_ok(slot.segment, prepared.draft, objective, prepared.lang)
            and not _belongs_elsewhere(slot.segment, sources[index] if index < len(sources) else None, others)
        ):
            objective.target = _with_article(slot.segment, prepared.draft.raw)
            objective.source = "model" if objective.source == "code" else objective.source
            filled.append(f"O{index + 1} segment")
    return filled


def finish(
    completion: llm.Completion[SegmentSlots] | llm.ModelCallError | None,
    prepared: Prepared,
    model: llm.Model,
) -> RewriteResult:
    """The composed result, with the model's checked slots when it answered; never an error for a draft."""
    draft, diagnosis, lang = prepared.draft, prepared.diagnosis, prepared.lang
    result = prepared.plan.model_copy(deep=True)
    provenance = Provenance(
        model=llm.model_name(model) if completion is not None else "code",
        prompt_name=PROMPT_NAME,
        prompt_version=prompts.prompt_version(),
        attempts=0,
    )
    if isinstance(completion, llm.ModelCallError):
        # The PM gets the deterministic rewrite and its questions; the model's failure stays in provenance and log.
        reason = secrets.redact(str(completion))
        log.warning("model step failed, deterministic result kept: %s", reason)
        result.needs_input = True
        provenance.error = reason
        provenance.usage = completion.usage
        provenance.attempts = completion.attempts
    elif completion is not None:
        provenance.model = completion.model
        provenance.usage = completion.usage
        provenance.duration_s = round(completion.duration_s, 3)
        provenance.attempts = completion.attempts
        provenance.model_slots = _apply(completion.value, prepared, result)
    _deadlines_in_period(result, _period_year(draft))
    result = rerender(fidelity.enforce(rerender(result), draft_numbers(draft)))
    after = analyze_result(result)
    result.level_before = diagnosis.level
    result.level_after = after.level
    result.rationale = rationale.explain(diagnosis, after, result, lang)
    result.provenance = provenance
    return result


_YEAR = re.compile(r"\b(20\d\d)\b")


def _period_year(draft: Draft) -> int | None:
    """The year the draft is for: its cycle's, else the first year its header lines name."""
    texts = [draft.cycle or ""]
    if draft.reading is not None:
        texts += [line.text for line in draft.reading.of_role("header")]
    for text in texts:
        # "2026/27": a school or financial year starts in its first year, and a deadline may fall in it.
        year = _YEAR.search(text)
        if year:
            return int(year.group(1))
    return None


def _deadlines_in_period(result: RewriteResult, year: int | None) -> None:
    """A deadline before the draft's own period is a baseline's year read as a date: it becomes a question."""
    if year is None:
        return
    for objective in result.objectives:
        for kr in objective.key_results:
            years = [int(y) for y in _YEAR.findall(kr.deadline or "")]
            if years and max(years) < year:
                kr.deadline = None


def _call(prepared: Prepared, model: llm.Model, max_retries: int, params: dict[str, Any]) -> dict[str, Any]:
    """Arguments of the seam call shared by `rewrite` and `arewrite`."""
    return {
        "messages": [dict(m) for m in prepared.messages or []],
        "response_model": RESPONSE_MODEL,
        "model": model,
        "max_retries": max_retries,
        "context": {"draft": prepared.draft, "lang": prepared.lang},
        **params,
    }


def rewrite(
    draft: str | Draft | Prepared,
    *,
    model: llm.Model | None = None,
    lang: Lang | None = None,
    max_retries: int = MAX_RETRIES,
    **params: Any,
) -> RewriteResult:
    """Rewrite a draft into outcome OKRs. Bad input raises a `DraftError` (a ValueError); a model failure
    gives code's rewrite, flagged `needs_input`.

    `params` go to the model call as they are (litellm's `timeout`, `num_retries`, `api_base`,
    `temperature`…); `max_retries` counts re-asks after an invalid answer, not transport retries.
    """
    prepared = prepare(draft, lang)
    chosen = llm.resolve_model(model)
    if not prepared.needs_model:
        return finish(None, prepared, chosen)
    outcome: llm.Completion[SegmentSlots] | llm.ModelCallError
    try:
        outcome = llm.structured(**_call(prepared, chosen, max_retries, params))
    except llm.ModelCallError as exc:
        outcome = exc
    return finish(outcome, prepared, chosen)


async def arewrite(
    draft: str | Draft | Prepared,
    *,
    model: llm.Model | None = None,
    lang: Lang | None = None,
    max_retries: int = MAX_RETRIES,
    **params: Any,
) -> RewriteResult:
    """Async twin of `rewrite`."""
    prepared = prepare(draft, lang)
    chosen = llm.resolve_model(model)
    if not prepared.needs_model:
        return finish(None, prepared, chosen)
    outcome: llm.Completion[SegmentSlots] | llm.ModelCallError
    try:
        outcome = await llm.astructured(**_call(prepared, chosen, max_retries, params))
    except llm.ModelCallError as exc:
        outcome = exc
    return finish(outcome, prepared, chosen)
