"""Fair queues: a person's single rewrite never waits behind web batches for more than about one rewrite's time."""

from __future__ import annotations

import csv
import threading
import time
from contextlib import nullcontext
from pathlib import Path

import pytest
from app_fixtures import V2_DRAFT, free_port
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError
from slow_engine import MODEL, slow_embedded_model

from rewriter import rewrite
from rewriter.batch import rewrite_many
from rewriter.local.fair_lock import FairLock, background, current_priority

DELAY = 0.4  # seconds per model call


def test_a_waiting_interactive_request_goes_before_waiting_batch_rows() -> None:
    lock = FairLock()
    order: list[str] = []
    lock.acquire("background")  # a batch row holds the model

    def run(name: str, batch: bool) -> None:
        with background() if batch else nullcontext(), lock:
            order.append(name)

    threads = []
    for name, batch in [("row 2", True), ("row 3", True), ("single", False)]:
        threads.append(threading.Thread(target=run, args=(name, batch)))
        threads[-1].start()
        while lock.waiting() < len(threads):  # each waits in turn, in this order
            time.sleep(0.005)
    lock.release()
    for thread in threads:
        thread.join(5)
    assert order == ["single", "row 2", "row 3"]
    assert not lock.locked() and lock.waiting() == 0


def test_batch_calls_reach_the_engine_as_background_work_and_single_rewrites_as_interactive() -> None:
    assert current_priority() == "interactive"
    with slow_embedded_model(0.0) as llama:
        rewrite(V2_DRAFT, model=MODEL)
        records = rewrite_many([V2_DRAFT, f"{V2_DRAFT}\nÉquipe B"], model=MODEL, cache=False)
    assert all(r.ok and not r.needs_input for r in records), [r.error for r in records]
    assert llama.priorities == ["interactive", "background", "background"]
    assert current_priority() == "interactive"  # the batch's setting does not outlive it


def _csv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["équipe", "brouillon"])
        writer.writerows([f"Équipe {i}", f"{V2_DRAFT} {i}"] for i in range(rows))
    return path


def _timed_rewrite(client: Client) -> float:
    start = time.perf_counter()
    result, _ = client.predict(V2_DRAFT, "", "auto", api_name="/rewrite")
    assert result["error"] is None and not result["needs_input"]
    return time.perf_counter() - start


@pytest.fixture
def slow_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    import app

    monkeypatch.setenv("OKR_REWRITER_BATCH_MAX_ROWS", "12")
    monkeypatch.setenv("OKR_REWRITER_CACHE", str(tmp_path / "cache"))  # every row asks the model
    with slow_embedded_model(DELAY) as llama:
        demo = app.build_demo(model_factory=lambda name: name.strip() or MODEL)
        served = serve_demo(demo)
        try:
            yield served, llama
        finally:
            demo.close()


def serve_demo(demo):  # type: ignore[no-untyped-def]
    import app

    demo.launch(
        server_name="127.0.0.1",
        server_port=free_port(),
        prevent_thread_lock=True,
        quiet=True,
        show_error=True,
        **app.launch_options(),
    )
    return Client(demo.local_url, verbose=False)


def test_a_single_rewrite_waits_at_most_one_row_behind_two_running_web_batches(
    slow_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    client, llama = slow_app
    lone = min(_timed_rewrite(client) for _ in range(2))
    upload = _csv(tmp_path / "okrs.csv", 5)
    batches = [client.submit(handle_file(str(upload)), "", "", "auto", api_name="/batch") for _ in range(2)]
    deadline = time.monotonic() + 30
    while llama.priorities.count("background") < 2:  # a batch is running and the other is queued
        assert time.monotonic() < deadline, [job.status() for job in batches]
        time.sleep(0.02)
    loaded = _timed_rewrite(client)
    assert loaded <= 2 * lone, f"lone {lone:.2f} s, behind two batches {loaded:.2f} s"
    for job in batches:  # the batches were slowed down, not harmed
        records, _ = job.result(timeout=60)
        assert [r["error"] for r in records] == [None] * 5


def test_a_web_batch_over_the_row_cap_is_refused_with_the_limit(slow_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client, llama = slow_app
    upload = _csv(tmp_path / "big.csv", 13)
    with pytest.raises(
        AppError, match=r"13 drafts.*at most 12 .*OKR_REWRITER_BATCH_MAX_ROWS.*okr-rewriter batch"
    ):
        client.predict(handle_file(str(upload)), "", "", "auto", api_name="/batch")
    assert llama.priorities == []
