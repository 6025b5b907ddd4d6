"""The quarter audit: one offline report for a whole organisation's OKRs, with no model call.

    from rewriter.audit import audit
    report = audit("okr-q1-2027.csv", previous="okr-q4-2026.csv")
    report.summary.median_score, report.teams[0].level, report.overlaps
    Path("report.html").write_text(report.to_html(), encoding="utf-8")

Read (`source`) → diagnose each OKR with the analyzer (`okrs`) → alignment (`alignment`) → score
(`scoring`) → teams, defects, overlaps (`overlaps`) → comparison with last quarter (`comparison`); the
report (`models.AuditReport`) renders as HTML (`html`), JSON and CSV (`export`).
"""

from __future__ import annotations

import sys
import types
from typing import Any

from rewriter.audit.models import AuditReport
from rewriter.audit.report import audit, build
from rewriter.audit.source import read_org

__all__ = ["AuditReport", "audit", "build", "read_org"]


class _CallableModule(types.ModuleType):
    """`rewriter.audit` is both this package and the function `audit`: `from rewriter import audit` gives
    either, depending on whether the package was imported first, and both can be called."""

    def __call__(self, *args: Any, **kwargs: Any) -> AuditReport:
        return audit(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
