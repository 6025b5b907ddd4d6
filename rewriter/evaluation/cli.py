"""Command-line entry of the eval gate: options, the run, reports, baseline comparison, exit code."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rewriter.evaluation.cases import EvalCase

EXIT_OK = 0
EXIT_REGRESSION = 1
EXIT_USAGE = 2


def default_evals_dir() -> Path:
    """`./evals` when run from a checkout, else the source tree's, else the copy inside the wheel."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (Path.cwd() / "evals", package.parent / "evals", package / "_data" / "evals"):
        if (candidate / "cases").is_dir():
            return candidate
    return Path.cwd() / "evals"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `eval` subcommand's options; `--model` is added unless the caller's parser already has it."""
    if "--model" not in parser._option_string_actions:
        parser.add_argument(
            "--model",
            default=None,
            help="litellm model string to evaluate (default: $OKR_REWRITER_MODEL or the embedded 1.5B)",
        )
    parser.add_argument(
        "--cases", default=None, metavar="GLOB", help="case ids or file globs, comma-separated"
    )
    parser.add_argument(
        "--judge", default=None, metavar="MODEL", help="also grade with this litellm model (indicator)"
    )
    parser.add_argument(
        "--update-baseline", action="store_true", help="write this run's figures as the model's baseline"
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=None,
        help="largest allowed drop of a gated metric, 0–1 (default: the baseline's, else 0.05)",
    )
    parser.add_argument(
        "--time-budget",
        type=float,
        default=None,
        metavar="MINUTES",
        help="stop making real model calls after this many minutes; later cases are skipped, replays still run",
    )
    parser.add_argument("--no-cache", action="store_true", help="ignore and do not write the replay cache")
    parser.add_argument(
        "--prune-cache",
        action="store_true",
        help="delete this model's cache entries the run did not use (full runs)",
    )
    parser.add_argument(
        "--evals-dir", type=Path, default=None, help="folder holding cases/, baselines/, cache/"
    )
    parser.add_argument(
        "--reports-dir", type=Path, default=None, help="where reports go (default: <evals>/reports)"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument(
        "--review",
        action="store_true",
        help="also write review.html next to the reports: drafts and rewrites side by side, with filters",
    )


def run(args: argparse.Namespace) -> int:
    """Run the suite; 0 when no gated metric dropped beyond the tolerance, 1 on regression, 2 on bad usage."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    from tqdm import tqdm

    from rewriter import llm
    from rewriter.evaluation.cache import ResponseCache, slug
    from rewriter.evaluation.cases import load_cases
    from rewriter.evaluation.harness import (
        DEFAULT_TOLERANCE,
        Runner,
        baseline_path,
        baseline_payload,
        compare,
        evaluate,
        load_baseline,
        write_baseline,
    )
    from rewriter.evaluation.reports import write_reports

    evals_dir: Path = args.evals_dir or default_evals_dir()
    try:
        cases = load_cases(evals_dir / "cases", args.cases)
    except (OSError, ValueError) as exc:
        print(f"error: cannot load the cases: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not cases:
        print(f"error: no case matches {args.cases!r} in {evals_dir / 'cases'}", file=sys.stderr)
        return EXIT_USAGE
    model = llm.resolve_model(getattr(args, "model", None))
    name = llm.model_name(model)
    cache = ResponseCache(evals_dir / "cache", enabled=not args.no_cache)
    budget = args.time_budget * 60 if args.time_budget is not None else None
    runner = Runner(model, cache, judge=args.judge, time_budget_s=budget)

    def progress(items: Iterable[EvalCase]) -> Iterable[EvalCase]:
        return tqdm(
            items, desc=f"eval {name}", unit="case", file=sys.stderr, disable=args.quiet, dynamic_ncols=True
        )

    report = evaluate(cases, runner, progress=progress)
    base_file = baseline_path(evals_dir, name)
    baseline = load_baseline(base_file)
    tolerance = (
        args.tolerance if args.tolerance is not None else (baseline or {}).get("tolerance", DEFAULT_TOLERANCE)
    )
    if baseline is not None:
        report.comparison = compare(report, baseline, str(base_file), tolerance)
    report_dir = (args.reports_dir or evals_dir / "reports") / slug(name)
    paths = write_reports(report, report_dir)
    s = report.summary
    print(
        f"{name}: {s.passed}/{s.scored} cases pass every gate ({100 * s.pass_rate:.1f} %), "
        f"score {100 * s.score:.1f}/100; {report.cache_hits} replayed, {report.cache_misses} requested, "
        f"{report.code_only} by code alone, {report.model_failures} model failures; "
        f"report {paths['markdown']}",
        file=sys.stderr,
    )
    for crit in s.criteria.values():
        print(
            f"  {crit.name:<20} {100 * crit.rate:5.1f} %  ({crit.kind}, {crit.applicable} cases)",
            file=sys.stderr,
        )
    if getattr(args, "review", False):
        from rewriter.evaluation.review import write_review

        print(f"review page {write_review(report, report_dir)}", file=sys.stderr)
    if args.prune_cache and not args.cases and not args.no_cache:
        stale = cache.prune(name)
        print(f"pruned {len(stale)} stale cache entries", file=sys.stderr)
    if args.update_baseline:
        write_baseline(base_file, baseline_payload(report, baseline, tolerance))
        print(f"baseline written: {base_file}", file=sys.stderr)
        return EXIT_OK
    if report.comparison is None:
        print(
            f"no baseline at {base_file}: nothing to compare (record one with --update-baseline)",
            file=sys.stderr,
        )
        return EXIT_OK
    regressions = report.comparison.regressions
    if regressions:
        for d in regressions:
            print(
                f"REGRESSION {d.metric}: {100 * d.baseline:.1f} → {100 * d.current:.1f} "
                f"(tolerance {100 * tolerance:.1f} points)",
                file=sys.stderr,
            )
        return EXIT_REGRESSION
    print(f"no regression against {base_file} (tolerance {100 * tolerance:.1f} points)", file=sys.stderr)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m rewriter.evaluation", description="Run the OKR eval gate."
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))
