"""okr-rewriter: turn roadmap-style OKR drafts into outcome OKRs without inventing numbers."""

from rewriter.draft import Draft
from rewriter.fake_model import FakeModel
from rewriter.result import RewriteResult
from rewriter.rewriting import MAX_DRAFT_CHARS, arewrite, rewrite

__all__ = ["MAX_DRAFT_CHARS", "Draft", "FakeModel", "RewriteResult", "arewrite", "rewrite"]
__version__ = "0.1.0"
