"""Every named endpoint of the web app, called through gradio_client against the real app on a FakeModel."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import httpx
import pytest
from app_fixtures import V2_DRAFT, ServedApp, fake, serve, served_app, v2_answer
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from rewriter import FakeModel
from rewriter.rewriting import MAX_DRAFT_CHARS

__all__ = ["fake", "served_app"]  # fixtures used by name

ENDPOINTS = {"/diagnose", "/suggest", "/rewrite", "/answer", "/batch"}


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
    ("draft", "message"),
    [("   \n ", "The draft is empty"), ("x" * (MAX_DRAFT_CHARS + 1), "the limit is 20,000")],
)
def test_bad_drafts_get_a_precise_error(client: Client, fake: FakeModel, draft: str, message: str) -> None:
    for endpoint, args in (("/diagnose", (draft, "fr")), ("/rewrite", (draft, "", "auto"))):
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
    fake.enqueue(v2_answer())
    served_app.models_asked.clear()
    result, markdown = client.predict(V2_DRAFT, "openai/gpt-4o-mini", "auto", api_name="/rewrite")
    assert result["error"] is None
    assert result["objectives"][0]["sentence"] == "Rendre la v2 indispensable aux utilisateurs actifs"
    assert result["objectives"][0]["initiatives"] == [{"text": "Livrer la feature A", "kr": 0}]
    assert {(q["kr"], q["field"]) for q in result["questions"]} >= {(0, "baseline"), (0, "target")}
    assert result["level_before"] == 1 and result["level_after"] == 3
    assert "[base à mesurer]" in markdown and "## Questions à trancher" in markdown
    # The model setting reaches the app's model factory as typed; the draft reaches the model as data.
    assert served_app.models_asked == ["openai/gpt-4o-mini"]
    assert V2_DRAFT in str(fake.history[0]["messages"][-1]["content"])


def test_rewrite_in_english_on_request(client: Client, fake: FakeModel) -> None:
    answer = v2_answer()
    objective = answer["objectives"][0]
    objective.update(verb="Make", qualifier="v2 indispensable", target="for active users")
    objective["krs"][0].update(verb="Increase", metric="the share of active users using feature A weekly")
    objective["krs"][1].update(verb="Reduce", metric="the monthly churn rate of v2 users")
    objective["initiatives"][0]["text"] = "Ship feature A"
    answer["rationale"] = ["Shipping feature A becomes an initiative: a bet to move usage."]
    fake.enqueue(answer)
    result, markdown = client.predict(V2_DRAFT, "", "en", api_name="/rewrite")
    assert result["error"] is None, result["error"]
    assert result["lang"] == "en" and "[baseline to measure]" in markdown


def test_a_model_failure_is_a_result_with_an_error_not_an_exception(client: Client, fake: FakeModel) -> None:
    fake.enqueue("not json", "still not json", "never json")
    result, markdown = client.predict(V2_DRAFT, "", "auto", api_name="/rewrite")
    assert result["error"] and "fake/app" in result["error"]
    assert result["objectives"] == []
    assert "Réécriture impossible" in markdown


def test_an_unknown_embedded_model_is_refused_before_any_call(client: Client, fake: FakeModel) -> None:
    with pytest.raises(AppError, match="unknown local model 'local/nope'"):
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
    assert client.predict(V2_DRAFT, "", "auto", api_name="/rewrite")[0]["error"] is None
    assert client.predict(V2_DRAFT, llm_default(), "auto", api_name="/rewrite")[0]["error"] is None
    assert served_app.models_asked == ["", llm_default()]

    # What the operator lists is allowed, patterns included.
    no_model_settings.setenv(ALLOWED, "anthropic/*")
    fake.enqueue(v2_answer())
    records, _ = client.predict(handle_file(str(upload)), "", "anthropic/claude-x", "auto", api_name="/batch")
    assert [r["error"] for r in records] == [None]
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

    with pytest.raises(AppError, match="answer #1 must be an object"):
        client.predict(result, [{"objective": "first"}], api_name="/answer")
    with pytest.raises(AppError, match="field must be baseline"):
        client.predict(
            result, [{"objective": 0, "kr": 0, "field": "colour", "value": "x"}], api_name="/answer"
        )


def _write_csv(path: Path, rows: list[list[str]], delimiter: str = ";") -> Path:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_batch_gives_one_record_per_row_errors_included(
    client: Client, fake: FakeModel, tmp_path: Path
) -> None:
    upload = _write_csv(
        tmp_path / "okrs.csv",
        [["équipe", "brouillon"], ["Produit", V2_DRAFT], ["Vide", ""], ["Growth", V2_DRAFT]],
    )
    fake.enqueue(v2_answer(), v2_answer())
    records, csv_file = client.predict(handle_file(str(upload)), "brouillon", "", "auto", api_name="/batch")
    assert [r["label"] for r in records] == ["line 2", "line 3", "line 4"]
    assert [r["error_kind"] for r in records] == [None, "input", None]
    assert records[0]["fields"] == {"équipe": "Produit"}
    assert records[0]["result"]["objectives"][0]["sentence"].startswith("Rendre la v2")
    assert len(fake.history) == 2

    table = list(csv.DictReader(io.StringIO(Path(csv_file).read_text(encoding="utf-8-sig"))))
    assert {row["where"] for row in table} == {"line 2", "line 3", "line 4"}
    assert any(row["error"] for row in table if row["where"] == "line 3")


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
