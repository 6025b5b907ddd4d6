"""The eval suite's code: cases, scorer, harness, cache, judge and reports. The data lives in `evals/`.

`okr-rewriter eval` calls `add_arguments` and `run`; `python -m rewriter.evaluation` does the same alone.
"""

from __future__ import annotations

from rewriter.evaluation.cli import add_arguments, main, run

__all__ = ["add_arguments", "main", "run"]
