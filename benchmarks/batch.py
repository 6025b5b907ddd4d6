"""Batch throughput through real litellm against an OpenAI-compatible stub answering after 200 ms.

    .venv/bin/python benchmarks/batch.py [--items 1000] [--delay 0.2] [--profile]

Runs 50 drafts at concurrency 1 (1,000 would take 200 s for nothing new) and `--items` drafts at
concurrency 8 and 32, printing items/s, the ratio to the ideal (concurrency / latency) and the peak
RSS; then the same drafts again from the response cache (model calls made, items/s). The stub runs
in its own process and varies its answers (no memo is flattered by identical answers); its CPU is
not counted against the library (but it shares the 2 cores). A row
"litellm alone" sends the same requests through bare `litellm.acompletion` at concurrency 32: the
transport's own ceiling on this machine, which no caller of litellm can exceed. `--profile` writes a
pyinstrument profile of the concurrency-32 run when pyinstrument is installed (PROFILE_ALL=1: every frame).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("OPENAI_API_KEY", "stub-key")  # the stub checks nothing; litellm wants one set
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from openai_stub import example, requests_seen, running_stub  # noqa: E402

from rewriter.batch import rewrite_many  # noqa: E402
from rewriter.response_cache import ResponseCache  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def drafts(n: int) -> list[str]:
    draft, _ = example("fr")
    return [f"{draft}\nÉquipe {i}" for i in range(n)]


def run(
    label: str, items: list[str], url: str, concurrency: int, cache: ResponseCache | bool, delay: float
) -> None:
    before = requests_seen(url)
    start = time.perf_counter()
    records = rewrite_many(items, model="openai/stub", api_base=url, concurrency=concurrency, cache=cache)
    seconds = time.perf_counter() - start
    calls = requests_seen(url) - before
    failed = sum(not r.ok for r in records)
    rate = len(items) / seconds
    ideal = concurrency / delay
    ratio = f"{rate / ideal:5.2f} of ideal ({ideal:.0f}/s)" if calls else "(cached)"
    print(
        f"{label:<22} {len(items):>5} items  {seconds:7.2f} s  {rate:8.1f} items/s  {ratio:<24} "
        f"calls {calls:>5}  failed {failed}  peak RSS {peak_rss_mb():.0f} MB",
        flush=True,
    )
    if failed:
        print("  first error:", next(r.error for r in records if not r.ok))


def transport_only(items: list[str], url: str, concurrency: int, delay: float) -> None:
    """The same requests through bare `litellm.acompletion`: the ceiling any caller of litellm has here.

    Messages and tool schema are built once, outside the clock; nothing is parsed, checked or rendered.
    The gap between this row and the library's row at the same concurrency is the library's own cost.
    """
    import asyncio

    import litellm

    from rewriter import llm
    from rewriter.rewriting import RESPONSE_MODEL, prepare

    schema = RESPONSE_MODEL.model_json_schema()
    tools = [{"type": "function", "function": {"name": RESPONSE_MODEL.__name__, "parameters": schema}}]
    requests = [prepare(item).messages for item in items]

    async def all_of_them() -> None:
        gate = asyncio.Semaphore(concurrency)

        async def one(messages: list[dict[str, str]]) -> None:
            async with gate:
                await litellm.acompletion(
                    model="openai/stub", api_base=url, messages=messages, tools=tools, tool_choice="auto"
                )

        await asyncio.gather(*(one(m) for m in requests))

    start = time.perf_counter()
    # On the loop the library's calls use, as any other litellm caller in the process should.
    asyncio.run(llm.on_model_loop(all_of_them()))
    seconds = time.perf_counter() - start
    rate = len(items) / seconds
    ideal = concurrency / delay
    print(
        f"{'litellm alone, c=' + str(concurrency):<22} {len(items):>5} items  {seconds:7.2f} s  {rate:8.1f} items/s  "
        f"{rate / ideal:5.2f} of ideal ({ideal:.0f}/s)   (transport ceiling: no instructor, no checks)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--serial-items", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_stub(delay=args.delay, vary=True) as url:
        cache = ResponseCache(Path(tmp) / "responses")
        print(f"stub at {url}, {args.delay * 1000:.0f} ms per answer; cpu count {os.cpu_count()}")
        run("warm-up", drafts(4), url, 4, False, args.delay)
        run("concurrency 1", drafts(args.serial_items), url, 1, False, args.delay)
        run("concurrency 8", drafts(args.items), url, 8, False, args.delay)
        transport_only(drafts(args.items), url, 32, args.delay)
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(async_mode="enabled")
            profiler.start()
        run("concurrency 32", drafts(args.items), url, 32, cache, args.delay)
        if args.profile:
            profiler.stop()
            out = Path(tmp).parent / "batch-profile.txt"
            out.write_text(profiler.output_text(unicode=True, show_all=os.environ.get("PROFILE_ALL") == "1"))
            print(f"profile: {out}")
        run("cached re-run (c=32)", drafts(args.items), url, 32, cache, args.delay)


if __name__ == "__main__":
    main()
