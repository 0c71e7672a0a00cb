"""Cells separated by runs of spaces: space-aligned columns, rows flattened one per line, and a
whole form flattened onto one line.

A line is spaced when normalisation kept its spaces as cell separators (three or more gaps
between Chinese words, `normalize.lines.is_space_delimited_table`) or when it holds two or more
runs of `ALIGN_SPACES`+ spaces (columns aligned by spaces). Consecutive spaced lines are one
table, one row per line (one unspaced line between two spaced ones is a row whose spaces
normalisation collapsed):

    一级指标 二级指标 三级指标 指标值 实际完成值
    产出指标 数量指标 培训人次 ≥ 100 人次 120人次

Tokens are glued back where spaces cut a value: a lone comparator joins the number after it and a
unit or `%` joins the number before it (`≥ 100 人次` is one cell, text `≥100人次`). A line that holds
a header run followed by more cells is a form flattened onto one line (`one_line_form`): the
cells before the header are one row, the header one row, and the rest is cut into rows by value
patterns (`layout.patterns`). A single spaced line is a table only when it is a header or a form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.core.document import Span
from pipeline.domain.comparators import PREFIX_WORD_OPS, SYMBOL_OPS
from pipeline.domain.numbers import NUMBER
from pipeline.domain.units import UNITS
from pipeline.layout.grid import is_header_row
from pipeline.layout.lines import Line
from pipeline.layout.patterns import split_form_row
from pipeline.layout.recognisers import Claim
from pipeline.layout.types import Cell, GridRow
from pipeline.normalize.lines import (
    follows_table,
    is_closing_row,
    is_space_delimited_table,
    is_space_separated_row,
    is_value_row,
)

NAME, FORM = "spaced", "one_line_form"
ALIGN_SPACES = 2
_ALIGNED = re.compile(rf"\S[ \u3000]{{{ALIGN_SPACES},}}(?=\S)")
_TOKEN = re.compile(r"[^ \u3000\t]+")
_SPACE = re.compile(r"\s")  # what `str.split()` splits at
_COMPARATORS = frozenset(SYMBOL_OPS) | frozenset(PREFIX_WORD_OPS)
_NUMBER_END = re.compile(rf"{NUMBER}$")
# A unit cut off its number: the whole token, or the unit and a bracketed gloss (`%(百分比)`) —
# never a word that starts like a unit (`10 个别村组…`: a number, then a reason).
_UNIT_START = re.compile(
    "(?:"
    + "|".join(["%", "％", *(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))])
    + r")(?:$|[(（])"
)


def is_spaced(line: Line) -> bool:
    return (
        "\t" not in line.text
        and "|" not in line.text
        and _SPACE.search(line.text) is not None  # both tests below need a gap: most lines have none
        and (is_space_delimited_table(line.text) or len(_ALIGNED.findall(line.text)) >= 2)
    )


def _glue(left: Cell, right: Cell) -> Cell:
    return Cell(left.text + right.text, Span(left.start, right.end))


def tokens(text: str, line: Line) -> list[Cell]:
    """The line's cells: space-separated tokens, comparators and units glued to their numbers."""
    at = line.start
    raw = [Cell.cut(text, at + m.start(), at + m.end(), base=at) for m in _TOKEN.finditer(line.text)]
    out: list[Cell] = []
    for cell in raw:
        comparator = bool(out) and out[-1].text in _COMPARATORS
        unit = bool(out) and bool(_NUMBER_END.search(out[-1].text)) and bool(_UNIT_START.match(cell.text))
        if comparator or unit:
            out[-1] = _glue(out[-1], cell)
        else:
            out.append(cell)
    return out


def _line_rows(text: str, line: Line) -> tuple[list[GridRow], bool]:
    """The rows of one line, and whether it was a one-line form."""
    row = GridRow(tuple(tokens(text, line)), Span(line.start, line.end))
    form = split_form_row(row)
    return (form, True) if form is not None else ([row], False)


def _bridged(lines: Sequence[Line], at: int) -> bool:
    """A row whose spaces normalisation collapsed (`时效指标完成率…100%完成25.00 25.00`) between two
    spaced rows still belongs to the table."""
    line = lines[at]
    return (
        not line.blank
        and "\t" not in line.text
        and "|" not in line.text
        and at + 1 < len(lines)
        and is_spaced(lines[at + 1])
    )


def _continues(line: Line) -> bool:
    """A line right under the table whose cells are single-space separated values
    (`改造管网长度 ≥45公里 41.5公里 10 8`: too few Chinese words to be spaced by itself)."""
    return "\t" not in line.text and "|" not in line.text and is_space_separated_row(line.text)


def _value_rows(lines: Sequence[Line], index: int) -> bool:
    """Two lines of space-separated cells with numbers, or one before a spaced line: rows of a
    table whose header is not above them (the rows after a page break)."""
    following = lines[index + 1] if index + 1 < len(lines) else None
    return (
        following is not None
        and _continues(lines[index])
        and is_value_row(lines[index].text)
        and (is_spaced(following) or (_continues(following) and is_value_row(following.text)))
    )


def _after_table(lines: Sequence[Line], index: int) -> bool:
    """A row closing on its spaced figures (`is_closing_row`) just after a table's last row
    (`follows_table`: a page's footer and the next page's running title between): the one row a
    page break left on the next page, read as a table of one row for `layout.continued` to join
    to the table above."""
    line = lines[index]
    return (
        _continues(line)
        and is_closing_row(line.text)
        and follows_table(
            index, lambda at: lines[at].text, lambda at: is_spaced(lines[at]) or _continues(lines[at])
        )
    )


def read_spaced(text: str, lines: Sequence[Line], index: int) -> Claim | None:
    if len(lines[index].text.split(None, 1)) < 2:
        return None  # a spaced line and a value row both hold two words: a line of prose holds one
    if not (is_spaced(lines[index]) or _value_rows(lines, index) or _after_table(lines, index)):
        return None
    end = index + 1
    while end < len(lines):
        if is_spaced(lines[end]):
            end += 1
        elif _bridged(lines, end):
            end += 2
        elif _continues(lines[end]):
            end += 1
        else:
            break
    rows: list[GridRow] = []
    form = header = False
    for line in lines[index:end]:
        line_rows, split = _line_rows(text, line)
        rows.extend(line_rows)
        form = form or split
        header = header or any(is_header_row(row) for row in line_rows)
    if end - index == 1 and not (form or header or _after_table(lines, index)):
        return None
    return Claim(tuple(rows), end, FORM if form else NAME)
