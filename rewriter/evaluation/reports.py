"""Run reports: Markdown for a reviewer (failures first), JSON for tools, JUnit XML for CI test tabs."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from statistics import mean
from xml.etree import ElementTree as ET

from rewriter.evaluation.harness import CaseRun, RunReport, model_error
from rewriter.evaluation.scorer import CRITERIA, SPECS


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}"


def _cell(text: str) -> str:
    """Multi-line text inside one Markdown table cell."""
    return text.strip().replace("|", "\\|").replace("\n", "<br>") or "—"


def _breakdown(runs: list[CaseRun], key: str) -> list[tuple[str, int, int, float]]:
    groups: dict[str, list[CaseRun]] = defaultdict(list)
    for run in runs:
        if run.score is None:
            continue
        values: list[str] = (
            (list(run.case.traps) or ["(none)"]) if key == "traps" else [str(getattr(run.case, key))]
        )
        for value in values:
            groups[value].append(run)
    rows = []
    for name, members in sorted(groups.items()):
        scores = [m.score for m in members if m.score is not None]
        rows.append((name, len(scores), sum(s.passed for s in scores), mean(s.score for s in scores)))
    return rows


def markdown(report: RunReport) -> str:
    s = report.summary
    out = [
        f"# Eval report — `{report.model}`",
        "",
        f"- prompt version `{report.prompt_version}`, started {report.started}, {report.duration_s:.0f} s",
        f"- {s.scored}/{s.cases} cases scored, **{s.passed} passed ({_pct(s.pass_rate)} %)**, "
        f"overall score **{_pct(s.score)}** / 100",
        f"- model answers: {report.cache_hits} replayed from the cache, {report.cache_misses} requested; "
        f"{report.code_only} cases rewritten by code alone (no model call)",
    ]
    if report.model_failures:
        out.append(f"- **{report.model_failures} model calls failed** (the composed result is scored)")
    if report.judge:
        out.append(f"- judge: `{report.judge}`")
    skipped = [r for r in report.runs if r.skipped]
    if skipped:
        out.append(f"- **{len(skipped)} cases skipped** ({skipped[0].skipped})")
    comparison = report.comparison
    base = {d.metric: d for d in comparison.deltas} if comparison else {}
    if comparison:
        verdict = (
            f"**REGRESSION** on {', '.join(d.metric for d in comparison.regressions)}"
            if comparison.regressions
            else "no regression"
        )
        out.append(
            f"- baseline `{comparison.baseline_file}` on {comparison.common_cases} common cases, "
            f"tolerance {_pct(comparison.tolerance)} points: {verdict}"
        )
    else:
        out.append("- no baseline for this model yet (record one with `--update-baseline`)")
    out += [
        "",
        "## Criteria",
        "",
        "| criterion | kind | cases | rate % | gate pass % | baseline % | Δ |",
        "|---|---|---|---|---|---|---|",
    ]
    for metric, label in (("pass_rate", "cases passing every gate"), ("score", "overall score")):
        d = base.get(metric)
        value = s.pass_rate if metric == "pass_rate" else s.score
        delta = f"{100 * (d.current - d.baseline):+.1f}" if d else "—"
        out.append(
            f"| **{label}** | — | {s.scored} | {_pct(value)} | — | {_pct(d.baseline if d else None)} | {delta} |"
        )
    for spec in CRITERIA:
        c = s.criteria.get(spec.name)
        if c is None:
            continue
        d = base.get(spec.name)
        delta = f"{100 * (d.current - d.baseline):+.1f}" + (" ⚠" if d.regressed else "") if d else "—"
        out.append(
            f"| {spec.name} | {spec.kind} | {c.applicable} | {_pct(c.rate)} | {_pct(c.pass_rate)} "
            f"| {_pct(d.baseline if d else None)} | {delta} |"
        )
    for key, title in (
        ("lang", "By language"),
        ("level", "By draft level"),
        ("domain", "By domain"),
        ("traps", "By trap"),
    ):
        out += ["", f"## {title}", "", "| group | cases | passed | score % |", "|---|---|---|---|"]
        out += [f"| {name} | {n} | {p} | {_pct(sc)} |" for name, n, p, sc in _breakdown(report.runs, key)]
    failures = [r for r in report.runs if r.score is not None and not r.score.passed]
    passes = [r for r in report.runs if r.score is not None and r.score.passed]
    out += ["", f"## Failures ({len(failures)})", ""]
    out += [_case_block(r) for r in sorted(failures, key=lambda r: r.score.score if r.score else 0)]
    out += ["", f"## Passing cases ({len(passes)})", ""]
    out += [_case_block(r) for r in passes]
    return "\n".join(out).rstrip() + "\n"


def _case_block(run: CaseRun) -> str:
    assert run.score is not None
    case, sc = run.case, run.score
    failed = ", ".join(f"**{c.name}** ({c.detail})" for c in sc.failed_gates) or "none"
    after = run.result.to_markdown() if run.result is not None else ""
    source = "replayed" if run.cached else "model call" if run.asked_model else "no model call"
    traps = ", ".join(case.traps) or "—"
    lines = [
        f"### `{case.id}` — score {_pct(sc.score)}",
        "",
        f"{case.lang}, draft level {case.level}, {case.domain}, traps: {traps}; {source}, "
        f"{run.attempts} attempt(s), {run.duration_s:.1f} s. Failed gates: {failed}",
        "",
        "| before | after |",
        "|---|---|",
        f"| {_cell(case.draft)} | {_cell(after)} |",
        "",
    ]
    failure = model_error(run)
    if failure:
        lines += [f"Model failed, composed result kept: {_cell(failure)}", ""]
    lines += [
        "<details><summary>criteria</summary>",
        "",
    ]
    lines += [
        f"- {c.name}: {_pct(c.value)}"
        + ("" if c.passed is None else (" ✓" if c.passed else " ✗"))
        + (f" — {c.detail}" if c.detail else "")
        for c in sc.criteria
    ]
    if run.judge_error:
        lines.append(f"- judge failed: {run.judge_error}")
    lines += ["", "</details>", ""]
    return "\n".join(lines)


def junit(report: RunReport) -> str:
    s = report.summary
    skipped = sum(1 for r in report.runs if r.skipped)
    suite = ET.Element(
        "testsuite",
        name=f"okr-eval.{report.model}",
        tests=str(len(report.runs)),
        failures=str(s.scored - s.passed),
        errors="0",
        skipped=str(skipped),
        time=f"{report.duration_s:.2f}",
        timestamp=report.started,
    )
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="prompt_version", value=report.prompt_version)
    ET.SubElement(props, "property", name="score", value=f"{s.score:.4f}")
    for name, c in s.criteria.items():
        ET.SubElement(props, "property", name=f"rate.{name}", value=f"{c.rate:.4f}")
    for run in report.runs:
        tc = ET.SubElement(
            suite,
            "testcase",
            classname=f"okr-eval.{run.case.lang}",
            name=run.case.id,
            time=f"{run.duration_s:.2f}",
        )
        if run.skipped:
            ET.SubElement(tc, "skipped", message=run.skipped)
            continue
        assert run.score is not None
        if not run.score.passed:
            gates = run.score.failed_gates
            failure = ET.SubElement(tc, "failure", message=", ".join(c.name for c in gates), type="gate")
            failure.text = "\n".join(f"{c.name}: {c.detail}" for c in gates)
        out = ET.SubElement(tc, "system-out")
        out.text = "\n".join(
            f"{c.name}={c.value:.3f}" + (f" ({SPECS[c.name].kind})" if c.passed is None else "")
            for c in run.score.criteria
        )
    if report.comparison and report.comparison.regressions:
        # The regression itself is a failing test, so CI test tabs show why the job is red.
        tc = ET.SubElement(suite, "testcase", classname="okr-eval.baseline", name="no-regression")
        failure = ET.SubElement(
            tc, "failure", message="criterion dropped beyond tolerance", type="regression"
        )
        failure.text = "\n".join(
            f"{d.metric}: {d.baseline:.3f} → {d.current:.3f}" for d in report.comparison.regressions
        )
        suite.set("tests", str(len(report.runs) + 1))
        suite.set("failures", str(s.scored - s.passed + 1))
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def write_reports(report: RunReport, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"markdown": folder / "report.md", "json": folder / "report.json", "junit": folder / "junit.xml"}
    paths["markdown"].write_text(markdown(report), encoding="utf-8")
    paths["json"].write_text(
        json.dumps(report.model_dump(mode="json"), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    paths["junit"].write_text(junit(report), encoding="utf-8")
    return paths
