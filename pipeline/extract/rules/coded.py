"""Scoring summaries keyed by an evaluation framework's item codes.

Third-party evaluation reports (绩效评价报告) number their indicator system: a letter for each
一级 (`A决策`, `B过程`, `C产出`, `D效益`), one digit more for a 二级 under it (`A1项目立项`), two
more for a 三级 item (`A101立项依据充分性`). Besides the scoring table itself (一级 | 二级 | 三级 |
分值 | 指标解释 | … | 得分), whose long cells a page break cuts into pieces, such reports sum
each 一级 up in a small table that lists every 二级 and 三级 row by code, one line each:

    指标名称           | 权重 | 指标得分 | 得分率
    A1项目立项         | 5.00 | 2.00     | 40.00%
    A101立项依据充分性 | 2.00 | 2.00     | 100.00%
    A102立项程序规范性 | 3.00 | 0.00     | 0.00%

and continue it over a page break without its header. Read here:

- a row whose first cell is a code and a name, then the weight and the score (two plain
  numbers), is a summary row; a grid with two of them, one coded below a 二级 (`A101`, or `A11`
  where a framework numbers its items so), is a summary;
- a row whose code begins another row's code (`A1` of `A101`) is a group: it names the level2
  of the rows under it (`A1项目立项` → 项目立项) and is not an indicator;
- every other row is an indicator: its weight and score, level2 its nearest group, level1 the
  word the document gives its letter (`A决策15分` → 决策) when it gives one.

A code names one item in the whole report: the scoring table's row for `A101` and the summary's
are the same indicator. The summary's row is kept (never cut by a page break, its name whole)
and a candidate read from another layout under the same code is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.domain.alternation import alternation
from pipeline.domain.levels import LEVEL1_NAMES
from pipeline.domain.quantity import parse_plain_number
from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.layout import Grid, GridRow

_CODED = re.compile(r"^(?P<code>[A-H]\d{1,3})\s*(?P<name>[\u4e00-\u9fff].*)$", re.S)
_LETTER_WORD = re.compile(
    r"(?<![A-Za-z0-9])(?P<letter>[A-H])\s*(?P<word>"
    + alternation(LEVEL1_NAMES)
    + r")(?=\s*\d|\s*[(（]|\s*<|\s*$|\s*\|)",
    re.MULTILINE,
)
_CODE_LETTERS = frozenset("ABCDEFGH")  # what a code opens with (`_CODED`)
_CODE_BEFORE = re.compile(r"(?P<code>[A-H]\d{1,3})\s*$")
_MIN_ROWS = 2
_ITEM_CODE = 3  # characters: a code below a 二级 (A101, A11); A1 may be a group alone
_LOOK_BACK = 6  # characters before a name that may hold its code (`C102 `)


@dataclass(frozen=True)
class CodedRow:
    code: str
    name: Cell
    weight: Cell
    score: Cell


def _coded_row(row: GridRow) -> CodedRow | None:
    # the texts alone (`row.texts`: no cell made) tell most rows apart: no code opens their first
    # non-empty cell, and their cells are never made
    first = next((text for text in row.texts if text), "")
    if first[:1] not in _CODE_LETTERS:
        return None
    cells = [c for c in row.cells if c.text]
    if len(cells) < 3 or not (m := _CODED.match(cells[0].text)):
        return None
    weight, score = cells[1], cells[2]
    if parse_plain_number(weight.text) is None or parse_plain_number(score.text) is None:
        return None
    name_at = cells[0].span.start + m.start("name")
    name = Cell(m.group("name").strip(), name_at, name_at + len(m.group("name").strip()))
    return CodedRow(
        code=m.group("code"),
        name=name,
        weight=Cell(weight.text, weight.span.start, weight.span.end),
        score=Cell(score.text, score.span.start, score.span.end),
    )


def summary_rows(grids: tuple[Grid, ...]) -> list[CodedRow]:
    """The rows of every grid that is a coded summary (module docstring), in text order. Once
    one grid is, a grid that starts with a coded row continues one: the last row or two of a
    summary a page break carried over (`A102… | 4.00 | 2.00` then `合计 | …`)."""
    found: list[CodedRow] = []
    summary = False
    for grid in grids:
        rows = [r for r in (_coded_row(row) for row in grid.rows) if r is not None]
        own = len(rows) >= _MIN_ROWS and any(len(r.code) >= _ITEM_CODE for r in rows)
        continued = bool(grid.rows) and _coded_row(grid.rows[0]) is not None
        if own or (summary and continued):
            found += rows
        summary = summary or own
    return found


def letter_levels(text: str) -> dict[str, Cell]:
    """The 一级 word the text gives each framework letter (`A决策15分` → A: 决策), first one first."""
    levels: dict[str, Cell] = {}
    for m in _LETTER_WORD.finditer(text):
        levels.setdefault(m.group("letter"), Cell(m.group("word"), m.start("word"), m.end("word")))
    return levels


def read_coded(text: str, grids: tuple[Grid, ...]) -> list[Candidate]:
    """The 三级 rows of the coded summaries as indicators (module docstring)."""
    rows = summary_rows(grids)
    codes = {r.code for r in rows}
    groups = {r.code: r.name for r in rows if any(c != r.code and c.startswith(r.code) for c in codes)}
    letters = letter_levels(text) if rows else {}
    return [
        Candidate(
            name=r.name,
            level1=letters.get(r.code[0]),
            level2=_group(groups, r.code),
            weight=r.weight,
            score=r.score,
            source_kind="table",
            confidence=0.9,
            table_start=r.name.start,
        )
        for r in rows
        if r.code not in groups
    ]


def _group(groups: dict[str, Cell], code: str) -> Cell | None:
    """The name of the nearest group above `code` (A101 → A1; A11 → A1)."""
    above = [g for g in groups if g != code and code.startswith(g) and len(g) > 1]
    return groups[max(above, key=len)] if above else None


def code_before(text: str, candidate: Candidate) -> str | None:
    """The item code printed just before a candidate's name (`A101立项…` → A101), if any."""
    start = candidate.name.start
    m = _CODE_BEFORE.search(text, max(0, start - _LOOK_BACK), start)
    return m.group("code") if m else None


def with_coded(text: str, grids: tuple[Grid, ...], candidates: list[Candidate]) -> list[Candidate]:
    """`candidates` with the coded summaries' indicators added, and every other candidate of a
    code a summary reads dropped (one item, one indicator)."""
    coded = read_coded(text, grids)
    if not coded:
        return candidates
    codes = {code_before(text, c) for c in coded}
    return [c for c in candidates if code_before(text, c) not in codes] + coded
