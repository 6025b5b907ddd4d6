"""A tiny OpenAI-compatible chat server on 127.0.0.1 for tests and the batch benchmark.

It answers every chat completion with a valid tool call whose arguments are a `SegmentSlots` answer
(engine v2 asks the model only for whom each rewritten objective is for): one entry per objective
the prompt lists, each naming the segment of the French or English example draft below, following
the language of the user prompt. A segment that is not in the draft sent is ignored by the checks,
so any draft gets a valid rewrite. It answers after a fixed delay; it can fail the first N requests
with a status (429, 500…) to exercise retries, or refuse every request's key with 401 or 403 and an
error message that echoes the key, as OpenAI does ("Incorrect API key provided: <key>"), to check that
no door shows it. `GET /stats` returns the number of completion requests received.

    python tests/openai_stub.py --delay 0.2          # prints the port, then serves until killed
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from aiohttp import web

# Roadmap drafts whose objective code rewrites from a metric theme but cannot place: whom it is for is
# the one slot left to the model, and each draft names it in a deliverable, word for word.
EXAMPLES: dict[str, tuple[str, str]] = {
    "fr": (
        "OKR équipe Terrain T1 2027\nObjectif : Refondre l'application mobile\n"
        "- Livrer le mode hors ligne pour les techniciens terrain\n- Publier le mode sombre\n"
        "Aujourd'hui 70% des actions sont menées à bien sans connexion.",
        "les techniciens terrain",
    ),
    "en": (
        "Objective: Launch the mobile app v3\nKR1: Ship offline mode for field technicians\n"
        "KR2: Release dark mode",
        "field technicians",
    ),
}
# The user prompt lists the objectives asked as "1. …", "2. …" after the delimited draft.
_ASKED = re.compile(r"^\d+\. ", re.MULTILINE)
_DRAFT_END = re.compile(r"</(?:draft|brouillon)>")


def segment_answer(segment: str | None, count: int = 1) -> dict[str, Any]:
    """A `SegmentSlots` answer: the same segment for each of `count` objectives."""
    return {"objectives": [{"segment": segment} for _ in range(max(count, 1))]}


def example(lang: str = "fr") -> tuple[str, dict[str, Any]]:
    """(draft, answer) the stub answers with for a language: a draft that needs the model, and its segment."""
    draft, segment = EXAMPLES[lang]
    return draft, segment_answer(segment)


def _word(number: int) -> str:
    """A letters-only tag per request ("b", "c"… "ba"): varies the text without adding a number."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
        if not number:
            return letters


def build_app(
    delay: float,
    answer: dict[str, Any] | None = None,
    fail_first: int = 0,
    fail_status: int = 500,
    vary: bool = False,
    reject_key: int | None = None,
) -> web.Application:
    """`answer`: fixed tool-call arguments to send instead; `vary`: each segment ends with a per-request
    tag, so no two answers are the same text (a benchmark must not be flattered by memos that only
    identical answers would hit; such a segment is not in the draft, so the checks ignore it)."""
    state = {"requests": 0}

    def arguments_for(lang: str, prompt: str, number: int) -> str:
        if answer is not None:
            return json.dumps(answer, ensure_ascii=False)
        asked = len(_ASKED.findall(_DRAFT_END.split(prompt)[-1]))
        segment = EXAMPLES[lang][1] + (f" {_word(number)}" if vary else "")
        return json.dumps(segment_answer(segment, asked), ensure_ascii=False)

    async def chat(request: web.Request) -> web.Response:
        body = await request.json()
        state["requests"] += 1
        number = state["requests"]
        await asyncio.sleep(delay)
        if reject_key is not None:
            key = request.headers.get("Authorization", "").removeprefix("Bearer ")
            refusal = {
                "error": {
                    "message": f"Incorrect API key provided: {key}. You can find your API key at "
                    "https://platform.openai.com/account/api-keys.",
                    "type": "invalid_request_error",
                    "code": "invalid_api_key",
                }
            }
            return web.json_response(refusal, status=reject_key)
        if number <= fail_first:
            error = {
                "error": {"message": f"stub failure {number}", "type": "server_error", "code": fail_status}
            }
            return web.json_response(error, status=fail_status, headers={"retry-after": "0"})
        tools = body.get("tools") or [{"function": {"name": "SegmentSlots"}}]
        last = str((body.get("messages") or [{}])[-1].get("content", ""))
        arguments = arguments_for("en" if "<draft>" in last else "fr", last, number)
        message = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": f"call_{number}",
                    "type": "function",
                    "function": {"name": tools[0]["function"]["name"], "arguments": arguments},
                }
            ],
        }
        return web.json_response(
            {
                "id": f"chatcmpl-{number}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", "stub"),
                "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}],
                "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
            }
        )

    async def stats(_: web.Request) -> web.Response:
        return web.json_response(state)

    app = web.Application(client_max_size=64 * 1024 * 1024)
    app.router.add_post("/v1/chat/completions", chat)
    app.router.add_post("/chat/completions", chat)
    app.router.add_get("/stats", stats)
    return app


async def serve(port: int, app: web.Application) -> None:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port, backlog=1024)
    await site.start()
    sockets = site._server.sockets if site._server else []  # type: ignore[attr-defined]
    print(sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()


@contextlib.contextmanager
def running_stub(
    delay: float = 0.0,
    fail_first: int = 0,
    fail_status: int = 500,
    vary: bool = False,
    reject_key: int | None = None,
) -> Iterator[str]:
    """Start the stub in a subprocess; yields its base URL (`http://127.0.0.1:PORT/v1`)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--port", "0", "--delay", str(delay)]
    cmd += ["--fail-first", str(fail_first), "--fail-status", str(fail_status)]
    cmd += ["--vary"] if vary else []
    cmd += ["--reject-key", str(reject_key)] if reject_key is not None else []
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline().strip())
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def requests_seen(base_url: str) -> int:
    url = base_url.removesuffix("/v1") + "/stats"
    with urllib.request.urlopen(url, timeout=5) as response:
        return int(json.loads(response.read())["requests"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.2, help="seconds before each answer")
    parser.add_argument("--fail-first", type=int, default=0, help="fail this many first requests")
    parser.add_argument("--fail-status", type=int, default=500, help="HTTP status of those failures")
    parser.add_argument("--answer", type=Path, help="JSON file with the tool-call arguments to send")
    parser.add_argument("--vary", action="store_true", help="a per-request tag in each answer's text")
    parser.add_argument(
        "--reject-key",
        type=int,
        metavar="STATUS",
        help="refuse every key with this status (401, 403), echoing it",
    )
    args = parser.parse_args()
    answer = json.loads(args.answer.read_text()) if args.answer else None
    app = build_app(args.delay, answer, args.fail_first, args.fail_status, args.vary, args.reject_key)
    asyncio.run(serve(args.port, app))


if __name__ == "__main__":
    main()
