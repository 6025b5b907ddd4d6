"""The web form: paste a draft, see its diagnosis at once, rewrite it, answer the questions, download.

Layout and event wiring only; every decision is made in `rewriter`. Run `make app` or
`python app.py --host 127.0.0.1 --port 7860`. Named API endpoints (for `gradio_client`):
`/diagnose`, `/suggest`, `/rewrite`, `/answer`, `/batch`, `/audit` (`Endpoints`).

`build_form` lays out the page: `build_page` (title, page language, settings), then one builder per
tab (`build_rewrite_tab`, `build_batch_tab`, `build_audit_tab`). A builder creates its components, wires its handlers
(module-level `on_*` functions, callable without a browser) and returns its part, a dataclass of the
components others need. Each part lists its interface texts as rows of one table (`Label`: component,
UI key, where the text goes), which `relabel` reads on a language switch. A new tab is its builder,
one line in `build_form` and its `labels()`.
"""

# No `from __future__ import annotations` here: gr.api reads the endpoints' type hints at runtime to
# document them for API clients, and string annotations would be reported as "Any".
import argparse
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Literal, Protocol

import gradio as gr
from gradio.blocks import Block
from gradio.data_classes import FileData

from rewriter import api_params, batch, export, files, llm, prompts, secrets
from rewriter import presentation as ui
from rewriter.analyzer import analyze
from rewriter.draft import Lang
from rewriter.draft_errors import DraftError, UnsupportedLanguageError
from rewriter.file_errors import output_error
from rewriter.library.suggest import suggest_metrics, warm_up
from rewriter.local import catalog
from rewriter.parsing import parse
from rewriter.render import choose_candidate
from rewriter.result import Question, RewriteResult
from rewriter.rewriting import check_language, check_text, rewrite

ModelFactory = Callable[[str], llm.Model]

AUTH_ENV = "OKR_REWRITER_AUTH"
CONCURRENCY_ENV = "OKR_REWRITER_CONCURRENCY"
BATCH_CONCURRENCY_ENV = "OKR_REWRITER_BATCH_CONCURRENCY"
BATCH_MAX_ROWS_ENV = "OKR_REWRITER_BATCH_MAX_ROWS"
MAX_FILE_SIZE = "5mb"
# A local model saturates both cores of a laptop, so two rewrites at once is already plenty;
# remote providers can take more through $OKR_REWRITER_CONCURRENCY.
DEFAULT_CONCURRENCY = 2
# Batches have their own queue: however many are sent, single rewrites never wait behind them in the
# form's queue, and at the embedded model a batch's rows yield to them (rewriter.local.fair_lock).
DEFAULT_BATCH_CONCURRENCY = 1
# The form is for a team's file; a whole company's goes through `okr-rewriter batch`, which resumes.
DEFAULT_BATCH_MAX_ROWS = 200
POLL_SECONDS = 1.0
LANG_CHOICES = [("Français", "fr"), ("English", "en")]
_EXPORTS: tempfile.TemporaryDirectory[str] | None = None
COPY_JS = """(md) => {
  if (!md) return;
  if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(md); return; }
  const area = document.createElement("textarea");
  area.value = md; document.body.appendChild(area); area.select();
  document.execCommand("copy"); area.remove();
}"""


def default_model_factory(name: str) -> llm.Model:
    """The model string as typed (litellm resolves it), else $OKR_REWRITER_MODEL, else the embedded model."""
    return llm.resolve_model(name.strip() or None)


def _ui_lang(value: str | None) -> Lang:
    return "en" if value == "en" else "fr"


def _api_lang(value: Any) -> Lang:
    """The language of an API caller's error messages: French when it asks for French, else English."""
    return "fr" if value == "fr" else "en"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}") from None
    if value < 1:
        raise SystemExit(f"{name} must be at least 1, not {value}")
    return value


def batch_max_rows() -> int:
    """Rows a web batch may hold ($OKR_REWRITER_BATCH_MAX_ROWS, default 200)."""
    return _env_int(BATCH_MAX_ROWS_ENV, DEFAULT_BATCH_MAX_ROWS)


def _out_lang(value: str | None) -> Lang | None:
    """None lets the rewrite follow the draft's language."""
    return value if value in ("fr", "en") else None  # type: ignore[return-value]


def default_model_name() -> str:
    """What the model setting starts at: $OKR_REWRITER_MODEL, else the embedded model."""
    return llm.model_name(llm.resolve_model(None))


def model_choices() -> list[tuple[str, str]]:
    """The allowed models that have a name (a pattern such as `openai/*` cannot be listed), default first."""
    embedded = f"local/{catalog.DEFAULT_MODEL}"
    names = [n for n in llm.allowed_models() if not any(c in n for c in "*?[")]
    return [(f"{n} (embarqué / embedded)" if n == embedded else n, n) for n in names]


def _not_allowed(exc: llm.ModelNotAllowedError, lang: Lang) -> str:
    if lang == "fr":
        return (
            f"Le modèle {exc.model!r} n'est pas autorisé sur ce serveur ; modèles autorisés : "
            f"{', '.join(exc.allowed)} (l'exploitant les liste dans {llm.ALLOWED_MODELS_ENV})."
        )
    return str(exc)[:1].upper() + str(exc)[1:] + "."


def _checked_model(name: Any, factory: ModelFactory, lang: Lang = "en") -> llm.Model:
    """The model to call, checked before any call: an unknown embedded model is the user's typo, and
    a model the operator did not allow must never be called (it would spend their keys)."""
    with _said_in(lang):
        name = api_params.text("model", name, limit=api_params.MAX_MODEL_CHARS, blank="").strip()
    if name.startswith("local/"):
        try:
            catalog.get(name)
        except catalog.UnknownModelError:
            known = ", ".join(f"local/{m}" for m in catalog.MODELS)
            raise gr.Error(ui.t(lang, "error_unknown_model", model=name, known=known)) from None
    try:
        llm.check_allowed(name)
    except llm.ModelNotAllowedError as exc:
        raise gr.Error(_not_allowed(exc, lang)) from None
    return factory(name)


@contextmanager
def _said_in(lang: Lang) -> Iterator[None]:
    """A draft's or a parameter's problem raised inside, as a gr.Error in `lang` (never Python's text)."""
    try:
        yield
    except (DraftError, api_params.ParameterError) as exc:
        raise gr.Error(exc.message(lang)) from None


def _problem(error: gr.Error) -> str:
    """A refusal shown in a panel's status line rather than in a toast titled "Error" in English."""
    return ui.status_html(str(error.message), problem=True)


def _checked_draft(text: Any, lang: Lang, *, language: bool = False) -> str:
    """The draft made safe to read, else a gr.Error in `lang`; with `language`, a German draft is refused too."""
    with _said_in(lang):
        checked = check_text("" if text is None else text)
        if language:
            check_language(checked)
        return checked


def _language_note(text: str) -> UnsupportedLanguageError | None:
    try:
        check_language(text)
    except UnsupportedLanguageError as exc:
        return exc
    return None


def diagnose_text(text: str, lang: Lang) -> str:
    """Diagnosis HTML for the live panel: no popup while the user types, the problem is shown in place.

    A draft in another language gets its diagnosis under the note saying it will not be rewritten.
    """
    if not isinstance(text, str) or not text.strip():
        return ui.placeholder_html(ui.t(lang, "empty_diagnosis"))
    try:
        checked = check_text(text)
    except DraftError as exc:
        return ui.placeholder_html(exc.message(lang))
    draft = parse(checked)
    note = _language_note(checked)
    if note is not None:
        return ui.note_html(note.message(lang)) + ui.diagnosis_html(checked, analyze(draft), lang)
    suggestions = ui.suggestions_html(suggest_metrics(draft, names=lang), lang)
    return ui.diagnosis_html(checked, analyze(draft), lang) + suggestions


def _export_folder(prefix: str) -> Path:
    """A fresh folder for download files, inside one temporary directory removed when the app exits."""
    global _EXPORTS
    if _EXPORTS is None:
        _EXPORTS = tempfile.TemporaryDirectory(prefix="okr-rewriter-")
    return Path(tempfile.mkdtemp(prefix=prefix, dir=_EXPORTS.name))


def _csv_delimiter(lang: Lang) -> str:
    # A French Excel splits CSV columns on ';' only; English locales expect ','.
    return ";" if lang == "fr" else ","


def _write_exports(result: RewriteResult, lang: Lang) -> tuple[str, str, str]:
    """Markdown, CSV (one row per key result) and JSON files of a result."""
    folder = _export_folder("rewrite-")
    md = folder / "okr-rewrite.md"
    md.write_text(result.to_markdown(), encoding="utf-8")
    csv_path = export.results_to_csv([result], folder / "okr-rewrite.csv", delimiter=_csv_delimiter(lang))
    js = folder / "okr-rewrite.json"
    js.write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    return str(md), str(csv_path), str(js)


def _redacted(result: RewriteResult) -> RewriteResult:
    """The result with every known key masked in its errors: they go back to the browser or client."""
    if result.error:
        result.error = secrets.redact(result.error)
    if result.provenance is not None and result.provenance.error:
        result.provenance.error = secrets.redact(result.provenance.error)
    return result


def _result_outputs(result: RewriteResult, lang: Lang) -> tuple[Any, ...]:
    """Result HTML, Markdown, and the three download buttons, enabled once there is something to download."""
    if result.error:
        off = gr.update(value=None, interactive=False)
        return ui.result_html(result, lang), result.to_markdown(), off, off, off
    md, csv_path, js = _write_exports(result, lang)
    return (
        ui.result_html(result, lang),
        result.to_markdown(),
        gr.update(value=md, interactive=True),
        gr.update(value=csv_path, interactive=True),
        gr.update(value=js, interactive=True),
    )


def _download_button(label: str, elem_id: str) -> gr.DownloadButton:
    # Disabled until there is a file: a click on an empty download button would do nothing.
    return gr.DownloadButton(label, interactive=False, size="sm", elem_id=elem_id, min_width=90)


def _header_html(lang: Lang) -> str:
    return f"<h1>{ui.esc(ui.t(lang, 'title'))}</h1><p>{ui.esc(ui.t(lang, 'tagline'))}</p>"


def _heading(lang: Lang, key: str) -> str:
    return f"### {ui.t(lang, key)}"


def _out_lang_choices(lang: Lang) -> list[tuple[str, str]]:
    return [(ui.t(lang, "out_lang_auto"), "auto"), *LANG_CHOICES]


# ---- The language switch: one table of interface texts -----------------------------------------------
# Where a row's text goes: a label (most rows), a button's text, an info line, a placeholder, a Markdown
# heading, the page's header (title and tagline), or the first choice of the rewrite's language.
Place = Literal["label", "value", "info", "placeholder", "heading", "header", "auto_choice"]


@dataclass(frozen=True)
class Label:
    """A row of the language switch's table: `component` shows the interface string `key` at `place`."""

    component: Block
    key: str
    place: Place = "label"

    def props(self, lang: Lang) -> dict[str, Any]:
        """The component's properties that show this row's text in `lang` (as the builders write them)."""
        match self.place:
            case "heading":
                return {"value": _heading(lang, self.key)}
            case "header":
                return {"value": _header_html(lang)}
            case "auto_choice":
                return {"choices": _out_lang_choices(lang)}
            case _:
                return {self.place: ui.t(lang, self.key)}


class Part(Protocol):
    """A part of the page (the top, each tab): it lists the interface texts the language switch redraws."""

    def labels(self) -> list[Label]: ...


def relabelled(rows: Sequence[Label]) -> list[Block]:
    """The components of `rows`, once each: the outputs of the language switch, in `relabel`'s order."""
    return list({id(row.component): row.component for row in rows}.values())


def relabel(rows: Sequence[Label], lang_value: str) -> list[dict[str, Any]]:
    """The language switch: one update per component of `rows`, its texts in the chosen language."""
    lang = _ui_lang(lang_value)
    props: dict[int, dict[str, Any]] = {}
    for row in rows:
        props.setdefault(id(row.component), {}).update(row.props(lang))
    return [gr.update(**p) for p in props.values()]


# ---- Above the tabs ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Page:
    """The title, the page's language and the settings that every tab reads (`model`, `out_lang`)."""

    header: gr.HTML
    ui_lang: gr.Radio
    settings: gr.Accordion
    model: gr.Dropdown
    out_lang: gr.Radio

    def labels(self) -> list[Label]:
        return [
            Label(self.header, "tagline", "header"),
            Label(self.ui_lang, "ui_lang"),
            Label(self.settings, "settings"),
            Label(self.model, "model"),
            Label(self.model, "model_info", "info"),
            Label(self.out_lang, "out_lang"),
            Label(self.out_lang, "out_lang_auto", "auto_choice"),
        ]


def build_page() -> Page:
    fr: Lang = "fr"
    with gr.Row(equal_height=False):
        # Columns (not bare components) carry min_width, so the row wraps on a narrow window.
        with gr.Column(scale=4, min_width=320):
            header = gr.HTML(_header_html(fr), elem_classes="okr-header")
        with gr.Column(scale=1, min_width=200):
            ui_lang = gr.Radio(LANG_CHOICES, value=fr, label=ui.t(fr, "ui_lang"), elem_id="ui-lang")
    with gr.Accordion(ui.t(fr, "settings"), open=False) as settings, gr.Row():
        model = gr.Dropdown(
            model_choices(),
            value=default_model_name(),
            allow_custom_value=True,
            label=ui.t(fr, "model"),
            info=ui.t(fr, "model_info"),
            scale=2,
            min_width=260,
            elem_id="model",
        )
        out_lang = gr.Radio(
            _out_lang_choices(fr), value="auto", label=ui.t(fr, "out_lang"), scale=1, min_width=220
        )
    return Page(header=header, ui_lang=ui_lang, settings=settings, model=model, out_lang=out_lang)


# ---- Rewrite tab -------------------------------------------------------------------------------------
# What a rewrite fills after its status line: the result, its Markdown, the three downloads, and the
# states `original`, `base`, `answers` and `elapsed` (see RewriteTab.rewrite_outputs).
REWRITE_PANELS = 9


@dataclass(frozen=True)
class RewriteTab:
    """Réécrire: a draft diagnosed as it is typed, its rewrite, the questions, the downloads.

    What the result panel shows is `base` with `answers` applied: `base` is the rewrite with the metrics the
    author added since (a chip clicked, or a metric named in the questions), which decides what is asked;
    `answers` fill its slots. Both change without a model call.
    """

    tab: gr.Tab
    draft: gr.Textbox
    examples: gr.Dataset  # the clickable examples
    rewrite_btn: gr.Button
    diagnosis_title: gr.Markdown
    diagnosis: gr.HTML
    result_title: gr.Markdown
    status: gr.HTML
    result_view: gr.HTML
    original: gr.State  # the rewrite as the engine made it
    base: gr.State  # the same with the metrics the author added: the questions are its questions
    answers: gr.State  # the answers applied to `base` (presentation.Answers)
    elapsed: gr.State  # its wall time: the status line is redrawn on a language switch
    dl_md: gr.DownloadButton
    dl_csv: gr.DownloadButton
    dl_json: gr.DownloadButton
    copy_btn: gr.Button
    md_accordion: gr.Accordion
    markdown: gr.Textbox

    def labels(self) -> list[Label]:
        return [
            Label(self.tab, "tab_rewrite"),
            Label(self.draft, "draft"),
            Label(self.draft, "draft_placeholder", "placeholder"),
            Label(self.examples, "examples"),
            Label(self.rewrite_btn, "rewrite", "value"),
            Label(self.diagnosis_title, "diagnosis", "heading"),
            Label(self.result_title, "result", "heading"),
            Label(self.dl_md, "download_md"),
            Label(self.dl_csv, "download_csv"),
            Label(self.dl_json, "download_json"),
            Label(self.copy_btn, "copy", "value"),
            Label(self.md_accordion, "markdown"),
        ]

    def result_outputs(self) -> list[Block]:
        """What `_result_outputs` fills: the result, its Markdown and the three downloads."""
        return [self.result_view, self.markdown, self.dl_md, self.dl_csv, self.dl_json]

    def rewrite_outputs(self) -> list[Block]:
        """What `on_rewrite` fills: the status line, then the REWRITE_PANELS."""
        return [self.status, *self.result_outputs(), self.original, self.base, self.answers, self.elapsed]

    def wire(self, page: Page, factory: ModelFactory) -> None:
        self.draft.change(
            diagnose_text,
            [self.draft, page.ui_lang],
            self.diagnosis,
            queue=False,
            show_progress="hidden",
            trigger_mode="always_last",
            api_visibility="private",
        )
        running = self.rewrite_btn.click(
            _button_off, None, self.rewrite_btn, queue=False, api_visibility="private"
        ).then(
            partial(on_rewrite, factory),
            [self.draft, page.model, page.out_lang, page.ui_lang],
            self.rewrite_outputs(),
            show_progress="minimal",
            api_visibility="private",
            concurrency_id="model",
        )
        # After a refusal too (an empty or German draft), or the user could never rewrite again.
        for after in (running.success, running.failure):
            after(_button_on, None, self.rewrite_btn, queue=False, api_visibility="private")
        # Copying happens in the browser; the server has nothing to do. The textarea fallback covers
        # pages served over plain http on a LAN address, where navigator.clipboard is unavailable.
        self.copy_btn.click(None, [self.markdown], None, js=COPY_JS, api_visibility="private")
        # The labels follow the table (build_form); what the panels show is redrawn here.
        page.ui_lang.change(
            on_rewrite_lang,
            [page.ui_lang, self.draft, self.base, self.answers, self.original, self.elapsed],
            [self.diagnosis, self.status, self.result_view],
            queue=False,
            api_visibility="private",
        )


def build_rewrite_tab(page: Page, factory: ModelFactory) -> RewriteTab:
    fr: Lang = "fr"
    bank = prompts.examples("fr") + prompts.examples("en")
    with gr.Tab(ui.t(fr, "tab_rewrite"), id="rewrite") as tab, gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=300):
            draft = gr.Textbox(
                label=ui.t(fr, "draft"),
                placeholder=ui.t(fr, "draft_placeholder"),
                lines=9,
                max_lines=30,
                elem_id="draft",
            )
            examples = gr.Examples(
                [[ex["draft"]] for ex in bank],
                inputs=[draft],
                example_labels=[ex.get("title", ex["id"]) for ex in bank],
                label=ui.t(fr, "examples"),
                examples_per_page=8,
            )
            rewrite_btn = gr.Button(ui.t(fr, "rewrite"), variant="primary", elem_id="rewrite-btn")
            diagnosis_title = gr.Markdown(_heading(fr, "diagnosis"))
            diagnosis = gr.HTML(
                ui.placeholder_html(ui.t(fr, "empty_diagnosis")), elem_id="diagnosis", padding=False
            )
        with gr.Column(scale=1, min_width=300):
            result_title = gr.Markdown(_heading(fr, "result"))
            status = gr.HTML("", elem_id="status", padding=False)
            result_view = gr.HTML(
                ui.placeholder_html(ui.t(fr, "empty_result")),
                elem_id="result",
                padding=False,
                js_on_load=ui.CHIPS_JS,
            )
            original = gr.State(None)
            base = gr.State(None)
            answers = gr.State({})
            elapsed = gr.State(0.0)

            # The questions show here, between the result and the downloads; they are drawn after a
            # rewrite or a metric added, when `rewrite_tab` below exists (a language switch relabels them).
            @gr.render(inputs=[base, answers, page.ui_lang], triggers=[base.change])
            def questions(state: dict[str, Any] | None, typed: ui.Answers | None, lang_value: str) -> None:
                questions_form(rewrite_tab, page, state, typed, lang_value)

            with gr.Row():
                dl_md = _download_button(ui.t(fr, "download_md"), "dl-md")
                dl_csv = _download_button(ui.t(fr, "download_csv"), "dl-csv")
                dl_json = _download_button(ui.t(fr, "download_json"), "dl-json")
                copy_btn = gr.Button(ui.t(fr, "copy"), size="sm", elem_id="copy-md", min_width=90, scale=2)
            with gr.Accordion(ui.t(fr, "markdown"), open=False) as md_accordion:
                markdown = gr.Textbox(
                    show_label=False, lines=10, max_lines=40, buttons=["copy"], elem_id="markdown"
                )
    rewrite_tab = RewriteTab(
        tab=tab,
        draft=draft,
        examples=examples.dataset,
        rewrite_btn=rewrite_btn,
        diagnosis_title=diagnosis_title,
        diagnosis=diagnosis,
        result_title=result_title,
        status=status,
        result_view=result_view,
        original=original,
        base=base,
        answers=answers,
        elapsed=elapsed,
        dl_md=dl_md,
        dl_csv=dl_csv,
        dl_json=dl_json,
        copy_btn=copy_btn,
        md_accordion=md_accordion,
        markdown=markdown,
    )
    rewrite_tab.wire(page, factory)
    return rewrite_tab


def _button_off() -> dict[str, Any]:
    return gr.update(interactive=False)


def _button_on() -> dict[str, Any]:
    return gr.update(interactive=True)


def _working(lang: Lang, model: str, seconds: int) -> str:
    text = ui.t(lang, "working", seconds=seconds)
    return ui.status_html(text, busy=True, hint=ui.t(lang, "working_hint", model=model))


def on_rewrite(
    factory: ModelFactory, text: str, model_name: str, out: str, lang_value: str
) -> Iterator[tuple[Any, ...]]:
    """The Réécrire button: the status line while the model works, then RewriteTab.rewrite_outputs."""
    lang = _ui_lang(lang_value)
    # Only the status changes while the model works; the other outputs keep their value.
    unchanged = (gr.update(),) * REWRITE_PANELS
    try:
        checked = check_text(text or "")
        check_language(checked)
    except DraftError as exc:
        # Said where the user looks for the rewrite, in the page's language.
        yield (ui.status_html(exc.message(lang), problem=True), *unchanged)
        return
    chosen = _checked_model(model_name, factory, lang)
    name = llm.model_name(chosen)
    start = time.perf_counter()
    yield (_working(lang, name, 0), *unchanged)
    # The model step gives no partial output, so the worker runs in a thread and the page
    # gets a heartbeat with the elapsed time instead.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="okr-rewrite") as pool:
        future = pool.submit(rewrite, checked, model=chosen, lang=_out_lang(out))
        while True:
            try:
                result = future.result(timeout=POLL_SECONDS)
                break
            except FutureTimeout:
                yield (_working(lang, name, round(time.perf_counter() - start)), *unchanged)
            except DraftError as exc:
                raise gr.Error(exc.message(lang)) from None
    result = _redacted(result)
    took = time.perf_counter() - start
    message = ui.rewrite_status(result, lang, seconds=took, model=name)
    state = result.to_dict()
    yield (ui.status_html(message), *_result_outputs(result, lang), state, state, {}, took)


def questions_form(
    tab: RewriteTab, page: Page, state: dict[str, Any] | None, answers: ui.Answers | None, lang_value: str
) -> None:
    """The open questions of `base` (`state`), one box each showing its answer, the button that applies them,
    and the listener of the result's chips, which applies what is typed along with the metric chosen."""
    lang = _ui_lang(lang_value)
    if not state:
        return
    result = RewriteResult.model_validate(state)
    applied = answers or {}
    boxes: list[gr.Textbox] = []
    if result.questions:
        with gr.Column(elem_id="questions"):
            heading = gr.Markdown(_questions_heading(lang))
            # Each box is given its value: a redrawn form would otherwise show what was typed in the box that
            # stood at the same place, which after a metric is added is another question's.
            boxes = [
                gr.Textbox(
                    applied.get((q.objective, q.kr, q.field), ""),
                    label=ui.question_label(q, lang),
                    info=q.text,
                    placeholder=ui.question_hint(q, lang),
                    elem_classes="okr-question",
                )
                for q in result.questions
            ]
            apply = gr.Button(ui.t(lang, "apply"), elem_id="apply-answers", size="sm")
        # Queued: only a queued event tells the page that `base` changed, which redraws these questions.
        gr.on(
            [apply.click, *(b.submit for b in boxes)],
            on_apply,
            [tab.base, page.ui_lang, *boxes],
            [*tab.result_outputs(), tab.base, tab.answers],
            api_visibility="private",
        )
        # A language switch relabels the boxes where they stand, so what is typed in them stays. On `.input`,
        # not `.change`: a listener a render adds replaces every listener of the same event in the page
        # (Gradio 6), and the language switch's own listeners are on `.change`.
        page.ui_lang.input(
            partial(questions_relabelled, result.questions),
            [page.ui_lang],
            [heading, *boxes, apply],
            queue=False,
            api_visibility="private",
        )
    # A chip under an objective (ui.CHIPS_JS says which) adds its metric as a KR, without a model call. The
    # result panel has no other click listener: this one is registered here, where the boxes are.
    tab.result_view.click(
        on_choose,
        [tab.base, page.ui_lang, *boxes],
        [*tab.result_outputs(), tab.base, tab.answers],
        show_progress="hidden",
        api_visibility="private",
    )


def _questions_heading(lang: Lang) -> str:
    return f"### {ui.t(lang, 'questions')}\n{ui.t(lang, 'questions_help')}"


def questions_relabelled(questions: Sequence[Question], lang_value: str) -> list[dict[str, Any]]:
    """The questions form in the chosen language: its heading, each box's label and hint, the button."""
    lang = _ui_lang(lang_value)
    boxes = [
        gr.update(label=ui.question_label(q, lang), placeholder=ui.question_hint(q, lang)) for q in questions
    ]
    return [gr.update(value=_questions_heading(lang)), *boxes, gr.update(value=ui.t(lang, "apply"))]


def _answered(base: RewriteResult, added: RewriteResult, answers: ui.Answers, lang: Lang) -> tuple[Any, ...]:
    """The result's panels showing `added` with `answers`, then `base` (`added`, or unchanged) and `answers`."""
    kept = gr.update() if added is base else added.to_dict()
    return (*_result_outputs(added.answer(answers), lang), kept, answers)


def on_apply(state: dict[str, Any] | None, lang_value: str, *values: str) -> tuple[Any, ...]:
    """The answers typed under the rewrite `state` (`base`), applied without a model call.

    A metric named in the answers becomes a KR of `base` (its own questions then show); the other answers
    are kept in `answers`. Returns the result's panels, `base` and `answers`.
    """
    if not state:
        raise gr.Error(ui.t(_ui_lang(lang_value), "error_no_result"))
    base = RewriteResult.model_validate(state)
    added, answers = ui.with_named_metrics(base, ui.answers_from(base.questions, values))
    return _answered(base, added, answers, _ui_lang(lang_value))


def on_choose(
    evt: gr.EventData, state: dict[str, Any] | None, lang_value: str, *values: str
) -> tuple[Any, ...]:
    """A chip clicked under an objective: its metric added as a KR, and what is typed applied, as `on_apply` does.

    A click that names no metric still offered (a second click on the same chip) changes nothing.
    """
    unchanged = (gr.update(),) * 7
    if not state:
        return unchanged
    base = RewriteResult.model_validate(state)
    if ui.chip_choice(base, evt._data) is None:
        return unchanged
    added, answers = ui.with_named_metrics(base, ui.answers_from(base.questions, values))
    choice = ui.chip_choice(added, evt._data)  # None when the same metric was also typed as an answer
    if choice is not None:
        added = choose_candidate(added, *choice)
    return _answered(base, added, answers, _ui_lang(lang_value))


def on_rewrite_lang(
    lang_value: str,
    text: str,
    state: dict[str, Any] | None,
    answers: ui.Answers | None,
    first: dict[str, Any] | None,
    seconds: float,
) -> tuple[str, str, str]:
    """The rewrite tab's panels in the new language: the diagnosis, the status line and the result."""
    lang = _ui_lang(lang_value)
    status_line = ""
    if first:
        # What the rewrite did is a fact about the model's answer, not about the answers typed since.
        made = RewriteResult.model_validate(first)
        model_used = made.provenance.model if made.provenance else ""
        status_line = ui.status_html(ui.rewrite_status(made, lang, seconds=seconds, model=model_used))
    shown_result = (
        ui.result_html(RewriteResult.model_validate(state).answer(answers or {}), lang)
        if state
        else ui.placeholder_html(ui.t(lang, "empty_result"))
    )
    return diagnose_text(text, lang), status_line, shown_result


# ---- Batch tab ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BatchTab:
    """Lot: a file of drafts, the column that holds them, a preview, the rewrites as a table, downloads."""

    tab: gr.Tab
    file: gr.File
    column: gr.Dropdown
    run_btn: gr.Button
    status: gr.HTML
    preview: gr.Dataframe
    table: gr.Dataframe
    dl_csv: gr.DownloadButton
    dl_xlsx: gr.DownloadButton
    dl_json: gr.DownloadButton

    def labels(self) -> list[Label]:
        return [
            Label(self.tab, "tab_batch"),
            Label(self.file, "batch_file"),
            Label(self.column, "batch_column"),
            Label(self.run_btn, "batch_run", "value"),
            Label(self.preview, "batch_preview"),
            Label(self.table, "batch_results"),
            Label(self.dl_csv, "download_csv"),
            Label(self.dl_xlsx, "download_xlsx"),
            Label(self.dl_json, "download_json"),
        ]

    def wire(self, page: Page, factory: ModelFactory, concurrency: int) -> None:
        self.file.change(
            on_upload,
            [self.file, page.ui_lang],
            [self.column, self.preview, self.status],
            api_visibility="private",
        )
        self.run_btn.click(
            partial(on_batch, factory),
            [self.file, self.column, page.model, page.out_lang, page.ui_lang],
            [self.status, self.table, self.dl_csv, self.dl_xlsx, self.dl_json],
            api_visibility="private",
            concurrency_id="batch",
            concurrency_limit=concurrency,
        )


def build_batch_tab(page: Page, factory: ModelFactory, concurrency: int) -> BatchTab:
    fr: Lang = "fr"
    with gr.Tab(ui.t(fr, "tab_batch"), id="batch") as tab, gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=280):
            file = gr.File(
                label=ui.t(fr, "batch_file"),
                file_types=[".csv", ".xlsx", ".jsonl", ".md", ".markdown", ".txt"],
                type="filepath",
                elem_id="batch-file",
            )
            column = gr.Dropdown([], label=ui.t(fr, "batch_column"), elem_id="batch-column")
            run_btn = gr.Button(ui.t(fr, "batch_run"), variant="primary", elem_id="batch-btn")
        with gr.Column(scale=2, min_width=280):
            status = gr.HTML("", elem_id="batch-status", padding=False)
            preview = gr.Dataframe(
                label=ui.t(fr, "batch_preview"),
                interactive=False,
                wrap=True,
                max_height=260,
                column_widths=ui.PREVIEW_COLUMN_WIDTHS,
                elem_id="batch-preview",
            )
            table = gr.Dataframe(
                label=ui.t(fr, "batch_results"),
                interactive=False,
                wrap=True,
                max_height=480,
                column_widths=ui.BATCH_COLUMN_WIDTHS,
                datatype=ui.BATCH_DATATYPES,
                elem_id="batch-results",
            )
            with gr.Row():
                dl_csv = _download_button(ui.t(fr, "download_csv"), "batch-dl-csv")
                dl_xlsx = _download_button(ui.t(fr, "download_xlsx"), "batch-dl-xlsx")
                dl_json = _download_button(ui.t(fr, "download_json"), "batch-dl-json")
    batch_tab = BatchTab(
        tab=tab,
        file=file,
        column=column,
        run_btn=run_btn,
        status=status,
        preview=preview,
        table=table,
        dl_csv=dl_csv,
        dl_xlsx=dl_xlsx,
        dl_json=dl_json,
    )
    batch_tab.wire(page, factory, concurrency)
    return batch_tab


def on_upload(path: str | None, lang_value: str) -> tuple[Any, Any, Any]:
    """A file chosen in the Lot tab: (column choices, preview, status line)."""
    return batch_upload(path, _ui_lang(lang_value))


def on_batch(
    factory: ModelFactory,
    path: str | None,
    column: str | None,
    model_name: str,
    out: str,
    lang_value: str,
    progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio injects the tracker through this default
) -> tuple[Any, ...]:
    """Réécrire le lot: (status line, table, CSV, XLSX and JSON downloads); a refusal is said in the status."""
    lang = _ui_lang(lang_value)
    try:
        records, table, paths = _run_batch(path, column, model_name, out, lang, factory, progress)
    except gr.Error as exc:
        return (_problem(exc), *(gr.update(),) * 4)
    return (
        ui.status_html(ui.batch_status(records, lang)),
        table,
        *(gr.update(value=p, interactive=True) for p in paths),
    )


def file_error_text(exc: files.FileError, name: str, lang: Lang) -> str:
    """What went wrong with a batch file, in the page's language, naming the file by `name` alone."""
    values = {**exc.details, "name": name, "columns": ", ".join(exc.columns)}
    return ui.t(lang, f"file_{exc.code}", **values)


class BatchFileError(gr.Error):
    """A batch file the page cannot read; `columns` are offered to choose from when no column looked like drafts."""

    def __init__(self, message: str, columns: list[str] | None = None) -> None:
        super().__init__(message)
        self.columns = columns or []


def _read_batch_file(path: str, column: str | None, lang: Lang) -> files.DraftFile:
    # An upload sits in the server's temporary folder: the message names its own file name only.
    name = Path(path).name
    try:
        return files.read_drafts(path, column=column or None)
    except files.FileError as exc:
        choose = exc.columns if exc.code == "no_draft_column" else None
        raise BatchFileError(file_error_text(exc, name, lang), choose) from None
    except OSError:
        raise BatchFileError(ui.t(lang, "file_unreadable", name=name)) from None


def batch_upload(path: str | None, lang: Lang) -> tuple[Any, Any, Any]:
    """The Lot tab once a file is chosen: (column choices, preview, status line)."""
    if not path:
        return gr.update(choices=[], value=None, interactive=False), None, ""
    try:
        found = _read_batch_file(path, None, lang)
    except BatchFileError as exc:
        if not exc.columns:
            return gr.update(choices=[], value=None, interactive=False), None, _problem(exc)
        # No column looks like drafts: the user points at it in the list rather than uploading again.
        return gr.update(choices=exc.columns, value=None, interactive=True), None, ui.status_html(exc.message)
    columns = ui.batch_columns(found)
    summary = ui.batch_summary(found, lang)
    if len(found.items) > batch_max_rows():
        summary += " " + _too_many_rows(len(found.items), lang)
    return (
        gr.update(choices=columns, value=found.column, interactive=bool(columns)),
        ui.batch_preview(found, lang),
        ui.status_html(summary),
    )


def _too_many_rows(count: int, lang: Lang) -> str:
    return ui.t(lang, "error_batch_rows", count=count, limit=batch_max_rows(), env=BATCH_MAX_ROWS_ENV)


def _run_batch(
    path: str | None,
    column: str | None,
    model_name: str,
    out: str,
    lang: Lang,
    factory: ModelFactory,
    progress: gr.Progress | None,
    csv_lang: Lang | None = None,
) -> tuple[list[batch.BatchRecord], dict[str, Any], tuple[str, ...]]:
    """Read, rewrite and export a batch: (records, table for display, CSV/XLSX/JSON paths). Errors stay rows.

    Messages and the table are in `lang`; the CSV is delimited for `csv_lang` (default `lang`).
    """
    if not path:
        raise gr.Error(ui.t(lang, "error_empty_file"))
    found = _read_batch_file(path, column, lang)
    if len(found.items) > batch_max_rows():
        raise gr.Error(_too_many_rows(len(found.items), lang))
    chosen = _checked_model(model_name, factory, lang)
    total = len(found.items)

    def tick(p: batch.Progress) -> None:
        if progress is not None:
            progress((p.done, p.total), desc=ui.t(lang, "batch_progress", done=p.done, total=p.total))

    if progress is not None:
        progress((0, total), desc=ui.t(lang, "batch_progress", done=0, total=total))
    records = batch.rewrite_many(found.items, model=chosen, on_progress=tick, lang=_out_lang(out))
    table = ui.batch_rows(records, lang)
    stem = f"{Path(found.path).stem}-okr"
    try:
        folder = _export_folder("batch-")
        paths = (
            export.results_to_csv(
                records, folder / f"{stem}.csv", delimiter=_csv_delimiter(csv_lang or lang)
            ),
            export.results_to_xlsx(records, folder / f"{stem}.xlsx"),
            export.results_to_json(records, folder / f"{stem}.json"),
        )
    except files.OutputError as exc:
        raise gr.Error(file_error_text(exc, Path(exc.filename or stem).name, lang)) from None
    except OSError as exc:  # the export folder itself could not be made
        raise gr.Error(file_error_text(output_error(stem, exc), stem, lang)) from None
    return records, table, tuple(str(p) for p in paths)


# ---- Audit tab ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AuditTab:
    """Audit: a quarter's OKR file (and last quarter's), the report in the page, its HTML, JSON and CSV.

    No model is called (`rewriter.audit`). The report is shown in an iframe, as the downloaded file shows
    it, and redrawn in the page's language when it changes.
    """

    tab: gr.Tab
    help: gr.Markdown
    file: gr.File
    previous: gr.File
    run_btn: gr.Button
    status: gr.HTML
    report: gr.HTML
    dl_html: gr.DownloadButton
    dl_json: gr.DownloadButton
    dl_csv: gr.DownloadButton
    state: gr.State

    def labels(self) -> list[Label]:
        return [
            Label(self.tab, "tab_audit"),
            Label(self.help, "audit_help", "value"),
            Label(self.file, "audit_file"),
            Label(self.previous, "audit_previous"),
            Label(self.run_btn, "audit_run", "value"),
            Label(self.dl_html, "download_html"),
            Label(self.dl_json, "download_json"),
            Label(self.dl_csv, "download_csv"),
        ]

    def wire(self, page: Page) -> None:
        self.run_btn.click(
            on_audit,
            [self.file, self.previous, page.ui_lang],
            [self.status, self.report, self.dl_html, self.dl_json, self.dl_csv, self.state],
            api_visibility="private",
            concurrency_id="audit",
            concurrency_limit=1,
        )
        page.ui_lang.change(
            on_audit_lang,
            [self.state, page.ui_lang],
            [self.status, self.report, self.dl_html],
            api_visibility="private",
        )


def build_audit_tab(page: Page) -> AuditTab:
    fr: Lang = "fr"
    types = [".csv", ".tsv", ".xlsx", ".jsonl", ".json", ".md", ".markdown", ".txt"]
    with gr.Tab(ui.t(fr, "tab_audit"), id="audit") as tab:
        help_text = gr.Markdown(ui.t(fr, "audit_help"))
        with gr.Row(equal_height=False):
            file = gr.File(
                label=ui.t(fr, "audit_file"), file_types=types, type="filepath", elem_id="audit-file"
            )
            previous = gr.File(
                label=ui.t(fr, "audit_previous"), file_types=types, type="filepath", elem_id="audit-previous"
            )
        with gr.Row():
            run_btn = gr.Button(ui.t(fr, "audit_run"), variant="primary", elem_id="audit-btn", scale=2)
            dl_html = _download_button(ui.t(fr, "download_html"), "audit-dl-html")
            dl_json = _download_button(ui.t(fr, "download_json"), "audit-dl-json")
            dl_csv = _download_button(ui.t(fr, "download_csv"), "audit-dl-csv")
        status = gr.HTML("", elem_id="audit-status", padding=False)
        report = gr.HTML(ui.placeholder_html(ui.t(fr, "audit_empty")), elem_id="audit-report", padding=False)
        state = gr.State(None)
    audit_tab = AuditTab(
        tab, help_text, file, previous, run_btn, status, report, dl_html, dl_json, dl_csv, state
    )
    audit_tab.wire(page)
    return audit_tab


AUDIT_FRAME_HEIGHT = 900
# In srcdoc, "#heatmap" would resolve against the form's own URL and load the form inside the frame; this
# base keeps the report's navigation within the report.
SRCDOC_BASE = '<head><base href="about:srcdoc">'


def audit_frame(report_html: str) -> str:
    """The report in an iframe of its own: its styles do not leak into the form's, nor the form's into it.

    `srcdoc` holds the whole page, escaped as an attribute; the sandbox lets its links download the drafts
    to rewrite and its anchors scroll, and runs no script.
    """
    return (
        f'<iframe class="okr-audit-frame" title="audit" sandbox="allow-downloads allow-same-origin" '
        f'style="width:100%;height:{AUDIT_FRAME_HEIGHT}px;border:1px solid #d9dee5;border-radius:8px" '
        f'srcdoc="{ui.esc(report_html.replace("<head>", SRCDOC_BASE, 1))}"></iframe>'
    )


def _audit_report(path: str, previous: str | None, lang: Lang | None, messages: Lang) -> Any:
    """The audit of an upload (and last quarter's) in `lang` (None: the file's); `gr.Error` in `messages`,
    naming the file by its own name, never the server's upload folder."""
    from rewriter.audit import audit

    name = Path(path).name
    try:
        report = audit(path, previous=previous or None, lang=lang)
    except files.FileError as exc:
        if previous and str(exc).startswith(str(previous)):
            problem = file_error_text(exc, Path(previous).name, messages)
            raise gr.Error(ui.t(messages, "audit_previous_problem", problem=problem)) from None
        raise gr.Error(file_error_text(exc, name, messages)) from None
    except OSError:
        raise gr.Error(ui.t(messages, "file_unreadable", name=name)) from None
    # The report names the uploads by their own names, never the server's upload folder.
    report.source.file = name
    if report.comparison is not None and previous:
        report.comparison.previous.file = Path(previous).name
    return report


def _audit_files(report: Any, lang: Lang) -> tuple[str, str, str]:
    """The report as HTML (in `lang`), JSON and CSV files to download, named after the uploaded file."""
    from rewriter.audit import export as audit_export

    folder = _export_folder("audit-")
    stem = Path(report.source.file).stem or "okr"
    try:
        html_path = audit_export.write_html(report, folder / f"audit-{stem}.html", lang)
        json_path = audit_export.write_json(report, folder / f"audit-{stem}.json")
        csv_path = audit_export.write_csv(report, folder / f"audit-{stem}.csv")
    except OSError as exc:
        raise gr.Error(ui.t(lang, "file_output_unwritable", name=folder.name)) from exc
    return str(html_path), str(json_path), str(csv_path)


def _audit_status(report: Any, seconds: float, lang: Lang) -> str:
    s = report.summary
    return ui.status_html(
        ui.t(
            lang,
            "audit_done",
            teams=s.teams,
            objectives=s.objectives,
            key_results=s.key_results,
            median=f"{s.median_score:g}",
            seconds=ui.seconds_text(seconds, lang),
        )
    )


def on_audit(path: str | None, previous: str | None, lang_value: str) -> tuple[Any, ...]:
    """Auditer: (status line, report, HTML, JSON and CSV downloads, state: the report and its time); a
    problem is said in the status line."""
    lang = _ui_lang(lang_value)
    if not path:
        return (ui.status_html(ui.t(lang, "audit_no_file"), problem=True), *(gr.update(),) * 5)
    start = time.perf_counter()
    try:
        report = _audit_report(path, previous, lang, lang)
        paths = _audit_files(report, lang)
    except gr.Error as exc:
        return (_problem(exc), *(gr.update(),) * 5)
    seconds = time.perf_counter() - start
    return (
        _audit_status(report, seconds, lang),
        audit_frame(report.to_html(lang)),
        *(gr.update(value=p, interactive=True) for p in paths),
        {"report": report.model_dump(mode="json"), "seconds": seconds},
    )


def on_audit_lang(state: dict[str, Any] | None, lang_value: str) -> tuple[Any, Any, Any]:
    """The page's language changed: the status line, the report shown and its HTML download in that language."""
    lang = _ui_lang(lang_value)
    if not state:
        return gr.update(), ui.placeholder_html(ui.t(lang, "audit_empty")), gr.update()
    from rewriter.audit import AuditReport
    from rewriter.audit import export as audit_export

    report = AuditReport.model_validate(state["report"])
    stem = Path(report.source.file).stem or "okr"
    html_path = audit_export.write_html(report, _export_folder("audit-") / f"audit-{stem}.html", lang)
    return (
        _audit_status(report, state["seconds"], lang),
        audit_frame(report.to_html(lang)),
        gr.update(value=str(html_path), interactive=True),
    )


# ---- Named API endpoints -----------------------------------------------------------------------------
# Clients may send anything as JSON: every parameter is checked, and a problem comes back as a message
# naming the parameter, in French when the call asks for French, else in English. Gradio documents each
# endpoint from its method's signature, type hints and docstring.
@dataclass(frozen=True)
class Endpoints:
    """/diagnose, /suggest, /rewrite, /answer, /batch and /audit; `factory` turns a `model` parameter into a
    model."""

    factory: ModelFactory

    def register(self, batch_concurrency: int) -> None:
        gr.api(self.diagnose, api_name="diagnose")
        gr.api(self.suggest, api_name="suggest")
        gr.api(self.rewrite, api_name="rewrite", concurrency_id="model")
        gr.api(self.answer, api_name="answer")
        gr.api(self.batch, api_name="batch", concurrency_id="batch", concurrency_limit=batch_concurrency)
        gr.api(self.audit, api_name="audit", concurrency_id="audit", concurrency_limit=1)

    def diagnose(self, draft: str, lang: str = "fr") -> dict[str, Any]:
        """Maturity level, reasons and findings (code, severity, line, message, suggestion) of a draft.

        No model call. `lang` ("fr" or "en") chooses the language of the messages. `note` is null, or
        says the draft will not be rewritten (written in another language than French or English).
        """
        messages = _api_lang(lang)
        with _said_in(messages):
            chosen = api_params.choice("lang", lang, ("fr", "en"))
        text = _checked_draft(draft, messages)
        note = _language_note(text)
        found = ui.diagnosis_dict(analyze(parse(text)), _ui_lang(chosen))
        return {**found, "note": note.message(_ui_lang(chosen)) if note else None}

    def suggest(self, draft: str, lang: str = "auto", k: int = 5) -> dict[str, Any]:
        """Outcome metrics suggested per objective, each with the draft words that matched. No model call.

        `lang`: language of the metric names, "fr", "en" or "auto" (the draft's); `k`: metrics per
        objective, 1 to 20. Returns {lang, objectives: [{objective, text, metrics: [{metric_id, name,
        direction, unit, family, vanity, score, rank, matched}]}]}.
        """
        messages = _api_lang(lang)
        with _said_in(messages):
            chosen = api_params.choice("lang", lang, ("auto", "fr", "en"))
            count = api_params.integer("k", k, 1, 20)
        parsed = parse(_checked_draft(draft, messages))
        names = _out_lang(chosen) or parsed.lang
        return ui.suggestions_dict(suggest_metrics(parsed, k=count, names=names), names)

    def rewrite(self, draft: str, model: str = "", lang: str = "auto") -> tuple[dict[str, Any], str]:
        """Rewrite a draft. Returns (result as JSON, result as Markdown).

        `model`: a litellm model string allowed by the server's $OKR_REWRITER_ALLOWED_MODELS (another
        is refused before any call), "" for the server's default.
        `lang`: "fr", "en", or "auto" to follow the draft; errors are in French for "fr", else English.
        A draft in another language than French or English is refused with a message. A sound draft is
        kept as written without a model call (result["kept_as_is"]). A model failure still gives a
        usable result: code's rewrite, result["needs_input"] true and result["provenance"]["error"]
        saying why; its rationale says the model could not complete it and its questions say what to
        answer.
        """
        messages = _api_lang(lang)
        with _said_in(messages):
            chosen = api_params.choice("lang", lang, ("auto", "fr", "en"))
        text = _checked_draft(draft, messages, language=True)
        with _said_in(messages):
            chosen_model = _checked_model(model, self.factory, messages)
            result = _redacted(rewrite(text, model=chosen_model, lang=_out_lang(chosen)))
        return result.to_dict(), result.to_markdown()

    def answer(self, result: dict[str, Any], answers: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
        """Fill a result's placeholders from answers [{objective, kr, field, value}], without a model call.

        Each answer names one of the result's open questions by its objective (0-based), kr (0-based,
        null for the objective itself) and field; values are text of at most 200 characters. Returns
        (result as JSON, result as Markdown); the questions answered disappear from the result.
        Errors are in the result's language.
        """
        with _said_in("en"):
            base = api_params.result(result)
        with _said_in(base.lang):
            filled = base.answer(api_params.answers(base, answers))
        return filled.to_dict(), filled.to_markdown()

    def batch(
        self, file: FileData, column: str = "", model: str = "", lang: str = "auto"
    ) -> tuple[list[dict[str, Any]], FileData]:
        """Rewrite every row of an uploaded CSV (';' or ','), XLSX, JSONL or Markdown file.

        `column`: the column holding the drafts ("" to guess it); `model`: as for /rewrite, checked
        against the server's allow-list. At most $OKR_REWRITER_BATCH_MAX_ROWS rows (default 200); batches
        queue on their own, so single rewrites never wait behind them. Returns (one row per input row,
        errors included as rows with an error_code; the same rows as a CSV file).
        """
        messages = _api_lang(lang)
        with _said_in(messages):
            chosen = api_params.choice("lang", lang, ("auto", "fr", "en"))
            wanted = api_params.text("column", column, limit=api_params.MAX_COLUMN_CHARS, blank="")
            path = api_params.uploaded("file", file)
        records, _, paths = _run_batch(path, wanted, model, chosen, messages, self.factory, None, "en")
        rows = [r.model_dump(mode="json") for r in records]
        return rows, FileData(path=paths[0], orig_name=Path(paths[0]).name)

    def audit(
        self, file: FileData, previous: FileData | None = None, lang: str = "auto"
    ) -> tuple[dict[str, Any], FileData]:
        """Audit a whole organisation's OKRs in an uploaded CSV, XLSX, JSONL or Markdown file, without a model.

        `previous`: last quarter's file, to compare with (or null). `lang`: language of the report, "fr",
        "en" or "auto" (the file's); errors are in French for "fr", else English. Returns (the report as
        JSON: summary, teams, OKRs with their score and reasons, defects, overlaps, alignment, comparison;
        the report as an HTML file).
        """
        messages = _api_lang(lang)
        with _said_in(messages):
            chosen = api_params.choice("lang", lang, ("auto", "fr", "en"))
            path = api_params.uploaded("file", file)
            before = api_params.uploaded("previous", previous) if previous is not None else None
        report = _audit_report(path, before, _out_lang(chosen), messages)
        html_path = _audit_files(report, report.lang)[0]
        return report.model_dump(mode="json"), FileData(path=html_path, orig_name=Path(html_path).name)


# ---- The form ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Form:
    """The app and its parts: the top of the page, then one part per tab."""

    demo: gr.Blocks
    parts: tuple[Part, ...]

    def labels(self) -> list[Label]:
        """The language switch's table: every interface text of every part."""
        return [row for part in self.parts for row in part.labels()]


def build_form(model_factory: ModelFactory = default_model_factory) -> Form:
    """The app and its parts; `model_factory` turns the model setting into what `rewrite` calls."""
    concurrency = _env_int(CONCURRENCY_ENV, DEFAULT_CONCURRENCY)
    batch_concurrency = _env_int(BATCH_CONCURRENCY_ENV, DEFAULT_BATCH_CONCURRENCY)
    with gr.Blocks(title="OKR rewriter", fill_width=False) as demo:
        page = build_page()
        with gr.Tabs():
            tabs = (
                build_rewrite_tab(page, model_factory),
                build_batch_tab(page, model_factory, batch_concurrency),
                build_audit_tab(page),
            )
        form = Form(demo, (page, *tabs))
        rows = form.labels()
        page.ui_lang.change(
            partial(relabel, rows), [page.ui_lang], relabelled(rows), queue=False, api_visibility="private"
        )
        Endpoints(model_factory).register(batch_concurrency)
    demo.queue(default_concurrency_limit=concurrency, max_size=64)
    return form


def build_demo(model_factory: ModelFactory = default_model_factory) -> gr.Blocks:
    """The app; `model_factory` turns the model setting into what `rewrite` calls (tests pass a FakeModel)."""
    return build_form(model_factory).demo


def auth_from_env(value: str | None = None) -> list[tuple[str, str]] | None:
    """Logins from $OKR_REWRITER_AUTH ("user:password", several separated by commas); None when unset."""
    raw = os.environ.get(AUTH_ENV, "") if value is None else value
    if not raw.strip():
        return None
    logins = []
    for item in raw.split(","):
        user, sep, password = item.strip().partition(":")
        if not sep or not user or not password:
            raise SystemExit(f'{AUTH_ENV} must look like "user:password" (several separated by commas)')
        logins.append((user, password))
    return logins


def launch_options() -> dict[str, Any]:
    """What `launch()` needs beyond host and port: styles, theme, upload limit, optional login."""
    return {
        "css": ui.CSS,
        # White on Soft's default primary_500 is too pale to read (about 3:1); 600 passes WCAG AA.
        "theme": gr.themes.Soft().set(
            button_primary_background_fill="*primary_600",
            button_primary_background_fill_hover="*primary_700",
        ),
        "max_file_size": MAX_FILE_SIZE,
        "auth": auth_from_env(),
        "footer_links": ["api", "settings"],
    }


demo = build_demo()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="okr-rewriter app", description="Serve the OKR rewriter web form.")
    parser.add_argument(
        "--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1, this machine only)"
    )
    parser.add_argument("--port", type=int, default=7860, help="port (default: 7860)")
    args = parser.parse_args(argv)
    warm_up()  # the metric index, so the first pasted draft gets its suggestions at once
    llm.import_model_stack()  # and litellm, so the first rewrite does not wait for its import
    demo.launch(server_name=args.host, server_port=args.port, **launch_options())


if __name__ == "__main__":
    main()
