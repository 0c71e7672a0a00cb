"""The scored appraisal part of a self-evaluation form: 项目权重 | 评价内容 | 分值 | 自评分.

Provincial project forms (项目支出绩效自评表) score how the project was run before its output
indicators, in a table of their own:

    项目权重     | 评价内容 | 分值 | 自评分 | 复核分 | 评价标准及依据
    项目决策3分  | 决策依据 | 3    | 3      |        | 有项目年度工作计划或上级文件计3分…
    项目管理12分 | 财务制度 | 4    | 4      |        | 1、单位财务管理制度2分；…
                 | 组织机构 | 3    | 2      |        | 有明确的绩效管理机构…

Each row with a 评价内容 and a 分值 is an indicator: its name the 评价内容 cell, its weight the
分值, its score the 自评分 (the 复核分 is a reviewer's later score, not the unit's own), its
level1 the first column's group, merged down the rows it covers, without its points
(`项目管理12分` → 项目管理). The 项目权重 header names that group column — its cells carry the
group's weight — and the 评价标准 text says how points are given: neither is a value of the row.

A PDF or web page may run the whole table into one line, cells fused with nothing between them:

    项目权重评价内容分值自评分复核分评价标准及依据项目决策3分决策依据33有项目年度工作计划…计3分。
    项目管理12分财务制度441、单位财务管理制度2分；…。组织机构32有明确的…3分。没有不得分运行监管54…

A row then starts after a group (`项目管理12分`), a sentence end (。) or the 评价标准's closing
`不得分`; its 评价内容 is the words up to the first digits, and those digits are the one-digit 分值
and 自评分 (and 复核分), less a last digit that numbers the 评价标准 (`441、单位…` → 4, 4, then
`1、单位…`). A digit split is a guess unless the group's points prove it: a group's rows are kept
only when their 分值 add up to the group's points (12 = 4 + 3 + 5), and carry the note
`cells_split_by_pattern`.
"""

from __future__ import annotations

import re

from pipeline.domain.alternation import alternation
from pipeline.domain.headers import header_role
from pipeline.domain.levels import LEVEL1_NAMES, squash
from pipeline.domain.quantity import parse_plain_number
from pipeline.extract.rules.candidates import NOTE_CONFIDENCE, Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.levels import without_points
from pipeline.layout import Cell as GridCell
from pipeline.layout import Grid

CONTENT_WORDS = ("评价内容", "评价要点", "考核内容")


def _cell(cell: GridCell) -> Cell:
    return Cell(cell.text, cell.span.start, cell.span.end)


def _columns(grid: Grid) -> tuple[int, int, int] | None:
    """The (评价内容, 分值, 自评分) columns of an appraisal table's header, or None."""
    for index in grid.header_rows:
        words = [squash(text) for text in grid.rows[index].texts]  # no cell made: asked of every grid
        content = next((i for i, w in enumerate(words) if w in CONTENT_WORDS), None)
        if content is None:
            continue
        after = list(enumerate(words))[content + 1 :]
        weight = next((i for i, w in after if header_role(w) == "weight"), None)
        score = next((i for i, w in after if header_role(w) == "score"), None)
        if weight is not None and score is not None:
            return content, weight, score
    return None


def _read(grid: Grid, content: int, weight: int, score: int) -> list[Candidate]:
    found: list[Candidate] = []
    level1: Cell | None = None
    for row in grid.body:
        cells = row.cells
        if len(cells) <= max(content, weight, score):
            continue
        if content > 0 and cells[0].text:
            level1 = without_points(_cell(cells[0]))
        name, points = cells[content], cells[weight]
        if not name.text or parse_plain_number(points.text) is None:
            continue
        got = cells[score] if parse_plain_number(cells[score].text) is not None else None
        found.append(
            Candidate(
                name=_cell(name),
                level1=level1,
                weight=_cell(points),
                score=_cell(got) if got else None,
                source_kind="table",
                confidence=0.9,
                table_start=grid.span.start,
            )
        )
    return found


def is_appraisal(grid: Grid) -> bool:
    """Whether the grid is an appraisal table (its header names 评价内容, 分值 and 自评分)."""
    return _columns(grid) is not None


def read_appraisal(grids: tuple[Grid, ...]) -> list[Candidate]:
    """The scored rows of every appraisal table (module docstring), in text order."""
    found: list[Candidate] = []
    for grid in grids:
        columns = _columns(grid)
        if columns is not None:
            found += _read(grid, *columns)
    return found


_FUSED_HEADER = re.compile(
    r"项目权重\s*(?:评价内容|评价要点|考核内容)\s*分值\s*自评分(?:\s*复核分)?(?:\s*评价标准(?:及依据)?)?"
)
_GROUP = re.compile("(?P<group>" + alternation(LEVEL1_NAMES) + r")(?P<points>\d{1,2})分")
_ROW_BREAK = re.compile("。|不得分|" + _GROUP.pattern)
# The 评价内容, then one-digit 分值 and 自评分, then a 复核分 digit or the 评价标准's own numbering.
_FUSED_ROW = re.compile(
    r"\s*(?P<name>[\u4e00-\u9fff]{2,8}?)(?P<weight>\d)(?P<score>\d)(?:\d(?=[^\d、])|(?=\d、)|(?=[^\d、]))"
)
_TABLE_END = re.compile(r"一级指|二级指标|三级指标")
_FUSED_REACH = 3000  # characters after the header the fused table may run over
_SPLIT_NOTE = "cells_split_by_pattern"


def _fused_groups(text: str, start: int, end: int) -> list[tuple[re.Match[str], list[re.Match[str]]]]:
    """The fused rows of `text[start:end]` under each group heading, in text order."""
    groups: list[tuple[re.Match[str], list[re.Match[str]]]] = []
    pos = start
    while pos < end:
        brk = _ROW_BREAK.search(text, pos, end)
        row_end = brk.start() if brk else end
        row = _FUSED_ROW.match(text, pos, row_end)
        if row and groups:
            groups[-1][1].append(row)
        if brk is None:
            break
        if brk.group("group"):
            groups.append((brk, []))
        pos = max(brk.end(), pos + 1)
    return groups


def read_fused_appraisal(text: str) -> list[Candidate]:
    """The rows of an appraisal table run into one line (module docstring), where the group
    points prove the digit split."""
    header = _FUSED_HEADER.search(text)
    if header is None:
        return []
    stop = _TABLE_END.search(text, header.end(), header.end() + _FUSED_REACH)
    end = stop.start() if stop else min(len(text), header.end() + _FUSED_REACH)
    found: list[Candidate] = []
    for group, rows in _fused_groups(text, header.end(), end):
        if not rows or sum(int(r.group("weight")) for r in rows) != int(group.group("points")):
            continue
        level1 = Cell(group.group("group"), group.start("group"), group.end("group"))
        found += [_fused_candidate(row, level1) for row in rows]
    return found


def _fused_candidate(row: re.Match[str], level1: Cell) -> Candidate:
    def cell(name: str) -> Cell:
        return Cell(row.group(name), row.start(name), row.end(name))

    return Candidate(
        name=cell("name"),
        level1=level1,
        weight=cell("weight"),
        score=cell("score"),
        source_kind="table",
        confidence=NOTE_CONFIDENCE,
        table_start=row.start("name"),
        notes=(_SPLIT_NOTE,),
    )
