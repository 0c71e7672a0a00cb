"""Pipe streams: cells each ended by a pipe, written one (or a few) per line, rows ended by a line
of pipes only — what web pages dump when a table's cells hold line breaks:

    项目名称 |              项目名称           |   质量指标
    春节慰问经费 |    or    |                  or      |
    ||||||                  春节慰问经费          |   合格率
                            |                         |
                            ||||||                ||||

Read as one stream: every `|` ends the cell before it (text across line breaks is one cell, a
lone `|` line after a cell is its end, a lone `|` after an ended cell is an empty cell), a line
of two or more pipes ends the row, and a pipe opening a row is its left edge. A line holding
two or more cells (`索引号: | 0112 | 发文字号: | 无 |`) is a row of its own. A row holding a header
run and more cells after it is split (`layout.patterns.split_form_row`).

The stream starts at a line with a pipe when a pipes-only line follows within `LOOKAHEAD` lines,
and ends after the last pipe before `LOOKAHEAD` lines without one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.core.document import Span
from pipeline.layout.lines import Line, empty_cell, make_cell
from pipeline.layout.patterns import split_form_rows
from pipeline.layout.recognisers import Claim
from pipeline.layout.recognisers.pipe_rows import is_pipe_row, row_of
from pipeline.layout.types import Cell, GridRow

NAME = "pipe_stream"
LOOKAHEAD = 24  # a row of a dozen cells, each a text line and a pipe line
CELL_LENGTH = 40  # a cell on its own line before its ending pipe is short
_ROW_END = re.compile(r"\s*\|{2,}\s*")
_SPACE = " \u3000\r\t"


def is_row_end(line: Line) -> bool:
    return bool(_ROW_END.fullmatch(line.text))


def _starts(lines: Sequence[Line], index: int) -> bool:
    """A pipe on this line, or a short cell here whose ending pipe opens the next line; and a
    pipes-only line within `LOOKAHEAD` lines."""
    line = lines[index]
    if "|" not in line.text:
        if line.blank or len(line.text.strip()) > CELL_LENGTH:
            return False  # tested first: most lines are prose, and the next line need not be read
        after = lines[index + 1].text.lstrip() if index + 1 < len(lines) else ""
        if not after.startswith("|"):
            return False
    window = lines[index : index + LOOKAHEAD]
    return any(is_row_end(line) for line in window)


def _stream_end(lines: Sequence[Line], index: int) -> int:
    last, at = index, index
    while at < len(lines) and at - last <= LOOKAHEAD:
        if "|" in lines[at].text:
            last = at
        at += 1
    return last + 1


class _Stream:
    """The reading state: the row's cells so far and where the open cell started (None: the
    next text opens a cell)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.rows: list[GridRow] = []
        self.cells: list[Cell] = []
        self.open: int | None = None
        self.row_start: int | None = None

    def pipe(self, bar: int) -> None:
        if self.open is not None:
            self.cells.append(make_cell(self.text, self.open, bar, self.row_start))
            self.open = None
        elif self.cells:
            self.cells.append(empty_cell(bar))  # a lone pipe after an ended cell
        # else: the pipe opening a row is its left edge

    def feed(self, line: Line) -> None:
        if self.row_start is None:
            self.row_start = line.start
        for position, char in enumerate(line.text):
            if char == "|":
                self.pipe(line.start + position)
            elif self.open is None and char not in _SPACE:
                self.open = line.start + position

    def end_row(self, end: int) -> None:
        if self.open is not None:
            self.cells.append(make_cell(self.text, self.open, end, self.row_start))
        if self.cells:
            start = self.row_start if self.row_start is not None else self.cells[0].start
            self.rows.append(GridRow(tuple(self.cells), Span(start, end)))
        self.cells, self.open, self.row_start = [], None, None

    def whole_row(self, row: GridRow) -> None:
        self.rows.append(row)


def read_pipe_stream(text: str, lines: Sequence[Line], index: int) -> Claim | None:
    if not _starts(lines, index):
        return None
    end = _stream_end(lines, index)
    stream = _Stream(text)
    for line in lines[index:end]:
        if is_row_end(line):
            stream.end_row(line.start)
        elif is_pipe_row(line) and stream.open is None and not stream.cells:
            stream.whole_row(row_of(text, line))
        else:
            stream.feed(line)
    stream.end_row(lines[end - 1].end)
    return Claim(tuple(split_form_rows(stream.rows)), end, NAME)
