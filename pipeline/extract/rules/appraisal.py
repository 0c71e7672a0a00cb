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
"""

from __future__ import annotations

from pipeline.domain.headers import header_role
from pipeline.domain.levels import squash
from pipeline.domain.quantity import parse_plain_number
from pipeline.extract.rules.candidates import Candidate
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
        words = [squash(c.text) for c in grid.rows[index].cells]
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


def read_appraisal(grids: tuple[Grid, ...]) -> list[Candidate]:
    """The scored rows of every appraisal table (module docstring), in text order."""
    found: list[Candidate] = []
    for grid in grids:
        columns = _columns(grid)
        if columns is not None:
            found += _read(grid, *columns)
    return found
