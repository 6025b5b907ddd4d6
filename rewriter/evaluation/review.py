"""The review page: one self-contained HTML file to *read* a run's rewrites next to their drafts.

The Markdown report says which cases fail; this page is for the people judging a prompt or model change,
who need to see what the model actually wrote. Everything is inline (CSS, a few lines of JS, no fonts or
images) so the file can be attached to a CI run or opened from disk without any network access.

Criteria are read from the scores themselves, never from a fixed list, so a criterion added to the scorer
shows up here without a change: a criterion with a pass/fail verdict somewhere is a gate, else an indicator.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from rewriter.evaluation.harness import CaseRun, RunReport, model_error
from rewriter.evaluation.scorer import SPECS, reference_result
from rewriter.render import LABELS
from rewriter.result import RewriteResult

# Placeholders the renderer writes for a missing slot ("[cible à définir]", "[N]"): highlighted so a
# reviewer sees at a glance what the model left open. Matched on escaped text, which holds no '<' or '>'.
_PLACEHOLDER = re.compile(r"\[[^\[\]<>]{1,40}\]")


@dataclass(frozen=True)
class CriterionStat:
    """One criterion over the run, as the header and the filter show it."""

    name: str
    gate: bool
    applicable: int
    failures: int
    rate: float  # gates: share of applicable cases passing; indicators: mean value


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _pct(value: float) -> str:
    return f"{100 * value:.1f} %"


def _with_placeholders(text: str) -> str:
    return _PLACEHOLDER.sub(lambda m: f'<span class="ph">{m.group(0)}</span>', _e(text))


def criterion_stats(runs: Sequence[CaseRun]) -> list[CriterionStat]:
    """Every criterion found in the scores, in the order they first appear."""
    values: dict[str, list[float]] = {}
    verdicts: dict[str, list[bool]] = {}
    for run in runs:
        if run.score is None:
            continue
        for c in run.score.criteria:
            values.setdefault(c.name, []).append(c.value)
            if c.passed is not None:
                verdicts.setdefault(c.name, []).append(c.passed)
    stats = []
    for name, vals in values.items():
        passes = verdicts.get(name)
        if passes:
            stats.append(
                CriterionStat(name, True, len(passes), passes.count(False), sum(passes) / len(passes))
            )
        else:
            stats.append(CriterionStat(name, False, len(vals), 0, sum(vals) / len(vals)))
    return stats


# ------------------------------------------------------------------------------------------------ header


def _header(runs: Sequence[CaseRun], stats: list[CriterionStat], model: str, version: str, date: str) -> str:
    scored = [r.score for r in runs if r.score is not None]
    passed = sum(1 for s in scored if s.passed)
    pass_rate = passed / len(scored) if scored else 0.0
    mean_score = sum(s.score for s in scored) / len(scored) if scored else 0.0
    skipped = len(runs) - len(scored)
    facts = [
        f"prompt version <code>{_e(version or '—')}</code>",
        f"run {_e(date or '—')}",
        f"<strong>{passed}/{len(scored)}</strong> cases pass every gate (<strong>{_pct(pass_rate)}</strong>)",
        f"score <strong>{100 * mean_score:.1f}</strong>/100",
    ]
    if skipped:
        facts.append(f"{skipped} skipped")
    rows = []
    for st in stats:
        spec = SPECS.get(st.name)
        tip = f' title="{_e(spec.description)}"' if spec else ""
        bar = max(0.0, min(1.0, st.rate))
        cls = "ok" if not st.gate or st.failures == 0 else ("bad" if st.rate < 0.5 else "warn")
        rows.append(
            f'<tr class="{cls}"><th scope="row"{tip}><code>{_e(st.name)}</code></th>'
            f"<td>{'gate' if st.gate else 'indicator'}</td><td class='num'>{st.applicable}</td>"
            f"<td class='num'>{_pct(st.rate)}{'' if st.gate else ' (mean)'}</td>"
            f"<td class='num'>{st.failures if st.gate else '—'}</td>"
            f'<td class="barcell"><span class="track"><span class="bar" style="width:{100 * bar:.0f}%"></span></span></td></tr>'
        )
    return (
        f"<header><h1>Eval review — <code>{_e(model or 'unknown model')}</code></h1>"
        f"<p class='facts'>{' · '.join(facts)}</p>"
        "<details class='criteria' open><summary>Criteria</summary>"
        "<div class='scroll'><table><thead><tr><th>criterion</th><th>kind</th><th>cases</th><th>rate</th><th>failed</th>"
        f"<th class='barcell'></th></tr></thead><tbody>{''.join(rows)}</tbody></table></div></details></header>"
    )


def _filters(runs: Sequence[CaseRun], stats: list[CriterionStat]) -> str:
    chips = ['<button type="button" class="chip" data-criterion="" aria-pressed="true">any</button>']
    for st in stats:
        if not st.gate:
            continue  # an indicator never fails, there is nothing to filter on
        off = " disabled" if st.failures == 0 else ""
        chips.append(
            f'<button type="button" class="chip" data-criterion="{_e(st.name)}" aria-pressed="false"{off}>'
            f'{_e(st.name)} <span class="count">{st.failures}</span></button>'
        )
    langs = sorted({r.case.lang for r in runs})
    options = ['<option value="">all</option>'] + [f'<option value="{_e(x)}">{_e(x)}</option>' for x in langs]
    return (
        '<nav class="filters" aria-label="filters">'
        f'<div class="row"><span class="label">Failed criterion</span><div class="chips" id="criterion-filter">'
        f"{''.join(chips)}</div></div>"
        '<div class="row"><label class="label" for="lang-filter">Language</label>'
        f'<select id="lang-filter">{"".join(options)}</select>'
        '<label class="check"><input type="checkbox" id="failed-only"> failed only</label>'
        f'<span id="shown" class="shown">{len(runs)} of {len(runs)} cases shown</span></div></nav>'
    )


# ------------------------------------------------------------------------------------------------ one case


def _rewrite(result: RewriteResult | None, skipped: str | None) -> str:
    if result is None:
        return f'<p class="error">Not run: {_e(skipped or "no result")}</p>'
    lab = LABELS[result.lang]
    if result.error:
        return f'<p class="error"><strong>{_e(lab["error"])}</strong>: {_e(result.error)}</p>'
    if not result.objectives:
        return '<p class="error">The answer holds no objective.</p>'
    out: list[str] = []
    for oi, obj in enumerate(result.objectives, 1):
        out.append(f'<h4 class="obj"><span class="tag">O{oi}</span> {_with_placeholders(obj.sentence)}</h4>')
        krs = "".join(
            f"<li>{_with_placeholders(kr.sentence)}"
            + (f' <span class="note">({_e(lab["run"])})</span>' if kr.run_kpi else "")
            + "</li>"
            for kr in obj.key_results
        )
        out.append(f'<p class="sub">{_e(lab["krs"])}</p><ol class="krs">{krs}</ol>')
        if obj.initiatives:
            items = "".join(
                f'<li>{_e(ini.text)} <span class="to">→ KR {ini.kr + 1}</span></li>'
                for ini in obj.initiatives
            )
            out.append(f'<p class="sub">{_e(lab["initiatives"])}</p><ul class="inis">{items}</ul>')
    if result.questions:
        items = "".join(
            f'<li><span class="to">O{q.objective + 1}{"" if q.kr is None else f" KR{q.kr + 1}"}</span> '
            f"{_e(q.text)}</li>"
            for q in result.questions
        )
        out.append(f'<p class="sub">{_e(lab["questions"])}</p><ul class="questions">{items}</ul>')
    for key, numbers in (("replaced", result.numbers_replaced), ("dropped", result.numbers_dropped)):
        if numbers:
            out.append(f'<p class="warnline">{_e(lab[key])}: {_e(", ".join(numbers))}</p>')
    if result.rationale:
        items = "".join(f"<li>{_e(line)}</li>" for line in result.rationale)
        out.append(f"<details><summary>{_e(lab['rationale'])}</summary><ul>{items}</ul></details>")
    return "".join(out)


def _reference(run: CaseRun) -> str:
    try:
        ref = reference_result(run.case)
    except Exception as exc:  # a broken reference must not cost the reviewer the whole page
        return f'<p class="error">Reference could not be rendered: {_e(exc)}</p>'
    return f'<div class="rewrite">{_rewrite(ref, None)}</div>'


def _is_validity(name: str) -> bool:
    spec = SPECS.get(name)
    return spec is not None and spec.group == "validity"


def _fail_badge(name: str, detail: str) -> str:
    body = f' <span class="detail">{_e(detail)}</span>' if detail else ""
    return f'<li class="badge fail"><code>{_e(name)}</code>{body}</li>'


def _badges(run: CaseRun) -> str:
    if run.score is None:
        return ""
    failed = [c for c in run.score.criteria if c.passed is False]
    passed = [
        f'<li class="badge pass" title="{_e(c.detail)}">{_e(c.name)}</li>'
        for c in run.score.criteria
        if c.passed
    ]
    indicators = [
        f'<li class="badge ind" title="{_e(c.detail)}">{_e(c.name)} {100 * c.value:.0f}</li>'
        for c in run.score.criteria
        if c.passed is None
    ]
    out = ""
    invalid = [c for c in failed if _is_validity(c.name)]
    if invalid:
        # Without a rewrite every other gate fails too: one red line says why, the rest is folded away.
        rest = [c for c in failed if not _is_validity(c.name)]
        out += f'<ul class="badges failed">{"".join(_fail_badge(c.name, c.detail) for c in invalid)}</ul>'
        if rest:
            out += (
                f'<details class="cascade"><summary>{len(rest)} other gates fail because there is no rewrite'
                f'</summary><ul class="badges failed">{"".join(_fail_badge(c.name, c.detail) for c in rest)}'
                "</ul></details>"
            )
    elif failed:
        out += f'<ul class="badges failed">{"".join(_fail_badge(c.name, c.detail) for c in failed)}</ul>'
    return out + f'<ul class="badges quiet">{"".join(passed + indicators)}</ul>'


def _card(run: CaseRun) -> str:
    case = run.case
    if run.score is None:
        status, label = "skipped", "skipped"
    else:
        status, label = ("pass", "pass") if run.score.passed else ("fail", "fail")
    failed = [c.name for c in run.score.failed_gates] if run.score else []
    traps = (
        "".join(f'<span class="trap">{_e(t)}</span>' for t in case.traps)
        or '<span class="muted">no trap</span>'
    )
    score = f'<span class="score">score {100 * run.score.score:.0f}</span>' if run.score else ""
    # Sound drafts and drafts whose every slot code filled make no call: saying "model call" would be false.
    source = (
        ("replayed" if run.cached else "model call" if run.asked_model else "no model call")
        if run.score
        else ""
    )
    failure = model_error(run)
    # The PM sees a usable rewrite and a note; the reviewer needs the model's own reason.
    failed_model = (
        f'<p class="warnline model-error">Model failed, composed result kept: {_e(failure)}</p>'
        if failure
        else ""
    )
    return (
        f'<article class="card {status}" id="case-{_e(case.id)}" data-case="{_e(case.id)}" '
        f'data-lang="{_e(case.lang)}" data-status="{status}" data-failed=\'{_e(json.dumps(failed))}\'>'
        f'<div class="head"><h3><a href="#case-{_e(case.id)}">{_e(case.id)}</a></h3>'
        f'<span class="lang">{_e(case.lang)}</span><span class="status {status}">{label}</span>{score}'
        f'<span class="meta">level {case.level} · {_e(case.domain)}'
        f'{f" · {_e(source)}" if source else ""}</span><span class="traps">{traps}</span></div>'
        f"{_badges(run)}{failed_model}"
        '<div class="sides">'
        f'<section class="side"><h4 class="side-title">Draft</h4><pre class="draft">{_e(case.draft)}</pre></section>'
        f'<section class="side rewrite"><h4 class="side-title">Rewrite</h4>{_rewrite(run.result, run.skipped)}'
        "</section></div>"
        f"<details class='more'><summary>Reference rewrite and case notes</summary>"
        f'<p class="notes">{_e(case.notes)}</p>{_reference(run)}</details>'
        "</article>"
    )


# ------------------------------------------------------------------------------------------------ the page


def review_html(runs: Sequence[CaseRun], *, model: str = "", prompt_version: str = "", date: str = "") -> str:
    """The whole page for these runs; every piece of case or model text is HTML-escaped."""
    stats = criterion_stats(runs)
    cards = "".join(_card(r) for r in runs)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        # Belt and braces: even if some text slipped through unescaped, nothing could load or phone home.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Eval review — {_e(model or 'run')}</title><style>{_CSS}</style></head><body>"
        f"{_header(runs, stats, model, prompt_version, date)}{_filters(runs, stats)}"
        f'<main id="cards">{cards}</main>'
        '<p id="none" class="none" hidden>No case matches these filters.</p>'
        f"<script>{_JS}</script></body></html>\n"
    )


def review_page(report: RunReport) -> str:
    return review_html(
        report.runs, model=report.model, prompt_version=report.prompt_version, date=report.started
    )


def write_review(report: RunReport, folder: Path) -> Path:
    """Write `<folder>/review.html`, next to the other reports of the run."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "review.html"
    path.write_text(review_page(report), encoding="utf-8")
    return path


_CSS = """
:root{--fg:#1d2330;--muted:#5d6675;--line:#d9dee6;--bg:#f4f6f9;--card:#fff;--red:#b42318;--redbg:#fdecea;
--green:#1a7f4b;--greenbg:#e8f5ee;--amber:#9a6700;--amberbg:#fff4d6;--accent:#2f5bd3}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);
background:var(--bg)}
header,nav.filters,main,.none{max-width:1400px;margin:0 auto;padding:0 20px}
header{padding-top:18px}
h1{font-size:20px;margin:0 0 6px}
h1 code{font-size:18px}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.facts{margin:0 0 10px;color:var(--muted)}
.facts strong{color:var(--fg)}
details.criteria summary{cursor:pointer;color:var(--muted);margin-bottom:4px}
table{border-collapse:collapse;background:var(--card);border:1px solid var(--line);font-size:13px}
th,td{padding:3px 10px;text-align:left;border-bottom:1px solid var(--line);white-space:nowrap}
thead th{background:#eef1f5;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto;max-width:100%}
.barcell{width:160px}
@media (max-width:600px){.barcell{display:none}}
.track{display:block;height:8px;border-radius:4px;background:#eef1f5}
.bar{display:block;height:8px;border-radius:4px;background:var(--green)}
tr.warn .bar{background:var(--amber)}
tr.bad .bar{background:var(--red)}
tr.bad td,tr.bad th{color:var(--red)}
nav.filters{position:sticky;top:0;z-index:2;background:var(--bg);padding-top:10px;padding-bottom:10px;
border-bottom:1px solid var(--line);margin-bottom:14px}
.row{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin:4px 0}
.label{font-weight:600;min-width:120px}
.chips{display:flex;flex-wrap:wrap;gap:6px}
.chip{font:inherit;font-size:12.5px;border:1px solid var(--line);background:var(--card);color:var(--fg);
border-radius:999px;padding:2px 10px;cursor:pointer}
.chip .count{display:inline-block;min-width:18px;text-align:center;border-radius:999px;background:var(--redbg);
color:var(--red);font-weight:600;padding:0 5px;margin-left:2px}
.chip[aria-pressed=true]{background:var(--accent);border-color:var(--accent);color:#fff}
.chip[aria-pressed=true] .count{background:#fff}
.chip:disabled{opacity:.45;cursor:default}
.chip:disabled .count{background:#eef1f5;color:var(--muted)}
select{font:inherit;padding:2px 6px}
.check{margin-left:14px}
.shown{margin-left:auto;color:var(--muted)}
.card{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--green);border-radius:6px;
padding:12px 16px;margin:0 0 14px}
.card.fail{border-left-color:var(--red)}
.card.skipped{border-left-color:#98a2b3}
.head{display:flex;flex-wrap:wrap;align-items:baseline;gap:8px 10px}
.head h3{margin:0;font-size:15px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.head h3 a{color:inherit;text-decoration:none}
.lang{text-transform:uppercase;font-size:11px;font-weight:700;background:#eef1f5;border-radius:4px;padding:1px 6px}
.status{text-transform:uppercase;font-size:11px;font-weight:700;border-radius:4px;padding:1px 6px}
.status.pass{background:var(--greenbg);color:var(--green)}
.status.fail{background:var(--redbg);color:var(--red)}
.status.skipped{background:#eef1f5;color:var(--muted)}
.score,.meta,.muted{color:var(--muted);font-size:12.5px}
.traps{display:flex;flex-wrap:wrap;gap:4px}
.trap{font-size:11.5px;background:var(--amberbg);color:var(--amber);border-radius:4px;padding:0 6px}
ul.badges{list-style:none;padding:0;margin:8px 0 0;display:flex;flex-wrap:wrap;gap:5px}
.badge{font-size:12px;border-radius:4px;padding:1px 7px}
.badge.fail{background:var(--redbg);color:var(--red);border:1px solid #f3b8b2;max-width:100%;
overflow-wrap:anywhere}
.badge.fail code{font-weight:700}
.badge.fail .detail{color:#7a271a}
.badge.pass{color:var(--muted);border:1px solid var(--line)}
.badge.pass::before{content:"✓ ";color:var(--green)}
.badge.ind{color:var(--muted);border:1px solid var(--line)}
.sides{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.25fr);gap:16px;margin-top:10px}
@media (max-width:820px){.sides{grid-template-columns:minmax(0,1fr)}nav.filters{position:static}}
.side-title{margin:0 0 6px;font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
pre.draft{margin:0;padding:10px;background:#f7f8fa;border:1px solid var(--line);border-radius:4px;
white-space:pre-wrap;overflow-wrap:anywhere;font-size:12.5px;max-height:420px;overflow:auto}
.rewrite h4.obj{font-size:14px;margin:4px 0;overflow-wrap:anywhere}
.tag{display:inline-block;font-size:11px;background:var(--accent);color:#fff;border-radius:4px;padding:0 5px;
vertical-align:1px}
.sub{margin:6px 0 2px;font-size:12px;font-weight:600;color:var(--muted)}
.rewrite ol,.rewrite ul{margin:0 0 4px;padding-left:22px}
.rewrite li{overflow-wrap:anywhere}
.to{color:var(--muted);font-size:12px}
.note{color:var(--amber);font-size:12px}
.ph{background:var(--amberbg);color:var(--amber);border-radius:3px;padding:0 2px}
.error{color:var(--red);background:var(--redbg);padding:8px 10px;border-radius:4px;margin:0;
overflow-wrap:anywhere}
.warnline{color:var(--amber);font-size:12.5px;margin:6px 0}
details summary{cursor:pointer;color:var(--muted);font-size:12.5px}
details.cascade{margin-top:6px}
details.cascade ul.badges{margin-top:4px}
details.more{margin-top:10px;border-top:1px dashed var(--line);padding-top:6px}
details.more .notes{color:var(--muted);font-style:italic}
.none{color:var(--muted);font-style:italic}
"""

# Cards carry their language, status and failed criteria as data attributes; the filters only toggle
# `hidden`, so the page works the same whatever criteria the scorer has.
_JS = """
(function(){
  var chips=[].slice.call(document.querySelectorAll('#criterion-filter .chip'));
  var lang=document.getElementById('lang-filter'), failedOnly=document.getElementById('failed-only');
  var cards=[].slice.call(document.querySelectorAll('article.card'));
  var criterion='';
  function apply(){
    var shown=0;
    cards.forEach(function(card){
      var failed=JSON.parse(card.dataset.failed||'[]');
      var ok=(!criterion||failed.indexOf(criterion)>=0)&&(!lang.value||card.dataset.lang===lang.value)
        &&(!failedOnly.checked||card.dataset.status==='fail');
      card.hidden=!ok; if(ok){shown++;}
    });
    document.getElementById('shown').textContent=shown+' of '+cards.length+' cases shown';
    document.getElementById('none').hidden=shown>0;
  }
  chips.forEach(function(chip){
    chip.addEventListener('click',function(){
      criterion=chip.dataset.criterion;
      chips.forEach(function(c){c.setAttribute('aria-pressed',c===chip?'true':'false');});
      apply();
    });
  });
  lang.addEventListener('change',apply); failedOnly.addEventListener('change',apply);
  apply();
})();
"""
