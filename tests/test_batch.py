"""rewrite_many: order, one record per input, concurrency bound, timeout, cache, checkpoint/resume, retries, Router.

Engine v2 asks the model only for the segment of an objective code rewrote but could not place: DRAFT (a
roadmap naming "les techniciens terrain" in a deliverable) needs one model call, answered by ANSWER
(`SegmentSlots`); SOUND is kept as written by code, at no model call. A model failure or a timeout
leaves code's rewrite, flagged `needs_input`: a rewritten record, not an error record.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openai_stub import example, requests_seen, running_stub

from rewriter import export, llm
from rewriter.batch import (
    BatchRecord,
    Checkpoint,
    CheckpointError,
    Progress,
    Summary,
    arewrite_many,
    effective_concurrency,
    redact,
    rewrite_many,
)
from rewriter.fake_model import FakeModel
from rewriter.files import InputItem
from rewriter.response_cache import ResponseCache

DRAFT, ANSWER = example("fr")
SEGMENT = "les techniciens terrain"
# DRAFT's delivery objective is replaced by a rendered one: it is carried first, word for word, then the
# deliverables in draft order.
INITIATIVES = [
    "Refondre l'application mobile",
    f"Livrer le mode hors ligne pour {SEGMENT}",
    "Publier le mode sombre",
]
SOUND = (
    "Objectif : Rendre l'onboarding autonome pour les nouveaux clients PME\n"
    "KR1 : Augmenter le taux d'activation à 7 jours de 20 % à 35 % d'ici fin T2 2027\n"
    "KR2 : Réduire le nombre de tickets d'onboarding de 120 à 60 par mois d'ici fin T2 2027"
)
INVALID = ("not json", {"objectives": "none"}, "still not json")  # three invalid answers: no re-ask left


def drafts(n: int) -> list[str]:
    return [f"{DRAFT}\nÉquipe {i}" for i in range(n)]


def sound_drafts(n: int) -> list[str]:
    return [f"{SOUND}\nÉquipe {i}" for i in range(n)]


def segment_filled(record: BatchRecord) -> bool:
    """The model's answer was used: the objective names the draft's segment and provenance says so."""
    result = record.result
    assert result is not None and result.provenance is not None
    return (
        result.provenance.model_slots == ["O1 segment"]
        and result.objectives[0].sentence.endswith(f"pour {SEGMENT}")
        and not result.needs_input
    )


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKR_REWRITER_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key-000")


class SlowRouter:
    """Router-shaped: answers like FakeModel after `delay`, and records the peak of requests in flight."""

    def __init__(self, delay: float, answer: dict[str, Any] = ANSWER) -> None:
        self.delay = delay
        self.fake = FakeModel(name="slow")
        self.answer = answer
        self.in_flight = 0
        self.peak = 0
        self.calls = 0

    async def acompletion(self, **request: Any) -> Any:
        self.in_flight += 1
        self.calls += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            self.fake.enqueue(self.answer)
            return self.fake.completion(**request)
        finally:
            self.in_flight -= 1


def test_every_input_yields_one_record_in_input_order() -> None:
    inputs: list[Any] = [DRAFT, "", "x" * 20_001, 42, f"{DRAFT}\nÉquipe B"]
    fake = FakeModel(ANSWER, ANSWER)
    records = rewrite_many(inputs, model=fake, concurrency=3)
    assert [r.index for r in records] == [0, 1, 2, 3, 4]
    assert [r.ok for r in records] == [True, False, False, False, True]
    assert [r.error_kind for r in records] == [None, "input", "input", "input", None]
    assert records[1].error == "item 2: The draft is empty: paste at least one objective or key result."
    assert "20,001 characters long; the limit is 20,000" in (records[2].error or "")
    assert records[3].error == "item 4: expected the draft as text, got int"
    assert records[4].result is not None and records[4].result.draft.endswith("Équipe B")
    assert segment_filled(records[0]) and segment_filled(records[4])
    assert len(fake.history) == 2 and fake.pending == 0  # bad inputs cost no model call


def test_a_model_failure_is_a_flagged_rewrite_not_an_error_record() -> None:
    records = rewrite_many([DRAFT, DRAFT + "\n."], model=FakeModel(*INVALID, ANSWER), concurrency=1)
    flagged = records[0]
    assert flagged.ok and flagged.needs_input and flagged.error_kind is None and flagged.error is None
    assert flagged.result is not None and flagged.result.provenance is not None
    assert flagged.result.provenance.attempts == 3
    assert "fake/model gave no valid answer after 3 attempt(s)" in (flagged.result.provenance.error or "")
    # Code's rewrite, usable: the roadmap objective rewritten, its segment asked, the replaced objective and
    # the deliverables kept as initiatives.
    [objective] = flagged.result.objectives
    assert objective.sentence == "Faciliter le travail sans réseau pour [segment à préciser]"
    assert len(objective.key_results) == 1  # the fact's KR; the second measure is asked for
    assert any(q.field == "segment" for q in flagged.result.questions)
    assert [i.text for i in objective.initiatives] == INITIATIVES
    assert any("Le modèle n'a pas pu compléter la réécriture" in line for line in flagged.result.rationale)
    assert segment_filled(records[1]) and not records[1].needs_input
    summary = Summary.of(records)
    assert (summary.total, summary.ok, summary.needs_input, summary.failed) == (2, 2, 1, 0)
    assert (summary.by_kind, summary.model_calls) == ({}, 4)


def test_sound_drafts_make_no_model_call(tmp_path: Path) -> None:
    fake = FakeModel()  # nothing queued: any model call would be a failure, flagged needs_input
    cache = ResponseCache(tmp_path / "responses")
    records = rewrite_many(sound_drafts(3), model=fake, cache=cache)
    assert fake.history == [] and Summary.of(records).model_calls == 0
    for record in records:
        assert record.ok and not record.needs_input and record.result is not None
        assert record.result.kept_as_is and record.result.provenance is not None
        assert record.result.provenance.model == "code"
        assert record.result.objectives[0].sentence == (
            "Rendre l'onboarding autonome pour les nouveaux clients PME"
        )
    # Nothing to save by caching code's own rewrite: it is recomputed, never served stale.
    assert len(cache) == 0
    mixed = rewrite_many([SOUND, DRAFT], model=FakeModel(ANSWER), cache=False)
    assert Summary.of(mixed).model_calls == 1 and segment_filled(mixed[1])


async def test_concurrency_is_bounded_and_used() -> None:
    router = SlowRouter(delay=0.05)
    records = await arewrite_many(drafts(20), model=llm.Routed(router, "okr"), concurrency=4, cache=False)
    assert all(r.ok and segment_filled(r) for r in records) and router.calls == 20
    assert router.peak == 4


def test_the_local_model_runs_one_request_at_a_time() -> None:
    assert effective_concurrency("local/qwen2.5-coder-1.5b", 8) == 1
    assert effective_concurrency("openai/gpt-4o-mini", 8) == 8
    with pytest.raises(ValueError, match="at least 1"):
        effective_concurrency("openai/gpt-4o-mini", 0)


async def test_a_slow_item_times_out_alone() -> None:
    fast, slow = SlowRouter(delay=0.0), SlowRouter(delay=5.0)

    class Either:
        async def acompletion(self, **request: Any) -> Any:
            last = request["messages"][-1]["content"]
            return await (slow if "lente" in last else fast).acompletion(**request)

    items = [DRAFT, f"{DRAFT}\nÉquipe lente", f"{DRAFT}\nÉquipe C"]
    start = time.perf_counter()
    records = await arewrite_many(items, model=llm.Routed(Either(), "okr"), timeout=0.3, cache=False)
    assert time.perf_counter() - start < 3  # the slow call was cancelled, not waited for
    assert [r.error_kind for r in records] == [None, None, None] and all(r.ok for r in records)
    assert [r.needs_input for r in records] == [False, True, False]
    assert segment_filled(records[0]) and segment_filled(records[2])
    late = records[1].result
    assert late is not None and late.provenance is not None
    assert late.provenance.error == "no valid answer within 0.3 s; the request was cancelled"
    assert late.objectives[0].sentence.endswith("pour [segment à préciser]")  # code's rewrite, to finish
    assert (slow.calls, fast.calls) == (1, 2)


def test_progress_is_reported_after_each_item() -> None:
    seen: list[Progress] = []
    model = FakeModel(ANSWER, *INVALID)
    rewrite_many(["", *drafts(2)], model=model, concurrency=1, on_progress=seen.append)
    counts = [(p.done, p.total, p.ok, p.needs_input, p.failed) for p in seen]
    assert counts == [(1, 3, 0, 0, 1), (2, 3, 1, 0, 1), (3, 3, 2, 1, 1)]


async def test_the_blocking_api_works_inside_a_running_event_loop() -> None:
    records = rewrite_many(drafts(1), model=FakeModel(ANSWER))
    assert segment_filled(records[0])


def test_a_cached_rerun_makes_no_model_call(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "responses")
    first = FakeModel(*[ANSWER] * 3)
    records = rewrite_many(drafts(3), model=first, cache=cache)
    assert all(r.ok and not r.cached for r in records) and len(cache) == 3
    again = FakeModel()  # nothing queued: any model call would fail the item
    replay = rewrite_many(drafts(3), model=again, cache=cache)
    assert all(r.ok and r.cached for r in replay) and again.history == []
    assert [r.result for r in replay] == [r.result for r in records]
    # The key covers the request: another output language is another request, hence a miss.
    english = FakeModel()
    other = rewrite_many(drafts(1), model=english, cache=cache, lang="en")
    assert not other[0].cached and len(english.history) == 1 and other[0].needs_input


def test_failed_model_steps_are_not_cached(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "responses")
    failed = rewrite_many(drafts(1), model=FakeModel(*INVALID), cache=cache)
    assert failed[0].ok and failed[0].needs_input and len(cache) == 0
    retry = FakeModel(ANSWER)
    retried = rewrite_many(drafts(1), model=retry, cache=cache)
    assert not retried[0].cached and segment_filled(retried[0]) and len(retry.history) == 1
    assert len(cache) == 1


def test_a_fake_model_is_not_cached_by_default(tmp_path: Path) -> None:
    rewrite_many(drafts(1), model=FakeModel(ANSWER))
    assert not (tmp_path / "cache").exists()


def test_checkpoint_receives_each_record_and_resume_skips_them(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    rewrite_many(drafts(2), model=FakeModel(ANSWER, ANSWER), checkpoint=out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["index"] for line in lines) == [0, 1]
    with pytest.raises(CheckpointError, match="already exists; pass --resume"):
        rewrite_many(drafts(2), model=FakeModel(), checkpoint=out)
    more = FakeModel(ANSWER)
    records = rewrite_many(drafts(3), model=more, checkpoint=out, resume=True)
    assert [r.index for r in records] == [0, 1, 2] and all(r.ok for r in records)
    assert len(more.history) == 1  # only the new item was sent
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_resume_drops_a_torn_last_line_and_redoes_its_item(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    rewrite_many(drafts(2), model=FakeModel(ANSWER, ANSWER), checkpoint=out, concurrency=1)
    data = out.read_bytes()
    last_start = data.rstrip(b"\n").rfind(b"\n") + 1
    out.write_bytes(data[: last_start + 40])  # the second record was cut mid-write
    assert Checkpoint(out).load().keys() == {0}
    assert out.read_bytes() == data[:last_start]  # truncated back to the last whole line
    again = FakeModel(ANSWER)
    records = rewrite_many(drafts(2), model=again, checkpoint=out, resume=True)
    assert all(r.ok for r in records) and len(again.history) == 1
    lines = out.read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["index"] for line in lines) == [0, 1]


def test_resume_refuses_a_checkpoint_of_another_input(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    rewrite_many(drafts(2), model=FakeModel(ANSWER, ANSWER), checkpoint=out)
    with pytest.raises(CheckpointError, match="written for another input"):
        rewrite_many(list(reversed(drafts(2))), model=FakeModel(), checkpoint=out, resume=True)
    out.write_text('{"not": "a record"}\n{"index": 0}\n', encoding="utf-8")
    with pytest.raises(CheckpointError, match="line 1: not a batch record"):
        rewrite_many(drafts(2), model=FakeModel(), checkpoint=out, resume=True)


def test_records_round_trip_through_json_and_exports(tmp_path: Path) -> None:
    items = [
        InputItem(index=0, label="line 2", id="A", text=DRAFT, fields={"team": "Terrain"}),
        InputItem(index=1, label="line 3", id="B", text=" ", fields={"team": "=HYPERLINK()"}),
        InputItem(index=2, label="line 4", id="C", text=f"{DRAFT}\nÉquipe C", fields={"team": "Terrain"}),
    ]
    records = rewrite_many(items, model=FakeModel(ANSWER, *INVALID), concurrency=1)
    assert [BatchRecord.model_validate_json(r.model_dump_json()) for r in records] == records
    rows = export.record_rows(records[0])
    assert len(rows) == len(records[0].result.objectives[0].key_results) == 1  # type: ignore[union-attr]
    assert rows[0]["where"] == "line 2" and rows[0]["team"] == "Terrain"
    assert {row["objective"] for row in rows} == {records[0].result.objectives[0].sentence}  # type: ignore[union-attr]
    assert rows[0]["objective"].endswith(f"pour {SEGMENT}")
    # The draft's fact is the baseline of the KR measuring it, and only of it; the cycle is every deadline.
    [fact] = [row for row in rows if row["baseline"] is not None]
    assert (fact["baseline"], fact["unit"]) == ("70", "%") and "sans connexion" in fact["metric"]
    assert [row["deadline"] for row in rows] == ["fin T1 2027"] * len(rows)
    initiatives = [line for row in rows for line in row["initiatives"].splitlines()]
    assert initiatives == INITIATIVES
    assert all("valeur visez-vous" in row["questions"] for row in rows)
    assert (rows[0]["level_before"], rows[0]["level_after"]) == (2, 3)
    assert not any(row["needs_input"] for row in rows)
    error_row = export.record_rows(records[1])
    assert len(error_row) == 1 and "The draft is empty" in error_row[0]["error"]
    flagged = export.record_rows(records[2])
    assert all(row["needs_input"] for row in flagged) and not any(r["error"] for r in flagged)
    assert flagged[0]["objective"].endswith("pour [segment à préciser]")
    text = export.results_csv(records)
    assert "'=HYPERLINK()" in text  # a spreadsheet must not run a cell from the input
    import csv

    table = list(csv.DictReader(text.splitlines()))
    assert [(row["where"], row["needs_input"]) for row in table] == [
        ("line 2", "false"),
        ("line 3", ""),
        ("line 4", "true"),
    ]
    path = export.results_to_xlsx(records, tmp_path / "out.xlsx")
    import openpyxl

    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["item", "where", "id", "team"] and len(values) == 1 + len(table)
    assert "needs_input" in values[0]
    assert "=HYPERLINK()" in [v for row in values for v in row]  # stored as text, not a formula
    md = export.results_markdown(records)
    assert md.startswith("# line 2 — A\n\n## Objectif 1") and "# line 3 — B\n\n**Error** (input)" in md
    assert "# line 4 — C\n\n## Objectif 1" in md and "Le modèle n'a pas pu compléter" in md


def test_redaction_masks_key_shaped_strings() -> None:
    message = "401: Incorrect API key provided: sk-proj-abcdef123456 (Bearer abcdefgh12345678)"
    assert redact(message) == "401: Incorrect API key provided: *** (***)"
    assert redact("token custom-secret-value leaked", "custom-secret-value") == "token *** leaked"


# ---------------------------------------------------------------------------------------- real litellm


@pytest.fixture
def stub() -> Iterator[str]:
    with running_stub(delay=0.0) as url:
        yield url


def test_through_litellm_to_an_openai_compatible_server(stub: str) -> None:
    records = rewrite_many(drafts(4), model="openai/stub", api_base=stub, concurrency=4, cache=False)
    assert all(r.ok and segment_filled(r) for r in records), [r.result for r in records]
    assert requests_seen(stub) == 4
    assert records[0].result is not None and records[0].result.provenance is not None
    assert records[0].result.provenance.model == "openai/stub"
    # Sound drafts never reach the server.
    assert all(r.ok for r in rewrite_many(sound_drafts(2), model="openai/stub", api_base=stub, cache=False))
    assert requests_seen(stub) == 4
    assert "sk-test" not in json.dumps([r.model_dump(mode="json") for r in records])


@pytest.mark.parametrize("status", [429, 500])
def test_rate_limits_and_server_errors_are_retried_by_litellm(status: int) -> None:
    with running_stub(delay=0.0, fail_first=2, fail_status=status) as url:
        records = rewrite_many(drafts(1), model="openai/stub", api_base=url, num_retries=3, cache=False)
        assert segment_filled(records[0]), records[0].result
        assert requests_seen(url) == 3  # two failures, then the answer


def test_without_retries_a_server_error_leaves_a_flagged_rewrite() -> None:
    with running_stub(delay=0.0, fail_first=1, fail_status=500) as url:
        records = rewrite_many(
            drafts(2), model="openai/stub", api_base=url, num_retries=0, concurrency=1, cache=False
        )
        assert requests_seen(url) == 2
    assert [r.error_kind for r in records] == [None, None] and all(r.ok for r in records)
    assert [r.needs_input for r in records] == [True, False] and segment_filled(records[1])
    provenance = records[0].result.provenance if records[0].result else None
    assert provenance is not None and "stub failure 1" in (provenance.error or "")
    assert "sk-test" not in records[0].model_dump_json()


def test_a_router_spreads_the_batch_over_two_servers() -> None:
    import litellm

    with running_stub(delay=0.02) as first, running_stub(delay=0.02) as second:
        router = litellm.Router(
            model_list=[
                {"model_name": "okr", "litellm_params": {"model": "openai/stub", "api_base": first}},
                {"model_name": "okr", "litellm_params": {"model": "openai/stub", "api_base": second}},
            ],
            routing_strategy="simple-shuffle",
            num_retries=2,
        )
        records = rewrite_many(drafts(24), model=llm.Routed(router, "okr"), concurrency=6, cache=False)
        assert all(segment_filled(r) for r in records), [r.result for r in records]
        a, b = requests_seen(first), requests_seen(second)
    assert a + b == 24 and a > 0 and b > 0


def test_a_cached_rerun_skips_parsing_through_the_alias(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ResponseCache(tmp_path / "responses")
    rewrite_many(drafts(2), model=FakeModel(ANSWER, ANSWER), cache=cache)

    def no_analysis(*_: Any, **__: Any) -> Any:
        raise AssertionError("a cached re-run must not parse or analyse the draft")

    monkeypatch.setattr("rewriter.rewriting.prepare", no_analysis)
    replay = rewrite_many(drafts(2), model=FakeModel(), cache=cache)
    assert all(r.ok and r.cached for r in replay)
    # A code change gives new aliases: the request key is computed again (and still hits).
    monkeypatch.undo()
    monkeypatch.setattr("rewriter.response_cache.code_version", lambda: "another version")
    again = rewrite_many(drafts(2), model=FakeModel(), cache=cache)
    assert all(r.ok and r.cached for r in again)


# ---------------------------------------------------------------------------------------- resume rules


def _checkpoint_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_each_record_names_the_model_language_and_prompt_it_was_made_with(tmp_path: Path) -> None:
    from rewriter import prompts

    out = tmp_path / "out.jsonl"
    rewrite_many(drafts(1), model=FakeModel(ANSWER, name="fake/a"), lang="fr", checkpoint=out)
    [line] = _checkpoint_lines(out)
    assert line["run"] == {"model": "fake/a", "lang": "fr", "prompt_version": prompts.prompt_version()}


def test_resume_with_the_same_model_and_language_continues(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    rewrite_many(drafts(2), model=FakeModel(ANSWER, ANSWER, name="fake/a"), lang="fr", checkpoint=out)
    same = FakeModel(ANSWER, name="fake/a")
    records = rewrite_many(drafts(3), model=same, lang="fr", checkpoint=out, resume=True)
    assert all(segment_filled(r) for r in records) and len(same.history) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"model": FakeModel(name="fake/b")}, r"made with model 'fake/a' .*asks for model 'fake/b'"),
        ({"lang": "en"}, r"made with language 'fr' .*asks for language 'en'"),
        ({"lang": None}, r"made with language 'fr' .*asks for each draft's own language"),
    ],
)
def test_resume_with_another_model_or_language_is_refused(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    out = tmp_path / "out.jsonl"
    rewrite_many(drafts(2), model=FakeModel(ANSWER, ANSWER, name="fake/a"), lang="fr", checkpoint=out)
    before = out.read_bytes()
    options: dict[str, Any] = {"model": FakeModel(name="fake/a"), "lang": "fr", **change}
    with pytest.raises(CheckpointError, match=message) as refused:
        rewrite_many(drafts(3), checkpoint=out, resume=True, **options)
    assert "write to another output file, or pass --overwrite" in str(refused.value)
    assert out.read_bytes() == before  # nothing appended, nothing truncated
    assert options["model"].history == []


def test_resume_after_a_prompt_change_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.jsonl"
    rewrite_many(drafts(1), model=FakeModel(ANSWER), checkpoint=out)
    monkeypatch.setattr("rewriter.prompts.prompt_version", lambda: "0123abcd")
    with pytest.raises(CheckpointError, match=r"asks for prompt version '0123abcd'"):
        rewrite_many(drafts(2), model=FakeModel(), checkpoint=out, resume=True)


def test_input_errors_do_not_tie_a_checkpoint_to_a_model(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    rewrite_many(["", "  "], model=FakeModel(name="fake/a"), checkpoint=out)
    other = FakeModel(ANSWER, name="fake/b")
    records = rewrite_many(["", "  ", DRAFT], model=other, checkpoint=out, resume=True)
    assert [r.error_kind for r in records] == ["input", "input", None] and len(other.history) == 1
    assert segment_filled(records[2])


def test_an_older_checkpoint_is_checked_on_its_provenance(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    rewrite_many(drafts(1), model=FakeModel(ANSWER, name="fake/a"), checkpoint=out)
    legacy = [{k: v for k, v in line.items() if k != "run"} for line in _checkpoint_lines(out)]
    out.write_text("".join(json.dumps(line) + "\n" for line in legacy), encoding="utf-8")
    with pytest.raises(CheckpointError, match="made with model 'fake/a'"):
        rewrite_many(drafts(2), model=FakeModel(name="fake/b"), checkpoint=out, resume=True)
    # Its language was not recorded (it was the drafts' own), so an explicit one resumes with the same model.
    same = FakeModel(ANSWER, name="fake/a")
    resumed = rewrite_many(drafts(2), model=same, lang="fr", checkpoint=out, resume=True)
    assert all(segment_filled(r) for r in resumed) and len(same.history) == 1


def test_cli_resume_with_another_model_exits_2_and_keeps_the_output(
    stub: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rewriter import cli

    source = tmp_path / "okrs.csv"
    source.write_text(f'id;draft\n1;"{DRAFT}"\n2;"{DRAFT}\nÉquipe B"\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    base = ["batch", str(source), "-o", str(out), "--api-base", stub, "-q", "--no-cache"]
    assert cli.main([*base, "-m", "openai/stub"]) == 0
    before = out.read_bytes()
    capsys.readouterr()
    assert cli.main([*base, "-m", "openai/other", "--resume"]) == 2
    err = capsys.readouterr().err
    assert "made with model 'openai/stub'" in err and "asks for model 'openai/other'" in err
    assert "--overwrite" in err
    assert cli.main([*base, "-m", "openai/stub", "--lang", "en", "--resume"]) == 2
    assert out.read_bytes() == before and requests_seen(stub) == 2
    assert cli.main([*base, "-m", "openai/stub", "--resume"]) == 0
    assert requests_seen(stub) == 2  # every draft was already done with this model


# ---------------------------------------------------------------------------------------- blank rows


async def test_a_blank_csv_row_is_an_error_row_in_the_output(tmp_path: Path) -> None:
    import csv

    from rewriter.batch import arewrite_file
    from rewriter.files import read_drafts

    source = tmp_path / "okrs.csv"
    source.write_text(
        f'team,draft\nProduit,"{DRAFT}"\nGrowth, \n,\nSupport,"{DRAFT}\nB"\n\n', encoding="utf-8"
    )
    fake = FakeModel(ANSWER, ANSWER)
    batch = await arewrite_file(read_drafts(source), tmp_path / "out.csv", model=fake)
    n = DRAFT.count("\n")  # the quoted draft spans several lines
    labels = ["line 2", f"line {3 + n}", f"line {4 + n}", f"line {5 + n}"]
    assert [r.label for r in batch.records] == labels
    assert [r.error_kind for r in batch.records] == [None, "input", "input", None]
    assert segment_filled(batch.records[0]) and segment_filled(batch.records[3])
    blank = f"line {4 + n}: the draft cell is empty (column 'draft'); write the draft there"
    assert batch.records[2].error == blank
    assert len(fake.history) == 2  # blank drafts cost no model call
    rows = list(csv.DictReader((tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert {row["where"] for row in rows} == set(labels)
    assert [row["error"] for row in rows if row["where"] == labels[2]] == [blank]


def test_rows_carry_the_metrics_suggested_for_the_draft() -> None:
    from rewriter.library import get_metric

    items = [
        InputItem(
            index=0,
            label="line 2",
            text="Objectif : Réduire l'abandon des paniers\n- Lancer le paiement en un clic",
        ),
        InputItem(index=1, label="line 3", text=" "),
    ]
    records = rewrite_many(items, model=FakeModel(ANSWER))
    rows = export.record_rows(records[0])
    ids = rows[0]["suggested_metrics"].split(";")
    assert ids[0].endswith("cart_abandonment_rate") and len(ids) <= export.SUGGESTED_PER_OBJECTIVE
    assert all(get_metric(i) for i in ids)  # ids of the library, never vanity metrics
    assert not any(get_metric(i).vanity for i in ids)
    assert {r["suggested_metrics"] for r in rows} == {rows[0]["suggested_metrics"]}  # per draft
    assert not export.record_rows(records[1])[0]["suggested_metrics"]  # no draft, no suggestion
    header = export.results_csv(records).splitlines()[0].split(",")
    assert "suggested_metrics" in header
