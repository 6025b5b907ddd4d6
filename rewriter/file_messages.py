"""The file reader's messages said in French, for the French page.

`rewriter.files` words its problems in English for the CLI and the API (a whole file: `FileError`; one row:
`InputItem.error`). The French page says them in French: each message is matched by its pattern and
rewritten with the values it holds (the file's name, the row, the column). A message no pattern knows keeps
its English text behind a French opening, so nothing is lost.
"""

from __future__ import annotations

import re

from rewriter.draft import Lang

_ROW = r"(?P<row>(?:line|row|item|section) \d+(?: \(line \d+\))?|the file)"
# A row's message opens with its place ("line 4: …"), except in a table whose own column says it.
_LEAD = rf"(?:{_ROW}: )?"
_ROW_WORDS = {"line": "ligne", "row": "ligne", "item": "élément", "section": "section"}

# (English pattern, French template); named groups fill the template. Python's own reasons (json's
# "Expecting value") are left out of the French text: the place they point at is kept.
_FRENCH: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.DOTALL), fr)
    for p, fr in [
        (r"^(?P<name>.+) is empty$", "{name} est vide."),
        (
            r"^(?P<name>.+) contains NUL bytes: it looks like a binary file, not text$",
            "{name} contient des octets NUL : on dirait un fichier binaire, pas du texte.",
        ),
        (
            r"^(?P<name>.+): Excel 97-2003 \(\.xls\) files are not supported; save it as \.xlsx or CSV$",
            "{name} : les classeurs Excel 97-2003 (.xls) ne sont pas lus ; enregistrez-le en .xlsx ou en CSV.",
        ),
        (
            r"^(?P<name>.+): cannot tell the format from the extension (?P<suffix>\S+); .*$",
            "{name} : l'extension {suffix} ne dit pas le format ; utilisez .csv, .xlsx, .jsonl, .json ou .md.",
        ),
        (r"^(?P<name>.+) is a folder, not a file$", "{name} est un dossier, pas un fichier."),
        (
            r"^(?P<name>.+) is larger than the (?P<mb>\d+) MB limit.*$",
            "{name} dépasse la limite de {mb} Mo ; découpez-le en plusieurs fichiers.",
        ),
        (
            r"^(?P<name>.+) is (?P<size>[\d.]+) MB; the limit is (?P<mb>\d+) MB\..*$",
            "{name} fait {size} Mo ; la limite est de {mb} Mo. Découpez-le en plusieurs fichiers.",
        ),
        (
            r"^(?P<name>.+) starts with a UTF-(?P<utf>8|16) mark but .*$",
            "{name} commence par une marque UTF-{utf} mais n'est pas de l'UTF-{utf} valide ; "
            "enregistrez-le en UTF-8.",
        ),
        (
            r"^(?P<name>.+): byte (?P<byte>\d+) \((?P<hex>0x[0-9a-f]{2})\) is not valid UTF-8.*$",
            "{name} : l'octet {byte} ({hex}) n'est pas de l'UTF-8 valide, et le fichier n'est pas non plus "
            "du latin-1/Windows-1252 ; enregistrez-le en UTF-8.",
        ),
        (r"^(?P<name>.+) cannot be read as (?P<encoding>\S+): .*$", "{name} ne se lit pas en {encoding}."),
        (r"^(?P<name>.+) has no columns$", "{name} n'a aucune colonne."),
        (
            r"^(?P<name>.+) has no column (?P<column>'.*?'|\".*?\"); its columns are (?P<listed>.*)$",
            "{name} n'a pas de colonne {column} ; ses colonnes sont {listed}.",
        ),
        (
            r"^(?P<name>.+): every column is empty in the first rows; columns are (?P<listed>.*)$",
            "{name} : toutes les colonnes sont vides dans les premières lignes ; colonnes : {listed}.",
        ),
        (
            r"^(?P<name>.+) has more than (?P<rows>[\d,]+) rows; .*$",
            "{name} a plus de {rows} lignes ; découpez-le en plusieurs fichiers.",
        ),
        (
            r"^(?P<name>.+), line (?P<line>\d+): malformed CSV \(.*\)$",
            "{name}, ligne {line} : CSV mal formé.",
        ),
        (
            r"^(?P<name>.+) has a header row \((?P<headers>.*)\) but no data rows$",
            "{name} a une ligne d'en-tête ({headers}) mais aucune ligne de données.",
        ),
        (
            r"^(?P<name>.+) is not a readable \.xlsx workbook \(.*\)$",
            "{name} n'est pas un classeur .xlsx lisible.",
        ),
        (
            r"^(?P<name>.+) has no sheet (?P<sheet>'.*?'|\".*?\"); its sheets are (?P<listed>.*)$",
            "{name} n'a pas de feuille {sheet} ; ses feuilles sont {listed}.",
        ),
        (
            r"^(?P<name>.+): the sheet (?P<sheet>'.*?'|\".*?\") is empty$",
            "{name} : la feuille {sheet} est vide.",
        ),
        (
            r"^(?P<name>.+) holds no JSON objects, so it has no field (?P<column>.*)$",
            "{name} ne contient aucun objet JSON, donc pas de champ {column}.",
        ),
        (
            r"^(?P<name>.+), line (?P<line>\d+) column (?P<col>\d+): invalid JSON \(.*\)$",
            "{name}, ligne {line} colonne {col} : JSON invalide.",
        ),
        (
            r"^(?P<name>.+): expected a (?:non-empty )?JSON array of drafts.*$",
            "{name} : un tableau JSON de brouillons était attendu.",
        ),
        (
            r"^(?P<name>.+) is Markdown/text: it has no columns.*$",
            "{name} est du Markdown ou du texte : il n'a pas de colonnes, le choix d'une colonne ne s'applique pas.",
        ),
        (
            r"^(?P<name>.+): no line is a usable draft; first problem: (?P<first>.*)$",
            "{name} : aucune ligne n'est un brouillon utilisable ; premier problème : {first}",
        ),
        # One row of a file.
        (
            rf"^{_LEAD}the draft cell is empty \(column (?P<column>.*)\); write the draft there$",
            "{lead}la cellule du brouillon est vide (colonne {column}) ; écrivez-y le brouillon.",
        ),
        (
            rf"^{_LEAD}invalid JSON \((?:.* at )?(?:column (?P<col>\d+))?.*\); the line was skipped$",
            "{lead}JSON invalide{at_col} ; la ligne a été ignorée.",
        ),
        (rf"^{_LEAD}the draft is empty$", "{lead}le brouillon est vide."),
        (
            rf"^{_LEAD}no (?P<column>'.*?'|\".*?\") field; fields are (?P<listed>.*)$",
            "{lead}pas de champ {column} ; les champs sont {listed}.",
        ),
        (
            rf"^{_LEAD}the (?P<column>'.*?'|\".*?\") field is empty; write the draft there$",
            "{lead}le champ {column} est vide ; écrivez-y le brouillon.",
        ),
        (
            rf"^{_LEAD}expected a JSON object or string, got (?P<kind>\w+)$",
            "{lead}un objet JSON ou un texte était attendu, pas {kind}.",
        ),
        (
            rf"^{_ROW}(?: (?P<heading>'.*?'|\".*?\"))? has a heading but no OKR text$",
            "{row}{heading} a un titre mais pas de texte d'OKR.",
        ),
    ]
]


def _row(label: str) -> str:
    if label == "the file":
        return "le fichier"
    return re.sub(
        r"\b(line|row|item|section) (\d+)", lambda m: f"{_ROW_WORDS[m.group(1)]} {m.group(2)}", label
    )


def file_message(message: str, lang: Lang) -> str:
    """The reader's message in `lang`: as written in English, or said in French."""
    if lang != "fr":
        return message
    text = message.strip().rstrip(".")
    for pattern, template in _FRENCH:
        match = pattern.match(text)
        if match is None:
            continue
        values = {k: v or "" for k, v in match.groupdict().items()}
        values["row"] = _row(values["row"]) if values.get("row") else ""
        values["lead"] = f"{values['row']} : " if values["row"] else ""
        if "first" in values:
            values["first"] = file_message(values["first"], lang)
        values["at_col"] = f" (colonne {values['col']})" if values.get("col") else ""
        values["heading"] = f" {values['heading']}" if values.get("heading") else ""
        french = template.format(**values)
        # A sentence opens with a capital, unless it opens with the file's name, written as it is.
        return french if template.startswith("{name}") else french[:1].upper() + french[1:]
    return f"Fichier illisible : {message}"
