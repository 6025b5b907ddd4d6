"""Unreadable inputs and unwritable outputs, on every door: a message and exit 2, a typed error, never a traceback.

Each bad file below once ended in a traceback (RecursionError, ParseError, zlib.error, IsADirectoryError,
PermissionError, an ExceptionGroup of OSError(ENOSPC) from the async batch). The CLI must print one line and
exit 2; the Python API raises `FileError` (or its subclass `OutputError` for an output); the web app shows a
`gr.Error` in the page's language that names the uploaded file, never the server's temporary path.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import gradio as gr
import openpyxl
import pytest
from xlsx_patch import SHEET, corrupt_member_data, patch_member

from rewriter import cli, export
from rewriter.batch import arewrite_file, rewrite_file
from rewriter.fake_model import FakeModel
from rewriter.file_errors import FileError, OutputError
from rewriter.files import read_drafts

SOUND = (
    "Objectif : Rendre l'onboarding autonome pour les nouveaux clients PME\n"
    "KR1 : Augmenter le taux d'activation à 7 jours de 20 % à 35 % d'ici fin T2 2027\n"
    "KR2 : Réduire le nombre de tickets d'onboarding de 120 à 60 par mois d'ici fin T2 2027"
)
# No model is reached by these tests: inputs fail before, and outputs are written from sound drafts.
MODEL = ["-m", "openai/stub", "--api-base", "http://127.0.0.1:9/v1"]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKR_REWRITER_CACHE", str(tmp_path / "cache"))


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["team", "draft"])
    sheet.append(["Onboarding", SOUND])
    book.save(path)
    return path


def _deep_json(path: Path) -> Path:
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return path


def _sheet_xml_broken(path: Path) -> Path:
    good = _workbook(path.with_name("good.xlsx"))
    return patch_member(good, path, SHEET, lambda xml: xml.replace(b"</sheetData>", b"<row>"))


def _workbook_xml_broken(path: Path) -> Path:
    good = _workbook(path.with_name("good.xlsx"))
    return patch_member(good, path, "xl/workbook.xml", lambda xml: xml[:-20])


def _styles_xml_broken(path: Path) -> Path:
    good = _workbook(path.with_name("good.xlsx"))
    return patch_member(good, path, "xl/styles.xml", lambda xml: xml[:-20])


def _zip_data_corrupt(path: Path) -> Path:
    return corrupt_member_data(_workbook(path.with_name("good.xlsx")), path)


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _missing(path: Path) -> Path:
    return path


# name, how to make it, the message's telling part (CLI and API), the error's code
BAD_INPUTS: list[tuple[str, Callable[[Path], Path], str, str]] = [
    ("deep.json", _deep_json, "nested too deeply", "too_deep"),
    ("sheet.xlsx", _sheet_xml_broken, "is damaged", "damaged_xlsx"),
    ("book.xlsx", _workbook_xml_broken, "is damaged", "damaged_xlsx"),
    ("styles.xlsx", _styles_xml_broken, "is damaged", "damaged_xlsx"),
    ("crc.xlsx", _zip_data_corrupt, "is damaged", "damaged_xlsx"),
    ("folder.csv", _folder, "is a folder, not a file", "folder"),
    ("missing.csv", _missing, "no such file", "missing"),
    ("missing.docx", _missing, "no such file", "missing"),
]


@pytest.mark.parametrize(("name", "make", "message", "code"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_an_unreadable_input_is_a_file_error_on_the_api(
    tmp_path: Path, name: str, make: Callable[[Path], Path], message: str, code: str
) -> None:
    path = make(tmp_path / name)
    with pytest.raises(FileError, match=message) as raised:
        read_drafts(path)
    assert raised.value.code == code


@pytest.mark.parametrize(("name", "make", "message", "code"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_an_unreadable_input_exits_2_with_one_line_on_the_cli(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    make: Callable[[Path], Path],
    message: str,
    code: str,
) -> None:
    path = make(tmp_path / name)
    assert cli.main(["batch", str(path), "-o", str(tmp_path / "out.csv"), *MODEL]) == 2
    err = capsys.readouterr().err
    assert err.startswith("okr-rewriter: ") and message in err and err.count("\n") == 1
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize(("name", "make"), [("folder.md", _folder), ("missing.md", _missing)])
def test_rewrite_of_a_folder_or_a_missing_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, make: Callable[[Path], Path]
) -> None:
    assert cli.main(["rewrite", str(make(tmp_path / name)), *MODEL]) == 2
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize(("name", "make", "message", "code"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_an_unreadable_upload_is_a_gr_error_in_the_page_language_without_the_server_path(
    tmp_path: Path, name: str, make: Callable[[Path], Path], message: str, code: str
) -> None:
    import app

    upload = tmp_path / "gradio" / "0f3a9c" / name
    upload.parent.mkdir(parents=True)
    path = make(upload)
    shown = {}
    for lang in ("fr", "en"):
        with pytest.raises(gr.Error) as raised:
            app._read_batch_file(str(path), None, lang)
        shown[lang] = str(raised.value.message)
        assert str(tmp_path) not in shown[lang] and "0f3a9c" not in shown[lang]
        assert name in shown[lang]
    assert shown["fr"] != shown["en"]
    assert "Error" not in shown["fr"] and "file" not in shown["fr"].replace(name, "")


# ---------------------------------------------------------------------------------------- JSON lines


def test_bad_jsonl_lines_are_error_rows_and_the_others_are_read(tmp_path: Path) -> None:
    path = tmp_path / "okrs.jsonl"
    lines = [
        json.dumps({"id": "a", "draft": SOUND}),
        '{"id": "b", "draft": ' + "[" * 50_000 + "]" * 50_000 + "}",  # too deep for Python's parser
        json.dumps(
            {"id": "c", "draft": SOUND, "meta": json.loads("[" * 200 + "]" * 200)}
        ),  # parsed, too deep
        '{"id": "d", "draft": ' + "1" * 5_000 + "}",  # an integer Python refuses to convert
        "{nope",
        json.dumps({"id": "e", "draft": SOUND}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = read_drafts(path)
    assert [i.label for i in found.items] == [f"line {n}" for n in range(1, 7)]
    assert [i.error is None for i in found.items] == [True, False, False, False, False, True]
    assert found.items[1].error == "line 2: nested too deeply (more than 32 levels); a line holds one draft"
    assert found.items[2].error == "line 3: nested too deeply (more than 32 levels); a line holds one draft"
    assert found.items[3].error is not None and found.items[3].error.startswith("line 4: invalid JSON")
    assert found.items[4].error is not None and found.items[4].error.startswith("line 5: invalid JSON")


def test_a_too_deep_item_of_a_json_array_is_an_error_row(tmp_path: Path) -> None:
    path = tmp_path / "okrs.json"
    deep = json.loads("[" * 40 + "]" * 40)
    path.write_text(json.dumps([{"draft": SOUND}, {"draft": SOUND, "x": deep}]), encoding="utf-8")
    found = read_drafts(path)
    assert found.items[0].error is None
    assert found.items[1].error == "item 2: nested too deeply (more than 32 levels); an item holds one draft"


def test_every_jsonl_line_gets_an_output_row_through_the_batch(tmp_path: Path) -> None:
    path = tmp_path / "okrs.jsonl"
    path.write_text(
        json.dumps({"draft": SOUND}) + "\n" + '{"draft": ' + "[" * 50_000 + "]" * 50_000 + "}\n",
        encoding="utf-8",
    )
    fake = FakeModel()
    done = rewrite_file(read_drafts(path), tmp_path / "out.jsonl", model=fake)
    assert [(r.label, r.error_kind) for r in done.records] == [("line 1", None), ("line 2", "input")]
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    assert fake.history == []


# ---------------------------------------------------------------------------------------- outputs


@pytest.fixture
def sound_csv(tmp_path: Path) -> Path:
    path = tmp_path / "okrs.csv"
    path.write_text('team,draft\nA,"' + SOUND + '"\nB,"' + SOUND + '\nÉquipe B"\n', encoding="utf-8")
    return path


def _refuse_writes_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulate a read-only folder even for root: creating a file in it fails with EACCES."""
    real_open = os.open

    def guarded(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: int) -> int:
        if Path(os.fspath(path)).parent == folder and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)


def _disk_full_on(suffixes: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, call: str = "write") -> None:
    """Simulate a full disk: `os.write` (or `os.fsync`) on a file ending in one of `suffixes` fails with ENOSPC."""
    real = getattr(os, call)

    def full(fd: int, *args: object) -> object:
        if os.readlink(f"/proc/self/fd/{fd}").endswith(suffixes):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, *args)

    monkeypatch.setattr(os, call, full)


def test_an_output_in_a_read_only_folder_is_refused_before_any_draft(
    tmp_path: Path, sound_csv: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    _refuse_writes_in(folder, monkeypatch)
    for name in ("out.csv", "out.jsonl"):
        fake = FakeModel()
        with pytest.raises(OutputError, match=rf"cannot write .*shared/{name}: permission denied") as raised:
            rewrite_file(read_drafts(sound_csv), folder / name, model=fake)
        assert raised.value.code == "output_permission" and fake.history == []
        assert cli.main(["batch", str(sound_csv), "-o", str(folder / name), *MODEL]) == 2
        err = capsys.readouterr().err
        assert "permission denied" in err and "Traceback" not in err
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder")
def test_an_output_in_a_really_read_only_folder_exits_2(
    tmp_path: Path, sound_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert cli.main(["batch", str(sound_csv), "-o", str(folder / "out.csv"), *MODEL]) == 2
    finally:
        folder.chmod(0o755)
    assert "permission denied" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("output", "message", "code"),
    [
        ("taken.csv", r"taken\.csv is a folder, not a file", "output_folder"),
        (
            "okrs.csv/out.csv",
            r"cannot write .*okrs\.csv/out\.csv: .*okrs\.csv is a file, not a folder",
            "output_unwritable",
        ),
    ],
)
def test_an_output_that_is_a_folder_or_under_a_file_is_refused_before_any_draft(
    tmp_path: Path, sound_csv: Path, capsys: pytest.CaptureFixture[str], output: str, message: str, code: str
) -> None:
    (tmp_path / "taken.csv").mkdir()
    fake = FakeModel()
    with pytest.raises(OutputError, match=message) as raised:
        rewrite_file(read_drafts(sound_csv), tmp_path / output, model=fake)
    assert raised.value.code == code and fake.history == []
    assert cli.main(["batch", str(sound_csv), "-o", str(tmp_path / output), *MODEL]) == 2
    assert capsys.readouterr().err.count("\n") == 2  # what was read, then the refusal


async def test_a_full_disk_while_checkpointing_is_one_output_error_and_resume_finishes(
    tmp_path: Path, sound_csv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.csv"
    with monkeypatch.context() as patch:
        _disk_full_on((".partial.jsonl",), patch)
        with pytest.raises(OutputError, match="no space left on the disk") as raised:
            await arewrite_file(read_drafts(sound_csv), out, model=FakeModel())
    assert raised.value.code == "output_full"
    assert "--resume" in str(raised.value) and not out.exists()
    done = await arewrite_file(read_drafts(sound_csv), out, model=FakeModel(), resume=True)
    assert [r.ok for r in done.records] == [True, True]


def test_a_full_disk_is_exit_2_and_one_line_not_an_exception_group(
    tmp_path: Path, sound_csv: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _disk_full_on((".partial.jsonl",), monkeypatch)
    assert cli.main(["batch", str(sound_csv), "-o", str(tmp_path / "out.csv"), "-q", *MODEL]) == 2
    err = capsys.readouterr().err
    assert "no space left on the disk" in err and "--resume" in err
    assert err.count("\n") == 2


def test_a_full_disk_when_writing_the_output_keeps_the_checkpoint_for_resume(
    tmp_path: Path, sound_csv: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.xlsx"
    with monkeypatch.context() as patch:
        _disk_full_on((".tmp",), patch, call="fsync")
        assert cli.main(["batch", str(sound_csv), "-o", str(out), *MODEL]) == 2
    err = capsys.readouterr().err
    assert "out.xlsx: no space left on the disk" in err
    assert not out.exists() and (tmp_path / "out.xlsx.partial.jsonl").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert cli.main(["batch", str(sound_csv), "-o", str(out), "--resume", *MODEL]) == 0
    assert out.exists()


def test_an_export_on_a_full_disk_raises_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = rewrite_file(read_drafts(_csv(tmp_path)), tmp_path / "first.json", model=FakeModel()).records
    _disk_full_on((".tmp",), monkeypatch, call="fsync")
    for name in ("out.csv", "out.xlsx", "out.json", "out.jsonl", "out.md"):
        with pytest.raises(OutputError, match=rf"cannot write .*/{name}: no space left on the disk"):
            export.write_results(records, tmp_path / name)
    # An OSError still, for callers that caught the bare one.
    with pytest.raises(OSError):
        export.results_to_csv(records, tmp_path / "out.csv")


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "one.csv"
    path.write_text('draft\n"' + SOUND + '"\n', encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------- web batch


@pytest.fixture
def export_folder_full(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    _disk_full_on((".tmp",), monkeypatch, call="fsync")
    yield


def test_a_web_batch_whose_results_cannot_be_written_says_so_in_the_page_language(
    tmp_path: Path, export_folder_full: None
) -> None:
    import app

    upload = _csv(tmp_path)
    for lang, words in (("fr", "disque du serveur est plein"), ("en", "server's disk is full")):
        with pytest.raises(gr.Error) as raised:
            app._run_batch(str(upload), None, "", "auto", lang, lambda _name: FakeModel(), None)
        message = str(raised.value.message)
        assert words in message and "/" not in message


# ---------------------------------------------------------------------------------------- permissions


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_outputs_and_checkpoints_are_created_with_the_users_umask(tmp_path: Path, umask: int) -> None:
    from rewriter.batch import Checkpoint

    previous = os.umask(umask)
    try:
        records = rewrite_file(read_drafts(_csv(tmp_path)), tmp_path / "out.jsonl", model=FakeModel()).records
        written = [
            export.write_results(records, tmp_path / f"out{s}") for s in (".csv", ".xlsx", ".json", ".md")
        ]
        checkpoint = Checkpoint(tmp_path / "run.jsonl")
        checkpoint.open()
        checkpoint.close()
    finally:
        os.umask(previous)
    for path in [tmp_path / "out.jsonl", *written, checkpoint.path]:
        assert oct(path.stat().st_mode & 0o777) == oct(0o666 & ~umask), path.name


def test_a_replaced_output_keeps_its_permissions(tmp_path: Path) -> None:
    records = rewrite_file(read_drafts(_csv(tmp_path)), tmp_path / "out.csv", model=FakeModel()).records
    (tmp_path / "out.csv").chmod(0o640)
    export.write_results(records, tmp_path / "out.csv")
    assert oct((tmp_path / "out.csv").stat().st_mode & 0o777) == oct(0o640)


def test_every_file_problem_has_a_web_message_in_both_languages() -> None:
    from string import Formatter

    from rewriter import presentation
    from rewriter.file_errors import DETAIL_NAMES, FILE_PROBLEMS

    for lang in ("fr", "en"):
        for code in FILE_PROBLEMS:
            template = presentation.UI[lang][f"file_{code}"]
            fields = {f for _, f, _, _ in Formatter().parse(template) if f}
            assert fields <= DETAIL_NAMES | {"name"}, (lang, code, fields)


def test_an_upload_without_a_draft_like_column_offers_its_columns_to_choose_from(tmp_path: Path) -> None:
    import app

    upload = tmp_path / "gradio" / "0f3a9c" / "équipes.csv"
    upload.parent.mkdir(parents=True)
    upload.write_text("team,owner\nPaiement,Hélène\nLogistique,Marc\n", encoding="utf-8")
    choices, preview, status = app.batch_upload(str(upload), "fr")
    assert choices["choices"] == ["team", "owner"] and choices["value"] is None and choices["interactive"]
    assert preview is None
    assert "Aucune colonne de équipes.csv ne ressemble à des brouillons d&#x27;OKR" in status
    assert "0f3a9c" not in status
    with pytest.raises(gr.Error, match="choisissez la colonne"):
        app._run_batch(str(upload), None, "", "auto", "fr", lambda _name: FakeModel(), None)
