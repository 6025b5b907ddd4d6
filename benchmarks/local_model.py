"""Seconds per single-objective draft on the embedded model, per engine configuration, in one run.

Engine v2 asks the model for the segment slot only (and nothing for a sound draft): the figures below
that quote ~10 s were measured on engine v1's full rewrite; `benchmarks/engine_versions.py` compares the
two engines in one run.

    python benchmarks/local_model.py                      # 1.5B, every configuration, 6 drafts
    python benchmarks/local_model.py --model local/smollm2-135m --drafts 2
    python benchmarks/local_model.py --configs tuned      # one configuration: its own peak RSS

Configurations (same prompt, same model file; only the engine's levers differ):
- naive:  every prompt evaluated from scratch (no KV reuse), no drafting;
- prefix: the static system + few-shot prefix is reused from the KV cache (RAM cache per language);
- grammar: prefix + grammar checked on the greedy token first;
- keys:   grammar + the JSON keys the schema makes next drafted and checked in one batch;
- tuned:  keys + the rest of an enum value, and of a line of the user's message a value starts like
  (deliverables copied as initiatives), drafted too (the default engine settings);
- lookup: grammar + prompt-lookup decoding (drafts copied spans, verifies them in one batch). Measured
  1.8x slower than grammar on the 2-core dev machine (median 18.5 s against 10.4 s, 6 drafts): there a
  batch of k tokens costs far more than one decode step (1: 55 ms, 2: 85 ms, 4: 136 ms, 8: 336 ms)
  and most drafted spans are rejected, so it stays off by default (OKR_REWRITER_LOOKUP=N turns it on).

The engines are loaded side by side and the configurations run draft by draft in turn, so a busy
machine (the 2 cores are shared) slows them alike; compare ratios within one run, not across runs.
Each engine maps the weights, and RSS counts every mapping, so with several configurations the
peak RSS printed is for all of them together (~N × 2 GB): run `--configs tuned` for one's own.

Runs on the 2-core dev machine, 1.5B, 6 drafts (2026-11-23):
- `--direct --configs naive,grammar,tuned`: median 30.52 / 11.81 / 11.39 s, tuned x2.68 vs naive;
- `--direct --configs grammar,tuned`: 10.26 / 8.88 s (x1.16 from key drafting in that run);
- `--configs tuned` (rewrite(), re-asks included): median 12.19 s, peak RSS 2,372 MB, with the
  analyzer's findings sent as full sentences;
- the same after the findings became short labels grouped by place (prompts/hints.json, ~75 fewer
  tokens per user message): median 9.98 s (7.49–18.09, one draft re-asked), peak RSS 2,359 MB; a
  second run gave the same answers token for token in median 11.24 s (machine noise).
  In a side-by-side run (two engines, 6 drafts) the short labels alone took the median from 11.31
  to 10.46 s; on the eval set the median case went from 13.49 to 11.46 s.
- `--configs keys,tuned` (rewrite(), same completion token counts), two runs the same afternoon:
  median 11.76 / 10.56 s (x1.11), then 13.23 / 12.75 s (x1.04; machine before/after: prompt 39.1 /
  42.4 tok/s, decode step 61.1 / 58.8 ms); the draft re-asked took 23–25 s in every run;
- `--configs tuned` alone between those two: median 13.87 s, peak RSS 2,358 MB, while a single decode
  step took 73 ms (58 ms an hour earlier): the host's load moves the absolute medians by a third.
Where the time goes (tuned, one French draft): the user message at ~47 tokens/s (~200 tokens, 4.3 s,
before the short labels; ~125 tokens after), then ~150 answer tokens at 55–70 ms per step (~8–9 s).
- `--configs naive,keys,tuned` on a quiet host (decode step 50 / 54 ms before / after): median
  30.13 / 9.65 / 9.59 s, tuned x3.14 vs naive; the draft re-asked took 16.6 s.
Measured and rejected: dropping the findings from the prompt (-1.5 s median, pass rate 41.0% ->
31.1%), omitting null keys from the examples' answers (-14 answer tokens, no_invented_numbers
60.7% -> 47.5%), a first version of drafting the user's words inside string values that offered
any span at any length (slower: 11.64 against 10.87 s; `tuned` only offers a line's rest once a
value starts like it, 6 tokens at most), shorter finding labels (-18 tokens per user message, pass
rate 39.3% -> 34.4%).

The drafts are written for this benchmark (not taken from evals/cases). The real prompt path is used
(`rewriter.rewrite`: analyzer hints, few-shot turns, re-asks); if it cannot be imported, the slots
schema is asked for directly through litellm with the prompt files.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rewriter.local import catalog, register  # noqa: E402
from rewriter.local.engine import Engine, Settings, use_engine  # noqa: E402

DRAFTS: list[tuple[str, str]] = [
    (
        "fr",
        "OKR équipe Paiement T3 2027\nObjectif : Lancer le paiement en 3 fois\n"
        "- Intégrer le partenaire de financement\n- Livrer le parcours de paiement fractionné\n"
        "Aujourd'hui le taux d'abandon du panier est de 68%.",
    ),
    (
        "en",
        "Team Growth, Q4 2027\nObjective: Launch the referral program\n- Build the invite flow\n"
        "- Ship referral rewards\nToday 4% of new sign-ups come from referrals.",
    ),
    (
        "fr",
        "Objectif : Refaire le moteur de recherche du catalogue\n"
        "KR1 : Mettre en production la recherche par facettes\nKR2 : Migrer vers Elasticsearch\n"
        "KR3 : Le taux de recherches sans résultat passe de 22% à 10% d'ici fin T2",
    ),
    (
        "en",
        "Objective: Complete the support chatbot project\nKR1: Deliver the chatbot on the help center\n"
        "KR2: Train the bot on 200 FAQ articles\n"
        "KR3: Average first response time is 9 hours, target 1 hour by end of Q1",
    ),
    (
        "fr",
        "Équipe Onboarding, S2 2027\nObjectif : Finaliser le nouveau tutoriel\n"
        "- Rédiger les 5 écrans d'accueil\n- Créer une vidéo de présentation\n"
        "- Organiser des tests utilisateurs avec 8 clients",
    ),
    (
        "en",
        "Objective: Redesign the admin dashboard\n- Release the new reporting module\n"
        "- Migrate customers to the new UI\nAdmins currently spend 25 minutes a week building exports.",
    ),
]

_OFF = {"lookup_tokens": 0, "draft_keys": False, "copy_lines": False}
# Never measured: a measured draft seen in the warm-up would find its whole prompt in the KV cache.
WARM_UP: list[tuple[str, str]] = [
    (
        "fr",
        "Objectif : Sortir l'application de réservation\n- Livrer le calendrier partagé\n- Ajouter les rappels SMS",
    ),
    ("en", "Objective: Ship the new billing page\n- Build the invoice history\n- Add card updates"),
]

CONFIGS: dict[str, dict[str, Any]] = {
    "naive": {**_OFF, "prefix_cache_mb": 0, "grammar_first_try": False},
    "prefix": {**_OFF, "prefix_cache_mb": 256, "grammar_first_try": False},
    "grammar": {**_OFF, "prefix_cache_mb": 256, "grammar_first_try": True},
    "keys": {**_OFF, "prefix_cache_mb": 256, "grammar_first_try": True, "draft_keys": True},
    "tuned": {
        **_OFF,
        "prefix_cache_mb": 256,
        "grammar_first_try": True,
        "draft_keys": True,
        "copy_lines": True,
    },
    "lookup": {**_OFF, "prefix_cache_mb": 256, "grammar_first_try": True, "lookup_tokens": 8},
}


def _messages(draft: str) -> list[dict[str, Any]] | None:
    """The rewrite API's messages for the model step; None when engine v2 needs no model for this draft."""
    from rewriter.rewriting import prepare

    return prepare(draft).messages


def direct_call(model: str, lang: str, draft: str) -> dict[str, Any]:
    """One model call with the response schema through litellm: no re-ask, so configurations compare 1:1."""
    import litellm

    from rewriter.rewriting import RESPONSE_MODEL

    messages = _messages(draft)
    if messages is None:
        return {"s": 0.0, "prompt_tokens": 0, "completion_tokens": 0, "attempts": 0, "error": None}
    schema = RESPONSE_MODEL.model_json_schema()
    start = time.perf_counter()
    response = litellm.completion(
        model=model,
        messages=messages,
        tools=[{"type": "function", "function": {"name": RESPONSE_MODEL.__name__, "parameters": schema}}],
    )
    duration = time.perf_counter() - start
    arguments = response.choices[0].message.tool_calls[0].function.arguments
    try:
        RESPONSE_MODEL.model_validate_json(arguments)
        error = None
    except ValueError as exc:
        error = str(exc).splitlines()[0]
    return {
        "s": duration,
        "prompt_tokens": response.usage.prompt_tokens,
        "completion_tokens": response.usage.completion_tokens,
        "attempts": 1,
        "error": error,
    }


def run_one(model: str, lang: str, draft: str, direct: bool = False) -> dict[str, Any]:
    from rewriter import rewrite

    if direct:
        return direct_call(model, lang, draft)
    start = time.perf_counter()
    result = rewrite(draft, model=model)
    duration = time.perf_counter() - start
    usage = result.provenance.usage if result.provenance else None
    return {
        "s": duration,
        "prompt_tokens": usage.prompt_tokens if usage else 0,
        "completion_tokens": usage.completion_tokens if usage else 0,
        "attempts": result.provenance.attempts if result.provenance else 0,
        "error": result.error,
    }


def summarize(name: str, runs: list[dict[str, Any]], load_s: float) -> dict[str, Any]:
    seconds = [r["s"] for r in runs]
    completion = sum(r["completion_tokens"] for r in runs)
    return {
        "config": name,
        "load_s": round(load_s, 2),
        "median_s": round(statistics.median(seconds), 2),
        "min_s": round(min(seconds), 2),
        "max_s": round(max(seconds), 2),
        "prompt_tokens_mean": round(statistics.mean(r["prompt_tokens"] for r in runs)),
        "completion_tokens_mean": round(statistics.mean(r["completion_tokens"] for r in runs)),
        "tok_per_s": round(completion / sum(seconds), 2),
        "attempts_mean": round(statistics.mean(r["attempts"] for r in runs), 2),
        "ok": sum(1 for r in runs if not r["error"]),
        "drafts": len(runs),
    }


CALIBRATION_TEXT = "Objectif : réduire le délai de traitement des demandes des clients. " * 12


def machine_speed(engine: Engine) -> dict[str, float]:
    """How fast this machine runs the model right now: a 150-token prompt and single decode steps.

    The host's load changes the absolute times by a third or more within one session (same tokens,
    decode step 58 ms at one hour and 73 ms at the next), so each run prints this before and after:
    medians from runs where these differ are not comparable.
    """
    llama = engine._load()
    tokens = llama.tokenize(CALIBRATION_TEXT.encode(), add_bos=False)[:170]
    llama.reset()
    start = time.perf_counter()
    llama.eval(tokens[:150])
    prompt_s = time.perf_counter() - start
    steps = []
    for token in tokens[150:170]:
        start = time.perf_counter()
        llama.eval([token])
        steps.append(time.perf_counter() - start)
    engine.forget()  # the next prompt starts from scratch, as before the calibration
    return {
        "prompt_tok_per_s": round(150 / prompt_s, 1),
        "step_ms": round(statistics.median(steps) * 1000, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=f"local/{catalog.DEFAULT_MODEL}")
    parser.add_argument("--configs", default=",".join(CONFIGS), help="comma-separated: " + ", ".join(CONFIGS))
    parser.add_argument("--drafts", type=int, default=len(DRAFTS), help="how many of the fixed drafts")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    parser.add_argument(
        "--direct",
        action="store_true",
        help="one model call per draft with the slots schema (no re-asks) instead of rewrite()",
    )
    args = parser.parse_args(argv)

    spec = catalog.get(args.model)
    register()
    names = [c for c in args.configs.split(",") if c]
    engines: dict[str, Engine] = {}
    for name in names:
        settings = Settings.from_env(spec).model_copy(update=CONFIGS[name])
        engines[name] = Engine(spec, settings)
        engines[name].load()
        print(f"{name}: loaded in {engines[name].load_s:.2f} s ({settings})", flush=True)

    first = next(iter(engines.values()))
    before = machine_speed(first)
    print(f"machine before: {before}", flush=True)

    # Warm-up: one call per language and configuration, so every configuration starts from a loaded
    # model and (where it keeps one) a cached prefix, as a long-running app would.
    for engine in engines.values():
        use_engine(engine)
        for lang, warm in WARM_UP:
            run_one(args.model, lang, warm, args.direct)

    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for i, (lang, draft) in enumerate(DRAFTS[: args.drafts]):
        for name, engine in engines.items():
            use_engine(engine)
            if name == "naive":
                engine.forget()
            record = run_one(args.model, lang, draft, args.direct)
            runs[name].append(record)
            print(
                f"draft {i + 1} [{lang}] {name:>6}: {record['s']:6.2f} s  prompt {record['prompt_tokens']:5d}  "
                f"completion {record['completion_tokens']:4d}  attempts {record['attempts']}"
                + (f"  ERROR {record['error'][:120]}" if record["error"] else ""),
                flush=True,
            )

    summary = [summarize(name, runs[name], engines[name].load_s or 0.0) for name in names]
    after = machine_speed(first)
    print(f"machine after:  {after}", flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    loaded = (
        f" ({len(engines)} engines loaded at once; --configs tuned alone for one's own)"
        if len(engines) > 1
        else ""
    )
    print(f"\nmodel {args.model}, threads {first.settings.n_threads}, peak RSS {peak_mb:.0f} MB{loaded}")
    header = f"{'config':>7} {'load s':>7} {'median':>7} {'min':>6} {'max':>6} {'prompt':>7} {'compl':>6} {'tok/s':>6} {'tries':>6} {'ok':>5}"
    print(header)
    base = next((s for s in summary if s["config"] == "naive"), None)
    for s in summary:
        ratio = f"  x{base['median_s'] / s['median_s']:.2f} vs naive" if base and s is not base else ""
        print(
            f"{s['config']:>7} {s['load_s']:>7} {s['median_s']:>7} {s['min_s']:>6} {s['max_s']:>6} "
            f"{s['prompt_tokens_mean']:>7} {s['completion_tokens_mean']:>6} {s['tok_per_s']:>6} "
            f"{s['attempts_mean']:>6} {s['ok']:>2}/{s['drafts']}{ratio}"
        )
    for engine in engines.values():
        engine.close()
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "model": args.model,
                    "peak_rss_mb": round(peak_mb),
                    "machine": {"before": before, "after": after},
                    "configs": summary,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
