"""The audit's typed report: what `audit()` returns, what the HTML shows and what the JSON and CSV hold.

Texts from the file are kept as written (the HTML escapes them); every message the audit adds carries a
stable `code` and its values, with its French and English wording beside them, so a dashboard can
show its own words.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from rewriter.draft import Lang

Shape = Literal["kr_rows", "okr_cells", "sections"]
Role = Literal["team", "owner", "parent", "objective", "key_result", "draft", "cycle"]


class Note(BaseModel):
    """Something the audit says about the file (how it was read, what was odd in it), in both languages."""

    code: str = Field(description="Stable id, e.g. 'file.one_team', 'file.blank_rows', 'file.duplicates'.")
    text_fr: str = Field(description="The note in French.")
    text_en: str = Field(description="The note in English.")
    rows: list[str] = Field(
        default_factory=list, description="Where in the file it applies ('line 4', 'row 7'), when it does."
    )

    def text(self, lang: Lang) -> str:
        return self.text_fr if lang == "fr" else self.text_en


class SourceInfo(BaseModel):
    """How a file was read: format, encoding, delimiter, which column plays which role, and its oddities."""

    file: str = Field(description="The file as named by the caller (the web form: its own name only).")
    format: str = Field(description="csv, xlsx, jsonl, json or markdown.")
    encoding: str | None = Field(default=None, description="Text encoding detected (or forced).")
    delimiter: str | None = Field(default=None, description="CSV delimiter detected.")
    shape: Shape = Field(
        description="'kr_rows': one row per key result (objective repeated); 'okr_cells': a whole OKR "
        "draft in one cell per row; 'sections': Markdown sections."
    )
    columns: dict[str, str] = Field(
        default_factory=dict, description="Role → the file's column that plays it (team, owner, parent…)."
    )
    cycle: str | None = Field(
        default=None, description="The quarter the OKRs are for ('T1 2027'), used as their default deadline."
    )
    cycle_source: str | None = Field(
        default=None, description="Where the cycle comes from: 'option', 'column' or 'file name'."
    )
    cycle_is_deadline: bool = Field(
        default=True,
        description="Whether the cycle is every key result's default deadline: when given with --cycle or "
        "by a column, not when only the file's name says it.",
    )
    rows: int = Field(default=0, description="Data rows read (blank and duplicate rows included).")
    one_team: bool = Field(
        default=False,
        description="True when the file has no team column: the whole file is read as one team.",
    )
    blank_rows: list[str] = Field(default_factory=list, description="Rows holding nothing, as 'line 7'.")
    duplicate_rows: list[tuple[str, str]] = Field(
        default_factory=list,
        description="(row, the earlier row it repeats): repeated rows are counted once.",
    )
    unreadable_rows: list[tuple[str, str]] = Field(
        default_factory=list, description="(row, why) of rows the reader could not read."
    )
    notes: list[Note] = Field(default_factory=list, description="What the audit says about the file.")


class ScoreReason(BaseModel):
    """One term of an OKR's score: which weighted criterion cost points, and how many."""

    criterion: str = Field(description="Key of the weight in `rewriter.audit.scoring.WEIGHTS`.")
    points: int = Field(description="Points lost (positive), after rounding.")
    share: float = Field(
        description="How much of the criterion the OKR has: 1 for an objective's defect, the share of its "
        "key results for a key result's defect."
    )
    text_fr: str = Field(description="Why, in French (e.g. '2 KR sur 3 décrivent un livrable').")
    text_en: str = Field(description="Why, in English.")

    def text(self, lang: Lang) -> str:
        return self.text_fr if lang == "fr" else self.text_en


class FindingRef(BaseModel):
    """An analyzer finding on an OKR, as the report lists it."""

    code: str = Field(description="The analyzer's stable code, e.g. 'kr.output_verb'.")
    severity: str = Field(description="'error', 'warning' or 'info'.")
    kr: int | None = Field(
        default=None, description="0-based key result it points at, None for the objective."
    )
    message_fr: str = Field(description="What is wrong, in French.")
    message_en: str = Field(description="What is wrong, in English.")
    suggestion_fr: str = Field(description="The method's fix, in French.")
    suggestion_en: str = Field(description="The method's fix, in English.")


class KeyResultAudit(BaseModel):
    """One key result as read, with the codes of its findings."""

    text: str = Field(description="The key result as written (label and bullet stripped).")
    is_task: bool = Field(description="True when it describes a deliverable (finding kr.output_verb).")
    codes: list[str] = Field(default_factory=list, description="Codes of the findings on this key result.")


class OKRAudit(BaseModel):
    """One objective of one team, its key results, maturity level and score with its reasons."""

    id: str = Field(description="Stable id within the report: 'O' + 1-based position in the file.")
    team: str = Field(description="The team, or the whole organisation when the file names none.")
    owner: str = Field(default="", description="The owner column's value, if any.")
    parent: str = Field(default="", description="The company objective it contributes to, as written.")
    objective: str = Field(description="The objective as written (label stripped); '' when missing.")
    key_results: list[KeyResultAudit] = Field(default_factory=list, description="Its key results, in order.")
    rows: list[str] = Field(default_factory=list, description="Rows of the file it was read from.")
    lang: Lang = Field(description="Language of the OKR.")
    level: int = Field(ge=1, le=4, description="Maturity: 1 features, 2 projects, 3 outcomes, 4 strategic.")
    score: int = Field(ge=0, le=100, description="0–100 from the findings' weights (docs/audit.md).")
    reasons: list[ScoreReason] = Field(default_factory=list, description="The points lost, largest first.")
    findings: list[FindingRef] = Field(default_factory=list, description="Every finding, in reading order.")
    draft: str = Field(description="The OKR as a draft text, ready for `okr-rewriter batch`.")

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]


class TeamAudit(BaseModel):
    """One team's OKRs at a glance."""

    name: str = Field(description="The team as written in the file.")
    owners: list[str] = Field(default_factory=list, description="Owners named on its rows.")
    objectives: int = Field(description="Number of objectives.")
    key_results: int = Field(description="Number of key results.")
    level: int = Field(
        ge=1, le=4, description="The team's maturity: the lower median of its objectives' levels."
    )
    levels: dict[int, int] = Field(default_factory=dict, description="Level → number of its objectives.")
    median_score: float = Field(description="Median of its OKRs' scores.")
    findings: dict[str, int] = Field(
        default_factory=dict, description="Finding code → times found in its OKRs (team findings included)."
    )
    task_krs: int = Field(default=0, description="Key results that are tasks.")
    team_findings: list[str] = Field(
        default_factory=list,
        description="Findings about the team as a whole, e.g. 'draft.too_many_objectives' (more than 3).",
    )


class Example(BaseModel):
    """A line of the file that shows a defect."""

    team: str
    okr: str = Field(description="Id of the OKR.")
    text: str = Field(description="The objective or key result, as written.")


class DefectStat(BaseModel):
    """How common one finding is across the organisation, with two examples and the method's fix."""

    code: str = Field(description="The finding's code.")
    count: int = Field(description="Times found.")
    okrs: int = Field(description="OKRs with it at least once.")
    teams: int = Field(description="Teams with it at least once.")
    examples: list[Example] = Field(default_factory=list, description="Two examples from different teams.")
    name_fr: str
    name_en: str
    fix_fr: str = Field(description="The method's fix, in French.")
    fix_en: str = Field(description="The method's fix, in English.")


class OverlapItem(BaseModel):
    team: str
    okr: str = Field(description="Id of the OKR.")
    kind: Literal["objective", "key_result"]
    text: str


class Overlap(BaseModel):
    """Objectives or key results of different teams that chase the same metric or say the same thing."""

    reason: Literal["same_metric", "same_words"] = Field(
        description="'same_metric': key results measuring one library metric family; 'same_words': texts "
        "sharing most of their meaningful words."
    )
    metric: str = Field(description="The metric's name (library family) or the shared words.")
    items: list[OverlapItem] = Field(description="Two or more lines, from at least two teams.")

    @property
    def teams(self) -> list[str]:
        return sorted({i.team for i in self.items})


class ParentUse(BaseModel):
    """A parent (company) objective and the teams whose objectives contribute to it."""

    text: str = Field(description="The parent as written (first spelling met).")
    teams: list[str] = Field(default_factory=list)
    okrs: list[str] = Field(default_factory=list, description="Ids of the contributing OKRs.")
    declared: bool = Field(
        default=False, description="True when it comes from the company objectives (file or rows)."
    )


class Alignment(BaseModel):
    """Which objectives hang from a parent, which do not, and which parents nobody works towards."""

    has_parents: bool = Field(
        description="Whether the file names parents at all (otherwise nothing to check)."
    )
    orphans: list[str] = Field(default_factory=list, description="Ids of OKRs with no parent.")
    parents: list[ParentUse] = Field(default_factory=list, description="Parents in order of first use.")
    unused: list[str] = Field(
        default_factory=list, description="Company objectives no team's objective contributes to."
    )
    unknown: list[str] = Field(
        default_factory=list,
        description="Parents written on team rows that match no declared company objective.",
    )


class LevelMove(BaseModel):
    team: str
    before: int
    after: int
    score_before: float
    score_after: float


class DefectChange(BaseModel):
    code: str
    before: int = Field(description="Times found last quarter.")
    after: int = Field(description="Times found this quarter.")
    before_rate: float = Field(description="Per 100 key results (per 100 objectives for objective defects).")
    after_rate: float
    name_fr: str
    name_en: str


class Comparison(BaseModel):
    """This quarter against the previous one."""

    previous: SourceInfo
    up: list[LevelMove] = Field(
        default_factory=list,
        description="Teams that moved up: from a roadmap level (1-2) to an outcome level (3-4), or a median "
        "score 20 points higher.",
    )
    down: list[LevelMove] = Field(default_factory=list, description="Teams that moved down, the same way.")
    same: list[LevelMove] = Field(default_factory=list, description="Teams that did not move.")
    new_teams: list[str] = Field(default_factory=list, description="Teams only in this quarter's file.")
    gone_teams: list[str] = Field(default_factory=list, description="Teams only in the previous file.")
    defects: list[DefectChange] = Field(default_factory=list, description="Largest changes first.")
    median_before: float
    median_after: float
    levels_before: dict[int, int] = Field(default_factory=dict)
    levels_after: dict[int, int] = Field(default_factory=dict)


class Summary(BaseModel):
    teams: int
    objectives: int
    key_results: int
    levels: dict[int, int] = Field(description="Level → number of objectives.")
    team_levels: dict[int, int] = Field(description="Level → number of teams.")
    median_score: float
    task_krs: int = Field(description="Key results that are tasks.")


class AuditReport(BaseModel):
    """The whole audit of one quarter's file."""

    lang: Lang = Field(description="Language of the report's texts.")
    source: SourceInfo
    summary: Summary
    teams: list[TeamAudit]
    okrs: list[OKRAudit]
    defects: list[DefectStat] = Field(description="Findings by how common they are, most common first.")
    overlaps: list[Overlap]
    alignment: Alignment
    comparison: Comparison | None = None
    weights: dict[str, int] = Field(description="The score's weights used (points at full share).")
    company: list[str] = Field(default_factory=list, description="Company objectives, when given.")

    def okr(self, okr_id: str) -> OKRAudit:
        return next(o for o in self.okrs if o.id == okr_id)

    def to_html(self, lang: Lang | None = None) -> str:
        from rewriter.audit.html import render_html

        return render_html(self, lang or self.lang)

    def to_json(self) -> str:
        from rewriter.audit.export import report_json

        return report_json(self)

    def to_csv(self) -> str:
        from rewriter.audit.export import report_csv

        return report_csv(self)
