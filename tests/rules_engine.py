"""The engine with the model off, as the tests of reading and composing call it."""

from __future__ import annotations

from rewriter.result import RewriteResult
from rewriter.rewriting import finish, prepare


def rules_only(text: str) -> RewriteResult:
    """The rewrite of a draft by the rules alone: no model call, the path a sound or offline draft takes."""
    return finish(None, prepare(text), "code")
