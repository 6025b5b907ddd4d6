"""Workbooks openpyxl cannot write by itself: formulas with a saved value, damaged XML, corrupt zip data.

openpyxl saves a formula without the value Excel would compute and store beside it (`<v></v>`); Excel and
LibreOffice save both. These helpers patch the parts of a saved workbook to get what those programs write,
or what a damaged file holds.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

SHEET = "xl/worksheets/sheet1.xml"


def patch_member(source: Path, target: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    """A copy of the workbook `source` with one zip member's bytes changed."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info, change(data) if info.filename == member else data)
    return target


def with_saved_values(source: Path, target: Path, values: dict[str, str]) -> Path:
    """The workbook with the formula cells named in `values` ("B2": "Paiement") given that saved value.

    Text is stored as Excel does for a formula returning a string: `t="str"` and the value in `<v>`.
    """

    def change(data: bytes) -> bytes:
        xml = data.decode("utf-8")
        for ref, value in values.items():
            cell = re.compile(rf'<c r="{ref}"([^>]*)>(<f>.*?</f>)<v\s*/?>(</v>)?</c>', re.S)
            assert cell.search(xml), f"{ref} is not a formula cell of {source.name}"
            xml = cell.sub(
                lambda m, r=ref, v=value: (
                    f'<c r="{r}"{m.group(1)} t="str">{m.group(2)}<v>{escape(v)}</v></c>'
                ),
                xml,
            )
        return xml.encode("utf-8")

    return patch_member(source, target, SHEET, change)


def corrupt_member_data(source: Path, target: Path, member: str = SHEET) -> Path:
    """The workbook with bytes of one member's compressed data overwritten: a CRC or inflate error on reading."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as book:
        info = book.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 5
    data[start : start + 10] = b"\xff" * 10
    target.write_bytes(bytes(data))
    return target
