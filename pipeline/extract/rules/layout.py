"""Flattened tables back into rows of cells, whatever form the converter left them in.

Four forms appear in real reports (all offsets are into the text given, half-open):

- tab rows: one row per line, cells separated by tabs (003, and what docx/xlsx/html reading emits);
- cell per line: a row is a block of lines between blank lines, each line one cell, usually
  behind a leading tab (004: ``\\t类别\\n\\t指标名称\\n…``);
- pipe cells: one cell per line ending in `` |``, rows separated by lines of pipes only
  (``||||``), a lone ``|`` being an empty cell (web-page dumps such as the 鄂州 form);
- pipe rows: ``| a | b | c |`` on one line.

Everything else is a prose line (a one-cell row with `kind="line"`). The rows come out in text
order; table readers then look for header rows among them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

RowKind = Literal["tabs", "cells", "pipe_cells", "pipes", "line", "grid"]

_PIPE_ONLY = re.compile(r"^\s*\|{2,}\s*$")
_PIPE_CELL = re.compile(r"^(?P<cell>[^|\t]*?)\s*\|\s*$")


@dataclass(frozen=True)
class Cell:
    """One cell's text (stripped) and its span in the text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    start: int
    end: int
    kind: RowKind

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(c.text for c in self.cells)

    def non_empty(self) -> list[tuple[int, Cell]]:
        return [(i, c) for i, c in enumerate(self.cells) if c.text]


@dataclass(frozen=True)
class _Line:
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def make_cell(text: str, start: int, end: int) -> Cell:
    """Strip spaces (and a trailing pipe) but keep the span exact."""
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip(" \u3000"))
    right = len(piece.rstrip(" \u3000"))
    if right <= left:
        return Cell("", start, start)
    return Cell(piece[left:right], start + left, start + right)


def _lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for part in text.split("\n"):
        lines.append(_Line(part, pos))
        pos += len(part) + 1
    return lines


def _split_cells(text: str, line: _Line, sep: str) -> tuple[Cell, ...]:
    cells, pos = [], line.start
    for part in line.text.split(sep):
        cells.append(make_cell(text, pos, pos + len(part)))
        pos += len(part) + 1
    return tuple(cells)


def _pipe_row(text: str, line: _Line) -> Row:
    inner_start = line.start + line.text.index("|") + 1
    inner_end = line.start + line.text.rindex("|")
    if inner_end <= inner_start:
        inner_end = line.end
    inner = _Line(text[inner_start:inner_end], inner_start)
    return Row(_split_cells(text, inner, "|"), line.start, line.end, "pipes")


def _is_pipe_row(line: _Line) -> bool:
    stripped = line.text.strip()
    return stripped.startswith("|") and stripped.count("|") >= 3


def _is_cell_line(line: _Line) -> bool:
    """A line that is one cell behind a leading tab (cell-per-line tables)."""
    return line.text.startswith("\t") and "\t" not in line.text[1:]


def _is_pipe_cell(line: _Line) -> bool:
    return bool(_PIPE_CELL.match(line.text)) or bool(_PIPE_ONLY.match(line.text))


def _cell_block_row(text: str, block: list[_Line]) -> Row:
    cells = tuple(make_cell(text, ln.start + 1, ln.end) for ln in block)
    return Row(cells, block[0].start, block[-1].end, "cells")


def _pipe_cell_rows(text: str, block: list[_Line]) -> Iterator[Row]:
    group: list[_Line] = []
    for line in [*block, None]:
        if line is None or _PIPE_ONLY.match(line.text):
            if group:
                cells = []
                for ln in group:
                    bar = ln.text.rfind("|")
                    cells.append(make_cell(text, ln.start, ln.start + (bar if bar >= 0 else len(ln.text))))
                yield Row(tuple(cells), group[0].start, group[-1].end, "pipe_cells")
            group = []
        else:
            group.append(line)


def _line_row(text: str, line: _Line) -> Row:
    if "\t" in line.text:
        return Row(_split_cells(text, line, "\t"), line.start, line.end, "tabs")
    if _is_pipe_row(line):
        return _pipe_row(text, line)
    return Row((make_cell(text, line.start, line.end),), line.start, line.end, "line")


def _blocks(lines: list[_Line]) -> Iterator[list[_Line]]:
    block: list[_Line] = []
    for line in lines:
        if line.text.strip() == "" and not _is_cell_line(line):
            if block:
                yield block
            block = []
        else:
            block.append(line)
    if block:
        yield block


def _block_rows(text: str, block: list[_Line]) -> Iterator[Row]:
    pipe_cells = sum(1 for ln in block if _is_pipe_cell(ln))
    if len(block) >= 4 and pipe_cells >= 0.8 * len(block):
        yield from _pipe_cell_rows(text, block)
        return
    run: list[_Line] = []
    for line in [*block, None]:
        if line is not None and _is_cell_line(line):
            run.append(line)
            continue
        if len(run) >= 3:
            yield _cell_block_row(text, run)
        else:
            yield from (_line_row(text, ln) for ln in run)
        run = []
        if line is not None:
            yield _line_row(text, line)


def split_rows(text: str, start: int = 0, end: int | None = None) -> list[Row]:
    """The rows of `text[start:end]`, offsets into `text`."""
    end = len(text) if end is None else end
    lines = [_Line(ln.text, ln.start + start) for ln in _lines(text[start:end])]
    rows: list[Row] = []
    for block in _blocks(lines):
        rows.extend(_block_rows(text, block))
    return rows
