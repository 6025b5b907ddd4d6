"""The audit as one self-contained HTML page: inline CSS and SVG, no script from the network, no font, no
image file; it opens from disk and prints. Every text that comes from the file is escaped.

Read top to bottom, it answers a coach's questions in order: how mature is the organisation, which teams
still write roadmaps, which defects are common and how to fix them, where teams overlap, what hangs from
no company objective, which key results are tasks (and how to rewrite them), what changed since last
quarter; then every OKR with its score and reasons, the score's weights, and how the file was read.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Sequence
from pathlib import Path

from rewriter.audit.export import drafts_csv, to_rewrite
from rewriter.audit.models import AuditReport, DefectStat, OKRAudit, TeamAudit
from rewriter.audit.scoring import CRITERION_NAMES
from rewriter.audit.texts import finding_meaning, finding_name, t
from rewriter.draft import Lang
from rewriter.render import LEVELS
from rewriter.text_hygiene import without_bidi

LEVEL_COLOURS = {1: "#c0392b", 2: "#e08e0b", 3: "#27ae60", 4: "#2471a3"}
TOP_DEFECTS = 8
HEATMAP_CODES = 14
MAX_OVERLAPS = 30
MAX_OVERLAP_ITEMS = 8
MAX_ROWS_LISTED = 40
MAX_TEAMS_NAMED = 8
# The OKRs to rewrite are embedded in the page (a data: link) up to this size; beyond, `--drafts` writes them.
MAX_EMBEDDED_DRAFTS = 150_000


def esc(text: object) -> str:
    """Escaped text, bidi controls removed: a cell from the file is shown as text, never as markup.

    `<`, `>`, `&` and `"` are escaped; `'` is not, since every attribute of the page is double-quoted (and
    French text is full of apostrophes: `&#x27;` would add 5 bytes each)."""
    return html.escape(without_bidi(str(text)), quote=False).replace('"', "&quot;")


def _number(value: float, lang: Lang) -> str:
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    return text.replace(".", ",") if lang == "fr" else text


def quarter(cycle: str, lang: Lang) -> str:
    """'Q1 2027' in English, 'T1 2027' in French (trimestre)."""
    if len(cycle) >= 2 and cycle[0] in "QT" and cycle[1] in "1234":
        return ("T" if lang == "fr" else "Q") + cycle[1:]
    return cycle


def _score_class(score: float) -> str:
    return "good" if score >= 75 else "mid" if score >= 50 else "low"


def _level_name(level: int, lang: Lang) -> str:
    return LEVELS[lang].get(level, "?")


def _names(names: Sequence[str], lang: Lang, limit: int = MAX_TEAMS_NAMED) -> str:
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += " " + t(lang, "and_more", n=len(names) - limit)
    return shown


CSS = """
:root{--ink:#1d2733;--muted:#5b6878;--line:#d9dee5;--soft:#f4f6f9;--accent:#2f5d8a;
--good:#1e8449;--mid:#b9770e;--low:#b03a2e}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
header.top{background:#17324d;color:#fff;padding:18px 32px 10px}
header.top h1{margin:0;font-size:26px}
header.top .sub{margin:2px 0 8px;color:#c9d6e3}
nav{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px}
nav a{color:#fff;text-decoration:none;border-bottom:1px solid rgba(255,255,255,.35)}
main{max-width:1180px;margin:0 auto;padding:8px 32px 48px}
section{margin-top:30px}
h2{font-size:21px;border-bottom:2px solid var(--line);padding-bottom:4px;margin:0 0 8px}
h3{font-size:16px;margin:18px 0 6px}
p.help{color:var(--muted);margin:0 0 10px;font-size:14px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:var(--soft)}
.card .n{font-size:30px;font-weight:700;line-height:1.1}
.card .l{color:var(--muted);font-size:13px}
.takeaways li{margin:4px 0}
.callout{border-left:4px solid var(--mid);background:#fdf6e8;padding:8px 12px;margin:12px 0;border-radius:4px}
.callout ul{margin:4px 0 0;padding-left:18px}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:13px;margin:4px 0 8px}
.legend span::before{content:"";display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px;background:var(--c)}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap}
.heat{width:auto;font-size:13px}
.heat th.code{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:500;padding:6px 2px;vertical-align:bottom;height:200px}
.heat td{text-align:center;min-width:30px;padding:3px 4px;border:1px solid #fff}
.heat td.team{text-align:left;white-space:nowrap;max-width:230px;overflow:hidden;text-overflow:ellipsis}
.defect{border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:10px 0;break-inside:avoid}
.defect h3{margin:0}
.defect .meta{color:var(--muted);font-size:13px}
.fix{background:#eaf4ec;border-radius:4px;padding:6px 10px;margin:6px 0}
.example{margin:3px 0 3px 0;font-size:14px}
.team-tag{display:inline-block;background:#e6edf5;color:#17324d;border-radius:3px;padding:0 6px;font-size:12px;font-weight:600;margin-right:6px;white-space:nowrap}
q{font-style:italic}
.overlap{border-left:4px solid var(--accent);padding:4px 12px;margin:10px 0;break-inside:avoid}
.overlap ul{margin:4px 0;padding-left:18px}
.kind{color:var(--muted);font-size:12px}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:700;color:#fff;white-space:nowrap}
.badge.good{background:var(--good)}.badge.mid{background:var(--mid)}.badge.low{background:var(--low)}
.lvl{display:inline-block;border-radius:3px;padding:0 6px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.okr i{display:inline-block;font-style:normal;border:1px solid #e3b4ad;color:#8e2c21;border-radius:3px;padding:0 5px;font-size:11.5px;margin:1px 3px 1px 0;white-space:nowrap}
details.team{border:1px solid var(--line);border-radius:8px;margin:8px 0;padding:0 12px}
details.team>summary{cursor:pointer;padding:8px 0;font-weight:600}
.okr{border-top:1px solid var(--line);padding:8px 0;break-inside:avoid}
.okr .obj{font-weight:600}
.okr .parent,.okr .reasons{color:var(--muted);font-size:13px}
.okr ul{margin:4px 0;padding-left:20px}
.okr li.task{color:#8e2c21}
pre.cmd{background:#17324d;color:#fff;padding:10px 14px;border-radius:6px;overflow-x:auto;font-size:13px}
a.download{display:inline-block;margin:4px 0 10px;padding:6px 12px;border-radius:6px;background:var(--accent);color:#fff;text-decoration:none}
.tasks-team{break-inside:avoid;margin:8px 0}
.tasks-team ul{margin:2px 0;padding-left:20px}
.up{color:var(--good);font-weight:600}.down{color:var(--low);font-weight:600}
.two{display:grid;grid-template-columns:1fr 1fr;gap:20px}
footer{color:var(--muted);font-size:12px;margin-top:40px}
svg text{font-family:inherit}
svg text.in{text-anchor:middle;font-size:11px;fill:#fff}svg text.tail{font-size:12px;fill:#5b6878}
@media (max-width:800px){.two{grid-template-columns:1fr}main{padding:8px 14px}}
@media print{
 nav,a.download,.noprint{display:none}
 header.top{padding:8px 0;background:#fff;color:var(--ink);border-bottom:2px solid var(--ink)}
 header.top .sub{color:var(--muted)}
 main{max-width:none;padding:0}
 section{break-inside:auto}
 h2{break-after:avoid}
 .card,.defect,.overlap,.okr,tr{break-inside:avoid}
 @page{margin:14mm}
}
"""

PRINT_SCRIPT = (
    "<script>window.addEventListener('beforeprint',function(){"
    "document.querySelectorAll('details').forEach(function(d){d.open=true})});</script>"
)


def render_html(report: AuditReport, lang: Lang) -> str:
    name = Path(report.source.file).name
    cycle = quarter(report.source.cycle or "", lang)
    sections = [
        _glance(report, lang),
        _maturity(report, lang),
        _heatmap(report, lang),
        _defects(report, lang),
        _overlaps(report, lang),
        _alignment(report, lang),
        _tasks(report, lang),
    ]
    if report.comparison is not None:
        sections.append(_comparison(report, lang))
    sections += [_okrs(report, lang), _weights(report, lang), _file(report, lang)]
    nav_keys = ["glance", "maturity", "heatmap", "defects", "overlaps", "alignment", "tasks"]
    if report.comparison is not None:
        nav_keys.append("comparison")
    nav_keys += ["okrs", "file"]
    nav = "".join(f'<a href="#{key}">{esc(t(lang, "nav_" + key))}</a>' for key in nav_keys)
    subtitle = " · ".join(x for x in (name, cycle) if x)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(t(lang, 'title'))} — {esc(name)}</title><style>{CSS}{HEAT_CSS}</style></head><body>"
        f'<header class="top"><h1>{esc(t(lang, "title"))}</h1><p class="sub">{esc(subtitle)}</p>'
        f"<nav>{nav}</nav></header><main>{''.join(sections)}"
        f"<footer>{esc(t(lang, 'generated'))}</footer></main>{PRINT_SCRIPT}</body></html>\n"
    )


# ------------------------------------------------------------------------------------------- at a glance


def _card(number: str, label: str, extra: str = "") -> str:
    return f'<div class="card"><div class="n">{number}</div><div class="l">{esc(label)}</div>{extra}</div>'


def _level_bar(levels: dict[int, int], lang: Lang, width: int = 640) -> str:
    """One stacked bar of the objectives by level, with the counts in the segments."""
    total = sum(levels.values()) or 1
    x = 0.0
    parts = []
    for level in (1, 2, 3, 4):
        n = levels.get(level, 0)
        if not n:
            continue
        w = width * n / total
        label = f"{n}" if w >= 24 else ""
        parts.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="26" fill="{LEVEL_COLOURS[level]}">'
            f"<title>{esc(t(lang, 'level_n', level=level, name=_level_name(level, lang)))}: {n}</title></rect>"
        )
        if label:
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="18" text-anchor="middle" fill="#fff" font-size="13" '
                f'font-weight="700">{label}</text>'
            )
        x += w
    return (
        f'<svg role="img" aria-label="{esc(t(lang, "levels_of_objectives"))}" width="100%" '
        f'viewBox="0 0 {width} 26" preserveAspectRatio="none" style="max-width:{width}px;height:26px">'
        f"{''.join(parts)}</svg>"
    )


def _legend(lang: Lang) -> str:
    items = "".join(
        f'<span style="--c:{LEVEL_COLOURS[level]}">{esc(t(lang, "level_n", level=level, name=_level_name(level, lang)))}</span>'
        for level in (1, 2, 3, 4)
    )
    return f'<div class="legend">{items}</div>'


def _takeaways(report: AuditReport, lang: Lang) -> list[str]:
    s = report.summary
    out = []
    roadmap = [team for team in _by_maturity(report.teams) if team.level <= 2]
    if roadmap:
        out.append(
            t(
                lang,
                "take_roadmap",
                n=len(roadmap),
                total=s.teams,
                teams=_names([team.name for team in roadmap], lang),
            )
        )
    else:
        out.append(t(lang, "take_roadmap_none"))
    if report.defects:
        top = report.defects[0]
        out.append(
            t(lang, "take_defect", name=finding_name(top.code, lang), count=top.count, teams=top.teams)
        )
    if s.key_results:
        share = _number(round(100 * s.task_krs / s.key_results), lang)
        out.append(t(lang, "take_tasks", n=s.task_krs, total=s.key_results, share=share))
    if report.overlaps:
        out.append(t(lang, "take_overlaps", n=len(report.overlaps)))
    if report.alignment.has_parents:
        if report.alignment.orphans:
            out.append(t(lang, "take_orphans", n=len(report.alignment.orphans)))
        if report.alignment.unused:
            out.append(t(lang, "take_unused", n=len(report.alignment.unused)))
    c = report.comparison
    if c is not None:
        out.append(
            t(
                lang,
                "take_comparison",
                up=len(c.up),
                down=len(c.down),
                before=_number(c.median_before, lang),
                after=_number(c.median_after, lang),
            )
        )
    best = sorted(report.teams, key=lambda team: (-team.median_score, team.name))[:3]
    if len(report.teams) > 3:
        out.append(
            t(
                lang,
                "take_best",
                teams=", ".join(f"{team.name} ({_number(team.median_score, lang)})" for team in best),
            )
        )
    return out


def _file_callout(report: AuditReport, lang: Lang) -> str:
    notes = [
        n
        for n in report.source.notes
        if n.code
        in (
            "file.one_team",
            "file.blank_rows",
            "file.duplicates",
            "file.unreadable",
            "file.no_team_rows",
            "file.no_cycle",
        )
    ]
    if not notes:
        return ""
    items = "".join(f"<li>{esc(n.text(lang))}{_rows_listed(n.rows, lang, short=True)}</li>" for n in notes)
    return f'<div class="callout"><ul>{items}</ul></div>'


def _rows_listed(rows: list[str], lang: Lang, short: bool = False) -> str:
    if not rows:
        return ""
    limit = 8 if short else MAX_ROWS_LISTED
    shown = ", ".join(_row_label(r, lang) for r in rows[:limit])
    if len(rows) > limit:
        shown += " " + t(lang, "and_more", n=len(rows) - limit)
    return f' <span class="kind">({esc(shown)})</span>'


def _row_label(label: str, lang: Lang) -> str:
    if lang != "fr":
        return label
    for en, fr in (("line ", "ligne "), ("row ", "ligne "), ("item ", "élément "), ("section ", "section ")):
        label = label.replace(en, fr)
    return label


def _glance(report: AuditReport, lang: Lang) -> str:
    s = report.summary
    median = (
        f'{_number(s.median_score, lang)}<span style="font-size:15px">{esc(t(lang, "score_out_of"))}</span>'
    )
    cards = (
        _card(str(s.teams), t(lang, "teams"))
        + _card(str(s.objectives), t(lang, "objectives"))
        + _card(str(s.key_results), t(lang, "key_results"))
        + _card(median, t(lang, "median_score"))
    )
    takeaways = "".join(f"<li>{esc(x)}</li>" for x in _takeaways(report, lang))
    return (
        f'<section id="glance"><h2>{esc(t(lang, "glance"))}</h2><div class="cards">{cards}</div>'
        f"<h3>{esc(t(lang, 'levels_of_objectives'))}</h3>{_level_bar(s.levels, lang)}{_legend(lang)}"
        f'<h3>{esc(t(lang, "takeaways"))}</h3><ul class="takeaways">{takeaways}</ul>'
        f"{_file_callout(report, lang)}</section>"
    )


# ------------------------------------------------------------------------------------------- maturity


def _by_maturity(teams: Iterable[TeamAudit]) -> list[TeamAudit]:
    return sorted(teams, key=lambda team: (team.level, team.median_score, team.name))


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _maturity(report: AuditReport, lang: Lang) -> str:
    teams = _by_maturity(report.teams)
    row, label_w, bar_w, tail_w = 22, 220, 560, 150
    width = label_w + bar_w + tail_w
    most = max((team.objectives for team in teams), default=1) or 1
    parts = []
    for i, team in enumerate(teams):
        y = i * row
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" font-size="13">'
            f"<title>{esc(team.name)}</title>{esc(_short(team.name, 30))}</text>"
        )
        x = float(label_w)
        for level in (1, 2, 3, 4):
            n = team.levels.get(level, 0)
            if not n:
                continue
            w = bar_w * n / most
            parts.append(
                f'<rect x="{x:.0f}" y="{y + 3}" width="{w:.0f}" height="{row - 6}" fill="{LEVEL_COLOURS[level]}"/>'
            )
            if w >= 16:
                parts.append(f'<text x="{x + w / 2:.0f}" y="{y + 15}" class="in">{n}</text>')
            x += w
        tail = f"{t(lang, 'level_short', level=team.level)} · {_number(team.median_score, lang)}/100"
        parts.append(f'<text x="{x + 8:.0f}" y="{y + 15}" class="tail">{esc(tail)}</text>')
    height = max(row * len(teams), row)
    svg = (
        f'<svg role="img" aria-label="{esc(t(lang, "maturity"))}" width="100%" viewBox="0 0 {width} {height}" '
        f'style="max-width:{width}px">{"".join(parts)}</svg>'
    )
    return (
        f'<section id="maturity"><h2>{esc(t(lang, "maturity"))}</h2>'
        f'<p class="help">{esc(t(lang, "maturity_help"))}</p>{_legend(lang)}{svg}</section>'
    )


# ------------------------------------------------------------------------------------------- heat map


HEAT_STEPS = 6


def _heat_class(n: int, most: int) -> str:
    """h0 (none) to h6 (the most frequent): a class per step keeps a 400-team table small."""
    if not n:
        return "h0"
    return f"h{max(1, round(HEAT_STEPS * n / most))}"


HEAT_CSS = "".join(
    f".heat td.h{step}{{background:hsl(6,70%,{94 - int(58 * step / HEAT_STEPS)}%);"
    f"color:{'#fff' if step / HEAT_STEPS >= 0.55 else '#1d2733'}}}"
    for step in range(1, HEAT_STEPS + 1)
)


def _heatmap(report: AuditReport, lang: Lang) -> str:
    codes = [d.code for d in report.defects][:HEATMAP_CODES]
    if not codes:
        return (
            f'<section id="heatmap"><h2>{esc(t(lang, "heatmap"))}</h2>'
            f"<p>{esc(t(lang, 'no_reasons'))}</p></section>"
        )
    teams = _by_maturity(report.teams)
    most = max((team.findings.get(code, 0) for team in teams for code in codes), default=1) or 1
    head = "".join(
        f'<th class="code" title="{esc(finding_meaning(code, lang))}">{esc(finding_name(code, lang))}</th>'
        for code in codes
    )
    rows = []
    for team in teams:
        cells = []
        for code in codes:
            n = team.findings.get(code, 0)
            cells.append(f'<td class="{_heat_class(n, most)}">{n or ""}</td>')
        level = (
            f'<span class="lvl" style="background:{LEVEL_COLOURS[team.level]}">'
            f"{esc(t(lang, 'level_short', level=team.level))}</span>"
        )
        rows.append(
            f'<tr><td class="team" title="{esc(team.name)}">{level} {esc(team.name)}</td>{"".join(cells)}</tr>'
        )
    return (
        f'<section id="heatmap"><h2>{esc(t(lang, "heatmap"))}</h2>'
        f'<p class="help">{esc(t(lang, "heatmap_help"))}</p>'
        f'<div style="overflow-x:auto"><table class="heat"><thead><tr><th>{esc(t(lang, "team"))}</th>{head}'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div></section>"
    )


# ------------------------------------------------------------------------------------------- defects


def _colon(lang: Lang) -> str:
    return " :" if lang == "fr" else ":"


def _defect(d: DefectStat, lang: Lang) -> str:
    examples = "".join(
        f'<div class="example"><span class="team-tag">{esc(e.team)}</span><q>{esc(e.text)}</q></div>'
        for e in d.examples
    )
    fix = d.fix_fr if lang == "fr" else d.fix_en
    return (
        f'<div class="defect"><h3>{esc(finding_name(d.code, lang))}</h3>'
        f'<div class="meta">{esc(t(lang, "defect_count", count=d.count, okrs=d.okrs, teams=d.teams))}'
        f" · <code>{esc(d.code)}</code></div><p>{esc(finding_meaning(d.code, lang))}</p>{examples}"
        f'<div class="fix"><strong>{esc(t(lang, "fix"))}{_colon(lang)}</strong> {esc(fix)}</div></div>'
    )


def _defects(report: AuditReport, lang: Lang) -> str:
    shown = "".join(_defect(d, lang) for d in report.defects[:TOP_DEFECTS])
    return (
        f'<section id="defects"><h2>{esc(t(lang, "defects"))}</h2>'
        f'<p class="help">{esc(t(lang, "defects_help"))}</p>{shown or esc(t(lang, "no_reasons"))}</section>'
    )


# ------------------------------------------------------------------------------------------- overlaps


def _overlaps(report: AuditReport, lang: Lang) -> str:
    if not report.overlaps:
        body = f"<p>{esc(t(lang, 'no_overlaps'))}</p>"
    else:
        blocks = []
        kinds = {"objective": t(lang, "objective"), "key_result": t(lang, "kr_short")}
        for overlap in report.overlaps[:MAX_OVERLAPS]:
            title = t(
                lang,
                "overlap_same_metric" if overlap.reason == "same_metric" else "overlap_same_words",
                metric=overlap.metric,
            )
            items = "".join(
                f'<li><span class="team-tag">{esc(i.team)}</span><span class="kind">{esc(kinds[i.kind])}</span> '
                f"{esc(i.text)}</li>"
                for i in overlap.items[:MAX_OVERLAP_ITEMS]
            )
            if len(overlap.items) > MAX_OVERLAP_ITEMS:
                items += f"<li>{esc(t(lang, 'and_more', n=len(overlap.items) - MAX_OVERLAP_ITEMS))}</li>"
            blocks.append(f'<div class="overlap"><strong>{esc(title)}</strong><ul>{items}</ul></div>')
        if len(report.overlaps) > MAX_OVERLAPS:
            blocks.append(f"<p>{esc(t(lang, 'and_more', n=len(report.overlaps) - MAX_OVERLAPS))}</p>")
        body = "".join(blocks)
    return (
        f'<section id="overlaps"><h2>{esc(t(lang, "overlaps"))}</h2>'
        f'<p class="help">{esc(t(lang, "overlaps_help"))}</p>{body}</section>'
    )


# ------------------------------------------------------------------------------------------- alignment


def _alignment(report: AuditReport, lang: Lang) -> str:
    a = report.alignment
    head = f'<section id="alignment"><h2>{esc(t(lang, "alignment"))}</h2>'
    if not a.has_parents:
        return f"{head}<p>{esc(t(lang, 'alignment_none'))}</p></section>"
    okrs = {o.id: o for o in report.okrs}
    parts = [head, f"<h3>{esc(t(lang, 'orphans'))} ({len(a.orphans)})</h3>"]
    if a.orphans:
        rows = "".join(
            f"<tr><td>{esc(okrs[i].team)}</td><td>{esc(okrs[i].objective or t(lang, 'no_objective'))}</td></tr>"
            for i in a.orphans
        )
        parts.append(
            f"<table><thead><tr><th>{esc(t(lang, 'team'))}</th><th>{esc(t(lang, 'objective'))}</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    else:
        parts.append(f"<p>{esc(t(lang, 'no_orphans'))}</p>")
    if a.unused or any(u.declared for u in a.parents):
        parts.append(f"<h3>{esc(t(lang, 'unused'))} ({len(a.unused)})</h3>")
        parts.append(
            "<ul>" + "".join(f"<li>{esc(x)}</li>" for x in a.unused) + "</ul>"
            if a.unused
            else f"<p>{esc(t(lang, 'no_unused'))}</p>"
        )
    if a.unknown:
        parts.append(f"<h3>{esc(t(lang, 'unknown'))} ({len(a.unknown)})</h3>")
        parts.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in sorted(set(a.unknown))) + "</ul>")
    rows = "".join(
        f'<tr><td>{esc(u.text)}</td><td class="num">{len(u.okrs)}</td><td>{esc(_names(u.teams, lang, 12))}</td></tr>'
        for u in a.parents
    )
    parts.append(
        f"<h3>{esc(t(lang, 'parents'))}</h3><table><thead><tr><th>{esc(t(lang, 'parent'))}</th>"
        f'<th class="num">{esc(t(lang, "col_objectives"))}</th><th>{esc(t(lang, "col_teams"))}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )
    return "".join(parts)


# ------------------------------------------------------------------------------------------- tasks


def _tasks(report: AuditReport, lang: Lang) -> str:
    head = f'<section id="tasks"><h2>{esc(t(lang, "tasks"))} ({report.summary.task_krs})</h2>'
    by_team: dict[str, list[tuple[OKRAudit, str]]] = {}
    for okr in report.okrs:
        for kr in okr.key_results:
            if kr.is_task:
                by_team.setdefault(okr.team, []).append((okr, kr.text))
    if not by_team:
        return f"{head}<p>{esc(t(lang, 'no_tasks'))}</p></section>"
    blocks = []
    for team, items in sorted(by_team.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        by_objective: dict[str, list[str]] = {}
        for okr, text in items:
            by_objective.setdefault(okr.objective or t(lang, "no_objective"), []).append(text)
        lines = "".join(
            f"<li><strong>{esc(objective)}</strong>{_colon(lang)} {' · '.join(esc(x) for x in tasks)}</li>"
            for objective, tasks in by_objective.items()
        )
        blocks.append(
            f'<div class="tasks-team"><span class="team-tag">{esc(team)}</span>'
            f'<span class="kind">{esc(t(lang, "tasks_count", n=len(items)))}</span><ul>{lines}</ul></div>'
        )
    name = Path(report.source.file).name
    drafts_name = "okr-a-reecrire.csv" if lang == "fr" else "okrs-to-rewrite.csv"
    out_name = "reecritures.csv" if lang == "fr" else "rewrites.csv"
    command = (
        f"okr-rewriter audit {name} -o audit.html --drafts {drafts_name}\n"
        f"okr-rewriter batch {drafts_name} -o {out_name}"
    )
    data = base64.b64encode(("\ufeff" + drafts_csv(report)).encode("utf-8")).decode("ascii")
    if len(data) <= MAX_EMBEDDED_DRAFTS:
        download = (
            f'<a class="download" download="{esc(drafts_name)}" href="data:text/csv;base64,{data}">'
            f"{esc(t(lang, 'tasks_download'))} ({len(to_rewrite(report))})</a>"
        )
    else:
        # A big organisation's drafts would weigh more than the report: the command above writes them.
        download = ""
    return (
        f'{head}<p class="help">{esc(t(lang, "tasks_help"))}</p>'
        f'<p>{esc(t(lang, "tasks_command"))}</p><pre class="cmd">{esc(command)}</pre>{download}'
        f"{''.join(blocks)}</section>"
    )


# ------------------------------------------------------------------------------------------- comparison


def _moves(moves: Sequence[object], lang: Lang, css: str) -> str:
    from rewriter.audit.models import LevelMove

    items = []
    for move in moves:
        assert isinstance(move, LevelMove)
        items.append(
            f'<li><strong>{esc(move.team)}</strong> <span class="{css}">'
            f"{esc(t(lang, 'level_short', level=move.before))} → {esc(t(lang, 'level_short', level=move.after))}</span>"
            f' <span class="kind">({esc(t(lang, "score_word"))} {_number(move.score_before, lang)} → '
            f"{_number(move.score_after, lang)})</span></li>"
        )
    return "<ul>" + "".join(items) + "</ul>" if items else f"<p>{esc(t(lang, 'no_moves'))}</p>"


def _comparison(report: AuditReport, lang: Lang) -> str:
    c = report.comparison
    assert c is not None
    parts = [
        f'<section id="comparison"><h2>{esc(t(lang, "comparison"))}</h2>',
        f'<p class="help">{esc(t(lang, "comparison_file", name=Path(c.previous.file).name))}</p>',
        '<div class="cards">',
        _card(
            f"{_number(c.median_before, lang)} → {_number(c.median_after, lang)}",
            t(lang, "median_score"),
        ),
        _card(str(len(c.up)), t(lang, "moved_up")),
        _card(str(len(c.down)), t(lang, "moved_down")),
        "</div>",
        f"<h3>{esc(t(lang, 'levels_of_objectives'))}</h3>",
        f"<div>{esc(t(lang, 'before'))}</div>{_level_bar(c.levels_before, lang)}",
        f"<div>{esc(t(lang, 'after'))}</div>{_level_bar(c.levels_after, lang)}{_legend(lang)}",
        '<div class="two"><div>',
        f"<h3>{esc(t(lang, 'moved_up'))} ({len(c.up)})</h3>{_moves(c.up, lang, 'up')}</div><div>",
        f"<h3>{esc(t(lang, 'moved_down'))} ({len(c.down)})</h3>{_moves(c.down, lang, 'down')}</div></div>",
    ]
    if c.new_teams:
        parts.append(f"<p>{esc(t(lang, 'new_teams', teams=_names(c.new_teams, lang, 20)))}</p>")
    if c.gone_teams:
        parts.append(f"<p>{esc(t(lang, 'gone_teams', teams=_names(c.gone_teams, lang, 20)))}</p>")
    if c.defects:
        rows = []
        for d in c.defects[:12]:
            delta = d.after_rate - d.before_rate
            css = "down" if delta > 0 else "up"
            arrow = "▲" if delta > 0 else "▼"
            rows.append(
                f'<tr><td>{esc(finding_name(d.code, lang))}</td><td class="num">{_number(d.before_rate, lang)}</td>'
                f'<td class="num">{_number(d.after_rate, lang)}</td>'
                f'<td class="num {css}">{arrow} {_number(abs(round(delta, 1)), lang)}</td></tr>'
            )
        per = t(lang, "per_100")
        parts.append(
            f"<h3>{esc(t(lang, 'defects_change'))}</h3><table><thead><tr><th></th>"
            f'<th class="num">{esc(t(lang, "before"))} ({esc(per)})</th><th class="num">{esc(t(lang, "after"))} '
            f'({esc(per)})</th><th class="num"></th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        )
    parts.append("</section>")
    return "".join(parts)


# ------------------------------------------------------------------------------------------- every OKR


TASK_CLASS = ' class="task"'


def _okr(okr: OKRAudit, lang: Lang) -> str:
    tags_by_kr: dict[int, list[str]] = {}
    objective_tags = []
    for f in okr.findings:
        if f.kr is None:
            objective_tags.append(f.code)
        else:
            tags_by_kr.setdefault(f.kr, []).append(f.code)

    def tags(codes: Iterable[str]) -> str:
        return "".join(f'<span class="tag">{esc(finding_name(c, lang))}</span>' for c in codes)

    krs = "".join(
        f"<li{TASK_CLASS if kr.is_task else ''}>{esc(kr.text)} {tags(tags_by_kr.get(i, []))}</li>"
        for i, kr in enumerate(okr.key_results)
    )
    level = (
        f'<span class="lvl" style="background:{LEVEL_COLOURS[okr.level]}">'
        f"{esc(t(lang, 'level_short', level=okr.level))}</span>"
    )
    badge = f'<span class="badge {_score_class(okr.score)}">{okr.score}</span>'
    parent = (
        f'<div class="parent">{esc(t(lang, "parent"))}{_colon(lang)} {esc(okr.parent)}</div>'
        if okr.parent
        else ""
    )
    reasons = (
        "; ".join(f"{r.text(lang)} (−{r.points})" for r in okr.reasons)
        if okr.reasons
        else t(lang, "no_reasons")
    )
    return (
        f'<div class="okr">{badge} {level} <span class="obj">{esc(okr.objective or t(lang, "no_objective"))}</span> '
        f"{tags(objective_tags)}{parent}<ul>{krs}</ul>"
        f'<div class="reasons">{esc(t(lang, "reasons"))}{_colon(lang)} {esc(reasons)}</div></div>'
    )


def _okrs(report: AuditReport, lang: Lang) -> str:
    by_team: dict[str, list[OKRAudit]] = {}
    for okr in report.okrs:
        by_team.setdefault(okr.team, []).append(okr)
    blocks = []
    for team in sorted(report.teams, key=lambda x: x.name.lower()):
        owners = f" · {esc(', '.join(team.owners))}" if team.owners else ""
        summary = (
            f'<span class="lvl" style="background:{LEVEL_COLOURS[team.level]}">'
            f"{esc(t(lang, 'level_short', level=team.level))}</span> {esc(team.name)}"
            f' <span class="badge {_score_class(team.median_score)}">{_number(team.median_score, lang)}</span>'
            f' <span class="kind">{team.objectives} {esc(t(lang, "objectives"))} · {team.key_results} '
            f"{esc(t(lang, 'key_results'))}{owners}</span>"
        )
        inner = "".join(_okr(o, lang) for o in by_team.get(team.name, []))
        blocks.append(f'<details class="team"><summary>{summary}</summary>{inner}</details>')
    return (
        f'<section id="okrs"><h2>{esc(t(lang, "okrs"))}</h2><p class="help">{esc(t(lang, "okrs_help"))}</p>'
        f"{''.join(blocks)}</section>"
    )


def _weights(report: AuditReport, lang: Lang) -> str:
    rows = "".join(
        f'<tr><td>{esc(CRITERION_NAMES[c][0 if lang == "fr" else 1])}</td><td class="num">{w}</td></tr>'
        for c, w in sorted(report.weights.items(), key=lambda kv: -kv[1])
        if w and c in CRITERION_NAMES
    )
    return (
        f'<section id="weights"><h2>{esc(t(lang, "weights"))}</h2><p class="help">{esc(t(lang, "okrs_help"))}</p>'
        f'<table style="width:auto"><thead><tr><th>{esc(t(lang, "criterion"))}</th>'
        f'<th class="num">{esc(t(lang, "weight"))}</th></tr></thead><tbody>{rows}</tbody></table></section>'
    )


def _file(report: AuditReport, lang: Lang) -> str:
    s = report.source
    encoding = f", {s.encoding}" if s.encoding else ""
    delimiter = (
        f", « {s.delimiter} »"
        if s.delimiter and lang == "fr"
        else f", '{s.delimiter}'"
        if s.delimiter
        else ""
    )
    line = t(
        lang,
        "file_read",
        rows=s.rows,
        format=s.format,
        encoding=encoding,
        delimiter=delimiter,
        shape=t(lang, "shape_" + s.shape),
    )
    columns = "".join(
        f"<li>{esc(t(lang, 'role_' + role))}{_colon(lang)} <code>{esc(header)}</code></li>"
        for role, header in s.columns.items()
    )
    notes = "".join(f"<li>{esc(n.text(lang))}{_rows_listed(n.rows, lang)}</li>" for n in s.notes)
    return (
        f'<section id="file"><h2>{esc(t(lang, "file"))}</h2><p>{esc(Path(s.file).name)} — {esc(line)}</p>'
        f"<h3>{esc(t(lang, 'columns'))}</h3><ul>{columns}</ul><ul>{notes}</ul></section>"
    )
