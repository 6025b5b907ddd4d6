"""Bad parameters and odd drafts on the web API and form: clear messages in the page's language, no model call."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import gradio as gr
import httpx
import pytest
from app_fixtures import V2_DRAFT, ServedApp, fake, served_app, v2_answer
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from rewriter import FakeModel, batch, files
from rewriter import presentation as ui

__all__ = ["fake", "served_app"]  # fixtures used by name

GERMAN = "Ziel: Unsere Kunden begeistern\nKR1: Kundenzufriedenheit von 70 % auf 80 % steigern"
SPANISH = (
    "Objetivo: Mejorar la experiencia de onboarding\nKR1: Aumentar la tasa de activación del 20 % al 35 %"
)
_RANDOM = random.Random(7)
NOISE = "".join(chr(_RANDOM.choice([*range(1, 9), *range(14, 32)])) for _ in range(200))
# What a message shown to a person must never hold.
RAW = ("validation error", "pydantic", "Traceback", "upstream", "Input should", "/tmp/", "gradio/")


@pytest.fixture(scope="module")
def client(served_app: ServedApp, tmp_path_factory: pytest.TempPathFactory) -> Client:
    return Client(served_app.url, verbose=False, download_files=str(tmp_path_factory.mktemp("downloads")))


def _jsonl(*rows: dict[str, str]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _raw_call(url: str, endpoint: str, *data: Any) -> Any:
    """An API call over plain HTTP: gradio_client cannot encode a lone surrogate, a browser's JSON can."""
    body = json.dumps({"data": list(data)})  # ASCII: the surrogate travels as the escape \\udcff
    headers = {"content-type": "application/json"}
    posted = httpx.post(f"{url}gradio_api/call/{endpoint}", content=body, headers=headers, timeout=30)
    posted.raise_for_status()
    stream = httpx.get(f"{url}gradio_api/call/{endpoint}/{posted.json()['event_id']}", timeout=60).text
    events = [line.removeprefix("event: ") for line in stream.splitlines() if line.startswith("event: ")]
    payload = [line.removeprefix("data: ") for line in stream.splitlines() if line.startswith("data: ")]
    assert events[-1] == "complete", stream
    return json.loads(payload[-1])


def _refused(client: Client, endpoint: str, *args: Any) -> str:
    with pytest.raises(AppError) as caught:
        client.predict(*args, api_name=endpoint)
    message = str(caught.value)
    assert not any(raw in message for raw in RAW), message
    return message


# ---- drafts in another language, noise, invalid Unicode


def test_a_german_or_spanish_draft_is_refused_by_rewrite_in_the_language_asked(
    client: Client, fake: FakeModel
) -> None:
    english = _refused(client, "/rewrite", GERMAN, "", "auto")
    assert "looks written in German: okr-rewriter reads French and English only" in english
    french = _refused(client, "/rewrite", SPANISH, "", "fr")
    assert "semble écrit en espagnol : okr-rewriter ne lit que le français et l'anglais" in french
    assert fake.history == []


def test_the_diagnosis_of_a_german_draft_still_shows_with_its_note(client: Client, fake: FakeModel) -> None:
    found = client.predict(GERMAN, "fr", api_name="/diagnose")
    assert found["level"] in (1, 2, 3, 4) and "ne lit que le français et l'anglais" in found["note"]
    assert client.predict(V2_DRAFT, "fr", api_name="/diagnose")["note"] is None
    import app

    panel = app.diagnose_text(GERMAN, "fr")
    assert 'class="okr-note okr-draft-note"' in panel and "ne lit que le français" in panel
    assert 'class="okr-diagnosis"' in panel and "Indicateurs suggérés" not in panel
    assert fake.history == []


def test_noise_gets_a_note_and_no_model_call(client: Client, fake: FakeModel) -> None:
    assert "No French or English words" in _refused(client, "/rewrite", NOISE, "", "auto")
    assert "Aucun mot français ou anglais" in _refused(client, "/diagnose", NOISE, "fr")
    import app

    assert "Aucun mot français ou anglais" in app.diagnose_text(NOISE, "fr")
    assert fake.history == []


def test_a_lone_surrogate_is_replaced_not_a_dropped_connection(
    served_app: ServedApp, fake: FakeModel
) -> None:
    fake.enqueue(v2_answer())
    result, markdown = _raw_call(served_app.url, "rewrite", f"{V2_DRAFT} \udcff", "", "auto")
    assert result["error"] is None and "\ufffd" in result["draft"] and "\ufffd" in markdown
    diagnosis = _raw_call(served_app.url, "diagnose", f"{V2_DRAFT}\udcff", "en")[0]
    assert diagnosis["level"] == 1


# ---- parameters: types, choices, ranges, lengths


@pytest.mark.parametrize(
    ("endpoint", "args", "message"),
    [
        ("/diagnose", (123, "en"), "The draft must be text, not int"),
        ("/diagnose", (123, "fr"), "Le brouillon doit être du texte, pas int"),
        ("/diagnose", (V2_DRAFT, "de"), 'lang must be "fr", "en", not \'de\''),
        ("/suggest", (V2_DRAFT, "auto", "five"), "k must be an integer, not text"),
        ("/suggest", (V2_DRAFT, "auto", 0), "k must be between 1 and 20, not 0"),
        ("/suggest", (V2_DRAFT, "fr", 99), "k doit être compris entre 1 et 20, pas 99"),
        ("/suggest", (V2_DRAFT, "xx", 3), 'lang must be "auto", "fr", "en", not \'xx\''),
        ("/rewrite", (["a list"], "", "auto"), "The draft must be text, not list"),
        ("/rewrite", (V2_DRAFT, 42, "auto"), "model must be text, not a number"),
        ("/rewrite", (V2_DRAFT, "x" * 500, "auto"), "model is 500 characters long; the limit is 200"),
        ("/rewrite", (V2_DRAFT, "", "english"), 'lang must be "auto", "fr", "en", not \'english\''),
    ],
)
def test_bad_parameters_get_a_message_naming_them(
    client: Client, fake: FakeModel, endpoint: str, args: tuple[Any, ...], message: str
) -> None:
    assert message in _refused(client, endpoint, *args)
    assert fake.history == []


@pytest.fixture(scope="module")
def open_result(served_app: ServedApp, client: Client) -> dict[str, Any]:
    served_app.fake.enqueue(v2_answer())
    result, _ = client.predict(V2_DRAFT, "", "en", api_name="/rewrite")
    served_app.fake.history.clear()
    assert result["questions"]
    return dict(result)


def _answer(**values: Any) -> list[dict[str, Any]]:
    return [{"objective": 0, "kr": 0, "field": "baseline", "value": "12%", **values}]


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (_answer(objective=-1), "answer #1: objective is -1, but the result has 1 objective(s): 0 to 0"),
        (_answer(objective=99), "answer #1: objective is 99, but the result has 1 objective(s): 0 to 0"),
        (_answer(kr=7), "answer #1: kr is 7, but objective 0 has 1 key result(s): 0 to 0"),
        (_answer(value="x" * 100_000), "answer #1: the value is 100000 characters long; the limit is 200"),
        (_answer(value="   "), "answer #1: the value is empty"),
        (
            _answer(field="colour"),
            "answer #1: field must be baseline, target, deadline, segment, value, metric or parent",
        ),
        (_answer(field="segment"), "answer #1: the result has no open question (0, 0, segment)"),
        (_answer(objective=True), "answer #1 must be an object with objective (int)"),
        ("all of them", "answers must be a list, not text"),
        ([{"objective": 0}] * 201, "answers holds 201 items; the limit is 200"),
    ],
)
def test_answers_are_checked_against_the_result(
    client: Client, fake: FakeModel, open_result: dict[str, Any], answers: Any, message: str
) -> None:
    assert message in _refused(client, "/answer", open_result, answers)


@pytest.mark.parametrize(
    ("result", "message"),
    [
        (
            {"lang": "fr", "draft": "x", "objectives": "none"},
            "result is not a result returned by /rewrite: its field objectives",
        ),
        ("my result", "result must be a JSON object, not text"),
    ],
)
def test_a_result_that_is_not_one_gets_a_plain_message(
    client: Client, fake: FakeModel, result: Any, message: str
) -> None:
    assert message in _refused(client, "/answer", result, _answer())


def test_batch_reads_no_file_the_client_did_not_upload(served_app: ServedApp, tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text('draft\n"Objectif : Racheter le concurrent en secret"\n', encoding="utf-8")
    sent = {"path": str(secret), "meta": {"_type": "gradio.FileData"}}
    body = json.dumps({"data": [sent, "", "", "auto"]})  # raw HTTP: gradio_client would upload the file
    headers = {"content-type": "application/json"}
    posted = httpx.post(f"{served_app.url}gradio_api/call/batch", content=body, headers=headers, timeout=30)
    stream = httpx.get(f"{served_app.url}gradio_api/call/batch/{posted.json()['event_id']}", timeout=60).text
    assert "event: error" in stream and "not uploaded by a user" in stream and "Racheter" not in stream


def test_batch_parameters_and_rows_in_another_language(
    client: Client, fake: FakeModel, tmp_path: Path
) -> None:
    upload = tmp_path / "okrs.jsonl"
    upload.write_text(_jsonl({"draft": V2_DRAFT}, {"draft": SPANISH}), encoding="utf-8")
    assert "lang must be" in _refused(client, "/batch", handle_file(str(upload)), "", "", "es")
    assert "column must be text, not a number" in _refused(
        client, "/batch", handle_file(str(upload)), 3, "", "auto"
    )
    fake.enqueue(v2_answer())
    records, _ = client.predict(handle_file(str(upload)), "", "", "auto", api_name="/batch")
    assert records[0]["error"] is None
    assert records[1]["error_code"] == "draft.language" and "Spanish" in records[1]["error"]
    assert records[1]["error_params"]["language"] == "es"


# ---- the French page: every message in French, no server path


def test_the_french_page_says_draft_problems_in_french() -> None:
    import app

    for text, french in [
        ("", "Le brouillon est vide"),
        ("x" * 20_001, "la limite est de 20\u202f000"),
        ("Objectif\x00", "octets NUL"),
        (GERMAN, "semble écrit en allemand"),
    ]:
        with pytest.raises(gr.Error) as caught:
            app._checked_draft(text, "fr", language=True)
        assert french in caught.value.message
    assert "Le brouillon fait 20\u202f001 caractères" in app.diagnose_text("x" * 20_001, "fr")


@pytest.mark.parametrize(
    ("name", "content", "french"),
    [
        (
            "okrs.xls",
            b"\xd0\xcf\x11\xe0",
            "okrs.xls : les fichiers Excel 97-2003 (.xls) ne sont pas pris en charge",
        ),
        ("okrs.csv", b"", "okrs.csv est vide."),
        ("okrs.xlsx", b"not a workbook", "okrs.xlsx n'est pas un classeur .xlsx lisible"),
        ("okrs.csv", "équipe;brouillon\n".encode(), "okrs.csv a une ligne d'en-tête (équipe, brouillon)"),
        ("okrs.jsonl", b"{not json\n", "Aucune ligne de okrs.jsonl n'est un brouillon utilisable"),
    ],
)
def test_upload_problems_are_said_in_french_without_the_server_path(
    tmp_path: Path, name: str, content: bytes, french: str
) -> None:
    import app

    upload = tmp_path / "gradio" / "0123abcd" / name
    upload.parent.mkdir(parents=True)
    upload.write_bytes(content)
    with pytest.raises(gr.Error) as caught:
        app._read_batch_file(str(upload), None, "fr")
    message = caught.value.message
    assert french in message and str(tmp_path) not in message
    _, _, status = app.batch_upload(str(upload), "fr")  # the Lot tab says it in its status line
    assert 'class="okr-status okr-problem"' in status and "0123abcd" not in status


def test_batch_rows_say_their_problem_in_the_page_language(tmp_path: Path) -> None:
    upload = tmp_path / "okrs.jsonl"
    lines = [_jsonl({"draft": V2_DRAFT}), "{not json\n", _jsonl({"draft": ""}, {"draft": SPANISH})]
    upload.write_text("".join(lines), encoding="utf-8")
    found = files.read_drafts(upload)
    records = batch.rewrite_many(found.items, model=FakeModel(v2_answer()), cache=False)
    table = ui.batch_rows(records, "fr")
    statuses = [row[2] for row in table["data"]]
    assert statuses[1] == "erreur (brouillon) : JSON invalide (colonne 2) ; la ligne a été ignorée."
    assert statuses[2] == "erreur (brouillon) : Le champ 'draft' est vide ; écrivez-y le brouillon."
    assert statuses[3].startswith("erreur (brouillon) : Ce brouillon semble écrit en espagnol")
    preview = ui.batch_preview(found, "fr")["data"]
    assert preview[1][2] == "JSON invalide (colonne 2) ; la ligne a été ignorée."
    english = ui.batch_rows(records, "en")["data"]
    assert "invalid JSON" in english[1][2] and "looks written in Spanish" in english[3][2]


def test_the_form_refuses_an_unknown_local_model_in_french() -> None:
    import app

    with pytest.raises(gr.Error, match="Modèle local inconnu : « local/nope »"):
        app._checked_model("local/nope", lambda name: FakeModel(), "fr")
