"""Parse a draft as PMs paste it: the reader (`rewriter.reading`) gives every line a role, and the engine's
`Draft` — objectives, their key results, context, parents, period — is built from that reading.

The parser never raises on odd text: what it cannot place becomes context, and the analyzer reports a
draft with no objective and no key result as unparseable. Only an empty paste is refused.
"""

from __future__ import annotations

from rewriter.draft import Draft
from rewriter.draft_errors import EmptyDraftError
from rewriter.language import detect_language
from rewriter.reading.reader import read_draft
from rewriter.reading.structure import strip_row_values
from rewriter.text_hygiene import REPLACEMENT, clean_text

__all__ = ["detect_language", "parse", "strip_row_values"]


def parse(text: str) -> Draft:
    """Split pasted text into objectives, key results and context; never raises on odd text.

    The text is cleaned first (`text_hygiene.clean_text`): lone surrogates and control characters would
    otherwise reach the diagnosis and make it unencodable.
    """
    if not text or not text.strip():
        raise EmptyDraftError()
    cleaned = clean_text(text)
    # Control characters only leave nothing to read: an unparseable draft, as the analyzer reports it.
    return read_draft(cleaned if cleaned.strip() else REPLACEMENT)
