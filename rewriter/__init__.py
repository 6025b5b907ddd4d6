"""okr-rewriter: turn roadmap-style OKR drafts into outcome OKRs without inventing numbers."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rewriter.audit import audit
    from rewriter.draft import Draft
    from rewriter.fake_model import FakeModel
    from rewriter.result import RewriteResult
    from rewriter.rewriting import MAX_DRAFT_CHARS, arewrite, rewrite

__all__ = ["MAX_DRAFT_CHARS", "Draft", "FakeModel", "RewriteResult", "arewrite", "audit", "rewrite"]
__version__ = "0.1.0"

# Attributes resolve on first use: importing the analyzer alone must not pay for litellm's import.
_HOMES = {
    "Draft": "rewriter.draft",
    "FakeModel": "rewriter.fake_model",
    "RewriteResult": "rewriter.result",
    "MAX_DRAFT_CHARS": "rewriter.rewriting",
    "arewrite": "rewriter.rewriting",
    "rewrite": "rewriter.rewriting",
    # `rewriter.audit` is also the package of the audit: once it is imported, the attribute is the package,
    # which is callable as the function is (rewriter/audit/__init__.py).
    "audit": "rewriter.audit",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'rewriter' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
