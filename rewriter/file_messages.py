"""Why one row of a batch file was not read, said in French for the French page.

A whole file's problem is a coded `FileError` the page words itself (`presentation.UI["fr"]["file_<code>"]`).
One row's problem is the reader's English sentence in `InputItem.error` ("line 4: invalid JSON (…); the line
was skipped"), also written to the CLI's outputs. The French page says it in French: each sentence is matched
by its pattern and rewritten with the values it holds (the row, the column). A sentence no pattern knows keeps
its English text behind a French opening, so nothing is lost.
"""

from __future__ import annotations

import re

from rewriter.draft import Lang

_ROW = r"(?P<row>(?:line|row|item|section) \d+(?: \(line \d+\))?|the file)"
# A row's message opens with its place ("line 4: …"), except in a table whose own column says it.
_LEAD = rf"(?:{_ROW}: )?"
_ROW_WORDS = {"line": "ligne", "row": "ligne", "item": "élément", "section": "section"}
_QUOTED = r"(?P<column>'.*?'|\".*?\")"

# (English pattern, French template); named groups fill the template. Python's own reasons (json's
# "Expecting value") are left out of the French text: the place they point at is kept.
_FRENCH: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern, re.DOTALL), french)
    for pattern, french in [
        (
            rf"^{_LEAD}the draft cell is empty \(column (?P<column>.*)\); write the draft there$",
            "{lead}la cellule du brouillon est vide (colonne {column}) ; écrivez-y le brouillon.",
        ),
        (
            rf"^{_LEAD}the draft cell \(column (?P<column>.*)\) is a formula without a saved value.*$",
            "{lead}la cellule du brouillon (colonne {column}) est une formule sans valeur enregistrée : "
            "ouvrez le fichier dans Excel ou LibreOffice et enregistrez-le.",
        ),
        (
            rf"^{_LEAD}invalid JSON \((?:.* at )?(?:column (?P<col>\d+))?.*\); the line was skipped$",
            "{lead}JSON invalide{at_col} ; la ligne a été ignorée.",
        ),
        (
            rf"^{_LEAD}nested too deeply \(more than (?P<depth>\d+) levels\).*$",
            "{lead}imbriqué trop profondément (plus de {depth} niveaux) : un objet par brouillon.",
        ),
        (rf"^{_LEAD}the draft is empty$", "{lead}le brouillon est vide."),
        (
            rf"^{_LEAD}no {_QUOTED} field; fields are (?P<listed>.*)$",
            "{lead}pas de champ {column} ; les champs sont {listed}.",
        ),
        (
            rf"^{_LEAD}the {_QUOTED} field is empty; write the draft there$",
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


def row_message(message: str, lang: Lang) -> str:
    """Why a row was not read, in `lang`: as the reader wrote it in English, or said in French."""
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
        values["at_col"] = f" (colonne {values['col']})" if values.get("col") else ""
        values["heading"] = f" {values['heading']}" if values.get("heading") else ""
        french = template.format(**values)
        return french[:1].upper() + french[1:]
    return f"Ligne illisible : {message}"
