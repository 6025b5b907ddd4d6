"""Audit speed and report size: 1,000 OKRs, from the file to the HTML report, with no model call.

Usage: python benchmarks/audit.py [--okrs 1000] [--runs 3]

The file is the blind acme fixture (evals/audit/acme-q1-2027.csv, 111 objectives, 322 key results) copied
until it holds --okrs objectives; each copy renames its teams and shifts the first number of every line by
the copy's number, so no cache sees a line twice. Prints the median of --runs runs of
- `okr-rewriter audit FILE -o report.html --json … --csv …` in a fresh process (what a user waits for:
  imports and the analyzer's one-off load included), and
- `audit()` + HTML + JSON + CSV in a warm process (the work per file),
and the sizes of the HTML, JSON and CSV. The budget is 10 s for 1,000 OKRs on 2 cores, and 2 MB of HTML.
Beside each wall time, the CPU seconds it took: on a host shared with other work, the wall time grows with
the load and the CPU time does not (the audit runs in one process, on one core).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIXTURE = ROOT / "evals" / "audit" / "acme-q1-2027.csv"
_NUMBER = re.compile(r"\d+")


def _shift(text: str, k: int) -> str:
    return _NUMBER.sub(lambda m: str(int(m.group(0)) + k), text, count=1) if k else text


def big_file(okrs: int) -> str:
    """The fixture copied until it holds `okrs` objectives (teams renamed, numbers shifted per copy)."""
    rows = list(csv.reader(io.StringIO(FIXTURE.read_text(encoding="utf-8"))))
    header, body = rows[0], rows[1:]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    seen: set[tuple[str, str]] = set()
    copy = 0
    while True:
        for team, owner, parent, objective, kr in body:
            key = (f"{team} {copy}", objective)
            if key not in seen:
                if len(seen) == okrs:
                    return out.getvalue()
                seen.add(key)
            name = f"{team} {copy + 1}" if copy else team
            writer.writerow([name, owner, parent, _shift(objective, copy), _shift(kr, copy)])
        copy += 1


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--okrs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "org-q1-2027.csv"
        source.write_text(big_file(args.okrs), encoding="utf-8")
        html, js, table = (Path(tmp) / name for name in ("report.html", "report.json", "report.csv"))
        command = [sys.executable, "-m", "rewriter.cli", "audit", str(source), "-o", str(html)]
        command += ["--json", str(js), "--csv", str(table)]
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        cold, cold_cpu = [], []
        for _ in range(args.runs):
            before = _cpu(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, check=True, env=env, capture_output=True)
            cold.append(time.perf_counter() - start)
            cold_cpu.append(_cpu(resource.RUSAGE_CHILDREN) - before)
        from rewriter.audit import audit

        report = audit(source)  # warm-up: imports, the metric library, the analyzer's lexicons
        warm, warm_cpu = [], []
        for _ in range(args.runs):
            before = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            report = audit(source)
            report.to_html()
            report.to_json()
            report.to_csv()
            warm.append(time.perf_counter() - start)
            warm_cpu.append(_cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN) - before)
        s = report.summary
        print(
            f"audit of {s.objectives} OKRs ({s.key_results} key results, {s.teams} teams), "
            f"{os.cpu_count()} CPU(s), median of {args.runs}:"
        )
        load = os.getloadavg()[0]
        print(
            f"  CLI, fresh process (imports and one-off loads included): {statistics.median(cold):.2f} s "
            f"({statistics.median(cold_cpu):.2f} s CPU)"
        )
        print(
            f"  audit() + HTML + JSON + CSV, warm process:                  {statistics.median(warm):.2f} s "
            f"({statistics.median(warm_cpu):.2f} s CPU)"
        )
        print(f"  host load average at the end: {load:.1f} on {os.cpu_count()} CPU(s)")
        print(
            f"  HTML {html.stat().st_size / 1e6:.2f} MB, JSON {js.stat().st_size / 1e6:.2f} MB, "
            f"CSV {table.stat().st_size / 1e6:.2f} MB; {len(report.overlaps)} overlap group(s)"
        )


if __name__ == "__main__":
    main()
