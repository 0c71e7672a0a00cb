"""Lines of the normalised text with their offsets, and cells cut out of it.

>>> [(ln.start, ln.end, ln.text) for ln in split_lines("a\\n\\nbc")]
[(0, 1, 'a'), (2, 2, ''), (3, 5, 'bc')]
>>> make_cell("x |  产出\\n指标 | y", 3, 12)
Cell(text='产出指标', span=Span(start=5, end=10), inherited=False)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from pipeline.core.document import Span
from pipeline.layout.types import Cell, GridRow

BLANK = " \u3000\r"  # what a blank line may hold (a tab is a cell, not blank)
_EDGE = " \u3000\r\n\t|"
_WIDE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef（）：，]")
_BREAK_RUN = re.compile(r"[ \u3000\r\t]*\n[ \u3000\r\t\n]*")
_tuple_new = tuple.__new__


class Line(NamedTuple):  # a tuple: made for every line of a report, ~3× faster than a dataclass
    """One line: `text` is `normalised[start:end]` (no line break)."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip(BLANK)


def split_lines(text: str) -> tuple[Line, ...]:
    """Every line of `text` with its offsets, in one pass."""
    lines, pos = [], 0
    for part in text.split("\n"):
        end = pos + len(part)
        lines.append(_tuple_new(Line, (pos, end, part)))  # skips the named tuple's own `__new__`
        pos = end + 1
    return tuple(lines)


def _join_break(match: re.Match[str], text: str) -> str:
    """A line break inside a cell: nothing between two wide characters (a wrapped word), a space
    between anything else (`预算执行情况(万元)\\n(20分)` keeps `(万元) (20分)` readable)."""
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return "" if _WIDE.match(before or " ") and _WIDE.match(after or " ") else " "


def make_cell(text: str, start: int, end: int, base: int | None = None) -> Cell:
    """The cell `text[start:end]`: edges (spaces, tabs, pipes, line breaks) stripped from the
    span, inner line breaks joined (see `_join_break`). An empty cell keeps an empty span at `start`.
    `base`: the offset the cell keeps its own relative to (`Cell.cut`; its row's start, else `start`)."""
    return _cell(text, text[start:end], start, start if base is None else base)


def _cell(text: str, piece: str, start: int, base: int) -> Cell:
    """`make_cell` of `piece`, which is `text[start:start + len(piece)]`."""
    inner = piece.strip(_EDGE)
    if inner is piece:  # nothing stripped (most cells of a tab or pipe row): `strip` returned it
        left = 0
    elif not inner:
        return Cell.cut(text, start, start, False, base)
    else:
        left = len(piece) - len(piece.lstrip(_EDGE))
    if "\n" in inner:
        joined = _BREAK_RUN.sub(lambda m: _join_break(m, inner), inner)
        return Cell(joined, Span(start + left, start + left + len(inner)))
    return Cell.cut(text, start + left, start + left + len(inner), False, base)  # as written: a slice


def span_of(cells: Sequence[Cell]) -> Span:
    """From the first cell's start to the last cell's end."""
    return Span(cells[0].start, cells[-1].end)


def split_row(text: str, start: int, end: int, separator: str, row: Line | Span) -> GridRow:
    """The row `row` whose cells are `text[start:end]` cut at every `separator` (each piece a cell
    as `make_cell` makes it), held as offsets (`GridRow.cut`): no `Cell` is made but for a cell
    whose inner line breaks are joined (its text is no slice).

    >>> split_row("a\\t 产出 \\t", 0, 7, "\\t", Line(0, 7, "a\\t 产出 \\t")).texts
    ('a', '产出', '')
    """
    offsets: list[int] = []
    odd: list[Cell | None] | None = None
    at, step, origin = start, len(separator), row.start
    for k, part in enumerate(text[start:end].split(separator)):
        inner = part.strip(_EDGE)
        left = 0 if inner is part else len(part) - len(part.lstrip(_EDGE)) if inner else 0
        if "\n" in inner:
            odd = odd or [None] * (text.count(separator, start, end) + 1)
            odd[k] = _cell(text, part, at, origin)
            offsets += (0, 0)
        else:
            offsets += (at + left - origin, at + left + len(inner) - origin)
        at += len(part) + step
    return GridRow.cut(text, origin, row.end, offsets, None if odd is None else tuple(odd))


def lines_row(text: str, lines: Sequence[Line]) -> GridRow:
    """The row whose cells are `lines`, one cell per line: their stretch of the text cut at its
    line breaks (`split_row`; a line holds no break, so every cell is a slice).

    >>> lines_row("\\t产出\\n\\t ", split_lines("\\t产出\\n\\t ")).texts
    ('产出', '')
    """
    row = Span(lines[0].start, lines[-1].end)
    return split_row(text, row.start, row.end, "\n", row)


def empty_cell(at: int) -> Cell:
    """A cell the text did not write (alignment padding): empty, with an empty span at `at`."""
    return Cell("", Span(at, at))
