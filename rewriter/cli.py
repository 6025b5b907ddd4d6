"""`okr-rewriter`: argument parsing and dispatch only; the work is done by the library modules.

Exit codes: 0 every draft rewritten, including those the model could not complete (code's rewrite,
flagged needs_input and named on stderr); 1 some drafts failed (each has an error record); 2 bad usage,
unreadable input, unusable checkpoint or unwritable output (a read-only folder, a full disk: finished rows
are kept, rerun with --resume); 130 interrupted (finished rows are kept: rerun with --resume).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rewriter.batch import BatchRecord

EXIT_OK, EXIT_FAILED_ROWS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
MAX_LISTED_FAILURES = 20


def _model_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("model")
    group.add_argument(
        "--model", "-m", help="litellm model string (default: $OKR_REWRITER_MODEL or the local model)"
    )
    group.add_argument("--api-base", help="base URL of an OpenAI-compatible server (litellm api_base)")
    group.add_argument("--lang", choices=["fr", "en"], help="language of the rewrite (default: the draft's)")
    group.add_argument(
        "--timeout", type=float, help="seconds per draft, retries included (default: 180; 0: none)"
    )
    group.add_argument("--retries", type=int, help="transport retries on 429/5xx/timeouts (default: 3)")
    group.add_argument("--no-cache", action="store_true", help="neither read nor write the response cache")
    group.add_argument("--cache-dir", help="response cache folder (default: $OKR_REWRITER_CACHE/responses…)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="okr-rewriter",
        description="Rewrite roadmap-style OKR drafts into outcome OKRs, one at a time or a spreadsheet at once.",
        epilog="Exit codes: 0 every draft rewritten (those the model could not complete are flagged: "
        "needs input), 1 some drafts failed, 2 bad usage, unreadable input or unwritable output, "
        "130 interrupted.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens on stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    one = sub.add_parser(
        "rewrite", help="rewrite one draft from a file or stdin; Markdown (or JSON) on stdout"
    )
    one.add_argument("file", nargs="?", default="-", help="text or Markdown file, or - for stdin (default)")
    one.add_argument("--json", action="store_true", help="print the full result as JSON")
    _model_options(one)

    many = sub.add_parser("batch", help="rewrite every draft of a CSV, XLSX, JSONL, JSON or Markdown file")
    many.add_argument("input", help="input file (.csv, .tsv, .xlsx, .jsonl, .json, .md, .txt)")
    many.add_argument("-o", "--output", required=True, help="output file: .jsonl, .csv, .xlsx, .json or .md")
    many.add_argument("--column", help="column (or JSON field) holding the drafts; default: detected")
    many.add_argument(
        "--format", help="input format when the extension does not say: csv, xlsx, jsonl, json, md"
    )
    many.add_argument("--encoding", help="input text encoding (default: UTF-8, else latin-1/cp1252)")
    many.add_argument("--sheet", help="XLSX sheet name (default: the first)")
    many.add_argument("--concurrency", "-j", type=int, default=8, help="requests in flight (default: 8)")
    restart = many.add_mutually_exclusive_group()
    restart.add_argument(
        "--resume",
        action="store_true",
        help="skip drafts already in the output's checkpoint; refused if it was made with another "
        "model, --lang or prompt version",
    )
    restart.add_argument(
        "--overwrite", action="store_true", help="discard an existing checkpoint and start again"
    )
    many.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    _model_options(many)

    hint = sub.add_parser(
        "suggest", help="suggest outcome metrics per objective of a draft, instantly, without a model"
    )
    hint.add_argument("file", nargs="?", default="-", help="text or Markdown file, or - for stdin (default)")
    hint.add_argument("--json", action="store_true", help="print the suggestions as JSON")
    hint.add_argument("-k", type=int, default=5, help="metrics per objective (default: 5)")

    audit = sub.add_parser(
        "audit",
        help="audit a quarter's OKRs of a whole organisation: one HTML report, no model call",
        description="Audit every team's OKRs of one file (CSV, XLSX, JSONL, JSON or Markdown): maturity "
        "levels, a 0-100 score per OKR with its reasons, common defects, overlaps between teams, alignment "
        "with company objectives, key results that are tasks, and the change since last quarter.",
    )
    audit.add_argument("input", help="the quarter's OKRs (.csv, .tsv, .xlsx, .jsonl, .json, .md)")
    audit.add_argument("-o", "--output", required=True, help="the HTML report to write")
    audit.add_argument("--previous", help="last quarter's file, read the same way, to compare with")
    audit.add_argument("--company", help="a file of company objectives, to find those no team works towards")
    audit.add_argument("--json", dest="json_out", metavar="FILE", help="also write the report as JSON")
    audit.add_argument(
        "--csv", dest="csv_out", metavar="FILE", help="also write one row per key result as CSV"
    )
    audit.add_argument(
        "--drafts", metavar="FILE", help="also write the OKRs to rewrite (task KRs) as CSV for `batch`"
    )
    audit.add_argument("--team-column", help="column naming the team (default: detected, e.g. Équipe, Team)")
    audit.add_argument("--owner-column", help="column naming the owner (default: detected)")
    audit.add_argument("--parent-column", help="column naming the company objective (default: detected)")
    audit.add_argument("--objective-column", help="column holding the objective (default: detected)")
    audit.add_argument("--kr-column", help="column holding one key result per row (default: detected)")
    audit.add_argument("--column", help="column holding a whole OKR draft per row (default: detected)")
    audit.add_argument("--cycle", help="the quarter, e.g. 'T1 2027' (default: a column, else the file name)")
    audit.add_argument("--lang", choices=["fr", "en"], help="language of the report (default: the file's)")
    audit.add_argument("--encoding", help="input text encoding (default: UTF-8, else latin-1/cp1252)")
    audit.add_argument("--sheet", help="XLSX sheet name (default: the first)")

    models = sub.add_parser(
        "models", help="list the embedded models; --prepare assembles and verifies weights"
    )
    models.add_argument("--prepare", metavar="NAME", help="assemble and verify this model's weights")
    models.add_argument("--verify", action="store_true", help="hash weight files that have no valid stamp")

    sub.add_parser("eval", help="run the eval suite (okr-rewriter eval --help)", add_help=False)

    app = sub.add_parser("app", help="start the web app (from a source checkout)")
    app.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    app.add_argument("--port", type=int, default=7860, help="port (default: 7860)")
    return parser


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    from rewriter.secrets import redact

    print(f"okr-rewriter: {redact(message)}", file=sys.stderr)
    return code


def _options(args: argparse.Namespace) -> dict[str, Any]:
    from rewriter.batch import DEFAULT_ITEM_TIMEOUT, DEFAULT_NUM_RETRIES

    timeout = DEFAULT_ITEM_TIMEOUT if args.timeout is None else args.timeout
    options: dict[str, Any] = {
        "model": args.model,
        "lang": args.lang,
        "timeout": timeout if timeout > 0 else None,
        "num_retries": DEFAULT_NUM_RETRIES if args.retries is None else args.retries,
        "cache": False if args.no_cache else (args.cache_dir or True),
    }
    if args.api_base:
        options["api_base"] = args.api_base
    return options


def _read_draft(path: str, command: str) -> str:
    """The draft text of FILE or of stdin ("-"); FileError with a message a user can act on."""
    from rewriter import files

    if path == "-":
        if sys.stdin.isatty():
            raise files.FileError(
                f"give a FILE, or pipe a draft on stdin (okr-rewriter {command} - < draft.md)"
            )
        raw = files.read_stream(sys.stdin.buffer)
    else:
        raw = files.read_bytes(path)
    return files.decode(raw, path)[0]


def cmd_rewrite(args: argparse.Namespace) -> int:
    from rewriter import files
    from rewriter.batch import rewrite_many

    try:
        text = _read_draft(args.file, "rewrite")
    except files.FileError as exc:
        return _fail(str(exc))
    [record] = rewrite_many(
        [files.InputItem(index=0, label="the draft", text=text)], concurrency=1, **_options(args)
    )
    if record.error_kind == "input":
        return _fail(record.error or "unreadable draft")
    if record.result is None or not record.ok:
        return _fail(record.error or "the model gave no rewrite", EXIT_FAILED_ROWS)
    if record.needs_input:
        # Still a rewrite the PM can use: printed, and exit 0, but never silently.
        print(f"okr-rewriter: {_needs_input_note(record)}", file=sys.stderr)
    if args.json:
        print(json.dumps(record.result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(record.result.to_markdown(), end="")
    return EXIT_OK


def _needs_input_note(record: BatchRecord) -> str:
    reason = record.result.provenance.error if record.result and record.result.provenance else None
    return (
        f"{record.label}: the model could not complete the rewrite ({reason or 'no reason given'}); "
        "it comes from the rules and the metric library: answer its questions to finish it"
    )


def cmd_batch(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from rewriter import files, llm
    from rewriter.batch import CheckpointError, Progress, arewrite_file, effective_concurrency

    try:
        if args.concurrency < 1:
            return _fail("--concurrency must be at least 1")
        if args.input == "-":
            data = files.read_stream(sys.stdin.buffer)
            source = files.read_drafts(
                f"<stdin>.{args.format or 'md'}", column=args.column, encoding=args.encoding, data=data
            )
        else:
            source = files.read_drafts(
                args.input, column=args.column, format=args.format, encoding=args.encoding, sheet=args.sheet
            )
    except files.FileError as exc:
        return _fail(str(exc))
    print(f"okr-rewriter: {source.describe()}", file=sys.stderr)
    options = _options(args)
    model = llm.resolve_model(options["model"])
    workers = effective_concurrency(model, args.concurrency)
    if workers < args.concurrency:
        print(
            f"okr-rewriter: {model} runs in this process, one draft at a time (concurrency 1)",
            file=sys.stderr,
        )
    bar = tqdm(total=len(source.items), unit="draft", file=sys.stderr, disable=True if args.quiet else None)

    def progress(p: Progress) -> None:
        bar.n = p.done
        bar.set_postfix(ok=p.ok, needs_input=p.needs_input, failed=p.failed, cached=p.cached, refresh=False)
        bar.refresh()

    try:
        batch = asyncio.run(
            arewrite_file(
                source,
                args.output,
                resume=args.resume,
                overwrite=args.overwrite,
                concurrency=workers,
                on_progress=progress,
                **options,
            )
        )
    except (CheckpointError, files.FileError) as exc:
        bar.close()
        return _fail(str(exc))
    except KeyboardInterrupt:
        bar.close()
        return _fail(
            "interrupted; finished drafts are saved: run the same command with --resume", EXIT_INTERRUPTED
        )
    bar.close()
    s = batch.summary
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(s.by_kind.items()))
    flagged = f"; {s.needs_input} need input: the model could not complete them" if s.needs_input else ""
    print(
        f"okr-rewriter: {s.total} draft(s) in {batch.seconds:.1f} s: {s.ok} rewritten ({s.cached} from cache"
        f"{flagged}), {s.failed} failed{f' ({kinds})' if kinds else ''} → {batch.output}",
        file=sys.stderr,
    )
    failures = [r for r in batch.records if not r.ok]
    notes = [str(r.error) for r in failures] + [_needs_input_note(r) for r in batch.records if r.needs_input]
    for note in notes[:MAX_LISTED_FAILURES]:
        print(f"  {note}", file=sys.stderr)
    if len(notes) > MAX_LISTED_FAILURES:
        more = len(notes) - MAX_LISTED_FAILURES
        print(f"  … and {more} more (see the error and needs_input columns)", file=sys.stderr)
    # A flagged draft got a usable rewrite: only drafts with no rewrite at all fail the run.
    return EXIT_FAILED_ROWS if failures else EXIT_OK


def cmd_suggest(args: argparse.Namespace) -> int:
    from rewriter import files
    from rewriter.library.suggest import suggest_metrics, suggestions_text
    from rewriter.parsing import parse

    if args.k < 1:
        return _fail("-k must be at least 1")
    try:
        draft = parse(_read_draft(args.file, "suggest"))
    except (files.FileError, ValueError) as exc:
        return _fail(str(exc))
    results = suggest_metrics(draft, k=args.k)
    if args.json:
        payload = {"lang": draft.lang, "objectives": [r.model_dump(mode="json") for r in results]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(suggestions_text(results, draft.lang), end="")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    import time

    from rewriter import files
    from rewriter.audit import audit
    from rewriter.audit import export as audit_export

    outputs = [p for p in (args.output, args.json_out, args.csv_out, args.drafts) if p]
    started = time.perf_counter()
    try:
        for path in outputs:
            audit_export.check_writable(path)
        report = audit(
            args.input,
            previous=args.previous,
            company=args.company,
            lang=args.lang,
            team_column=args.team_column,
            owner_column=args.owner_column,
            parent_column=args.parent_column,
            objective_column=args.objective_column,
            kr_column=args.kr_column,
            column=args.column,
            cycle=args.cycle,
            encoding=args.encoding,
            sheet=args.sheet,
        )
        audit_export.write_html(report, args.output)
        if args.json_out:
            audit_export.write_json(report, args.json_out)
        if args.csv_out:
            audit_export.write_csv(report, args.csv_out)
        if args.drafts:
            audit_export.write_drafts(report, args.drafts)
    except files.FileError as exc:
        return _fail(str(exc))
    s = report.summary
    levels = ", ".join(f"L{level}: {n}" for level, n in s.levels.items())
    print(
        f"okr-rewriter: {s.teams} team(s), {s.objectives} objective(s), {s.key_results} key result(s) "
        f"({levels}); median score {s.median_score:g}; {len(report.overlaps)} overlap(s); "
        f"{s.task_krs} task KR(s) in {time.perf_counter() - started:.1f} s → {', '.join(outputs)}",
        file=sys.stderr,
    )
    for note in report.source.notes:
        rows = f" ({', '.join(note.rows[:10])}{', …' if len(note.rows) > 10 else ''})" if note.rows else ""
        print(f"  {note.text_en}{rows}", file=sys.stderr)
    return EXIT_OK


def cmd_models(args: argparse.Namespace) -> int:
    from rewriter import local

    if not args.prepare:
        print(local.describe_models(verify=args.verify))
        return EXIT_OK
    from tqdm import tqdm

    bar = tqdm(unit="B", unit_scale=True, file=sys.stderr, desc="verifying", disable=None, leave=False)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        state = local.prepare(args.prepare, progress=progress)
    except (local.UnknownModelError, local.LocalModelError, OSError) as exc:
        return _fail(str(exc))
    finally:
        bar.close()
    print(f"{state.name}: {state.state}, {state.path}" + (f"\n  {state.detail}" if state.detail else ""))
    return EXIT_OK if state.state == "assembled" else EXIT_FAILED_ROWS


def cmd_eval(argv: list[str]) -> int:
    from rewriter import evaluation

    parser = argparse.ArgumentParser(prog="okr-rewriter eval", description="Run the eval suite.")
    evaluation.add_arguments(parser)
    return int(evaluation.run(parser.parse_args(argv)) or 0)


def app_path() -> Path:
    """`app.py` of the source checkout holding this package (the web app is not part of the wheel)."""
    return Path(__file__).resolve().parent.parent / "app.py"


def cmd_app(args: argparse.Namespace) -> int:
    path = app_path()
    if not path.is_file():
        return _fail(
            f"the web app runs from a source checkout, and {path} does not exist; "
            "clone the repository and run `make app` there"
        )
    spec = importlib.util.spec_from_file_location("okr_rewriter_app", path)
    if spec is None or spec.loader is None:
        return _fail(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.main(["--host", args.host, "--port", str(args.port)])
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    # eval's options belong to rewriter.evaluation: imported only when that command runs.
    if argv[:1] == ["eval"]:
        return cmd_eval(argv[1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    from rewriter.secrets import guard_handler

    # Whatever logger a record comes from, what reaches stderr has its keys masked.
    for handler in logging.getLogger().handlers:
        guard_handler(handler)
    if not args.verbose:
        # Failures are reported once, per row, in the summary and the output; not also as library logs.
        quiet = ["instructor", "LiteLLM", "LiteLLM Router", "httpx"]
        if args.command in {"rewrite", "batch"}:
            # These name each draft the model could not complete themselves; the library's own WARNING
            # per draft would repeat it (the web server started by `app` keeps it in its log).
            quiet.append("rewriter.rewriting")
        for name in quiet:
            logging.getLogger(name).setLevel(logging.CRITICAL)
    commands = {
        "rewrite": cmd_rewrite,
        "batch": cmd_batch,
        "suggest": cmd_suggest,
        "audit": cmd_audit,
        "models": cmd_models,
        "app": cmd_app,
    }
    try:
        return commands[args.command](args)
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED)


if __name__ == "__main__":
    sys.exit(main())
