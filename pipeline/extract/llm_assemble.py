"""Chunk responses → report, projects, budget lines and flags (the LLM backend's assembly step).

Per item: the values are converted to the contract's records, each field grounded
(llm_ground.py), and the item assigned to a project (llm_projects.py). Then:

- indicators with the same normalised name in one project are merged: a table chunk's reading
  wins over prose, and fields the winner lacks (say the actual, stated later in a results
  section) are filled from the other, evidence included;
- a project's budget is the first value of each field, table readings first, and readings of
  one budget-table row are one line unless their figures disagree (llm_budgets.py);
- report facts are the first value of each field in text order;
- every ungrounded field becomes a flag `ungrounded` whose path names the field
  (`projects[0].indicators[3].target`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pipeline.chunk import Chunk
from pipeline.core.models import (
    Actual,
    BudgetLine,
    Flag,
    Indicator,
    Project,
    ReportInfo,
    Target,
)
from pipeline.domain.names import name_key
from pipeline.extract.llm_budgets import BudgetFound, found_budget, merge_budget_lines, merge_budgets
from pipeline.extract.llm_ground import Grounding, ground_fields
from pipeline.extract.llm_projects import ProjectNamer, project_namer
from pipeline.llm.response import ChunkResponse, IndicatorItem, ReportQuotes

if TYPE_CHECKING:
    from pipeline.normalize import NormalizedText

Answer = tuple[Chunk, ChunkResponse]
Ungrounded = tuple[tuple[str, str], ...]

GROUNDED_CONFIDENCE = 0.8
UNGROUNDED_CONFIDENCE = 0.4
_MERGED_FIELDS = ("level1", "level2", "target", "actual", "weight", "score", "deviation_reason")
_EMPTY_VALUES: dict[str, object] = {"target": Target(), "actual": Actual()}
_REPORT_FIELDS = ("title", "report_kind", "fiscal_year", "agency", "province", "city", "county")
_NO_REASON = {"无", "/", "-", "—", "——"}
_NUMBERING = re.compile(r"^(?:指标\s*\d+\s*[:：]|[（(]\d+[）)]|\d+\s*[.、．])\s*")


def indicator_confidence(ungrounded_fields: int) -> float:
    """0.8 when every value is grounded in the text, 0.4 as soon as one is not (below the
    default review threshold of 0.7, so a reviewer sees it)."""
    return GROUNDED_CONFIDENCE if ungrounded_fields == 0 else UNGROUNDED_CONFIDENCE


def indicator_key(name: str) -> str:
    """What two readings of one indicator share: `指标1: 医保政策宣传` → `医保政策宣传`."""
    return name_key(_NUMBERING.sub("", name.strip()))


@dataclass(frozen=True)
class Assembly:
    report: ReportInfo
    projects: tuple[Project, ...]
    budget_lines: tuple[BudgetLine, ...]
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class _Found:
    key: str
    table: bool
    indicator: Indicator
    ungrounded: Ungrounded


def _text(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _flags(path: str, ungrounded: Ungrounded) -> tuple[Flag, ...]:
    return tuple(
        Flag(kind="ungrounded", message=f"{field}: {reason}; no evidence recorded", path=f"{path}.{field}")
        for field, reason in ungrounded
    )


def _found_indicator(item: IndicatorItem, chunk: Chunk, norm: NormalizedText) -> _Found:
    q = item.quotes
    qualitative = item.op == "qualitative"
    target = Target(
        raw=_text(item.target_raw),
        op=item.op,
        value=None if qualitative else item.target_value,
        unit=None if qualitative else _text(item.target_unit),
    )
    actual = Actual(raw=_text(item.actual_raw), value=item.actual_value, unit=_text(item.actual_unit))
    reason = _text(item.deviation_reason)
    reason = None if reason in _NO_REASON else reason
    grounding = ground_fields(
        [
            ("name", item.name, q.name),
            ("target", _presence(target.value, target.raw, target.op), q.target),
            ("actual", _presence(actual.value, actual.raw), q.actual),
            ("weight", item.weight, q.weight),
            ("score", item.score, q.score),
            ("deviation_reason", reason, q.deviation_reason),
        ],
        chunk,
        norm,
    )
    indicator = Indicator(
        level1=_text(item.level1),
        level2=_text(item.level2),
        name=item.name.strip(),
        target=target,
        actual=actual,
        weight=item.weight,
        score=item.score,
        deviation_reason=reason,
        evidence=grounding.evidence,
        confidence=indicator_confidence(len(grounding.ungrounded)),
        source_kind="table" if chunk.kind == "table" else "prose",
    )
    return _Found(indicator_key(item.name), chunk.kind == "table", indicator, grounding.ungrounded)


def _presence(*values: object) -> object:
    """The value a quote must ground: the number when there is one (its quote must state it),
    else any text, else None (nothing to ground)."""
    return next((v for v in values if v is not None), None)


def merge_found(first: _Found, second: _Found) -> _Found:
    """One indicator from two readings (see the module docstring)."""
    winner, other = (second, first) if second.table and not first.table else (first, second)
    update: dict[str, object] = {}
    evidence, ungrounded = list(winner.indicator.evidence), list(winner.ungrounded)
    for field in _MERGED_FIELDS:
        empty = _EMPTY_VALUES.get(field)
        mine, theirs = getattr(winner.indicator, field), getattr(other.indicator, field)
        if mine == empty and theirs != empty:
            update[field] = theirs
            evidence += [e for e in other.indicator.evidence if e.field == field]
            ungrounded += [u for u in other.ungrounded if u[0] == field]
    update |= {"evidence": tuple(evidence), "confidence": indicator_confidence(len(ungrounded))}
    return replace(winner, indicator=winner.indicator.model_copy(update=update), ungrounded=tuple(ungrounded))


def _project(
    name: str, indicators: list[_Found], budgets: list[BudgetFound], index: int
) -> tuple[Project, tuple[Flag, ...]]:
    merged: dict[str, _Found] = {}
    for found in indicators:
        merged[found.key] = merge_found(merged[found.key], found) if found.key in merged else found
    budget, self_score, grounding = merge_budgets(budgets)
    project = Project(
        name=name,
        budget=budget,
        self_score=self_score,
        indicators=tuple(f.indicator for f in merged.values()),
        evidence=grounding.evidence,
    )
    path = f"projects[{index}]"
    flags = _flags(path, grounding.ungrounded)
    for k, found in enumerate(merged.values()):
        flags += _flags(f"{path}.indicators[{k}]", found.ungrounded)
    return project, flags


def _report_info(answered: list[Answer], norm: NormalizedText) -> tuple[ReportInfo, tuple[Flag, ...]]:
    """Each report field from the first chunk that states it; title, year and agency grounded."""
    values: dict[str, object] = {}
    grounding = Grounding()
    for chunk, response in answered:
        item = next(iter(response.reports), None)
        if item is None:
            continue
        for field in _REPORT_FIELDS:
            value = getattr(item, field)
            if isinstance(value, str):
                value = re.sub(r"\s*\n\s*", "", value).strip() or None
            if value is None or field in values:
                continue
            values[field] = value
            if field in ReportQuotes.model_fields:
                grounding += ground_fields([(field, value, getattr(item.quotes, field))], chunk, norm)
    return ReportInfo(**values, evidence=grounding.evidence), _flags("report", grounding.ungrounded)  # type: ignore[arg-type]


def _budget_lines(
    answered: list[Answer], norm: NormalizedText
) -> tuple[tuple[BudgetLine, ...], tuple[Flag, ...]]:
    readings = [(chunk, item) for chunk, response in answered for item in response.budget_lines]
    merged = merge_budget_lines(readings, norm)
    flags = tuple(
        f for i, (_, ungrounded) in enumerate(merged) for f in _flags(f"budget_lines[{i}]", ungrounded)
    )
    return tuple(line for line, _ in merged), flags


def assemble_report(path: str, norm: NormalizedText, answered: list[Answer]) -> Assembly:
    """Everything the answered chunks say about the report at `path`, in text order."""
    answered = sorted(answered, key=lambda answer: answer[0].index)
    report, flags = _report_info(answered, norm)
    namer = _namer(path, report, answered)
    order: list[str] = []
    indicators: dict[str, list[_Found]] = {}
    budgets: dict[str, list[BudgetFound]] = {}
    for chunk, response in answered:
        for item in response.indicators:
            if item.name.strip():
                name = namer.name(item.project, chunk)
                indicators.setdefault(name, []).append(_found_indicator(item, chunk, norm))
                order += [name] if name not in order else []
        for budget in response.budgets:
            name = namer.name(budget.project, chunk)
            budgets.setdefault(name, []).append(found_budget(budget, chunk, norm))
            order += [name] if name not in order else []
    projects: list[Project] = []
    for index, name in enumerate(order):
        project, project_flags = _project(name, indicators.get(name, []), budgets.get(name, []), index)
        projects.append(project)
        flags += project_flags
    lines, line_flags = _budget_lines(answered, norm)
    return Assembly(report, tuple(projects), lines, flags + line_flags)


def _namer(path: str, report: ReportInfo, answered: list[Answer]) -> ProjectNamer:
    given = [i.project for _, r in answered for i in r.indicators if i.project]
    given += [b.project for _, r in answered for b in r.budgets if b.project]
    return project_namer(
        [c for c, _ in answered], given, report.report_kind, report.agency, report.title, path
    )
