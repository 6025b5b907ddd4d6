"""The rewrite flow: check input → parse → analyze → prompt → model → guard → render."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import ValidationInfo, model_validator

from rewriter import fidelity, llm, prompts, rationale
from rewriter.analyzer import Diagnosis, analyze, analyze_result
from rewriter.draft import Draft, Lang
from rewriter.parsing import detect_language, parse
from rewriter.prompt_hints import compact_hints
from rewriter.render import rerender
from rewriter.result import Initiative, KeyResult, Objective, Provenance, RewriteResult
from rewriter.slots import RewriteSlots

MAX_DRAFT_CHARS = 20_000
PROMPT_NAME = "rewrite"
MAX_RETRIES = 2
LANG_NAMES: dict[Lang, str] = {"fr": "French", "en": "English"}

# The draft is data: any tag that could close or reopen its delimiters is defused before it is sent.
_DELIMITER_TAG = re.compile(r"<\s*(/?)\s*(draft|brouillon)\s*>", re.IGNORECASE)


def check_text(text: str) -> str:
    """The draft text, or a ValueError whose message a user can act on."""
    if not isinstance(text, str):
        raise TypeError(f"the draft must be text, not {type(text).__name__}")
    if not text.strip():
        raise ValueError("The draft is empty: paste at least one objective or key result.")
    if len(text) > MAX_DRAFT_CHARS:
        raise ValueError(
            f"The draft is {len(text):,} characters long; the limit is {MAX_DRAFT_CHARS:,}. "
            "Split it into one draft per team or objective."
        )
    if "\x00" in text:
        raise ValueError("The draft contains NUL bytes: it looks like a binary file, not text.")
    return text


def as_data(text: str) -> str:
    return _DELIMITER_TAG.sub(lambda m: f"‹{m.group(1)}{m.group(2)}›", text.strip())


def _user_message(draft: Draft, diagnosis: Diagnosis, lang: Lang) -> str:
    hints = compact_hints(diagnosis, lang) or ("- aucun" if lang == "fr" else "- none")
    return prompts.render(f"user.{lang}.md", hints=hints, draft=as_data(draft.raw))


@cache
def _static_messages(lang: Lang, version: str) -> tuple[dict[str, str], ...]:
    """System prompt and few-shot turns: identical across calls, so a local model reuses its KV cache."""
    messages = [{"role": "system", "content": prompts.render(f"system.{lang}.md")}]
    for example in prompts.examples(lang):
        if not example.get("shot"):
            continue
        draft = parse(example["draft"])
        messages.append({"role": "user", "content": _user_message(draft, analyze(draft), lang)})
        answer = json.dumps(example["answer"], ensure_ascii=False, separators=(",", ":"))
        messages.append({"role": "assistant", "content": answer})
    return tuple(messages)


def build_messages(draft: Draft, diagnosis: Diagnosis, lang: Lang) -> list[dict[str, Any]]:
    static = _static_messages(lang, prompts.prompt_version())
    return [dict(m) for m in static] + [{"role": "user", "content": _user_message(draft, diagnosis, lang)}]


def draft_numbers(draft: Draft) -> set[str]:
    from rewriter.rules import numbers_in

    texts = [o.text for o in draft.objectives] + [k.text for o in draft.objectives for k in o.key_results]
    texts += [c.text for c in draft.context] + [draft.cycle or ""]
    return {n for t in texts for n in numbers_in(t)}


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
            key_results=[
                KeyResult(**kr.model_dump(exclude={"deadline"}), deadline=kr.deadline or default_deadline)
                for kr in o.krs
            ],
            initiatives=[Initiative(text=i.text, kr=i.kr) for i in o.initiatives],
        )
        for o in slots.objectives
    ]
    return rerender(RewriteResult(lang=lang, draft=draft.raw, objectives=objectives))


class CheckedSlots(RewriteSlots):
    """The slots, plus the analyzer's verdict on the rendered rewrite: an error finding triggers a re-ask."""

    @model_validator(mode="after")
    def _no_error_finding(self, info: ValidationInfo) -> CheckedSlots:
        context = info.context or llm.validation_context()
        draft: Draft | None = context.get("draft")
        if draft is None:
            return self
        lang: Lang = context.get("lang", draft.lang)
        result = to_result(self, draft, lang)
        written = " ".join(
            f"{o.sentence} " + " ".join(k.metric for k in o.key_results) for o in result.objectives
        )
        if detect_language(written) != lang:
            raise ValueError(
                f"write the objectives and key results in {LANG_NAMES[lang]}, the language asked for."
            )
        errors = analyze_result(result).errors
        if errors:
            listed = "; ".join(f"{e.code}: {e.message_en}" for e in errors[:6])
            raise ValueError(f"the rewrite still breaks the method: {listed}")
        return self


@dataclass(frozen=True)
class Prepared:
    """A draft checked, parsed and diagnosed, with the messages for the model: computed once per draft.

    A batch builds it to derive its cache key and hands it to `arewrite`, which then does not parse,
    analyse and render the prompt a second time.
    """

    draft: Draft
    diagnosis: Diagnosis
    lang: Lang
    messages: list[dict[str, Any]]


def prepare(draft: str | Draft | Prepared, lang: Lang | None = None) -> Prepared:
    """Check and parse the draft (ValueError/TypeError for unusable input), diagnose it, build the prompt."""
    if isinstance(draft, Prepared):
        if lang is None or lang == draft.lang:
            return draft
        draft = draft.draft
    parsed = draft if isinstance(draft, Draft) else parse(check_text(draft))
    check_text(parsed.raw)
    diagnosis = analyze(parsed)
    out_lang = lang or parsed.lang
    return Prepared(parsed, diagnosis, out_lang, build_messages(parsed, diagnosis, out_lang))


def finish(
    completion: llm.Completion[CheckedSlots] | llm.ModelCallError,
    prepared: Prepared,
    model: llm.Model,
) -> RewriteResult:
    draft, diagnosis, lang = prepared.draft, prepared.diagnosis, prepared.lang
    version = prompts.prompt_version()
    if isinstance(completion, llm.ModelCallError):
        return RewriteResult(
            lang=lang,
            draft=draft.raw,
            level_before=diagnosis.level,
            error=str(completion),
            provenance=Provenance(
                model=llm.model_name(model),
                prompt_name=PROMPT_NAME,
                prompt_version=version,
                usage=completion.usage,
                attempts=completion.attempts,
            ),
        )
    result = to_result(completion.value, draft, lang)
    result = rerender(fidelity.enforce(result, draft_numbers(draft)))
    after = analyze_result(result)
    result.level_before = diagnosis.level
    result.level_after = after.level
    result.rationale = rationale.explain(diagnosis, after, result, lang)
    result.provenance = Provenance(
        model=completion.model,
        prompt_name=PROMPT_NAME,
        prompt_version=version,
        usage=completion.usage,
        duration_s=round(completion.duration_s, 3),
        attempts=completion.attempts,
    )
    return result


def _call(prepared: Prepared, model: llm.Model, max_retries: int, params: dict[str, Any]) -> dict[str, Any]:
    """Arguments of the seam call shared by `rewrite` and `arewrite`."""
    return {
        "messages": [dict(m) for m in prepared.messages],
        "response_model": CheckedSlots,
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
    """Rewrite a draft into outcome OKRs. Bad input raises ValueError; a model failure gives `result.error`.

    `params` go to the model call as they are (litellm's `timeout`, `num_retries`, `api_base`,
    `temperature`…); `max_retries` counts re-asks after an invalid answer, not transport retries.
    """
    prepared = prepare(draft, lang)
    chosen = llm.resolve_model(model)
    outcome: llm.Completion[CheckedSlots] | llm.ModelCallError
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
    outcome: llm.Completion[CheckedSlots] | llm.ModelCallError
    try:
        outcome = await llm.astructured(**_call(prepared, chosen, max_retries, params))
    except llm.ModelCallError as exc:
        outcome = exc
    return finish(outcome, prepared, chosen)
