"""Keys never leak: every door masks every credential the process knows, whatever its shape.

The stub refuses every key and echoes it in its error, as OpenAI does ("Incorrect API key provided:
<key>"), so a key would come back through the model's failure into the log, the result's provenance,
the CLI's stderr and JSON, batch files and the web app's answers. Each test uses a fresh key, one shaped
like OpenAI's (`sk-…`, which patterns alone would catch) and one that is not (`corp-…`), so a key masked
in one test cannot make another pass.
"""

from __future__ import annotations

import asyncio
import csv
import gc
import json
import logging
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from openai_stub import EXAMPLES, example, requests_seen, running_stub

from rewriter import export, llm, secrets
from rewriter.batch import rewrite_many
from rewriter.rewriting import arewrite, rewrite

ROOT = Path(__file__).resolve().parent.parent
MODEL = "openai/gpt-4o-mini"
SHAPES = ("sk", "corp")
NOISE = ("Give Feedback", "LiteLLM.Info", "Task was destroyed", "was never awaited")


def new_key(shape: str) -> str:
    """A key no other test uses: `sk-proj-…` (key-shaped) or `corp-…` (masked only by value)."""
    tag = uuid.uuid4().hex[:12]
    return f"sk-proj-{tag}Qx7" if shape == "sk" else f"corp-{tag}"


def clean(text: str, key: str) -> None:
    assert key not in text, f"the key leaked: {text[max(0, text.find(key) - 200) : text.find(key) + 60]!r}"
    # The tail alone would still give most of the key away.
    assert key[-10:] not in text


@pytest.fixture(scope="module")
def refusing() -> Iterator[str]:
    with running_stub(reject_key=401) as url:
        yield url


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every record of the loggers that carry a provider's error, whatever levels earlier tests left
    (the CLI, run in-process by other test modules, turns some of them off)."""
    for name in (None, "rewriter.rewriting", "instructor", "LiteLLM", "LiteLLM Router", "httpx", "asyncio"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKR_REWRITER_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


# ---------------------------------------------------------------------------------------- redact itself


def test_known_credentials_are_masked_by_value_whatever_their_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    provider, token, password, given = (
        new_key("corp"),
        "tok-" + uuid.uuid4().hex,
        "pw-" + uuid.uuid4().hex,
        new_key("corp"),
    )
    monkeypatch.setenv("MISTRAL_API_KEY", provider)
    monkeypatch.setenv("ACME_SERVICE_TOKEN", token)
    monkeypatch.setenv("OKR_REWRITER_AUTH", f"pm:{password}, lead:x")
    secrets.remember(given)
    text = f"refused {provider}; header {token}; login {password}; argument {given}; user x"
    assert secrets.redact(text) == "refused ***; header ***; login ***; argument ***; user x"
    # A value passed for one call only, and too short a value is left alone (it would mask words).
    assert secrets.redact("token custom-secret-value leaked", "custom-secret-value") == "token *** leaked"
    assert secrets.redact("x marks the spot") == "x marks the spot"


def test_keys_given_in_code_are_remembered_up_to_a_bound() -> None:
    keys = [new_key("corp") for _ in range(secrets.MAX_REMEMBERED + 1)]
    secrets.remember(*keys)
    assert secrets.redact(keys[-1]) == "***" and secrets.redact(keys[0]) == keys[0]


def test_patterns_are_a_second_line_for_keys_nobody_declared() -> None:
    message = "401: Incorrect API key provided: sk-proj-abcdef123456 (Bearer abcdefgh12345678)"
    assert secrets.redact(message) == "401: Incorrect API key provided: *** (***)"
    assert secrets.redact("GET /v1?key=AB12cd34EF56&x=1") == "GET /v1?key=***&x=1"
    assert secrets.redact('{"api_key": "f00dface1234"}') == '{"api_key": "***"}'
    assert secrets.redact("https://bob:pa55word@llm.example/v1") == "https://bob:***@llm.example/v1"
    # Ordinary words after "key" or "token" are not credentials.
    ordinary = "Key: Increase activation; prompt_tokens: 100; Key result: Réduire le churn"
    assert secrets.redact(ordinary) == ordinary


def test_the_log_filter_masks_messages_arguments_and_tracebacks(logs: pytest.LogCaptureFixture) -> None:
    key = new_key("corp")
    secrets.remember(key)
    llm.import_model_stack()  # as the model seam does before guard_logs: the libraries' loggers exist
    secrets.guard_logs()
    logging.getLogger("rewriter.rewriting").warning(
        "model step failed: %s", f"Incorrect API key provided: {key}"
    )
    try:
        raise RuntimeError(f"refused {key}")
    except RuntimeError:
        logging.getLogger("instructor.v2.retry").exception("API call failed")
    assert logs.text.count("***") >= 2
    clean(logs.text, key)


# ---------------------------------------------------------------------------------------- Python API


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("given", ["environment", "argument"])
def test_the_python_api_never_shows_the_key(
    refusing: str,
    shape: str,
    given: str,
    monkeypatch: pytest.MonkeyPatch,
    logs: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    key = new_key(shape)
    params = {"api_key": key} if given == "argument" else {}
    if given == "environment":
        monkeypatch.setenv("OPENAI_API_KEY", key)
    draft, _ = example("fr")
    result = rewrite(draft, model=MODEL, api_base=refusing, num_retries=0, **params)
    assert result.needs_input and result.provenance is not None
    assert "Incorrect API key provided: ***" in (result.provenance.error or "")
    later = asyncio.run(arewrite(draft, model=MODEL, api_base=refusing, num_retries=0, **params))
    assert "model step failed" in logs.text and "API call failed" in logs.text  # logged, masked
    out, err = capfd.readouterr()
    for text in (
        json.dumps(result.to_dict()),
        result.to_markdown(),
        json.dumps(later.to_dict()),
        logs.text,
        out,
        err,
    ):
        clean(text, key)


def test_a_fresh_process_prints_no_banner_and_no_key(refusing: str, tmp_path: Path) -> None:
    key = new_key("corp")
    script = (
        "from rewriter import rewrite\n"
        "from rewriter.batch import rewrite_many\n"
        f"draft = {example('en')[0]!r}\n"
        f"result = rewrite(draft, model={MODEL!r}, api_base={refusing!r})\n"
        f"records = rewrite_many([draft, draft + ' now'], model={MODEL!r}, api_base={refusing!r}, cache=False)\n"
        "print(result.provenance.error)\n"
        "print(records[0].result.provenance.error)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENAI_API_KEY": key, "OKR_REWRITER_CACHE": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=180, check=True
    )
    assert done.stdout.count("Incorrect API key provided: ***") == 2
    for noise in NOISE:
        assert noise not in done.stdout + done.stderr
    clean(done.stdout + done.stderr, key)


# ---------------------------------------------------------------------------------------- retries


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_key_is_not_retried(status: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", new_key("corp"))
    draft, _ = example("fr")
    with running_stub(reject_key=status) as url:
        result = rewrite(draft, model=MODEL, api_base=url, num_retries=3)
        assert result.needs_input and requests_seen(url) == 1
        [record] = rewrite_many([draft], model=MODEL, api_base=url, num_retries=3, cache=False)
        assert record.needs_input and requests_seen(url) == 2
        records = asyncio.run(_two_async(draft, url))
        assert all(r.needs_input for r in records) and requests_seen(url) == 4


async def _two_async(draft: str, url: str) -> list:  # type: ignore[type-arg]
    return list(
        await asyncio.gather(*(arewrite(draft, model=MODEL, api_base=url, num_retries=3) for _ in range(2)))
    )


# ---------------------------------------------------------------------------------------- CLI


def _cli_env(tmp_path: Path, key: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "OKR_REWRITER_CACHE": str(tmp_path / "c"),
        "OPENAI_API_KEY": key,
    }


@pytest.mark.parametrize("shape", SHAPES)
def test_cli_rewrite_shows_no_key_on_stderr_or_in_json(refusing: str, tmp_path: Path, shape: str) -> None:
    key = new_key(shape)
    source = tmp_path / "d.md"
    source.write_text(example("fr")[0], encoding="utf-8")
    cmd = [sys.executable, "-m", "rewriter.cli", "rewrite", str(source), "-m", MODEL, "--api-base", refusing]
    done = subprocess.run(
        [*cmd, "--json"], capture_output=True, text=True, env=_cli_env(tmp_path, key), timeout=180
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)  # no banner in the JSON
    assert result["needs_input"] and "Incorrect API key provided: ***" in result["provenance"]["error"]
    assert "Incorrect API key provided: ***" in done.stderr  # the reason is still said, once
    assert "WARNING" not in done.stderr
    for noise in NOISE:
        assert noise not in done.stdout + done.stderr
    clean(done.stdout + done.stderr, key)


def test_cli_batch_is_quiet_and_shows_no_key(refusing: str, tmp_path: Path) -> None:
    key = new_key("corp")
    source = tmp_path / "okrs.jsonl"
    drafts = [EXAMPLES["fr" if i % 2 else "en"][0] + f"\n- Livrer le lot {'abcdef'[i]}" for i in range(6)]
    source.write_text("".join(json.dumps({"draft": d}) + "\n" for d in drafts), encoding="utf-8")
    out = tmp_path / "out.csv"
    cmd = [sys.executable, "-m", "rewriter.cli", "batch", str(source), "-o", str(out), "-q"]
    done = subprocess.run(
        [*cmd, "-m", MODEL, "--api-base", refusing],
        capture_output=True,
        text=True,
        env=_cli_env(tmp_path, key),
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert "6 need input" in done.stderr and "WARNING" not in done.stderr
    for noise in NOISE:
        assert noise not in done.stderr
    clean(done.stdout + done.stderr + out.read_text(encoding="utf-8-sig"), key)


@pytest.mark.parametrize("shape", SHAPES)
def test_every_batch_output_format_is_clean(
    refusing: str, tmp_path: Path, shape: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = new_key(shape)
    monkeypatch.setenv("OPENAI_API_KEY", key)
    records = rewrite_many(
        [example("fr")[0], example("en")[0]], model=MODEL, api_base=refusing, num_retries=0, cache=False
    )
    assert all(r.needs_input for r in records)
    for suffix in (".jsonl", ".json", ".csv", ".md"):
        text = export.write_results(records, tmp_path / f"out{suffix}").read_text(encoding="utf-8-sig")
        assert "***" in text or suffix in {".csv", ".md"}, suffix  # those two do not carry the model's error
        clean(text, key)
    clean(json.dumps([r.model_dump(mode="json") for r in records]), key)


# ---------------------------------------------------------------------------------------- web app


@pytest.mark.parametrize("shape", SHAPES)
def test_the_web_api_never_returns_or_logs_the_key(
    refusing: str,
    tmp_path: Path,
    shape: str,
    monkeypatch: pytest.MonkeyPatch,
    logs: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    from app_fixtures import free_port
    from gradio_client import Client, handle_file

    import app

    key = new_key(shape)
    monkeypatch.setenv("OPENAI_API_KEY", key)
    monkeypatch.setenv("OPENAI_BASE_URL", refusing)
    monkeypatch.setenv("OKR_REWRITER_MODEL", MODEL)
    demo = app.build_demo()
    demo.launch(
        server_name="127.0.0.1",
        server_port=free_port(),
        prevent_thread_lock=True,
        quiet=True,
        **app.launch_options(),
    )
    try:
        client = Client(demo.local_url, verbose=False, download_files=str(tmp_path / "downloads"))
        result, markdown = client.predict(example("fr")[0], "", "auto", api_name="/rewrite")
        assert result["needs_input"] and "Incorrect API key provided: ***" in result["provenance"]["error"]
        upload = tmp_path / "okrs.csv"
        with upload.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([["draft"], [example("fr")[0]], [example("en")[0]]])
        rows, table = client.predict(handle_file(str(upload)), "", "", "auto", api_name="/batch")
        assert all(r["result"]["needs_input"] for r in rows)
        texts = [json.dumps(result), markdown, json.dumps(rows), Path(table).read_text(encoding="utf-8-sig")]
    finally:
        demo.close()
    assert "model step failed" in logs.text  # the server's log says why, masked
    out, err = capfd.readouterr()
    for text in [*texts, logs.text, out, err]:
        clean(text, key)


# ---------------------------------------------------------------------------------------- event loops


def test_batches_on_several_threads_leave_no_pending_task_behind(
    monkeypatch: pytest.MonkeyPatch, logs: pytest.LogCaptureFixture
) -> None:
    """Two web batches run at once, each `asyncio.run` in its own thread; litellm's logging worker
    must not be passed from loop to loop and dropped while pending."""
    # Tasks left by earlier tests of the session are collected now, so that only this test's can be seen.
    gc.collect()
    logs.clear()
    monkeypatch.setenv("OPENAI_API_KEY", new_key("corp"))
    drafts = [
        EXAMPLES["fr" if i % 2 else "en"][0] + f"\n- Livrer le lot {'abcdefghijklmnop'[i]}" for i in range(16)
    ]
    with running_stub(delay=0.01) as url:
        done: list[int] = []

        def one_batch() -> None:
            records = rewrite_many(drafts, model=MODEL, api_base=url, cache=False, concurrency=4)
            done.append(sum(r.ok and not r.needs_input for r in records))

        for _ in range(2):
            threads = [threading.Thread(target=one_batch) for _ in range(3)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    gc.collect()
    assert done == [16] * 6
    for noise in ("Task was destroyed", "cannot reuse already awaited coroutine", "event loop changed"):
        assert noise not in logs.text
