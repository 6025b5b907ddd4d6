"""This quarter against the previous one: teams that moved up or down, defects that grew or shrank.

A team moved when its level crossed the line between roadmaps (levels 1 and 2: features, projects) and
outcomes (levels 3 and 4), or when its median score changed by `SCORE_MOVE` points or more. A change
between levels 1 and 2 alone is not a move: both are a roadmap written as OKRs, and which one a team
lands on from one quarter to the next says little.
"""

from __future__ import annotations

from rewriter.audit.models import AuditReport, Comparison, DefectChange, LevelMove
from rewriter.audit.source import squash
from rewriter.audit.texts import FINDING_NAMES

SCORE_MOVE = 20
# Codes counted per key result; the others per objective.
_PER_KR_PREFIXES = ("kr.",)


def _per_kr(code: str) -> bool:
    return code.startswith(_PER_KR_PREFIXES)


def _counts(report: AuditReport) -> dict[str, int]:
    counts: dict[str, int] = {}
    for team in report.teams:
        for code, n in team.findings.items():
            counts[code] = counts.get(code, 0) + n
    return counts


def compare(current: AuditReport, previous: AuditReport) -> Comparison:
    before_teams = {squash(t.name): t for t in previous.teams}
    after_teams = {squash(t.name): t for t in current.teams}
    up: list[LevelMove] = []
    down: list[LevelMove] = []
    same: list[LevelMove] = []
    for key, team in after_teams.items():
        old = before_teams.get(key)
        if old is None:
            continue
        move = LevelMove(
            team=team.name,
            before=old.level,
            after=team.level,
            score_before=old.median_score,
            score_after=team.median_score,
        )
        crossed = (team.level >= 3) != (old.level >= 3)
        delta = team.median_score - old.median_score
        if (crossed and team.level > old.level) or (not crossed and delta >= SCORE_MOVE):
            up.append(move)
        elif (crossed and team.level < old.level) or (not crossed and delta <= -SCORE_MOVE):
            down.append(move)
        else:
            same.append(move)
    up.sort(key=lambda m: (-(m.after - m.before), -(m.score_after - m.score_before)))
    down.sort(key=lambda m: (m.after - m.before, m.score_after - m.score_before))
    before, after = _counts(previous), _counts(current)
    sizes = {
        "before": (previous.summary.key_results or 1, previous.summary.objectives or 1),
        "after": (current.summary.key_results or 1, current.summary.objectives or 1),
    }
    changes = []
    for code in sorted(set(before) | set(after)):
        index = 0 if _per_kr(code) else 1
        rate_before = round(100 * before.get(code, 0) / sizes["before"][index], 1)
        rate_after = round(100 * after.get(code, 0) / sizes["after"][index], 1)
        if rate_before == rate_after:
            continue
        fr, en = FINDING_NAMES.get(code, (code, code))
        changes.append(
            DefectChange(
                code=code,
                before=before.get(code, 0),
                after=after.get(code, 0),
                before_rate=rate_before,
                after_rate=rate_after,
                name_fr=fr,
                name_en=en,
            )
        )
    changes.sort(key=lambda c: -abs(c.after_rate - c.before_rate))
    return Comparison(
        previous=previous.source,
        up=up,
        down=down,
        same=same,
        new_teams=[t.name for k, t in after_teams.items() if k not in before_teams],
        gone_teams=[t.name for k, t in before_teams.items() if k not in after_teams],
        defects=changes,
        median_before=previous.summary.median_score,
        median_after=current.summary.median_score,
        levels_before=previous.summary.levels,
        levels_after=current.summary.levels,
    )
