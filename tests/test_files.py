"""Readers on real sample files (tests/data/batch) and on the bad inputs the batch must refuse precisely."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from xlsx_patch import with_saved_values

from rewriter import files
from rewriter.files import FileError, read_drafts

DATA = Path(__file__).parent / "data" / "batch"


def test_semicolon_csv_in_latin1_is_decoded_and_split_on_semicolons() -> None:
    raw = (DATA / "okrs-semicolon-latin1.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the sample really is latin-1, not UTF-8
    found = read_drafts(DATA / "okrs-semicolon-latin1.csv")
    assert (found.format, found.delimiter, found.encoding) == ("csv", ";", "cp1252")
    assert found.column == "brouillon"
    assert [i.id for i in found.items] == ["ESP-1", "PAI-2", "ONB-3", "MKT-4", "SUP-5"]
    first = found.items[0]
    assert first.label == "line 2"
    assert first.text.startswith("OKR équipe Espace client T1 2027\nObjectif : Refondre l'espace client\n")
    assert first.fields == {"équipe": "Espace client", "responsable": "Hélène"}
    # A multi-line quoted cell keeps its lines, and the next row's label is its first physical line.
    assert found.items[1].label == "line 7"
    assert "Le panier moyen est de 85 euros ; on vise 95 euros" in found.items[1].text
    # An empty draft cell is an error row of its own, read here, so its reason names the cell.
    assert found.items[3].text == "" and found.items[3].error is not None
    assert found.items[3].error.startswith(
        f"{found.items[3].label}: the draft cell is empty (column 'brouillon')"
    )


def test_comma_csv_with_bom_detects_the_wordiest_column() -> None:
    found = read_drafts(DATA / "okrs-comma-bom.csv")
    assert (found.delimiter, found.encoding) == (",", "utf-8-sig")
    assert found.column == "OKR draft text"
    assert "most text" in found.column_reason
    assert list(found.items[0].fields) == ["Team", "Quarter"]  # no BOM glued to the first header
    assert "Objective: Release the new mobile app, v2" in found.items[1].text  # comma inside quotes


def test_column_flag_and_missing_column() -> None:
    found = read_drafts(DATA / "okrs-comma-bom.csv", column="team")
    assert found.column == "Team" and found.items[0].text == "Growth"
    assert read_drafts(DATA / "okrs-comma-bom.csv", column="2").column == "OKR draft text"
    with pytest.raises(
        FileError, match=r"has no column 'brouillon'; its columns are 'Team', 'OKR draft text'"
    ):
        read_drafts(DATA / "okrs-comma-bom.csv", column="brouillon")


def test_jsonl_malformed_line_becomes_a_row_error_and_the_rest_is_read() -> None:
    found = read_drafts(DATA / "okrs.jsonl")
    assert len(found.items) == 5  # the blank line is not an item
    bad = found.items[2]
    assert bad.label == "line 3" and bad.text == ""
    assert bad.error is not None and bad.error.startswith("line 3: invalid JSON")
    assert found.items[0].id == "a1" and found.items[0].fields == {"team": "Espace client"}
    assert found.items[4].label == "line 6" and found.items[4].text.startswith("Objective: Release")


def test_markdown_with_several_okrs_is_split_on_repeated_headings() -> None:
    found = read_drafts(DATA / "okrs.md")
    assert [i.id for i in found.items] == [
        "Équipe Espace client",
        "Équipe Paiements",
        "Équipe Données",
        "Équipe Onboarding",
    ]
    for item in found.items:
        assert item.text.startswith("# OKR T1 2027 — direction produit\n\n## ")  # the cycle travels along
    assert "Lancer le paiement en 3 fois" in found.items[1].text
    assert "Refondre" not in found.items[1].text
    assert found.items[2].error is not None and "heading but no OKR text" in found.items[2].error
    assert found.items[3].label == "section 4 (line 21)"


def test_markdown_thematic_breaks_and_single_draft() -> None:
    sections = files.split_markdown("Objectif : A\n- livrer X\n---\nObjectif : B\n- livrer Y\n")
    assert [s[3].strip() for s in sections] == ["Objectif : A\n- livrer X", "Objectif : B\n- livrer Y"]
    found = files.read_markdown("# Objectif : A\n- livrer X\n", "one.md")
    assert len(found.items) == 1 and found.items[0].label == "the file"


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "OKR"
    sheet.append([])  # a blank first row: the header is the first non-empty one
    sheet.append(["ID", "Équipe", "Brouillon OKR", "Score"])
    sheet.append(
        [101, "Espace client", "Objectif : Refondre l'espace client\n- Livrer le tableau de bord", 0.5]
    )
    sheet.append([102, "Paiements", "=Objectif : pas une formule", None])
    sheet.cell(row=4, column=3).data_type = "s"  # text that looks like a formula, as Excel stores it
    sheet.append([None, None, None, None])
    sheet.append([103, "Support", "", 3.0])
    path = tmp_path / "okrs.xlsx"
    book.save(path)
    return path


def test_xlsx_is_read_with_row_numbers_and_typed_cells(workbook: Path) -> None:
    found = read_drafts(workbook)
    assert found.format == "xlsx" and found.column == "Brouillon OKR"
    # The blank row 5 sits between two drafts: it is a row, with an error, not a silent gap.
    assert [i.label for i in found.items] == ["row 3", "row 4", "row 5", "row 6"]
    assert [i.id for i in found.items] == ["101", "102", None, "103"]
    assert (
        found.items[2].error
        == "row 5: the draft cell is empty (column 'Brouillon OKR'); write the draft there"
    )
    assert found.items[0].fields == {"Équipe": "Espace client", "Score": "0.5"}
    assert found.items[3].fields["Score"] == "3"
    assert found.items[3].error is not None and found.items[3].error.startswith(
        "row 6: the draft cell is empty"
    )
    assert found.items[1].text == "=Objectif : pas une formule"


def test_xlsx_errors(workbook: Path, tmp_path: Path) -> None:
    with pytest.raises(FileError, match="has no sheet 'Feuil2'; its sheets are OKR"):
        read_drafts(workbook, sheet="Feuil2")
    fake = tmp_path / "not-really.xlsx"
    fake.write_text("id;draft\n1;hello\n")
    with pytest.raises(FileError, match=r"not a readable \.xlsx workbook"):
        read_drafts(fake)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # an OLE2 header, as Excel 97-2003 files start
    with pytest.raises(FileError, match=r"\.xls\) files are not supported"):
        read_drafts(old)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "is empty"),
        ("blank.md", b"  \n\n ", "is empty"),
        ("header.csv", b"id;draft\r\n", r"has a header row \(id, draft\) but no data rows"),
        ("binary.csv", b"id,draft\n\x00\x01\x02", "NUL bytes"),
        (
            "mixed.csv",
            "draft\nPériode été\n".encode() + b"\x81\x8d bad",
            r"byte \d+ \(0x81\) is not valid UTF-8",
        ),
        ("bad.json", b"[{", "invalid JSON"),
        ("only-bad.jsonl", b"{nope\n", "no line is a usable draft"),
        ("okrs.docx", b"PK", "cannot tell the format"),
    ],
)
def test_file_level_problems_have_precise_messages(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileError, match=message):
        read_drafts(path)


def test_missing_and_oversized_files(tmp_path: Path) -> None:
    with pytest.raises(FileError, match="no such file"):
        read_drafts(tmp_path / "nope.csv")
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # a sparse 50 MB file: refused on its size, before reading it
    with pytest.raises(FileError, match=r"is 50\.0 MB; the limit is 20 MB"):
        read_drafts(big)


def test_a_row_longer_than_the_draft_limit_is_read_whole(tmp_path: Path) -> None:
    # csv's default 128 KiB field limit must not turn one long cell into a file-level failure.
    long = "Objectif : " + "très long " * 20_000
    path = tmp_path / "long.csv"
    path.write_text('id;draft\n1;"' + long + '"\n2;court\n', encoding="utf-8")
    found = read_drafts(path)
    assert [len(i.text) for i in found.items] == [len(long), 5]


def test_sniffer_prefers_semicolons_even_with_commas_in_text() -> None:
    text = "équipe;brouillon\nA;Objectif : a, b, c, d\nB;Objectif : e, f\n"
    assert files.sniff_delimiter(text) == ";"
    assert files.sniff_delimiter("team,draft\nA,x\n") == ","
    assert files.sniff_delimiter("team\tdraft\nA\tx\n") == "\t"


def test_decode_falls_back_to_cp1252_and_honours_an_explicit_encoding() -> None:
    assert files.decode("Réduire de 20 €".encode("cp1252")) == ("Réduire de 20 €", "cp1252")
    assert files.decode("Réduire".encode("utf-16")) == ("Réduire", "utf-16")
    with pytest.raises(FileError, match="cannot be read as ascii"):
        files.decode("é".encode(), "x.csv", "ascii")


# ---- blank drafts: every row between the header and the last draft is a row, never a silent gap


@pytest.mark.parametrize("delimiter", [";", ","])
def test_blank_csv_rows_between_drafts_are_error_rows(tmp_path: Path, delimiter: str) -> None:
    rows = [
        ["id", "team", "draft"],
        ["1", "Produit", "Objectif : Lancer la v2"],
        ["2", "Growth", "   "],  # whitespace only
        ["", "", ""],  # a row left blank: the delimiters alone
        ["4", "Support", "Objectif : Migrer l'outil"],
    ]
    text = "\r\n".join(delimiter.join(r) for r in rows) + "\r\n\r\n" + delimiter * 2 + "\r\n\r\n"
    path = tmp_path / "okrs.csv"
    path.write_text(text, encoding="utf-8")
    found = read_drafts(path)
    assert found.delimiter == delimiter
    # The blank lines after the last draft are the file's padding, not rows.
    assert [i.label for i in found.items] == ["line 2", "line 3", "line 4", "line 5"]
    assert [i.error for i in found.items] == [
        None,
        "line 3: the draft cell is empty (column 'draft'); write the draft there",
        "line 4: the draft cell is empty (column 'draft'); write the draft there",
        None,
    ]
    assert found.items[1].id == "2" and found.items[1].fields == {"team": "Growth"}


def test_an_empty_line_in_a_one_column_csv_is_a_blank_draft(tmp_path: Path) -> None:
    # Spreadsheets write an empty cell of a one-column sheet as an empty line.
    path = tmp_path / "drafts.csv"
    path.write_text("\ndraft\nObjectif : A\n\nObjectif : B\n\n\n", encoding="utf-8")
    found = read_drafts(path)
    assert [(i.label, i.error is not None) for i in found.items] == [
        ("line 3", False),
        ("line 4", True),
        ("line 5", False),
    ]


def test_blank_xlsx_rows_are_error_rows_and_trailing_padding_is_not(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Team", "Draft"])
    sheet.append(["Produit", "Objectif : Lancer la v2"])
    sheet.append(["Growth", " \n "])
    sheet.append(["Support", "Objectif : Migrer l'outil"])
    # Formatted but empty rows far below the data, as a whole-column format leaves them.
    sheet.cell(row=500, column=2).number_format = "@"
    path = tmp_path / "okrs.xlsx"
    book.save(path)
    found = read_drafts(path)
    assert [i.label for i in found.items] == ["row 2", "row 3", "row 4"]
    assert found.items[1].error == "row 3: the draft cell is empty (column 'Draft'); write the draft there"
    assert found.items[1].fields == {"Team": "Growth"}


def test_blank_jsonl_and_json_drafts_are_error_rows(tmp_path: Path) -> None:
    path = tmp_path / "okrs.jsonl"
    lines = [
        '{"id": "a", "draft": "Objectif : A"}',
        '{"id": "b", "draft": "  "}',
        "",
        '{"id": "c", "draft": null}',
    ]
    path.write_text(
        "\n".join([*lines, '"\\t"', '{"id": "d", "draft": "Objectif : D"}', "", ""]), encoding="utf-8"
    )
    found = read_drafts(path)
    # A blank JSONL line holds no value at all, so it is not a record; a blank draft field is.
    assert [i.label for i in found.items] == ["line 1", "line 2", "line 4", "line 5", "line 6"]
    assert [i.error for i in found.items] == [
        None,
        "line 2: the 'draft' field is empty; write the draft there",
        "line 4: the 'draft' field is empty; write the draft there",
        "line 5: the draft is empty",
        None,
    ]
    assert found.items[1].id == "b"

    array = tmp_path / "okrs.json"
    array.write_text('["Objectif : A", "", {"draft": " "}]', encoding="utf-8")
    assert [i.error for i in read_drafts(array).items] == [
        None,
        "item 2: the draft is empty",
        "item 3: the 'draft' field is empty; write the draft there",
    ]


def test_blank_rows_past_the_row_limit_do_not_count_unless_a_draft_follows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_ROWS", 5)
    path = tmp_path / "padded.csv"
    path.write_text("id;draft\n1;Objectif : A\n" + ";\n" * 20, encoding="utf-8")
    assert len(read_drafts(path).items) == 1
    path.write_text("id;draft\n1;Objectif : A\n" + ";\n" * 20 + "2;Objectif : B\n", encoding="utf-8")
    with pytest.raises(FileError, match="more than 5 rows"):
        read_drafts(path)


# ---- formulas: a cell's value is the one saved in the file, and a formula without one says so


@pytest.fixture
def formulas(tmp_path: Path) -> Path:
    """Saved by openpyxl, as a script would: formulas without the values Excel would store beside them."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "team", "draft"])
    sheet.append(['=CONCAT("ESP-",1)', '="Espace "&"client"', '="Objectif : Refondre l\'espace client"'])
    sheet.append(["PAI-2", "Paiements", "Objectif : Lancer le paiement en 3 fois\n- Livrer le module"])
    path = tmp_path / "formulas.xlsx"
    book.save(path)
    return path


def test_a_formula_without_a_saved_value_is_not_an_empty_cell(formulas: Path) -> None:
    found = read_drafts(formulas)
    assert [i.label for i in found.items] == ["row 2", "row 3"]
    first = found.items[0]
    assert first.error == (
        "row 2: the draft cell (column 'draft') is a formula without a saved value: "
        "open and save the file in Excel or LibreOffice"
    )
    assert found.items[1].error is None and found.items[1].id == "PAI-2"
    # Other columns cannot be computed either: read as empty, and the file's description says why.
    assert first.id is None and first.fields == {"team": ""}
    assert [n.split(":")[0] for n in found.notes] == ["column 'id'", "column 'team'"]
    assert "formula cell(s) without a saved value" in found.describe()


def test_a_row_of_formulas_only_is_a_row_not_trailing_padding(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["team", "draft"])
    sheet.append(["Produit", "Objectif : Lancer la v2 pour les PME"])
    sheet.append(["=A2", "=B2"])
    path = tmp_path / "okrs.xlsx"
    book.save(path)
    found = read_drafts(path)
    assert [i.label for i in found.items] == ["row 2", "row 3"]
    assert found.items[1].error is not None and "formula without a saved value" in found.items[1].error


def test_formulas_with_saved_values_give_those_values(formulas: Path, tmp_path: Path) -> None:
    saved = with_saved_values(
        formulas,
        tmp_path / "saved.xlsx",
        {"A2": "ESP-1", "B2": "Espace client", "C2": "Objectif : Refondre l'espace client"},
    )
    found = read_drafts(saved)
    first = found.items[0]
    assert (first.error, first.id, first.fields, first.text) == (
        None,
        "ESP-1",
        {"team": "Espace client"},
        "Objectif : Refondre l'espace client",
    )
    assert found.notes == []
    # The draft came from the saved value of a formula cell, as Excel shows it.
    book = openpyxl.load_workbook(saved)
    assert book.active is not None and book.active["C2"].data_type == "f"


# ---- the draft column: never a column of short labels


def test_a_table_without_a_draft_like_column_is_refused_with_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "teams.csv"
    path.write_text("team,owner\nPaiement,Hélène\nLogistique,Marc\n", encoding="utf-8")
    with pytest.raises(FileError, match="no column looks like OKR drafts") as raised:
        read_drafts(path)
    message = str(raised.value)
    assert "'team': 'Paiement'" in message and "'owner': 'Hélène'" in message and "--column" in message
    assert raised.value.code == "no_draft_column" and raised.value.columns == ["team", "owner"]
    # Asked for by name, a column is read whatever it holds.
    assert [i.text for i in read_drafts(path, column="team").items] == ["Paiement", "Logistique"]


def test_a_one_column_file_of_labels_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "teams.csv"
    path.write_text("équipe\nPaiement\nLogistique\n", encoding="utf-8")
    with pytest.raises(FileError, match="no column looks like OKR drafts"):
        read_drafts(path)
    assert len(read_drafts(path, column="1").items) == 2


def test_the_column_whose_cells_look_like_drafts_is_chosen_and_named(tmp_path: Path) -> None:
    path = tmp_path / "okrs.csv"
    rows = [
        ["équipe", "porteur", "notes", "okr du trimestre"],
        ["Paiement", "Hélène", "à revoir", "Objectif : Lancer le paiement en 3 fois\n- Livrer le module"],
        ["Logistique", "Marc", "", "Objectif : Réduire les retards de livraison des colis"],
    ]
    path.write_text("\n".join(";".join(f'"{c}"' for c in r) for r in rows) + "\n", encoding="utf-8")
    found = read_drafts(path)
    assert found.column == "okr du trimestre"
    assert "look like drafts" in found.column_reason
    assert "draft column 'okr du trimestre'" in found.describe()


def test_jsonl_objects_without_a_draft_like_field_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "okrs.jsonl"
    path.write_text('{"team": "Paiement", "owner": "Hélène"}\n{"team": "Logistique", "owner": "Marc"}\n')
    with pytest.raises(FileError, match="no column looks like OKR drafts"):
        read_drafts(path)
