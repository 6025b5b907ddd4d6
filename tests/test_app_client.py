"""Every named endpoint of the web app, called through gradio_client against the real app on a FakeModel."""

from __future__ import annotations

import csv
import io
from html import unescape
from pathlib import Path
from typing import Any

import httpx
import pytest
from app_fixtures import (
    ALIGN_ANSWER,
    ALIGN_DRAFT,
    ALIGN_OBJECTIVE,
    ALIGN_PARENT,
    CHOICE_DRAFT,
    CHOICE_METRIC,
    SEGMENT,
    SEGMENT_DRAFT,
    SOUND_DRAFT,
    V2_DRAFT,
    ServedApp,
    fake,
    segment_answer,
    serve,
    served_app,
    v2_answer,
)
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from rewriter import FakeModel
from rewriter.result import RewriteResult
from rewriter.rewriting import MAX_DRAFT_CHARS

__all__ = ["fake", "served_app"]  # fixtures used by name

ENDPOINTS = {"/diagnose", "/suggest", "/rewrite", "/answer", "/batch", "/audit"}
# SEGMENT_DRAFT's delivery objective is replaced by a rendered one: it is carried first, word for word, then
# its deliverable, both linked to the feature adoption KR.
CARRIED_INITIATIVES = [
    {"text": "Lancer la v2", "kr": 0, "cells": None},
    {"text": f"Livrer la feature A pour {SEGMENT}", "kr": 0, "cells": None},
]


@pytest.fixture(scope="module")
def client(served_app: ServedApp, tmp_path_factory: pytest.TempPathFactory) -> Client:
    return Client(served_app.url, verbose=False, download_files=str(tmp_path_factory.mktemp("downloads")))


def test_the_api_lists_exactly_the_documented_endpoints(client: Client) -> None:
    api = client.view_api(return_format="dict", print_info=False)
    assert isinstance(api, dict)
    assert set(api["named_endpoints"]) == ENDPOINTS
    # UI events (live diagnosis, answers form, language switch) stay private.
    assert api["unnamed_endpoints"] == {}
    for name, endpoint in api["named_endpoints"].items():
        assert endpoint["description"], f"{name} has no description"
    params = {n: [p["parameter_name"] for p in e["parameters"]] for n, e in api["named_endpoints"].items()}
    assert params == {
        "/diagnose": ["draft", "lang"],
        "/suggest": ["draft", "lang", "k"],
        "/rewrite": ["draft", "model", "lang"],
        "/answer": ["result", "answers"],
        "/batch": ["file", "column", "model", "lang"],
        "/audit": ["file", "previous", "lang"],
    }


def test_diagnose_points_findings_at_lines_without_a_model_call(client: Client, fake: FakeModel) -> None:
    found = client.predict("Objectif : Lancer la v2\nKR : Livrer la feature A", "fr", api_name="/diagnose")
    assert found["level"] == 1 and found["level_name"] == "features"
    assert found["reasons"]
    by_code = {f["code"]: f for f in found["findings"]}
    assert by_code["kr.output_verb"]["line"] == 2
    assert by_code["kr.output_verb"]["severity"] == "error"
    assert "livrable" in by_code["kr.output_verb"]["message"]
    assert fake.history == []

    english = client.predict("Objective: Launch v2\nKR: Ship feature A", "en", api_name="/diagnose")
    assert "deliverable" in " ".join(f["message"] for f in english["findings"])


@pytest.mark.parametrize(
    ("draft", "english", "french"),
    [
        ("   \n ", "The draft is empty", "Le brouillon est vide"),
        ("x" * (MAX_DRAFT_CHARS + 1), "the limit is 20,000", "la limite est de 20\u202f000"),
    ],
)
def test_bad_drafts_get_a_precise_error_in_the_language_asked(
    client: Client, fake: FakeModel, draft: str, english: str, french: str
) -> None:
    calls = [
        ("/diagnose", (draft, "fr"), french),
        ("/diagnose", (draft, "en"), english),
        ("/rewrite", (draft, "", "auto"), english),
        ("/rewrite", (draft, "", "fr"), french),
    ]
    for endpoint, args, message in calls:
        with pytest.raises(AppError, match=message):
            client.predict(*args, api_name=endpoint)
    assert fake.history == []


def test_suggest_lists_metrics_per_objective_with_the_matched_words(client: Client, fake: FakeModel) -> None:
    draft = "Objectif : Réduire l'abandon des paniers\nKR : Lancer le paiement en un clic"
    found = client.predict(draft, "auto", 3, api_name="/suggest")
    assert found["lang"] == "fr"
    [objective] = found["objectives"]
    assert objective["objective"] == 0 and objective["text"] == "Réduire l'abandon des paniers"
    top = objective["metrics"][0]
    assert top["metric_id"] == "ecom_cart_abandonment_rate" and top["rank"] == 1
    assert top["name"] == "le taux d'abandon de panier"
    assert top["matched"] and any("panier" in w for w in top["matched"])
    assert len(objective["metrics"]) <= 3
    english_names = client.predict(draft, "en", 3, api_name="/suggest")
    assert english_names["objectives"][0]["metrics"][0]["name"] == "the cart abandonment rate"
    assert fake.history == []


def test_the_live_diagnosis_panel_shows_suggested_metrics_in_the_interface_language() -> None:
    import app

    draft = "Objectif : Réduire l'abandon des paniers\nKR : Lancer le paiement en un clic"
    french = app.diagnose_text(draft, "fr")
    assert "Indicateurs suggérés" in french and 'data-metric="ecom_cart_abandonment_rate"' in french
    assert "le taux d&#x27;abandon de panier" in french
    assert '<span class="okr-word">abandon des paniers</span>' in french  # the words, as written
    english = app.diagnose_text(draft, "en")
    assert "Suggested metrics" in english and "the cart abandonment rate" in english


def test_rewrite_returns_the_result_and_its_markdown(
    client: Client, served_app: ServedApp, fake: FakeModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKR_REWRITER_ALLOWED_MODELS", "openai/gpt-4o-mini")
    fake.enqueue(segment_answer(SEGMENT))
    served_app.models_asked.clear()
    result, markdown = client.predict(SEGMENT_DRAFT, "openai/gpt-4o-mini", "auto", api_name="/rewrite")
    assert result["error"] is None and not result["needs_input"]
    # Code rewrote the roadmap objective on its own subject ("la v2"): feature adoption grounds its KR but
    # names nothing the line says; the model's segment, found in the draft, completes it.
    objective = result["objectives"][0]
    assert objective["key_results"][0]["metric_id"] == "product_feature_adoption_rate"
    assert objective["sentence"] == f"Favoriser l'usage de la v2 pour {SEGMENT}"
    assert result["provenance"]["model_slots"] == ["O1 segment"]
    assert objective["initiatives"] == CARRIED_INITIATIVES
    # One KR the method prescribes for a launch; the second measure is asked for, never a filler KR.
    assert len(objective["key_results"]) == 1
    assert {(q["kr"], q["field"]) for q in result["questions"]} >= {
        (None, "metric"),
        (0, "baseline"),
        (0, "target"),
    }
    assert result["level_before"] == 1 and result["level_after"] == 3
    assert "[base à mesurer]" in markdown and "## Questions à trancher" in markdown
    assert markdown.startswith(f"## Objectif 1 — {objective['sentence']}\n")
    # The model setting reaches the app's model factory as typed; the draft reaches the model as data.
    assert served_app.models_asked == ["openai/gpt-4o-mini"]
    [request] = fake.history
    assert f"<brouillon>\n{SEGMENT_DRAFT}\n</brouillon>" in str(request["messages"][-1]["content"])


def test_a_sound_draft_is_kept_as_written_without_a_model_call(client: Client, fake: FakeModel) -> None:
    result, markdown = client.predict(SOUND_DRAFT, "", "auto", api_name="/rewrite")
    assert fake.history == []
    assert result["kept_as_is"] and result["error"] is None and not result["needs_input"]
    assert result["provenance"]["model"] == "code"
    kept = SOUND_DRAFT.splitlines()
    assert result["objectives"][0]["sentence"] == kept[0].removeprefix("Objectif : ")
    assert [kr["sentence"] for kr in result["objectives"][0]["key_results"]] == [
        line.split(" : ", 1)[1] for line in kept[1:]
    ]
    assert markdown.startswith("## Objectif 1 — Rendre l'onboarding autonome pour les nouveaux clients PME\n")


def test_rewrite_in_english_on_request(client: Client, fake: FakeModel) -> None:
    fake.enqueue(v2_answer())  # the draft names nobody: the model rightly answers null
    result, markdown = client.predict(V2_DRAFT, "", "en", api_name="/rewrite")
    assert result["error"] is None and not result["needs_input"], result["provenance"]
    assert result["lang"] == "en" and "[baseline to measure]" in markdown and "## Open questions" in markdown
    assert result["objectives"][0]["sentence"].endswith("for [segment to specify]")
    assert result["provenance"]["model_slots"] == []
    assert "<draft>" in str(fake.history[0]["messages"][-1]["content"])  # the English prompt


def test_a_model_failure_is_a_usable_flagged_result_not_an_error(client: Client, fake: FakeModel) -> None:
    fake.enqueue("not json", "still not json", "never json")
    result, markdown = client.predict(SEGMENT_DRAFT, "", "auto", api_name="/rewrite")
    assert len(fake.history) == 3  # asked, re-asked twice, then code's rewrite is kept
    assert result["error"] is None and result["needs_input"]
    assert "fake/app gave no valid answer" in result["provenance"]["error"]
    # Code's rewrite: the objective with its segment to specify, KRs from the library, the replaced objective
    # and the deliverable kept as initiatives.
    [objective] = result["objectives"]
    assert objective["sentence"] == "Favoriser l'usage de la v2 pour [segment à préciser]"
    assert len(objective["key_results"]) == 1
    assert objective["initiatives"] == CARRIED_INITIATIVES
    assert any(q["field"] == "segment" for q in result["questions"])
    note = "Le modèle n'a pas pu compléter la réécriture"
    assert note in markdown and "Réécriture impossible" not in markdown
    import app

    html = unescape(app.ui.result_html(RewriteResult.model_validate(result), "fr"))
    assert note in html and "okr-failed" not in html
    assert "gave no valid answer" not in html + markdown  # the model's error is not shown to the PM


def test_an_unknown_embedded_model_is_refused_before_any_call(client: Client, fake: FakeModel) -> None:
    with pytest.raises(AppError, match="Unknown local model 'local/nope'"):
        client.predict(V2_DRAFT, "local/nope", "auto", api_name="/rewrite")
    assert fake.history == []


# ---- the operator's allow-list: a client cannot spend the server's keys on a model nobody chose

ALLOWED = "OKR_REWRITER_ALLOWED_MODELS"


@pytest.fixture
def no_model_settings(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv(ALLOWED, raising=False)
    monkeypatch.delenv("OKR_REWRITER_MODEL", raising=False)
    return monkeypatch


def test_by_default_only_the_embedded_models_and_the_configured_one_are_allowed(
    no_model_settings: pytest.MonkeyPatch,
) -> None:
    from rewriter import llm
    from rewriter.local import catalog

    embedded = tuple(m.litellm_name for m in catalog.MODELS.values())
    assert llm.allowed_models() == embedded
    assert llm.allowed_models()[0] == llm.DEFAULT_MODEL  # the server's default comes first
    with pytest.raises(llm.ModelNotAllowedError, match=f"'openai/gpt-4o' is not allowed.*{ALLOWED}"):
        llm.check_allowed("openai/gpt-4o")
    for name in ("", "  ", None, *embedded):
        llm.check_allowed(name)  # "" and None are the server's default
    no_model_settings.setenv("OKR_REWRITER_MODEL", "openai/gpt-4o-mini")
    assert llm.allowed_models() == ("openai/gpt-4o-mini", *embedded)
    llm.check_allowed(" openai/gpt-4o-mini ")


def test_the_operator_lists_names_and_patterns(no_model_settings: pytest.MonkeyPatch) -> None:
    from rewriter import llm

    no_model_settings.setenv(ALLOWED, " openai/gpt-4o-mini, anthropic/* ,,")
    # The server's default stays allowed: an empty model setting calls it anyway.
    assert llm.allowed_models() == (llm.DEFAULT_MODEL, "openai/gpt-4o-mini", "anthropic/*")
    assert llm.is_allowed("anthropic/claude-3-5-haiku") and llm.is_allowed("openai/gpt-4o-mini")
    assert not llm.is_allowed("openai/gpt-4o") and not llm.is_allowed("local/qwen2.5-coder-7b")
    assert not llm.is_allowed("OPENAI/gpt-4o-mini")  # names are compared exactly
    no_model_settings.setenv(ALLOWED, "*")
    assert llm.is_allowed("openai/o1-pro")  # the operator opted out of the check
    no_model_settings.setenv(ALLOWED, "  ")  # blank is unset: the embedded models again
    assert "openai/gpt-4o-mini" not in llm.allowed_models() and llm.DEFAULT_MODEL in llm.allowed_models()


def test_a_model_outside_the_allow_list_is_refused_before_any_call(
    client: Client,
    served_app: ServedApp,
    fake: FakeModel,
    no_model_settings: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    served_app.models_asked.clear()
    with pytest.raises(AppError, match="'openai/gpt-4o' is not allowed on this server"):
        client.predict(V2_DRAFT, "openai/gpt-4o", "auto", api_name="/rewrite")
    upload = _write_csv(tmp_path / "okrs.csv", [["draft"], [V2_DRAFT]])
    with pytest.raises(AppError, match="'openai/gpt-4o' is not allowed on this server"):
        client.predict(handle_file(str(upload)), "", "openai/gpt-4o", "auto", api_name="/batch")
    assert served_app.models_asked == [] and fake.history == []  # never built, never called

    # The server's default ("") and the embedded models still work.
    fake.enqueue(v2_answer(), v2_answer())
    for name in ("", llm_default()):
        result = client.predict(V2_DRAFT, name, "auto", api_name="/rewrite")[0]
        assert result["error"] is None and not result["needs_input"]
    assert served_app.models_asked == ["", llm_default()] and len(fake.history) == 2

    # What the operator lists is allowed, patterns included.
    no_model_settings.setenv(ALLOWED, "anthropic/*")
    fake.enqueue(v2_answer())
    records, _ = client.predict(handle_file(str(upload)), "", "anthropic/claude-x", "auto", api_name="/batch")
    assert [(r["error"], r["result"]["needs_input"]) for r in records] == [(None, False)]
    with pytest.raises(AppError, match=r"allowed: local/qwen2\.5-coder-1\.5b, anthropic/\*"):
        client.predict(V2_DRAFT, "openai/gpt-4o-mini", "auto", api_name="/rewrite")


def llm_default() -> str:
    from rewriter import llm

    return llm.DEFAULT_MODEL


def test_the_form_refuses_a_model_in_the_interface_language_and_lists_only_allowed_ones(
    no_model_settings: pytest.MonkeyPatch,
) -> None:
    import gradio as gr

    import app

    asked: list[str] = []

    def factory(name: str) -> FakeModel:
        asked.append(name)
        return FakeModel()

    with pytest.raises(gr.Error, match="Le modèle 'openai/gpt-4o' n'est pas autorisé sur ce serveur"):
        app._checked_model("openai/gpt-4o", factory, "fr")
    with pytest.raises(gr.Error, match="The model 'openai/gpt-4o' is not allowed on this server"):
        app._checked_model("openai/gpt-4o", factory, "en")
    assert asked == []
    no_model_settings.setenv(ALLOWED, "openai/gpt-4o-mini, anthropic/*")
    assert [value for _, value in app.model_choices()] == [llm_default(), "openai/gpt-4o-mini"]


def test_answer_fills_placeholders_without_a_model_call(client: Client, fake: FakeModel) -> None:
    fake.enqueue(v2_answer())
    result, _ = client.predict(V2_DRAFT, "", "auto", api_name="/rewrite")
    asked = len(fake.history)
    answers = [
        {"objective": 0, "kr": 0, "field": "baseline", "value": "12 %"},
        {"objective": 0, "kr": 0, "field": "deadline", "value": "fin T3 2027"},
    ]
    filled, markdown = client.predict(result, answers, api_name="/answer")
    assert "de 12 % à [cible à définir] d'ici fin T3 2027" in markdown
    assert len(filled["questions"]) == len(result["questions"]) - 2
    assert len(fake.history) == asked

    # Errors are said in the result's language.
    with pytest.raises(AppError, match="La réponse n° 1 doit être un objet avec objective"):
        client.predict(result, [{"objective": "first"}], api_name="/answer")
    with pytest.raises(AppError, match="field doit valoir baseline"):
        client.predict(
            result, [{"objective": 0, "kr": 0, "field": "colour", "value": "x"}], api_name="/answer"
        )


def test_an_offered_metric_is_chosen_through_answer_as_the_form_chip_does(
    client: Client, fake: FakeModel
) -> None:
    fake.enqueue(segment_answer(None))
    result, markdown = client.predict(CHOICE_DRAFT, "", "auto", api_name="/rewrite")
    [objective] = result["objectives"]
    assert [c["metric_id"] for c in objective["candidates"]] == [CHOICE_METRIC]
    assert "**Indicateurs possibles (à choisir)**" in markdown
    asked = len(fake.history)
    chosen = [{"objective": 0, "kr": None, "field": "metric", "value": CHOICE_METRIC}]
    filled, markdown = client.predict(result, chosen, api_name="/answer")
    [objective] = filled["objectives"]
    assert [kr["metric_id"] for kr in objective["key_results"]][-1] == CHOICE_METRIC
    assert objective["candidates"] == [] and "Indicateurs possibles" not in markdown
    assert not any(q["field"] == "metric" for q in filled["questions"])
    assert {(q["kr"], q["field"]) for q in filled["questions"]} >= {(1, "baseline"), (1, "target")}
    assert len(fake.history) == asked


def test_an_objective_the_parent_line_does_not_link_is_asked_and_answered_through_the_api(
    client: Client, fake: FakeModel
) -> None:
    result, markdown = client.predict(ALIGN_DRAFT, "", "auto", api_name="/rewrite")
    [asked] = [q for q in result["questions"] if q["field"] == "parent"]
    assert (asked["objective"], asked["kr"]) == (0, None)
    assert asked["text"] == f"Comment l'objectif « {ALIGN_OBJECTIVE} » fait-il avancer « {ALIGN_PARENT} » ?"
    assert result["objectives"][0]["unlinked_parent"] == ALIGN_PARENT
    assert result["objectives"][0]["contribution"] is None and asked["text"] in markdown

    answer = [{"objective": 0, "kr": None, "field": "parent", "value": ALIGN_ANSWER}]
    filled, markdown = client.predict(result, answer, api_name="/answer")
    assert filled["objectives"][0]["contribution"] == ALIGN_ANSWER
    assert f"Contribue à « {ALIGN_PARENT} » : {ALIGN_ANSWER}" in markdown
    assert not any(q["field"] == "parent" for q in filled["questions"])
    assert fake.history == []


def _write_csv(path: Path, rows: list[list[str]], delimiter: str = ";") -> Path:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_batch_gives_one_record_per_row_errors_included(
    client: Client, fake: FakeModel, tmp_path: Path
) -> None:
    rows = [["Produit", SEGMENT_DRAFT], ["Vide", ""], ["Growth", SEGMENT_DRAFT], ["Support", SOUND_DRAFT]]
    upload = _write_csv(tmp_path / "okrs.csv", [["équipe", "brouillon"], *rows])
    fake.enqueue(segment_answer(SEGMENT), segment_answer(SEGMENT))
    records, csv_file = client.predict(handle_file(str(upload)), "brouillon", "", "auto", api_name="/batch")
    labels = [r["label"] for r in records]
    assert len(records) == 4 and labels[:2] == ["line 2", "line 4"]  # a quoted draft spans two lines
    assert [r["error_kind"] for r in records] == [None, "input", None, None]
    assert records[1]["error"].endswith("the draft cell is empty (column 'brouillon'); write the draft there")
    assert [r["fields"]["équipe"] for r in records] == ["Produit", "Vide", "Growth", "Support"]
    for record in (records[0], records[2]):
        assert record["result"]["objectives"][0]["sentence"].endswith(f"pour {SEGMENT}")
    assert records[3]["result"]["kept_as_is"]
    assert len(fake.history) == 2  # the blank and the sound drafts cost no model call

    table = list(csv.DictReader(io.StringIO(Path(csv_file).read_text(encoding="utf-8-sig"))))
    assert {row["where"] for row in table} == set(labels)
    assert [row["error"] for row in table if row["where"] == labels[1]] == [records[1]["error"]]
    assert {row["needs_input"] for row in table if row["where"] != labels[1]} == {"false"}


def test_batch_guesses_the_column_and_reads_jsonl(client: Client, fake: FakeModel, tmp_path: Path) -> None:
    upload = tmp_path / "okrs.jsonl"
    upload.write_text('{"id": "a1", "draft": "' + V2_DRAFT + '"}\n{not json\n', encoding="utf-8")
    fake.enqueue(v2_answer())
    records, _ = client.predict(handle_file(str(upload)), "", "", "auto", api_name="/batch")
    assert [r["id"] for r in records][:1] == ["a1"]
    assert records[0]["error"] is None and records[1]["error"]


@pytest.mark.parametrize(
    ("name", "content", "column", "message"),
    [
        ("okrs.csv", "équipe;brouillon\nProduit;x\n", "draft", "no column 'draft'"),
        ("okrs.xlsx", "this is not a spreadsheet", "", "okrs.xlsx"),
        ("okrs.csv", "", "", "is empty"),
    ],
)
def test_batch_file_problems_get_a_precise_error(
    client: Client, fake: FakeModel, tmp_path: Path, name: str, content: str, column: str, message: str
) -> None:
    upload = tmp_path / name
    upload.write_text(content, encoding="utf-8")
    with pytest.raises(AppError, match=message):
        client.predict(handle_file(str(upload)), column, "", "auto", api_name="/batch")
    assert fake.history == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000, "deep.json is nested too deeply to be read"),
        ("okrs.xlsx", "PK\x03\x04 not a workbook", "okrs.xlsx is not a readable .xlsx workbook"),
        ("teams.csv", "team,owner\nPaiement,Hélène\n", "No column of teams.csv looks like OKR drafts"),
    ],
)
def test_batch_file_errors_name_the_upload_never_the_server_path(
    client: Client, fake: FakeModel, tmp_path: Path, name: str, content: str, message: str
) -> None:
    upload = tmp_path / name
    upload.write_text(content, encoding="utf-8")
    with pytest.raises(AppError, match=message) as raised:
        client.predict(handle_file(str(upload)), "", "", "auto", api_name="/batch")
    assert "/" not in str(raised.value) and "Traceback" not in str(raised.value)
    assert fake.history == []


def test_uploads_over_the_size_limit_are_refused_by_the_server(served_app: ServedApp) -> None:
    # Raw HTTP, not gradio_client: the client checks the limit too, and the server is what must hold.
    limit = 5 * 1024 * 1024
    url = served_app.url + "gradio_api/upload"
    big = httpx.post(url, files={"files": ("big.csv", b"draft\n" + b"x" * limit)}, timeout=60)
    assert big.status_code == 413
    small = httpx.post(url, files={"files": ("small.csv", b"draft\nx\n")}, timeout=60)
    assert small.status_code == 200


def test_login_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import app

    monkeypatch.setenv(app.AUTH_ENV, "pm:s3cret, lead:other:pass")
    assert app.auth_from_env() == [("pm", "s3cret"), ("lead", "other:pass")]
    monkeypatch.setenv(app.AUTH_ENV, "nopassword")
    with pytest.raises(SystemExit, match="user:password"):
        app.auth_from_env()
    monkeypatch.delenv(app.AUTH_ENV)
    assert app.auth_from_env() is None


def test_a_protected_app_refuses_anonymous_clients() -> None:
    served = serve(FakeModel(name="fake/auth"), auth=[("pm", "s3cret")])
    try:
        with pytest.raises(Exception):  # noqa: B017 - gradio_client raises different types across versions
            Client(served.url, verbose=False).predict(V2_DRAFT, "fr", api_name="/diagnose")
        logged_in = Client(served.url, auth=("pm", "s3cret"), verbose=False)
        assert logged_in.predict(V2_DRAFT, "fr", api_name="/diagnose")["level"] == 1
    finally:
        served.demo.close()


def test_main_binds_loopback_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    import app

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(app.demo, "launch", lambda **kwargs: calls.append(kwargs))
    monkeypatch.delenv(app.AUTH_ENV, raising=False)
    app.main([])
    app.main(["--host", "0.0.0.0", "--port", "8080"])
    assert (calls[0]["server_name"], calls[0]["server_port"]) == ("127.0.0.1", 7860)
    assert (calls[1]["server_name"], calls[1]["server_port"]) == ("0.0.0.0", 8080)
    assert calls[0]["max_file_size"] == "5mb" and calls[0]["auth"] is None
